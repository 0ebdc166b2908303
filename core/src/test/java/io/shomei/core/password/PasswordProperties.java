package io.shomei.core.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import io.shomei.spi.Secret;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class PasswordProperties {
  private static final PasswordPolicy BANK = PasswordPolicy.japaneseBank();
  private static final PasswordPolicy NIST = PasswordPolicy.nist80063b();
  private static final Gen<String> USER_IDS = strings().numericBetween(10_000_000, 99_999_999);

  private static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void generatedTemporaryPasswordsPassTheirPolicy() {
    qt().withExamples(300).forAll(longs().all(), USER_IDS).checkAssert((seed, userId) -> {
      SecretGenerator g = new SecretGenerator(seeded(seed));
      for (PasswordPolicy p : List.of(BANK, NIST)) {
        try (Secret t = g.temporaryPassword(p, PasswordContext.forUser(userId))) {
          assertThat(p.validate(t, PasswordContext.forUser(userId)).accepted()).isTrue();
          assertThat(t.length()).isBetween(p.minLength(), p.maxLength());
          for (int i = 0; i < t.length(); i++) {
            assertThat(SecretGenerator.UNAMBIGUOUS_ALPHANUMERIC).contains(String.valueOf(t.charAt(i)));
          }
        }
      }
    });
  }

  @Test
  void generatedAcquisitionPasswordsAreLongUnambiguousAndStrong() {
    qt().withExamples(300).forAll(longs().all(), integers().between(16, 40)).checkAssert((seed, n) -> {
      try (Secret a = new SecretGenerator(seeded(seed)).acquisitionPassword(n)) {
        assertThat(a.length()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
          char c = a.charAt(i);
          assertThat(c).isBetween('!', '~');
          assertThat("0Oo1Il").doesNotContain(String.valueOf(c));
        }
        assertThat(SecretGenerator.entropyBits(SecretGenerator.UNAMBIGUOUS_ALPHANUMERIC.length(), n))
            .isGreaterThanOrEqualTo(80.0);
      }
    });
  }

  @Test
  void anyStringAcceptedByAPolicySatisfiesEachRuleIndependently() {
    java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
    qt().withExamples(2000)
        .forAll(strings().basicLatinAlphabet().ofLengthBetween(1, 24), USER_IDS)
        .checkAssert((s, userId) -> {
          PasswordContext ctx = PasswordContext.forUser(userId);
          try (Secret pw = Secret.of(s)) {
            for (PasswordPolicy p : List.of(BANK, NIST)) {
              PasswordValidation v = p.validate(pw, ctx);
              List<PasswordViolation> perRule = new ArrayList<>();
              p.rules().forEach(r -> perRule.addAll(r.check(pw, ctx)));
              assertThat(v.violations()).isEqualTo(perRule);
              if (v.accepted()) {
                accepted.incrementAndGet();
                assertThat(s.length()).isBetween(p.minLength(), p.maxLength());
                assertThat(s).doesNotContain(userId)
                    .doesNotContain(new StringBuilder(userId).reverse());
                assertThat(s).doesNotContainPattern("(.)\\1\\1\\1");
                assertThat(hasRun(s.toLowerCase(java.util.Locale.ROOT), 4)).isFalse();
                if (p == BANK) {
                  assertThat(s).containsPattern("[A-Za-z]").containsPattern("[0-9]")
                      .doesNotContain(" ");
                }
              }
            }
          }
        });
    assertThat(accepted.get()).as("the property saw accepted strings").isGreaterThan(100);
  }

  /** Independent oracle: a run of n ascending or descending digits or letters. */
  private static boolean hasRun(String s, int n) {
    for (int i = 0; i + n <= s.length(); i++) {
      boolean up = true;
      boolean down = true;
      for (int j = i + 1; j < i + n; j++) {
        char a = s.charAt(j - 1);
        char b = s.charAt(j);
        boolean sameKind = Character.isDigit(a) == Character.isDigit(b)
            && Character.isLetterOrDigit(a) && Character.isLetterOrDigit(b);
        up &= sameKind && b == a + 1;
        down &= sameKind && b == a - 1;
      }
      if (up || down) {
        return true;
      }
    }
    return false;
  }

  @Test
  void encodedHashRoundTripsAndVerifiesOnlyTheOriginal() {
    PasswordHasher argon = Cheap.argon2();
    PasswordHasher pbkdf2 = Cheap.pbkdf2();
    // two different passwords without surrogate code points, by construction: an assumption
    // discarding them made QuickTheories give up now and then ("found only 135 examples")
    qt().withExamples(150)
        .forAll(passwords(), passwords())
        .as((a, b) -> a.equals(b) ? List.of(a, b + "x") : List.of(a, b))
        .checkAssert(pair -> {
          for (PasswordHasher h : List.of(argon, pbkdf2)) {
            try (Secret pa = Secret.of(pair.get(0)); Secret pb = Secret.of(pair.get(1))) {
              String encoded = h.hash(pa);
              assertThat(PasswordHasher.isSupported(encoded)).isTrue();
              assertThat(h.needsRehash(encoded)).isFalse();
              assertThat(h.verify(pa, encoded)).isTrue();
              assertThat(h.verify(pb, encoded)).isFalse();
            }
          }
        });
  }

  /** Printable text from U+0020 to U+1F6FF, surrogate code points skipped, 1 to 20 long. */
  private static Gen<String> passwords() {
    int surrogates = 0xDFFF - 0xD800 + 1;
    Gen<Integer> codePoint = integers().between(0x20, 0x1F6FF - surrogates)
        .map(cp -> cp >= 0xD800 ? cp + surrogates : cp);
    return integers().between(1, 20).flatMap(n -> lists().of(codePoint).ofSize(n))
        .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
  }

  @Test
  void historyRejectsExactlyTheLastN() {
    PasswordHasher h = Cheap.argon2();
    qt().withExamples(60)
        .forAll(integers().between(1, 6), integers().between(1, 8), integers().between(0, 1000))
        .checkAssert((depth, size, pick) -> {
          int index = pick % size;
          List<String> plain = new ArrayList<>();
          List<String> hashes = new ArrayList<>();
          for (int i = 0; i < size; i++) {
            plain.add("Hist" + i + "Pw" + (i * 7 + 3) + "x");
            hashes.add(h.hash(Secret.of(plain.get(i))));
          }
          PasswordPolicy p = PasswordPolicy.builder().length(1, 64).history(depth).build();
          PasswordContext ctx = new PasswordContext(null, hashes, null, null);
          PasswordValidation v = p.validate(Secret.of(plain.get(index)), ctx);
          assertThat(v.accepted()).isEqualTo(index >= depth);
          if (!v.accepted()) {
            assertThat(v.violations())
                .containsExactly(PasswordViolation.of(ViolationCode.REUSED_PASSWORD, depth));
          }
          assertThat(p.validate(Secret.of("NeverUsed9"), ctx).accepted()).isTrue();
        });
  }
}
