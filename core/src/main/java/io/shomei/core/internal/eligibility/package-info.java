/**
 * Implementation of the eligibility rules: DER facts, compiled selectors, the rule-file parser and
 * CSV quoting. Not exported.
 */
@NullMarked
package io.shomei.core.internal.eligibility;

import org.jspecify.annotations.NullMarked;
