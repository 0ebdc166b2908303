/**
 * Password policy, password hashing, generators for the bank's secrets, and failure counting.
 *
 * <p>The implementation (PHC encoding, the key derivation functions, the built-in rules, the
 * blocklist, message lookup) is package-private here, beside the API it serves.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.password;

import org.jspecify.annotations.NullMarked;
