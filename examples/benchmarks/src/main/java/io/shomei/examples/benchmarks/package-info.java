/**
 * JMH benchmarks of Shomei's hot paths. Every benchmark group measures the Shomei operation and,
 * beside it, the primitive it is built on (a signature, a key generation, a KDF, a bare JDBC scan), so
 * that {@code ratios.py} can print overhead ratios instead of bare times.
 */
@NullMarked
package io.shomei.examples.benchmarks;

import org.jspecify.annotations.NullMarked;
