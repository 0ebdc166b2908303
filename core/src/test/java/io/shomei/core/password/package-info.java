/** Tests of the password package. */
@NullMarked
package io.shomei.core.password;

import org.jspecify.annotations.NullMarked;
