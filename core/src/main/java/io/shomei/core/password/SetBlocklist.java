package io.shomei.core.password;

import io.shomei.spi.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A blocklist held as a set of lower-cased {@link CharBuffer}s, so a candidate is looked up through a
 * wipeable char array and never becomes a {@link String}.
 */
final class SetBlocklist implements Blocklist {
  private static final String BUILT_IN = "/io/shomei/core/password/blocklist.txt";

  private final Set<CharBuffer> entries;

  /**
   * A list of the given entries.
   *
   * @param entries the blocked passwords
   */
  public SetBlocklist(Collection<? extends CharSequence> entries) {
    Set<CharBuffer> set = new HashSet<>(entries.size() * 2);
    for (CharSequence e : entries) {
      if (e.length() > 0) {
        set.add(CharBuffer.wrap(Chars.lower(e)));
      }
    }
    this.entries = Set.copyOf(set);
  }

  /**
   * The built-in list, loaded once.
   *
   * @return the list
   */
  public static SetBlocklist builtIn() {
    return BuiltIn.INSTANCE;
  }

  /** Lazy holder: the resource is read on first use. */
  private static final class BuiltIn {
    static final SetBlocklist INSTANCE = load();

    private static SetBlocklist load() {
      try (InputStream in = SetBlocklist.class.getResourceAsStream(BUILT_IN)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + BUILT_IN);
        }
        return new SetBlocklist(lines(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + BUILT_IN, e);
      }
    }
  }

  /**
   * The entries of a blocklist text: one per line, {@code #} comments and empty lines skipped.
   *
   * @param text the text
   * @return the entries
   */
  public static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      if (!l.isEmpty() && !l.startsWith("#")) {
        out.add(l);
      }
    }
    return out;
  }

  /**
   * Number of entries.
   *
   * @return the size
   */
  public int size() {
    return entries.size();
  }

  @Override
  public boolean contains(Secret candidate) {
    char[] lower = Chars.lowerCopy(candidate);
    try {
      return entries.contains(CharBuffer.wrap(lower));
    } finally {
      Chars.wipe(lower);
    }
  }

  @Override
  public String toString() {
    return "Blocklist[" + entries.size() + " entries]";
  }
}
