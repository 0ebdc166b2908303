/**
 * Revocation status for relying parties other than Shomei's own login: an OCSP responder (RFC 6960,
 * with the lightweight profile of RFC 5019) that answers from the same certificate records login
 * reads. Start from {@link io.shomei.core.ocsp.OcspResponder}.
 *
 * @since 0.2.0
 */
@NullMarked
package io.shomei.core.ocsp;

import org.jspecify.annotations.NullMarked;
