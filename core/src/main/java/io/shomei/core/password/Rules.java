package io.shomei.core.password;

import io.shomei.spi.Secret;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The built-in password rules. */
final class Rules {
  private Rules() {}

  /**
   * Length in code points.
   *
   * @param min smallest length
   * @param max largest length
   */
  public record Length(int min, int max) implements PasswordRule {
    /** Validates the bounds. */
    public Length {
      if (min < 1 || max < min) {
        throw new IllegalArgumentException("length bounds must satisfy 1 <= min <= max");
      }
    }

    @Override
    public List<PasswordViolation> check(Secret candidate, PasswordContext context) {
      int n = candidate.apply(b -> (int) b.codePoints().count());
      if (n < min) {
        return List.of(PasswordViolation.of(ViolationCode.TOO_SHORT, min));
      }
      if (n > max) {
        return List.of(PasswordViolation.of(ViolationCode.TOO_LONG, max));
      }
      return List.of();
    }
  }

  /**
   * Allowed characters.
   *
   * @param allowed the allowed set
   */
  public record Allowed(AllowedCharacters allowed) implements PasswordRule {
    /** Checks non-null. */
    public Allowed {
      Objects.requireNonNull(allowed, "allowed");
    }

    @Override
    public List<PasswordViolation> check(Secret candidate, PasswordContext context) {
      boolean ok = candidate.apply(b -> b.codePoints().allMatch(allowed::allows));
      return ok ? List.of() : List.of(PasswordViolation.of(ViolationCode.DISALLOWED_CHARACTER, 0));
    }
  }

  /**
   * Required character classes; one violation per missing class.
   *
   * @param required the classes, each of which must occur
   */
  public record Required(Set<CharacterClass> required) implements PasswordRule {
    /** Copies the set. */
    public Required {
      required = Set.copyOf(required);
    }

    @Override
    public List<PasswordViolation> check(Secret candidate, PasswordContext context) {
      List<PasswordViolation> out = new ArrayList<>();
      for (CharacterClass c : EnumSet.allOf(CharacterClass.class)) {
        if (required.contains(c) && !candidate.apply(b -> b.codePoints().anyMatch(c::contains))) {
          out.add(new PasswordViolation(ViolationCode.MISSING_CHARACTER_CLASS, 0, c));
        }
      }
      return List.copyOf(out);
    }
  }

  /**
   * Must not contain the user ID or its reverse, ignoring case. User IDs shorter than
   * {@code minUserIdLength} are not checked (a one-letter ID would forbid that letter).
   *
   * @param minUserIdLength shortest user ID that is checked
   */
  public record NoUserId(int minUserIdLength) implements PasswordRule {
    @Override
    public List<PasswordViolation> check(Secret candidate, PasswordContext context) {
      String userId = context.userId();
      if (userId == null || userId.length() < minUserIdLength) {
        return List.of();
      }
      char[] id = Chars.lower(userId);
      char[] reversed = Chars.lower(new StringBuilder(userId).reverse());
      char[] lower = Chars.lowerCopy(candidate);
      try {
        boolean hit = Chars.contains(lower, id) || Chars.contains(lower, reversed);
        return hit ? List.of(PasswordViolation.of(ViolationCode.CONTAINS_USER_ID, 0)) : List.of();
      } finally {
        Chars.wipe(lower);
      }
    }
  }

  /**
   * No character repeated {@code run} or more times in a row.
   *
   * @param run the forbidden run length, at least 2
   */
  public record NoRepeats(int run) implements PasswordRule {
    /** Validates the run length. */
    public NoRepeats {
      if (run < 2) {
        throw new IllegalArgumentException("run must be >= 2");
      }
    }

    @Override
    public List<PasswordViolation> check(Secret candidate, PasswordContext context) {
      boolean hit = candidate.apply(b -> {
        int same = 1;
        for (int i = 1; i < b.length(); i++) {
          same = b.charAt(i) == b.charAt(i - 1) ? same + 1 : 1;
          if (same >= run) {
            return true;
          }
        }
        return false;
      });
      return hit ? List.of(PasswordViolation.of(ViolationCode.REPEATED_CHARACTERS, run)) : List.of();
    }
  }

