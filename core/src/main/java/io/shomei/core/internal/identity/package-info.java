/**
 * Implementation of certificate-to-user mapping and acceptance; not exported, not API.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.internal.identity;

import org.jspecify.annotations.NullMarked;
