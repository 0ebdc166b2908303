/**
 * Implementation of {@code io.shomei.core.password}: PHC encoding, the hash engines, the policy
 * rules, message lookup. Not exported, not API.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.internal.password;

import org.jspecify.annotations.NullMarked;
