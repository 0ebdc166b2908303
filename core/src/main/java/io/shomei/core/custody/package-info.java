/**
 * JCA-backed key custody: a software PKCS#12 keystore and PKCS#11 hardware security modules.
 *
 * <p>Their shared chain checks and signing code are package-private here.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.custody;

import org.jspecify.annotations.NullMarked;
