/**
 * The tamper-evident audit trail: hash-chained events and their verifier.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.audit;

import org.jspecify.annotations.NullMarked;
