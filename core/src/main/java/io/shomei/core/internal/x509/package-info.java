/**
 * X.509 helpers several building blocks share (the one parse of a certificate's facts, PKIX path
 * validation, time and serial encoding, key generation); not exported, not API. A leaf: it imports
 * no API package of core, so the packages that use it never form a cycle through it.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.internal.x509;

import org.jspecify.annotations.NullMarked;
