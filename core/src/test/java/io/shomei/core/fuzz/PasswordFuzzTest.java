package io.shomei.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shomei.spi.Secret;
import io.shomei.core.password.AllowedCharacters;
import io.shomei.core.password.CharacterClass;
import io.shomei.core.password.HashParameters;
import io.shomei.core.password.PasswordContext;
import io.shomei.core.password.PasswordHasher;
import io.shomei.core.password.PasswordPolicy;
import io.shomei.core.password.PasswordValidation;
import io.shomei.core.password.PasswordViolation;
import io.shomei.core.password.ViolationCode;
import io.shomei.core.pkcs12.Pkcs12Packager;
import io.shomei.core.pkcs12.Pkcs12Refusal;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Fuzzes password input: {@link PasswordPolicy#validate} with both presets and arbitrary UTF-16
 * (unpaired surrogates, controls, format characters, full-width and astral characters), and the
 * PKCS#12 password check.
 *
 * <p>Properties: validation never throws and does not destroy the candidate; an accepted password
 * satisfies the preset's documented rules and can be hashed and verified (a policy must never
 * accept a password the hasher then refuses, which would lock the user out); violation messages
 * render in Japanese and English; a candidate of more than twice the maximum length is refused as
 * too long alone.
 */
class PasswordFuzzTest {
  private static final PasswordPolicy JAPANESE = PasswordPolicy.japaneseBank();
  private static final PasswordPolicy NIST = PasswordPolicy.nist80063b();
  private static final PasswordHasher HASHER = PasswordHasher.insecureForTestsOnly(
      new HashParameters.Pbkdf2Sha256(1), new SecureRandom());

  /** Arbitrary UTF-16 code units as a new login password, for a fuzzed user ID. */
  @FuzzTest
  void candidate(FuzzedDataProvider data) {
    String userId = data.consumeBoolean() ? "12345678" : data.consumeString(16);
    PasswordContext context = userId.isEmpty() ? PasswordContext.none()
        : PasswordContext.forUser(userId);
    byte[] raw = data.consumeRemainingAsBytes();
    char[] chars = new char[raw.length / 2];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) (((raw[2 * i] & 0xff) << 8) | (raw[2 * i + 1] & 0xff));
    }
    String text = new String(chars);
    try (Secret candidate = Secret.wrap(chars)) {
      for (PasswordPolicy policy : List.of(JAPANESE, NIST)) {
        PasswordValidation v = policy.validate(candidate, context);
        Check.that(!candidate.isDestroyed(), "validation does not destroy the candidate");
        if (v instanceof PasswordValidation.Accepted) {
          checkAccepted(policy, text, userId, candidate);
        } else {
          List<PasswordViolation> violations = ((PasswordValidation.Rejected) v).violations();
          Check.that(!violations.isEmpty(), "a rejection names its violations");
          // A violation is (code, limit, character class): it cannot carry the password, so its
          // messages are fixed texts. (An earlier check "the message does not contain the
          // candidate" was an oracle bug: Jazzer's string hooks steered the candidate to "abcd",
          // which the fixed SEQUENTIAL_CHARACTERS message quotes as an example.)
          for (PasswordViolation violation : violations) {
            for (Locale l : List.of(Locale.JAPANESE, Locale.ENGLISH)) {
              Check.that(!violation.message(l).isEmpty(), "a message renders");
            }
          }
          if (chars.length > 2 * policy.maxLength()) {
            Check.that(violations.equals(List.of(
                PasswordViolation.of(ViolationCode.TOO_LONG, policy.maxLength()))),
                "an over-long candidate is refused as too long alone (bounded work)", violations);
          }
        }
      }
    }
  }

  /** The PKCS#12 password check matches its documentation for any char sequence. */
  @FuzzTest
  void pkcs12Password(FuzzedDataProvider data) {
    String s = data.consumeRemainingAsString();
    Optional<Pkcs12Refusal> expected = s.isEmpty() ? Optional.of(Pkcs12Refusal.EMPTY_PASSWORD)
        : s.chars().allMatch(c -> c >= 0x20 && c <= 0x7e) ? Optional.empty()
        : Optional.of(Pkcs12Refusal.NON_ASCII_PASSWORD);
    try (Secret secret = Secret.of(s)) {
      Check.that(Pkcs12Packager.checkPassword(secret).equals(expected),
          "checkPassword: empty, printable ASCII, or refused as non-ASCII");
      Check.that(!secret.isDestroyed(), "checkPassword does not consume the password");
    }
  }

  private static void checkAccepted(PasswordPolicy policy, String text, String userId,
      Secret candidate) {
    int codePoints = text.codePointCount(0, text.length());
    Check.that(codePoints >= policy.minLength() && codePoints <= policy.maxLength(),
        "accepted length within the policy", codePoints);
    AllowedCharacters allowed = policy == JAPANESE ? AllowedCharacters.printableAscii()
        : AllowedCharacters.anyPrintable();
    Check.that(text.codePoints().allMatch(allowed::allows), "only allowed characters");
    Check.that(text.codePoints().noneMatch(cp -> Character.getType(cp) == Character.SURROGATE),
        "no unpaired surrogate is ever accepted");
    if (policy == JAPANESE) {
      Check.that(text.codePoints().anyMatch(CharacterClass.LETTER::contains)
          && text.codePoints().anyMatch(CharacterClass.DIGIT::contains), "a letter and a digit");
    }
    if (userId.length() >= 3) {
      String lower = lowerPerChar(text);
      Check.that(!lower.contains(lowerPerChar(userId)), "does not contain the user ID");
    }
    String hash = HASHER.hash(candidate);
    Check.that(HASHER.verify(candidate, hash), "an accepted password verifies against its hash");
  }

  /** Case folding char by char, as the rule documents ("ignoring case"), without a locale. */
  private static String lowerPerChar(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      b.append(Character.toLowerCase(s.charAt(i)));
    }
    return b.toString();
  }
}
