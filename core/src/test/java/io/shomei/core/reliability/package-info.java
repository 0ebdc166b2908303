/**
 * Reliability and security suites over the whole engine: injected faults (a model-based property
 * and a disappearing HSM), races on every store, brute force and its timing, and secret hygiene.
 */
@NullMarked
package io.shomei.core.reliability;

import org.jspecify.annotations.NullMarked;
