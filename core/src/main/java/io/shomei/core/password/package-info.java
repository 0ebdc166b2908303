/**
 * Password policy, password hashing, generators for the bank's secrets, and failure counting.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.password;

import org.jspecify.annotations.NullMarked;
