/**
 * JMH benchmarks of Shomei's hot paths. Every benchmark group measures the Shomei operation and,
 * beside it, the primitive it is built on (a signature, a key generation, a KDF, a bare JDBC scan), so
 * that {@code ratios.py} can print overhead ratios instead of bare times. {@link
 * io.shomei.examples.benchmarks.WebLoad} puts the web example under load through HAProxy, beside
 * one node and a static page.
 */
@NullMarked
package io.shomei.examples.benchmarks;

import org.jspecify.annotations.NullMarked;
