/**
 * Certificate issuance: profiles, server-side key generation and the CSR (PKCS#10) path, serial numbers.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.issue;

import org.jspecify.annotations.NullMarked;
