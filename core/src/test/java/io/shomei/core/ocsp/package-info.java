/** Tests of the OCSP responder. */
@NullMarked
package io.shomei.core.ocsp;

import org.jspecify.annotations.NullMarked;
