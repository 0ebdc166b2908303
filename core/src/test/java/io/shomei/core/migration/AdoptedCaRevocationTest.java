package io.shomei.core.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.CertificateCheck;
import io.shomei.core.EnrollmentResult;
import io.shomei.core.LoginResult;
import io.shomei.core.Refusal;
import io.shomei.core.ServiceSettings;
import io.shomei.core.Shomei;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.identity.CrlLoad;
import io.shomei.core.identity.CrlRefusal;
import io.shomei.core.identity.IssuerCrls;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.password.HashParameters;
import io.shomei.core.password.PasswordHasher;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryStorage;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Certificates of an adopted (legacy) CA whose records were imported ACTIVE, and which that CA
 * revoked on its own CRL: login honours the CA's CRL once the host loads it, for the customer's
 * certificate and for a revoked intermediate CA, and a CA configured to require a CRL refuses its
 * certificates while no current one is loaded.
 */
class AdoptedCaRevocationTest {
  static final String FX = "fx-forward";
  static final TestCa NEW_CA = TestCa.root("New Issuing CA");
  /** The legacy hierarchy: a root, and two intermediates that issued customers' certificates. */
  static final TestCa LEGACY_ROOT = TestCa.root("Legacy Root CA");
  static final TestCa LEGACY_A = LEGACY_ROOT.intermediate("Legacy Issuing CA A");
  static final TestCa LEGACY_B = LEGACY_ROOT.intermediate("Legacy Issuing CA B");
  static final Instant NOW = Instant.parse("2026-01-02T01:00:00Z");
  static final CertificateProfile PROFILE =
      CertificateProfile.builder("fx-client", FX, "1.3.6.1.4.1.99999.1.1").build();

  final MutableClock clock = MutableClock.at(NOW);

  Shomei bank(IssuerCrls crls) {
    return Shomei.builder()
        .storage(new InMemoryStorage())
        .keyCustody(NEW_CA)
        .clock(clock)
        .zone(ZoneId.of("Asia/Tokyo"))
        .secureRandom(new SecureRandom())
        .passwordHasher(PasswordHasher.insecureForTestsOnly(
            new HashParameters.Argon2id(32, 1, 1), new SecureRandom()))
        .service(new ServiceSettings(FX, PROFILE,
            List.of(NEW_CA.certificate(), LEGACY_ROOT.rootCertificate()), RuleSet.of()))
        .issuerCrls(crls)
        .build();
  }

  /** Enrolls the user and imports a legacy certificate of {@code ca} for them, ACTIVE. */
  static X509Certificate imported(Shomei shomei, TestCa ca, String userId) {
    assertThat(shomei.enrollment().enroll(userId, FX)).isInstanceOf(EnrollmentResult.Enrolled.class);
    X509Certificate c = ca.leaf().commonName(userId).validity(
        Instant.parse("2025-06-01T00:00:00Z"), Instant.parse("2027-05-31T23:59:59Z"))
        .issue().certificate();
    assertThat(shomei.inventory().importCertificate(ImportRequest.of(c, FX).withIntermediates(List.of(ca.certificate())),
        ActiveConflictPolicy.REFUSE)).isInstanceOf(ImportResult.Imported.class);
    return c;
  }

  static List<X509Certificate> chain(X509Certificate leaf, TestCa ca) {
    return List.of(leaf, ca.certificate());
  }

  static LoginResult.CertificateStep login(Shomei shomei, X509Certificate leaf, TestCa ca) {
    return shomei.login().presentCertificate(FX, chain(leaf, ca));
  }

  static AcceptanceRefusal refusal(LoginResult.CertificateStep step) {
    assertThat(step).isInstanceOf(LoginResult.Refused.class);
    LoginResult.Refused r = (LoginResult.Refused) step;
    assertThat(r.refusal()).isInstanceOf(Refusal.CertificateRejected.class);
    return ((Refusal.CertificateRejected) r.refusal()).reason();
  }

  @Test
  void aLegacyCertificateRevokedOnItsOwnCasCrlIsRefusedAtLogin() {
    IssuerCrls crls = IssuerCrls.builder().consult(LEGACY_A.certificate()).build();
    Shomei shomei = bank(crls);
    X509Certificate revoked = imported(shomei, LEGACY_A, "10000001");
    X509Certificate kept = imported(shomei, LEGACY_A, "10000002");
    // the record says ACTIVE and no CRL is loaded: both log in
    assertThat(login(shomei, revoked, LEGACY_A)).isInstanceOf(LoginResult.PasswordRequired.class);

    CrlLoad load = crls.load(LEGACY_A.crl().revoke(revoked).der());
    assertThat(load).isInstanceOf(CrlLoad.Loaded.class);
    assertThat(((CrlLoad.Loaded) load).entries()).isEqualTo(1);

    LoginResult.CertificateStep step = login(shomei, revoked, LEGACY_A);
    assertThat(refusal(step)).isEqualTo(AcceptanceRefusal.REVOKED_BY_ISSUER);
    assertThat(((LoginResult.Refused) step).detail())
        .contains("the certificate is revoked on its issuer's CRL").contains("keyCompromise");
    assertThat(login(shomei, kept, LEGACY_A)).isInstanceOf(LoginResult.PasswordRequired.class);
    // the page's certificate check gives the same answer as login
    CertificateCheck check = shomei.certificates().check(FX, chain(revoked, LEGACY_A));
    assertThat(((CertificateCheck.Refused) check).refusal())
        .isEqualTo(new Refusal.CertificateRejected(AcceptanceRefusal.REVOKED_BY_ISSUER));
  }

