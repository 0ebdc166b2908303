/** Tests: testkit. */
@NullMarked
package io.shomei.core.testkit;

import org.jspecify.annotations.NullMarked;
