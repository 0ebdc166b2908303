/**
 * The branch operator console: a framework-free HTTPS application for a bank's branch staff over
 * the same Shomei engine and data directory as the customer-facing hosts. See {@link
 * io.shomei.examples.console.ConsoleServer}.
 */
@NullMarked
package io.shomei.examples.console;

import org.jspecify.annotations.NullMarked;
