/** Tests of the login use case. */
@NullMarked
package io.shomei.core.flow;

import org.jspecify.annotations.NullMarked;
