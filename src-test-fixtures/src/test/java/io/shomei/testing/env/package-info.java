/** Tests of the real-component launchers. */
@NullMarked
package io.shomei.testing.env;

import org.jspecify.annotations.NullMarked;