  /**
   * No {@code run} consecutive characters from an ascending or descending sequence: digits,
   * the alphabet (ignoring case), or a row of a US or Japanese (JIS) keyboard.
   *
   * @param run the forbidden run length, at least 3
   */
  public record NoSequences(int run) implements PasswordRule {
    /** Sequences whose windows are forbidden, forwards and backwards. */
    public static final List<String> SEQUENCES = List.of(
        "0123456789",
        "abcdefghijklmnopqrstuvwxyz",
        "1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./",
        "!@#$%^&*()_+", "qwertyuiop{}|", "asdfghjkl:\"", "zxcvbnm<>?",
        "1234567890-^\\", "qwertyuiop@[", "asdfghjkl;:]", "zxcvbnm,./\\",
        "!\"#$%&'()", "qwertyuiop`{", "asdfghjkl+*}", "zxcvbnm<>?_");

    /** Validates the run length. */
    public NoSequences {
      if (run < 3) {
        throw new IllegalArgumentException("run must be >= 3");
      }
    }

    private static final ConcurrentHashMap<Integer, Set<CharBuffer>> WINDOWS =
        new ConcurrentHashMap<>();

    private static Set<CharBuffer> windows(int run) {
      return WINDOWS.computeIfAbsent(run, r -> {
        Set<CharBuffer> set = new HashSet<>();
        for (String s : SEQUENCES) {
          for (String t : List.of(s, new StringBuilder(s).reverse().toString())) {
            for (int i = 0; i + r <= t.length(); i++) {
              set.add(CharBuffer.wrap(t.substring(i, i + r).toCharArray()));
            }
          }
        }
        return Set.copyOf(set);
      });
    }

    @Override
    public List<PasswordViolation> check(Secret candidate, PasswordContext context) {
      Set<CharBuffer> windows = windows(run);
      char[] lower = Chars.lowerCopy(candidate);
      try {
        for (int i = 0; i + run <= lower.length; i++) {
          if (windows.contains(CharBuffer.wrap(lower, i, run))) {
            return List.of(PasswordViolation.of(ViolationCode.SEQUENTIAL_CHARACTERS, run));
          }
        }
        return List.of();
      } finally {
        Chars.wipe(lower);
      }
    }
  }

  /**
   * Not one of the newest {@code depth} entries of the context's history.
   *
   * @param depth how many of the last passwords are forbidden, 1..24
   */
  public record History(int depth) implements PasswordRule {
    /** Validates the depth. */
    public History {
      if (depth < 1 || depth > io.shomei.spi.CredentialRecord.MAX_HISTORY) {
        throw new IllegalArgumentException(
            "history depth must be 1.." + io.shomei.spi.CredentialRecord.MAX_HISTORY);
      }
    }

    @Override
    public List<PasswordViolation> check(Secret candidate, PasswordContext context) {
      List<String> history = context.passwordHistory();
      boolean hit = false;
      // verify against every entry in range, even after a hit: time depends only on the count
      for (int i = 0; i < Math.min(depth, history.size()); i++) {
        hit |= Verifier.matches(candidate, history.get(i));
      }
      return hit ? List.of(PasswordViolation.of(ViolationCode.REUSED_PASSWORD, depth)) : List.of();
    }
  }

  /**
   * Not on a blocklist.
   *
   * @param blocklist the list
   */
  public record NotBlocked(Blocklist blocklist) implements PasswordRule {
    /** Checks non-null. */
    public NotBlocked {
      Objects.requireNonNull(blocklist, "blocklist");
    }

    @Override
    public List<PasswordViolation> check(Secret candidate, PasswordContext context) {
      return blocklist.contains(candidate)
          ? List.of(PasswordViolation.of(ViolationCode.BLOCKLISTED, 0))
          : List.of();
    }
  }

  /** Must differ from the temporary password. */
  public record DiffersFromTemporary() implements PasswordRule {
    @Override
    public List<PasswordViolation> check(Secret candidate, PasswordContext context) {
      String h = context.temporaryPasswordHash();
      return h != null && Verifier.matches(candidate, h)
          ? List.of(PasswordViolation.of(ViolationCode.SAME_AS_TEMPORARY_PASSWORD, 0))
          : List.of();
    }
  }

  /** Must differ from the acquisition password. */
  public record DiffersFromAcquisition() implements PasswordRule {
    @Override
    public List<PasswordViolation> check(Secret candidate, PasswordContext context) {
      String h = context.acquisitionPasswordHash();
      return h != null && Verifier.matches(candidate, h)
          ? List.of(PasswordViolation.of(ViolationCode.SAME_AS_ACQUISITION_PASSWORD, 0))
          : List.of();
    }
  }
}
