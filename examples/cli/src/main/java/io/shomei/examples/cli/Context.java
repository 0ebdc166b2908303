package io.shomei.examples.cli;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What every command runs against: its output and error streams, its environment (the only place
 * secrets come from), whether a person watches a terminal, the clock and the CSPRNG. Injected so a
 * test runs the CLI in-process.
 */
final class Context {
  private final PrintWriter out;
  private final PrintWriter err;
  private final Map<String, String> env;
  private final boolean terminal;
  private final Clock clock;
  private final SecureRandom random;

  Context(PrintWriter out, PrintWriter err, Map<String, String> env, boolean terminal, Clock clock,
      SecureRandom random) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.env = Map.copyOf(env);
    this.terminal = terminal;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }

  /** An environment variable, or {@code null} when unset. */
  @Nullable String getenv(@Nullable String name) {
    return name == null ? null : env.get(name);
  }

  boolean terminal() {
    return terminal;
  }

  Clock clock() {
    return clock;
  }

  SecureRandom random() {
    return random;
  }
}
