/**
 * Implementation details of x509; not exported, not API.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.internal.x509;

import org.jspecify.annotations.NullMarked;
