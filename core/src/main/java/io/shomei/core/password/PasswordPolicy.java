package io.shomei.core.password;

import static io.shomei.core.internal.SetOnce.once;

import io.shomei.spi.Secret;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Rules a new login password must satisfy. {@link #validate} checks <em>every</em> rule and returns
 * every violation at once, each with a code and a Japanese and English message.
 *
 * <pre>{@code
 * PasswordValidation v = PasswordPolicy.japaneseBank().validate(candidate, PasswordContext.of(record));
 * if (v instanceof PasswordValidation.Rejected r) {
 *   r.messages(Locale.JAPANESE).forEach(screen::showError);
 * }
 * }</pre>
 *
 * <h2>Which preset</h2>
 *
 * <ul>
 *   <li>{@link #nist80063b()} is the <b>standards-aligned</b> choice (NIST SP 800-63B §5.1.1.2 and
 *       OWASP ASVS V2.1): length is what matters; at least 8 characters (enough here because the
 *       password is a second factor after the client certificate), at least 64 allowed, any
 *       printable character including space and Unicode, a blocklist, no composition rules (they
 *       push users to predictable patterns such as {@code Password1!}), no periodic rotation, and a
 *       cap of 10 consecutive failures (NIST allows at most 100).
 *   <li>{@link #japaneseBank()} is what Japanese retail banks usually print in their manuals and what
 *       auditors following the FISC guidelines expect to see: 8 to 20 half-width characters, letters
 *       and digits both required, no user ID, no {@code 1111}/{@code 1234}, none of the last 3
 *       passwords, lock after 5 failures. A bank picks it when its rules, its customers' habits or
 *       its auditors require composition rules and a short lockout; it is stricter to type but not
 *       stronger against guessing than the NIST preset.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe. Hash-based rules (history, temporary, acquisition)
 * verify the candidate against each stored hash, so a validation costs up to
 * {@code historyDepth + 2} hash verifications.
 *
 * @since 0.1.0
 */
public final class PasswordPolicy {
  /** Default lockout threshold: consecutive failures that lock a password. */
  public static final int DEFAULT_LOCKOUT_THRESHOLD = 5;

  private final List<PasswordRule> rules;
  private final int minLength;
  private final int maxLength;
  private final AllowedCharacters allowed;
  private final Set<CharacterClass> required;
  private final int lockoutThreshold;

  private PasswordPolicy(Builder b, int min, int max) {
    this.minLength = min;
    this.maxLength = max;
    this.allowed = b.allowed == null ? AllowedCharacters.printableAscii() : b.allowed;
    this.required = b.required == null ? Set.of() : Set.copyOf(b.required);
    this.lockoutThreshold = b.lockoutThreshold == null ? DEFAULT_LOCKOUT_THRESHOLD : b.lockoutThreshold;
    List<PasswordRule> r = new ArrayList<>();
    r.add(new Rules.Length(min, max));
    r.add(new Rules.Allowed(allowed));
    if (!required.isEmpty()) {
      r.add(new Rules.Required(required));
    }
    if (b.noUserId) {
      r.add(new Rules.NoUserId(3));
    }
    if (b.repeatRun != null) {
      r.add(new Rules.NoRepeats(b.repeatRun));
    }
    if (b.sequenceRun != null) {
      r.add(new Rules.NoSequences(b.sequenceRun));
    }
    if (b.blocklist != null) {
      r.add(new Rules.NotBlocked(b.blocklist));
    }
    if (b.historyDepth != null) {
      r.add(new Rules.History(b.historyDepth));
    }
    if (b.differsFromTemporary) {
      r.add(new Rules.DiffersFromTemporary());
    }
    if (b.differsFromAcquisition) {
      r.add(new Rules.DiffersFromAcquisition());
    }
    this.rules = List.copyOf(r);
  }

  /**
   * A new builder. Every setter may be called once; {@link Builder#length(int, int)} is required.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The Japanese-bank preset: 8–20 half-width printable ASCII characters (no space), at least one
   * letter and one digit, must not contain the user ID, no character 4 times in a row, no 4-long
   * sequence or keyboard run, not on the built-in blocklist, none of the last 3 passwords, not the
   * temporary or acquisition password; lock after 5 consecutive failures.
   *
   * @return the policy
   */
  public static PasswordPolicy japaneseBank() {
    return builder()
        .length(8, 20)
        .allowedCharacters(AllowedCharacters.printableAscii())
        .require(CharacterClass.LETTER, CharacterClass.DIGIT)
        .notContainingUserId()
        .noRepeatedCharacters(4)
        .noSequences(4)
        .blocklist(Blocklist.builtIn())
        .history(3)
        .differsFromTemporaryPassword()
        .differsFromAcquisitionPassword()
        .lockoutThreshold(5)
        .build();
  }

  /**
   * The NIST SP 800-63B preset (standards-aligned): 8–64 characters, any printable character
   * including space and Unicode, no composition rules, must not contain the user ID, no character
   * 4 times in a row and no 4-long sequence (800-63B's "repetitive or sequential characters"), not on
   * the built-in blocklist, not the temporary or acquisition password, no history or rotation; lock
   * after 10 consecutive failures.
   *
   * @return the policy
   */
  public static PasswordPolicy nist80063b() {
    return builder()
        .length(8, 64)
        .allowedCharacters(AllowedCharacters.anyPrintable())
        .notContainingUserId()
        .noRepeatedCharacters(4)
        .noSequences(4)
        .blocklist(Blocklist.builtIn())
        .differsFromTemporaryPassword()
        .differsFromAcquisitionPassword()
        .lockoutThreshold(10)
        .build();
  }

  /**
   * Checks a candidate against every rule.
   *
   * <p>Input cap: a candidate of more than {@code 2 * maxLength()} chars (necessarily more than
   * {@link #maxLength()} code points) is rejected with {@link ViolationCode#TOO_LONG} alone,
   * without running the other rules, so the work per call is bounded whatever the input size.
   *
   * @param candidate the candidate password (not destroyed)
   * @param context the user ID and earlier passwords
   * @return {@link PasswordValidation.Accepted}, or {@link PasswordValidation.Rejected} with every
   *     violation in rule order
   */
  public PasswordValidation validate(Secret candidate, PasswordContext context) {
    Objects.requireNonNull(context, "context");
    if (candidate.length() > 2 * maxLength) {
      // more than 2 x maxLength chars is more than maxLength code points whatever the content:
      // refuse at once, so that a megabyte pasted into a form costs no per-character work
      return new PasswordValidation.Rejected(
          List.of(PasswordViolation.of(ViolationCode.TOO_LONG, maxLength)));
    }
    List<PasswordViolation> out = new ArrayList<>();
    for (PasswordRule r : rules) {
      out.addAll(r.check(candidate, context));
    }
    return out.isEmpty() ? new PasswordValidation.Accepted() : new PasswordValidation.Rejected(out);
  }

  /**
   * Checks a candidate without context ({@link PasswordContext#none()}).
   *
   * @param candidate the candidate password (not destroyed)
   * @return the outcome
   */
  public PasswordValidation validate(Secret candidate) {
    return validate(candidate, PasswordContext.none());
  }

  /**
   * The rules, in the order they are checked.
   *
   * @return an immutable list
   */
  public List<PasswordRule> rules() {
    return rules;
  }

  /**
   * Smallest length, in code points.
   *
   * @return the minimum
   */
  public int minLength() {
    return minLength;
  }

  /**
   * Largest length, in code points.
   *
   * @return the maximum
   */
  public int maxLength() {
    return maxLength;
  }

  /**
   * The allowed characters.
   *
   * @return the set
   */
  public AllowedCharacters allowedCharacters() {
    return allowed;
  }

  /**
   * The required character classes.
   *
   * @return an immutable set
   */
  public Set<CharacterClass> requiredClasses() {
    return required;
  }

  /**
   * Consecutive failures that lock the password (for {@link CredentialLockout}).
   *
   * @return the threshold
   */
  public int lockoutThreshold() {
    return lockoutThreshold;
  }

  @Override
  public String toString() {
    return "PasswordPolicy" + rules + ", lockoutThreshold=" + lockoutThreshold;
  }

  /**
   * Builds a {@link PasswordPolicy}. Each setter may be called once and is validated at once.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable Integer min;
    private @Nullable Integer max;
    private @Nullable AllowedCharacters allowed;
    private @Nullable Set<CharacterClass> required;
    private boolean noUserId;
    private @Nullable Integer repeatRun;
    private @Nullable Integer sequenceRun;
    private @Nullable Blocklist blocklist;
    private @Nullable Integer historyDepth;
    private boolean differsFromTemporary;
    private boolean differsFromAcquisition;
    private @Nullable Integer lockoutThreshold;

    private Builder() {}

    /**
     * Length bounds in code points (required).
     *
     * @param minLength smallest length, at least 1
     * @param maxLength largest length, at most {@link PasswordHasher#MAX_PASSWORD_LENGTH}
     * @return this builder
     */
    public Builder length(int minLength, int maxLength) {
      once(min != null, "length");
      if (minLength < 1 || maxLength < minLength || maxLength > PasswordHasher.MAX_PASSWORD_LENGTH) {
        throw new IllegalArgumentException(
            "length must satisfy 1 <= min <= max <= " + PasswordHasher.MAX_PASSWORD_LENGTH);
      }
      this.min = minLength;
      this.max = maxLength;
      return this;
    }

    /**
     * The allowed characters (default {@link AllowedCharacters#printableAscii()}).
     *
     * @param characters the set
     * @return this builder
     */
    public Builder allowedCharacters(AllowedCharacters characters) {
      once(allowed != null, "allowedCharacters");
      this.allowed = Objects.requireNonNull(characters, "characters");
      return this;
    }

    /**
     * Character classes that must each occur at least once.
     *
     * @param classes the classes
     * @return this builder
     */
    public Builder require(CharacterClass... classes) {
      once(required != null, "require");
      Set<CharacterClass> s = EnumSet.noneOf(CharacterClass.class);
      s.addAll(List.of(classes));
      this.required = s;
      return this;
    }

    /**
     * The password must not contain the user ID or its reverse, ignoring case (user IDs of at least
     * 3 characters).
     *
     * @return this builder
     */
    public Builder notContainingUserId() {
      once(noUserId, "notContainingUserId");
      this.noUserId = true;
      return this;
    }

    /**
     * No character {@code run} or more times in a row.
     *
     * @param run forbidden run length, at least 2 (4 forbids {@code 1111})
     * @return this builder
     */
    public Builder noRepeatedCharacters(int run) {
      once(repeatRun != null, "noRepeatedCharacters");
      this.repeatRun = new Rules.NoRepeats(run).run();
      return this;
    }

    /**
     * No {@code run} consecutive characters of an ascending or descending sequence or keyboard row.
     *
     * @param run forbidden run length, at least 3 (4 forbids {@code 1234}, {@code dcba}, {@code qwer})
     * @return this builder
     */
    public Builder noSequences(int run) {
      once(sequenceRun != null, "noSequences");
      this.sequenceRun = new Rules.NoSequences(run).run();
      return this;
    }

    /**
     * A blocklist (for example {@link Blocklist#builtIn()}).
     *
     * @param list the list
     * @return this builder
     */
    public Builder blocklist(Blocklist list) {
      once(blocklist != null, "blocklist");
      this.blocklist = Objects.requireNonNull(list, "list");
      return this;
    }

    /**
     * None of the newest {@code depth} entries of {@link PasswordContext#passwordHistory()}.
     *
     * @param depth 1 .. {@link io.shomei.spi.CredentialRecord#MAX_HISTORY}
     * @return this builder
     */
    public Builder history(int depth) {
      once(historyDepth != null, "history");
      this.historyDepth = new Rules.History(depth).depth();
      return this;
    }

    /**
     * Must differ from the temporary password ({@link PasswordContext#temporaryPasswordHash()}).
     *
     * @return this builder
     */
    public Builder differsFromTemporaryPassword() {
      once(differsFromTemporary, "differsFromTemporaryPassword");
      this.differsFromTemporary = true;
      return this;
    }

    /**
     * Must differ from the acquisition password ({@link PasswordContext#acquisitionPasswordHash()}).
     *
     * @return this builder
     */
    public Builder differsFromAcquisitionPassword() {
      once(differsFromAcquisition, "differsFromAcquisitionPassword");
      this.differsFromAcquisition = true;
      return this;
    }

    /**
     * Consecutive failures that lock the password (default {@value PasswordPolicy#DEFAULT_LOCKOUT_THRESHOLD}).
     *
     * @param threshold 1..100 (NIST SP 800-63B allows at most 100)
     * @return this builder
     */
    public Builder lockoutThreshold(int threshold) {
      once(lockoutThreshold != null, "lockoutThreshold");
      if (threshold < 1 || threshold > 100) {
        throw new IllegalArgumentException("lockout threshold must be 1..100");
      }
      this.lockoutThreshold = threshold;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws IllegalStateException if {@link #length} was not set, or the required classes cannot
     *     be satisfied with the allowed characters
     */
    public PasswordPolicy build() {
      Integer lo = min;
      Integer hi = max;
      if (lo == null || hi == null) {
        throw new IllegalStateException("length(min, max) is required");
      }
      AllowedCharacters a = allowed == null ? AllowedCharacters.printableAscii() : allowed;
      if (required != null) {
        if (required.size() > hi) {
          throw new IllegalStateException("more required classes than the maximum length");
        }
        for (CharacterClass c : required) {
          boolean possible = false;
          for (int cp = 0x20; cp < 0x7f && !possible; cp++) {
            possible = c.contains(cp) && a.allows(cp);
          }
          if (!possible) {
            throw new IllegalStateException("required class " + c + " has no allowed character");
          }
        }
      }
      return new PasswordPolicy(this, lo, hi);
    }
  }
}
