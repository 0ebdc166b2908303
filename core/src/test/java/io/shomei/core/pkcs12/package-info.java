/** Tests: pkcs12. */
@NullMarked
package io.shomei.core.pkcs12;

import org.jspecify.annotations.NullMarked;
