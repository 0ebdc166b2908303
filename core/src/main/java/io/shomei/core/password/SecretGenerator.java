package io.shomei.core.password;

import io.shomei.spi.Secret;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Generates the secrets the bank mails to a customer: the temporary login password and the
 * certificate acquisition password. Results are {@link Secret}s; the host prints them into the
 * letter and destroys them. Nothing here logs or keeps them.
 *
 * <p>Both use alphabets without look-alike characters ({@code 0 O o 1 I l} are left out), because
 * the customer types them from paper.
 *
 * @since 0.1.0
 */
public final class SecretGenerator {
  /** Letters and digits without look-alikes (56 characters). */
  public static final String UNAMBIGUOUS_ALPHANUMERIC =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
  /** Symbols that are hard to confuse in print and sit on the same key on US and JIS keyboards. */
  public static final String UNAMBIGUOUS_SYMBOLS = "#$%+=?";
  /** Default and minimum acquisition password length. */
  public static final int ACQUISITION_MIN_LENGTH = 16;
  /** Minimum strength of an acquisition password: it also protects a file open to offline attack. */
  public static final double ACQUISITION_MIN_BITS = 80.0;
  /** Default temporary password length (clamped to the policy's bounds). */
  public static final int TEMPORARY_DEFAULT_LENGTH = 10;
  private static final int MAX_TRIES = 1000;

  private final SecureRandom random;

  /**
   * A generator.
   *
   * @param random the randomness source (inject a seeded one only in tests)
   */
  public SecretGenerator(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * The strength of a uniformly random string.
   *
   * @param alphabetSize number of symbols
   * @param length number of characters
   * @return the entropy in bits
   */
  public static double entropyBits(int alphabetSize, int length) {
    return length * (Math.log(alphabetSize) / Math.log(2));
  }

  /**
   * A temporary login password that satisfies {@code policy} in {@code context} (pass the user ID
   * so it cannot contain it): {@value #TEMPORARY_DEFAULT_LENGTH} characters, or the policy's
   * minimum if larger, from {@link #UNAMBIGUOUS_ALPHANUMERIC} (plus {@link #UNAMBIGUOUS_SYMBOLS} if
   * the policy requires a symbol), restricted to what the policy allows.
   *
   * @param policy the login password policy
   * @param context the user ID and, if any, hashes it must differ from
   * @return the password
   * @throws IllegalStateException if no conformant password is found (a policy that generated
   *     passwords cannot satisfy)
   */
  public Secret temporaryPassword(PasswordPolicy policy, PasswordContext context) {
    int length = Math.min(Math.max(TEMPORARY_DEFAULT_LENGTH, policy.minLength()), policy.maxLength());
    String base = policy.requiredClasses().contains(CharacterClass.SYMBOL)
        ? UNAMBIGUOUS_ALPHANUMERIC + UNAMBIGUOUS_SYMBOLS
        : UNAMBIGUOUS_ALPHANUMERIC;
    StringBuilder alphabet = new StringBuilder();
    for (int i = 0; i < base.length(); i++) {
      if (policy.allowedCharacters().allows(base.charAt(i))) {
        alphabet.append(base.charAt(i));
      }
    }
    if (alphabet.length() < 2) {
      throw new IllegalStateException("the policy allows too few unambiguous characters");
    }
    for (int i = 0; i < MAX_TRIES; i++) {
      Secret candidate = draw(alphabet, length);
      if (policy.validate(candidate, context).accepted()) {
        return candidate;
      }
      candidate.destroy();
    }
    throw new IllegalStateException("no policy-conformant temporary password in " + MAX_TRIES
        + " tries; the policy cannot be met with the unambiguous alphabet");
  }

  /**
   * An acquisition password of {@value #ACQUISITION_MIN_LENGTH} characters from
   * {@link #UNAMBIGUOUS_ALPHANUMERIC} (about 92.9 bits).
   *
   * @return the password
   */
  public Secret acquisitionPassword() {
    return acquisitionPassword(ACQUISITION_MIN_LENGTH);
  }

  /**
   * An acquisition password of the given length from {@link #UNAMBIGUOUS_ALPHANUMERIC}.
   *
   * @param length at least {@value #ACQUISITION_MIN_LENGTH}, at most
   *     {@link PasswordHasher#MAX_PASSWORD_LENGTH}
   * @return the password
   */
  public Secret acquisitionPassword(int length) {
    if (length < ACQUISITION_MIN_LENGTH || length > PasswordHasher.MAX_PASSWORD_LENGTH
        || entropyBits(UNAMBIGUOUS_ALPHANUMERIC.length(), length) < ACQUISITION_MIN_BITS) {
      throw new IllegalArgumentException("acquisition password length must be "
          + ACQUISITION_MIN_LENGTH + ".." + PasswordHasher.MAX_PASSWORD_LENGTH);
    }
    return draw(UNAMBIGUOUS_ALPHANUMERIC, length);
  }

  /**
   * The three fields of the customer's letter, the temporary password conformant to
   * {@code policy} and different from the acquisition password.
   *
   * @param userId the user ID printed in the letter
   * @param policy the login password policy
   * @return the fields; destroy them once printed
   */
  public LetterFields letter(String userId, PasswordPolicy policy) {
    Secret acquisition = acquisitionPassword();
    for (int i = 0; i < MAX_TRIES; i++) {
      Secret temporary = temporaryPassword(policy, PasswordContext.forUser(userId));
      if (!temporary.matches(acquisition)) {
        return new LetterFields(userId, temporary, acquisition);
      }
      temporary.destroy();
    }
    acquisition.destroy();
    throw new IllegalStateException("cannot draw a temporary password unlike the acquisition one");
  }

  private Secret draw(CharSequence alphabet, int length) {
    char[] c = new char[length];
    for (int i = 0; i < length; i++) {
      c[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return Secret.wrap(c);
  }

  @Override
  public String toString() {
    return "SecretGenerator";
  }
}
