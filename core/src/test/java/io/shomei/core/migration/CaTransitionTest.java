package io.shomei.core.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.testing.memory.InMemoryStorage;
import io.shomei.core.Shomei;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.EnrollmentResult;
import io.shomei.core.LoginResult;
import io.shomei.core.ServiceSettings;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.password.HashParameters;
import io.shomei.core.password.LetterFields;
import io.shomei.core.password.PasswordHasher;
import io.shomei.spi.CertificateStatus;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bank moving from its old issuing CA to a new one: trust anchors per service are separate from
 * the CA that issues, so during the transition logins accept certificates of both CAs while every
 * new certificate comes from the new CA.
 */
class CaTransitionTest {
  static final String FX = "fx-forward";
  static final TestCa OLD_CA = TestCa.root("Old Issuing CA");
  static final TestCa NEW_CA = TestCa.root("New Issuing CA");
  static final Instant NOW = Instant.parse("2021-01-10T01:00:00Z");
  static final CertificateProfile PROFILE =
      CertificateProfile.builder("fx-client", FX, "1.3.6.1.4.1.99999.1.1").build();

  final MutableClock clock = MutableClock.at(NOW);

  Shomei bank(List<X509Certificate> anchors) {
    Shomei.Builder b = Shomei.builder()
        .storage(new InMemoryStorage())
        .keyCustody(NEW_CA)
        .clock(clock)
        .zone(ZoneId.of("Asia/Tokyo"))
        .secureRandom(new SecureRandom())
        .passwordHasher(PasswordHasher.insecureForTestsOnly(
            new HashParameters.Argon2id(32, 1, 1), new SecureRandom()));
    if (anchors.isEmpty()) {
      b.service(PROFILE, RuleSet.of()); // trusts the custody's root only
    } else {
      b.service(new ServiceSettings(FX, PROFILE, anchors, RuleSet.of()));
    }
    return b.build();
  }

  static LetterFields enroll(Shomei shomei, String userId) {
    return ((EnrollmentResult.Enrolled) shomei.enrollment().enroll(userId, FX)).letter();
  }

  static X509Certificate oldCertificate(String userId) {
    return OLD_CA.leaf().commonName(userId).validity(Instant.parse("2020-06-01T00:00:00Z"),
        Instant.parse("2022-05-31T23:59:59Z")).issue().certificate();
  }

  @Test
  void loginAcceptsTheOldCasCertificatesWhileTheNewCaIssues() {
    Shomei shomei = bank(List.of(OLD_CA.certificate(), NEW_CA.certificate()));
    enroll(shomei, "10000001");
    LetterFields b = enroll(shomei, "10000002");

    X509Certificate old = oldCertificate("10000001");
    ImportResult imported = shomei.inventory().importCertificate(ImportRequest.of(old, FX),
        ActiveConflictPolicy.REFUSE);
    assertThat(((ImportResult.Imported) imported).record().status())
        .isEqualTo(CertificateStatus.ACTIVE);
    assertThat(shomei.login().presentCertificate(FX, List.of(old)))
        .isInstanceOf(LoginResult.PasswordRequired.class);

    AcquisitionResult acquired = shomei.acquisition().acquire(AcquisitionRequest.of(b.userId(), FX,
        b.temporaryPassword(), b.acquisitionPassword()));
    X509Certificate fresh = ((AcquisitionResult.Acquired) acquired).certificate();
    assertThat(fresh.getIssuerX500Principal())
        .isEqualTo(NEW_CA.certificate().getSubjectX500Principal());
    assertThat(shomei.login().presentCertificate(FX, List.of(fresh)))
        .isInstanceOf(LoginResult.PasswordRequired.class);
  }

  @Test
  void withoutTheOldAnchorTheOldCasCertificatesAreNeitherImportedNorAccepted() {
    Shomei shomei = bank(List.of());
    enroll(shomei, "10000001");
    X509Certificate old = oldCertificate("10000001");
    ImportResult r = shomei.inventory().importCertificate(ImportRequest.of(old, FX),
        ActiveConflictPolicy.REFUSE);
    assertThat(((ImportResult.Refused) r).reason()).isEqualTo(ImportRefusal.UNTRUSTED_CHAIN);
    LoginResult.CertificateStep login = shomei.login().presentCertificate(FX, List.of(old));
    assertThat(((LoginResult.Refused) login).certificateRefusal())
        .isEqualTo(AcceptanceRefusal.UNTRUSTED_CHAIN);
  }
}
