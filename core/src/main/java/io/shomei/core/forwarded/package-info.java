/**
 * Client certificates forwarded by a TLS terminator (nginx, HAProxy, Apache, Envoy, or any proxy
 * that writes RFC 9440's {@code Client-Cert}): a decoder that takes a certificate header only from a
 * configured trusted peer, refuses duplicated, oversized and malformed headers with a typed result,
 * and hands back the chain as encodings for {@link io.shomei.core.Login#presentEncodedCertificate},
 * which accepts it exactly like a directly presented one. Start from
 * {@link io.shomei.core.forwarded.ForwardedCertificates}.
 *
 * @since 0.2.0
 */
@NullMarked
package io.shomei.core.forwarded;

import org.jspecify.annotations.NullMarked;
