package io.shomei.core.password;

import io.shomei.spi.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * A source of passwords that must not be used (common, expected or compromised ones). Matching is
 * case-insensitive. Implement this interface to plug in another source (for example a service
 * that checks a breach corpus); implementations must be thread-safe and must not keep the candidate.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Blocklist {

  /**
   * Whether the candidate is on the list.
   *
   * @param candidate the candidate (not destroyed)
   * @return {@code true} if blocked
   */
  boolean contains(Secret candidate);

  /**
   * The built-in list: a few hundred of the most common passwords of leaked-password corpora,
   * keyboard walks, and bank-flavoured variants. Deliberately modest; load a larger list with
   * {@link #fromFile(Path)}.
   *
   * @return the built-in list
   */
  static Blocklist builtIn() {
    return SetBlocklist.builtIn();
  }

  /**
   * A list of given entries.
   *
   * @param entries the blocked passwords
   * @return the list
   */
  static Blocklist of(Collection<? extends CharSequence> entries) {
    return new SetBlocklist(entries);
  }

  /**
   * Reads a UTF-8 file with one password per line; empty lines and lines starting with {@code #}
   * are ignored; nothing is trimmed except a trailing carriage return.
   *
   * @param file the file
   * @return the list
   * @throws UncheckedIOException if the file cannot be read
   */
  static Blocklist fromFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return fromStream(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read blocklist " + file, e);
    }
  }

  /**
   * Like {@link #fromFile(Path)}, from a stream (not closed).
   *
   * @param in the UTF-8 text
   * @return the list
   * @throws UncheckedIOException if the stream cannot be read
   */
  static Blocklist fromStream(InputStream in) {
    try {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new SetBlocklist(SetBlocklist.lines(text));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read blocklist", e);
    }
  }

  /**
   * Every blocklist in turn.
   *
   * @param lists the lists
   * @return a list blocking what any of them blocks
   */
  static Blocklist anyOf(Blocklist... lists) {
    List<Blocklist> copy = List.of(lists);
    return candidate -> copy.stream().anyMatch(b -> b.contains(candidate));
  }
}
