package io.shomei.core.ocsp;

import static io.shomei.core.ocsp.Ocsp.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.shomei.core.Shomei;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.password.HashParameters;
import io.shomei.core.password.PasswordHasher;
import io.shomei.spi.AccountKey;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.gen.Instants;
import io.shomei.testing.memory.InMemoryStorage;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.junit.jupiter.api.Test;

/**
 * One decision for both kinds of relying party: with a campaign that declares a revocation
 * reason, the engine's CRL lists a certificate exactly when its OCSP responder answers
 * {@code revoked}, with the same reason and time, and a CRL issued before the cut-over expires no
 * later than it (as the OCSP answer does).
 */
class RuleAwareCrlProperties {
  static final TestCa CA = OcspResponderTest.CA;
  static final Instant CUT_OVER = RuleAwareStatusProperties.CUT_OVER;
  static final Instant COHORT_END = RuleAwareStatusProperties.COHORT_END;

  @Test
  void theCrlListsACertificateExactlyWhenTheResponderSaysRevoked() {
    qt().withExamples(100).forAll(longs().all()).checkAssert(seed -> {
      try {
        check(seed);
      } catch (Exception e) {
        throw new AssertionError("seed " + seed, e);
      }
    });
  }

  /**
   * The case QuickTheories found: the certificate expired one millisecond before the CRL was
   * issued, a day before the cut-over. It is not "still good", so nothing binds the CRL's
   * nextUpdate to the cut-over (a relying party refuses it for its expiry); the CRL and the
   * responder still agree that it is not revoked.
   */
  @Test
  void aCertificateExpiredBeforeTheCrlDoesNotBindItsNextUpdateToTheCutOver() throws Exception {
    check(5);
  }

  static void check(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    Instant notBefore = Instants.around(random, COHORT_END, COHORT_END.plusSeconds(1))
        .truncatedTo(ChronoUnit.SECONDS);
    Instant notAfter = notBefore.plus(Duration.ofDays(random.nextInt(1, 800)));
    // from a month before the cut-over to the end of validity
    Instant now = Instants.around(random, CUT_OVER.minus(Duration.ofDays(30)), notAfter);
    String user = Long.toString(10_000_000L + random.nextLong(89_999_999L));
    AccountKey account = new AccountKey(user, "fx-forward");
    TestCa.Issued c = CA.leaf().commonName(user).validity(notBefore, notAfter).issue();
    InMemoryStorage storage = new InMemoryStorage();
    storage.certificates().record(c.record(account, notBefore));
    storage.certificates().activate(c.certificate().getSerialNumber(), null, notBefore);

    MutableClock clock = MutableClock.at(now);
    Shomei shomei = Shomei.builder().storage(storage).keyCustody(CA).clock(clock)
        .zone(ZoneId.of("Asia/Tokyo")).secureRandom(new SecureRandom())
        .passwordHasher(PasswordHasher.insecureForTestsOnly(
            new HashParameters.Argon2id(32, 1, 1), new SecureRandom()))
        .service(CertificateProfile.builder("fx", "fx-forward", "1.3.6.1.4.1.99999.1.1").build(),
            RuleAwareStatusProperties.DECLARING)
        .build();
    BigInteger serial = c.certificate().getSerialNumber();
    SingleResp ocsp = Ocsp.single(shomei.ocspResponder().build().post(request(CA, serial)),
        CA.publicKey());
    X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
        .generateCRL(new ByteArrayInputStream(shomei.crl().issue().der()));
    X509CRLEntry entry = crl.getRevokedCertificate(serial);

    String why = "seed " + seed + ", now " + now + ", notBefore " + notBefore + ", notAfter "
        + notAfter;
    assertThat(entry != null).as(why).isEqualTo(ocsp.getCertStatus() instanceof RevokedStatus);
    if (ocsp.getCertStatus() instanceof RevokedStatus revoked && entry != null) {
      assertThat(entry.getRevocationDate()).as(why).isEqualTo(revoked.getRevocationTime());
      assertThat(entry.getRevocationReason()).as(why).isEqualTo(CRLReason.CESSATION_OF_OPERATION);
    } else if (!notBefore.isAfter(COHORT_END) && now.isBefore(CUT_OVER)
        && !now.isAfter(notAfter)) {
      // affected and still good (valid now): neither answer may be kept past the cut-over
      assertThat(ocsp.getNextUpdate().toInstant()).as(why).isBeforeOrEqualTo(CUT_OVER);
      assertThat(crl.getNextUpdate().toInstant()).as(why).isBeforeOrEqualTo(CUT_OVER);
    }
  }
}
