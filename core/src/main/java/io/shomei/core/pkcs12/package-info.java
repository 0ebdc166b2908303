/**
 * PKCS#12 packaging of an issued certificate, its key and chain, in profiles real consumers accept.
 *
 * <p>The MacData calculator that draws its salt from the injected random source is
 * package-private here.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.pkcs12;

import org.jspecify.annotations.NullMarked;
