package io.shomei.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the CLI in-process against one data directory with an environment the test fills, and
 * records every run (for the "no secret in any output" check).
 */
final class Cli {
  private final Path data;
  private final Map<String, String> env = new HashMap<>();
  private final List<Result> history = new ArrayList<>();
  private boolean terminal;

  Cli(Path data) {
    this.data = data;
  }

  Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  Cli unset(String name) {
    env.remove(name);
    return this;
  }

  Cli terminal(boolean t) {
    terminal = t;
    return this;
  }

  List<Result> history() {
    return history;
  }

  /** Runs {@code shomei <args> --data <dir>}. */
  Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--data");
    all.add(data.toString());
    return raw(all.toArray(new String[0]));
  }

  /** Runs exactly {@code args}. */
  Result raw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ShomeiCli.run(args, new PrintWriter(out), new PrintWriter(err), env, terminal,
        Clock.systemUTC());
    Result r = new Result(List.of(args), code, out.toString(), err.toString());
    history.add(r);
    return r;
  }

  /** One run: its arguments, exit code and output. */
  record Result(List<String> args, int code, String out, String err) {
    /** The key: value lines, up to the first empty line; repeated keys keep every value. */
    Map<String, List<String>> lines() {
      Map<String, List<String>> m = new LinkedHashMap<>();
      for (String line : out.split("\n", -1)) {
        if (line.isEmpty()) {
          break;
        }
        int colon = line.indexOf(": ");
        assertThat(colon).as("not a key: value line: %s%n%s", line, this).isPositive();
        m.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>())
            .add(line.substring(colon + 2));
      }
      return m;
    }

    /** The keys in output order. */
    List<String> keys() {
      return List.copyOf(lines().keySet());
    }

    /** The single value of a key. */
    String get(String key) {
      List<String> v = lines().getOrDefault(key, List.of());
      assertThat(v).as("key %s in%n%s", key, this).hasSize(1);
      return v.get(0);
    }

    /** Every value of a repeated key. */
    List<String> all(String key) {
      return lines().getOrDefault(key, List.of());
    }

    boolean has(String key) {
      return lines().containsKey(key);
    }

    Result expect(int exit) {
      assertThat(code).as("exit code of %s", this).isEqualTo(exit);
      return this;
    }

    Result expect(int exit, String key, String value) {
      expect(exit);
      assertThat(get(key)).as("%s of %s", key, this).isEqualTo(value);
      return this;
    }

    Result has(String key, String value) {
      assertThat(get(key)).as("%s of %s", key, this).isEqualTo(value);
      return this;
    }

    @Override
    public String toString() {
      return "shomei " + String.join(" ", args) + " -> " + code + "\n--- out\n" + out
          + "--- err\n" + err;
    }
  }
}
