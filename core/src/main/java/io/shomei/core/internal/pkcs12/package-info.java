/**
 * Implementation details of pkcs12; not exported, not API.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.internal.pkcs12;

import org.jspecify.annotations.NullMarked;
