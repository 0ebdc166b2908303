/**
 * The operator command line of the examples ({@code shomei}): picocli subcommands over the shared
 * data directory ({@link io.shomei.examples.datadir.DataDir}), with stable {@code key: value} output
 * and exit codes for scripts. {@link io.shomei.examples.cli.ShomeiCli} is the entry point.
 */
@NullMarked
package io.shomei.examples.cli;

import org.jspecify.annotations.NullMarked;
