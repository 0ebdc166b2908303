package io.shomei.testing.gen;

import static io.shomei.testing.qt.Qt.gen;
import static io.shomei.testing.qt.Qt.qt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shomei.testing.ca.TestCa;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every fixture generator keeps its promise, and the same seed gives the same value. */
class GeneratorProperties {
  private static final TestCa CA = TestCa.root("Generator CA");
  private static final Instant CUTOFF = Instant.parse("2020-11-11T15:00:00Z");

  @Test
  void validUserIdsAreEightAsciiDigits() {
    qt().forAll(gen(UserIds::valid))
        .check(id -> id.length() == 8 && id.chars().allMatch(c -> c >= '0' && c <= '9'));
  }

  @Test
  void hostileUserIdsAreNeverEightAsciiDigits() {
    qt().forAll(gen(UserIds::hostile))
        .check(h -> !(h.value().length() == 8
            && h.value().chars().allMatch(c -> c >= '0' && c <= '9')));
  }

  @Test
  void printableAsciiPasswordsStayInRangeAndLength() {
    qt().forAll(gen(r -> Passwords.printableAscii(r, 8, 20))).describedAs(String::new)
        .check(p -> p.length >= 8 && p.length <= 20
            && new String(p).chars().allMatch(c -> c >= 0x21 && c <= 0x7e));
  }

  @Test
  void lettersAndDigitsPasswordsHaveBoth() {
    qt().forAll(gen(r -> Passwords.lettersAndDigits(r, 8, 20))).describedAs(String::new)
        .check(p -> p.length >= 8 && p.length <= 20
            && new String(p).chars().anyMatch(Character::isDigit)
            && new String(p).chars().anyMatch(Character::isLetter)
            && new String(p).chars().allMatch(c -> c < 0x80 && Character.isLetterOrDigit(c)));
  }

  @Test
  void arbitraryPasswordsRespectMaxLength() {
    qt().forAll(gen(r -> Passwords.arbitrary(r, 40))).describedAs(String::new).check(p -> p.length <= 40);
  }

  @Test
  void weakPasswordsAreAtLeastEightLong() {
    qt().forAll(gen(Passwords::weak)).describedAs(String::new).check(p -> p.length >= 8);
  }

  @Test
  void instantsAroundABoundaryStayWithinAYear() {
    qt().forAll(gen(r -> Instants.around(r, CUTOFF)))
        .check(i -> Duration.between(CUTOFF, i).abs().compareTo(Duration.ofDays(367)) <= 0);
  }

  @Test
  void instantsBetweenStayBetween() {
    Instant a = Instant.parse("2020-01-01T00:00:00Z");
    Instant b = Instant.parse("2022-01-01T00:00:00Z");
    qt().forAll(gen(r -> Instants.betweenSeconds(r, a, b)))
        .check(i -> !i.isBefore(a) && !i.isAfter(b)
            && i.equals(i.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
  }

  @Test
  void clientCertificatesAreClientCertificates() {
    io.shomei.testing.qt.Qt.qt().withExamples(40)
        .forAll(gen(r -> Certificates.clientCertificate(r, CA, CUTOFF)))
        .check(c -> {
          try {
            c.certificate().verify(CA.publicKey());
            return c.certificate().getBasicConstraints() == -1
                && c.certificate().getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2")
                && !c.certificate().getNotAfter().toInstant()
                    .isBefore(c.certificate().getNotBefore().toInstant());
          } catch (java.security.GeneralSecurityException e) {
            return false;
          }
        });
  }

  @Test
  void sameSeedSameValue() {
    for (long seed : new long[] {0, 1, -7, 42, Long.MAX_VALUE}) {
      assertEquals(UserIds.valid(new SplittableRandom(seed)), UserIds.valid(new SplittableRandom(seed)));
      assertEquals(UserIds.hostile(new SplittableRandom(seed)),
          UserIds.hostile(new SplittableRandom(seed)));
      assertArrayEquals(Passwords.arbitrary(new SplittableRandom(seed), 30),
          Passwords.arbitrary(new SplittableRandom(seed), 30));
      assertEquals(Instants.around(new SplittableRandom(seed), CUTOFF),
          Instants.around(new SplittableRandom(seed), CUTOFF));
    }
  }
}
