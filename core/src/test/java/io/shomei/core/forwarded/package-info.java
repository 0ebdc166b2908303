/** Tests of the forwarded-certificate decoder. */
@NullMarked
package io.shomei.core.forwarded;

import org.jspecify.annotations.NullMarked;
