/** Tests of the eligibility rules. */
@NullMarked
package io.shomei.core.eligibility;

import org.jspecify.annotations.NullMarked;