  @Test
  void aCertificateUnderARevokedIntermediateIsRefusedAtLogin() {
    IssuerCrls crls = IssuerCrls.builder().consult(LEGACY_ROOT.rootCertificate()).build();
    Shomei shomei = bank(crls);
    X509Certificate underRevokedCa = imported(shomei, LEGACY_A, "10000001");
    X509Certificate underOtherCa = imported(shomei, LEGACY_B, "10000002");
    assertThat(login(shomei, underRevokedCa, LEGACY_A))
        .isInstanceOf(LoginResult.PasswordRequired.class);

    assertThat(crls.load(LEGACY_ROOT.crl()
        .revoke(LEGACY_A.certificate().getSerialNumber(), NOW.minusSeconds(3600), 2).der()))
        .isInstanceOf(CrlLoad.Loaded.class);

    LoginResult.CertificateStep step = login(shomei, underRevokedCa, LEGACY_A);
    assertThat(refusal(step)).isEqualTo(AcceptanceRefusal.REVOKED_BY_ISSUER);
    assertThat(((LoginResult.Refused) step).detail())
        .contains("CA certificate 1 of the path is revoked").contains("cACompromise");
    assertThat(login(shomei, underOtherCa, LEGACY_B))
        .isInstanceOf(LoginResult.PasswordRequired.class);
  }

  @Test
  void aCaThatRequiresACrlRefusesItsCertificatesWhileNoneIsCurrent() {
    IssuerCrls crls = IssuerCrls.builder().require(LEGACY_A.certificate()).build();
    Shomei shomei = bank(crls);
    X509Certificate legacy = imported(shomei, LEGACY_A, "10000001");
    X509Certificate other = imported(shomei, LEGACY_B, "10000002");

    LoginResult.CertificateStep missing = login(shomei, legacy, LEGACY_A);
    assertThat(refusal(missing)).isEqualTo(AcceptanceRefusal.REVOCATION_STATUS_UNKNOWN);
    assertThat(((LoginResult.Refused) missing).detail()).contains("none is loaded");
    // another CA that requires nothing is not affected
    assertThat(login(shomei, other, LEGACY_B)).isInstanceOf(LoginResult.PasswordRequired.class);

    crls.load(LEGACY_A.crl().validity(NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1))).der());
    assertThat(login(shomei, legacy, LEGACY_A)).isInstanceOf(LoginResult.PasswordRequired.class);

    clock.set(NOW.plus(Duration.ofDays(1)).plusSeconds(1)); // one second past nextUpdate
    LoginResult.CertificateStep stale = login(shomei, legacy, LEGACY_A);
    assertThat(refusal(stale)).isEqualTo(AcceptanceRefusal.REVOCATION_STATUS_UNKNOWN);
    assertThat(((LoginResult.Refused) stale).detail()).contains("stale");

    crls.load(LEGACY_A.crl().number(BigInteger.TWO)
        .validity(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2))).der());
    assertThat(login(shomei, legacy, LEGACY_A)).isInstanceOf(LoginResult.PasswordRequired.class);
  }

  @Test
  void anOlderCrlCannotUndoARevocation() {
    IssuerCrls crls = IssuerCrls.builder().consult(LEGACY_A.certificate()).build();
    Shomei shomei = bank(crls);
    X509Certificate revoked = imported(shomei, LEGACY_A, "10000001");
    byte[] before = LEGACY_A.crl().number(BigInteger.ONE).der();
    byte[] after = LEGACY_A.crl().number(BigInteger.TWO).revoke(revoked).der();
    assertThat(crls.load(after)).isInstanceOf(CrlLoad.Loaded.class);

    CrlLoad replay = crls.load(before);
    assertThat(((CrlLoad.Refused) replay).reason()).isEqualTo(CrlRefusal.NOT_NEWER_THAN_LOADED);
    assertThat(refusal(login(shomei, revoked, LEGACY_A)))
        .isEqualTo(AcceptanceRefusal.REVOKED_BY_ISSUER);
    assertThat(crls.load(after)).as("the same CRL again").isInstanceOf(CrlLoad.Loaded.class);
    assertThat(crls.loaded()).singleElement()
        .satisfies(l -> assertThat(l.crlNumber()).isEqualTo(BigInteger.TWO));
  }

  @Test
  void aCrlSignedByAnotherKeyUnderTheCasNameChangesNothing() {
    IssuerCrls crls = IssuerCrls.builder().consult(LEGACY_A.certificate()).build();
    Shomei shomei = bank(crls);
    X509Certificate legacy = imported(shomei, LEGACY_A, "10000001");
    TestCa impostor = LEGACY_ROOT.intermediate("Legacy Issuing CA A"); // same name, other key
    CrlLoad forged = crls.load(impostor.crl().revoke(legacy).der());
    assertThat(((CrlLoad.Refused) forged).reason()).isEqualTo(CrlRefusal.BAD_SIGNATURE);
    assertThat(login(shomei, legacy, LEGACY_A)).isInstanceOf(LoginResult.PasswordRequired.class);
  }
}
