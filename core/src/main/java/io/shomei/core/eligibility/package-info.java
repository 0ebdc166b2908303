/**
 * Reissue-eligibility rules: declarative rules evaluated against a certificate and an instant, and campaign scans.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.eligibility;

import org.jspecify.annotations.NullMarked;
