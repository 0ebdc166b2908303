package io.shomei.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.password.HashParameters;
import io.shomei.core.password.LetterFields;
import io.shomei.core.password.PasswordHasher;
import io.shomei.spi.IssuerName;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.KeyCustodyException;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryStorage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.Test;

/**
 * Several CAs given to one engine: the one whose issuing window holds the instant issues, every
 * one publishes its own CRL and is health-checked, and the builder refuses windows that overlap or
 * leave an instant without an issuing CA.
 */
class SeveralIssuingCasTest {
  static final String FX = "fx-forward";
  static final String DEPOSITS = "deposits";
  static final TestCa OLD_CA = TestCa.root("Several Old CA");
  static final TestCa NEW_CA = TestCa.root("Several New CA G2");
  static final Instant CUT_OVER = Instant.parse("2021-02-23T15:00:00Z");
  static final CertificateProfile PROFILE =
      CertificateProfile.builder("fx-client", FX, "1.3.6.1.4.1.99999.1.1").build();
  static final CertificateProfile DEPOSITS_PROFILE =
      CertificateProfile.builder("deposit-client", DEPOSITS, "1.3.6.1.4.1.99999.1.2").build();

  final MutableClock clock = MutableClock.at(CUT_OVER.minusSeconds(3600));

  Shomei.Builder builder() {
    return Shomei.builder()
        .storage(new InMemoryStorage())
        .clock(clock)
        .zone(ZoneId.of("Asia/Tokyo"))
        .secureRandom(new SecureRandom())
        .passwordHasher(PasswordHasher.insecureForTestsOnly(
            new HashParameters.Argon2id(32, 1, 1), new SecureRandom()))
        .service(new ServiceSettings(FX, PROFILE,
            List.of(OLD_CA.certificate(), NEW_CA.certificate()), RuleSet.of()));
  }

  Shomei rollover() {
    return builder()
        .issuingCa(IssuingCa.of(OLD_CA).issuingUntil(CUT_OVER))
        .issuingCa(IssuingCa.of(NEW_CA).issuingFrom(CUT_OVER)
            .crlDistributionPoint(URI.create("http://pki.example.jp/crl/g2")))
        .build();
  }

  static AcquisitionResult.Acquired acquire(Shomei shomei, String userId) {
    LetterFields l = ((EnrollmentResult.Enrolled) shomei.enrollment().enroll(userId, FX)).letter();
    return (AcquisitionResult.Acquired) shomei.acquisition().acquire(AcquisitionRequest.of(
        l.userId(), FX, l.temporaryPassword(), l.acquisitionPassword()));
  }

  @Test
  void theOldCaIssuesUntilTheCutOverAndTheNewCaFromItWithItsOwnChainAndUrls() throws Exception {
    Shomei shomei = rollover();
    clock.set(CUT_OVER.minusMillis(1));
    AcquisitionResult.Acquired before = acquire(shomei, "10000001");
    clock.set(CUT_OVER);
    AcquisitionResult.Acquired after = acquire(shomei, "10000002");

    assertThat(before.certificate().getIssuerX500Principal())
        .isEqualTo(OLD_CA.certificate().getSubjectX500Principal());
    before.certificate().verify(OLD_CA.certificate().getPublicKey());
    assertThat(before.caChain()).isEqualTo(OLD_CA.certificateChain());
    assertThat(before.certificate().getExtensionValue(Extension.cRLDistributionPoints.getId()))
        .as("the old CA sets no CRL URL, and the profile none").isNull();

    assertThat(after.certificate().getIssuerX500Principal())
        .isEqualTo(NEW_CA.certificate().getSubjectX500Principal());
    after.certificate().verify(NEW_CA.certificate().getPublicKey());
    assertThat(after.caChain()).isEqualTo(NEW_CA.certificateChain());
    assertThat(crlUrl(after.certificate())).isEqualTo("http://pki.example.jp/crl/g2");

    assertThat(shomei.issuingCaAt(FX, CUT_OVER.minusNanos(1)).certificate())
        .isEqualTo(OLD_CA.certificate());
    assertThat(shomei.issuingCaAt(FX, CUT_OVER).certificate()).isEqualTo(NEW_CA.certificate());
    assertThat(shomei.issuingCas()).extracting(IssuingCa::certificate)
        .containsExactly(OLD_CA.certificate(), NEW_CA.certificate());
  }

  @Test
  void aResumedDownloadCarriesTheChainOfTheCaThatIssuedItNotOfTheCaIssuingNow() {
    Shomei shomei = rollover();
    clock.set(CUT_OVER.minusSeconds(60));
    LetterFields l = ((EnrollmentResult.Enrolled) shomei.enrollment().enroll("10000003", FX))
        .letter();
    AcquisitionResult.Acquired first = (AcquisitionResult.Acquired) shomei.acquisition().acquire(
        AcquisitionRequest.of(l.userId(), FX, ShomeiBank.copy(l.temporaryPassword()),
            ShomeiBank.copy(l.acquisitionPassword())));
    clock.set(CUT_OVER.plusSeconds(60));
    AcquisitionResult again = shomei.acquisition().acquire(
        AcquisitionRequest.of(l.userId(), FX, l.temporaryPassword(), l.acquisitionPassword()));

    assertThat(again).isInstanceOf(AcquisitionResult.Acquired.class);
    AcquisitionResult.Acquired resumed = (AcquisitionResult.Acquired) again;
    assertThat(resumed.serial()).as("the live download is resumed").isEqualTo(first.serial());
    assertThat(resumed.caChain()).isEqualTo(OLD_CA.certificateChain());
  }

  @Test
  void eachCaPublishesItsOwnCrlListingOnlyItsOwnRevocations() throws Exception {
    Shomei shomei = rollover();
    clock.set(CUT_OVER.minusSeconds(10));
    AcquisitionResult.Acquired old = acquire(shomei, "10000004");
    clock.set(CUT_OVER.plusSeconds(10));
    AcquisitionResult.Acquired fresh = acquire(shomei, "10000005");
    shomei.operator("op-1").revoke(IssuerName.ofCa(OLD_CA.certificate()), old.serial(),
        RevocationReason.KEY_COMPROMISE);

    assertThat(shomei.crls()).hasSize(2);
    assertThatThrownBy(shomei::crl).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("crls()");
    String oldId = IssuingCa.of(OLD_CA).keyId();
    String newId = IssuingCa.of(NEW_CA).keyId();
    X509CRL oldCrl = parse(shomei.crl(oldId).orElseThrow().issue().der());
    X509CRL newCrl = parse(shomei.crl(newId).orElseThrow().issue().der());
    assertThat(shomei.crl("00")).isEmpty();

    oldCrl.verify(OLD_CA.certificate().getPublicKey());
    newCrl.verify(NEW_CA.certificate().getPublicKey());
    assertThat(oldCrl.getIssuerX500Principal())
        .isEqualTo(OLD_CA.certificate().getSubjectX500Principal());
    assertThat(oldCrl.getRevokedCertificate(old.serial())).isNotNull();
    assertThat(newCrl.getRevokedCertificate(old.serial())).isNull();
    assertThat(newCrl.getRevokedCertificates()).isNull();
    assertThat(shomei.crl(newId).orElseThrow().issuingCa().certificate())
        .isEqualTo(NEW_CA.certificate());
    assertThat(fresh.certificate().getIssuerX500Principal())
        .as("the new CA issued after the cut-over and revoked nothing")
        .isEqualTo(newCrl.getIssuerX500Principal());
  }

  @Test
  void healthTestSignsWithEveryCaAndNamesTheOneThatFails() {
    Shomei up = rollover();
    Health h = up.health();
    assertThat(h.check(Health.Kind.KEY_CUSTODY).orElseThrow().status())
        .isEqualTo(Health.Status.UP);
    assertThat(h.check(Health.Kind.KEY_CUSTODY).orElseThrow().detail()).startsWith("2 CAs; ");

    Shomei down = builder()
        .issuingCa(IssuingCa.of(OLD_CA).issuingUntil(CUT_OVER))
        .issuingCa(IssuingCa.of(new Lost(NEW_CA)).issuingFrom(CUT_OVER))
        .build();
    Health.Check custody = down.health().check(Health.Kind.KEY_CUSTODY).orElseThrow();
    assertThat(custody.status()).isEqualTo(Health.Status.DOWN);
    assertThat(custody.detail()).contains(IssuingCa.of(NEW_CA).keyId())
        .contains(KeyCustodyException.class.getName());
  }

  @Test
  void aCaLimitedToOneServiceIssuesForItWhileAnotherCaIssuesForTheRest() {
    Shomei shomei = builder()
        .service(new ServiceSettings(DEPOSITS, DEPOSITS_PROFILE,
            List.of(OLD_CA.certificate(), NEW_CA.certificate()), RuleSet.of()))
        .issuingCa(IssuingCa.of(OLD_CA).forServices(FX))
        .issuingCa(IssuingCa.of(NEW_CA).forServices(DEPOSITS))
        .build();
    assertThat(shomei.issuingCaAt(FX, CUT_OVER).certificate()).isEqualTo(OLD_CA.certificate());
    assertThat(shomei.issuingCaAt(DEPOSITS, CUT_OVER).certificate())
        .isEqualTo(NEW_CA.certificate());
    assertThat(acquire(shomei, "10000007").certificate().getIssuerX500Principal())
        .isEqualTo(OLD_CA.certificate().getSubjectX500Principal());
    LetterFields l = ((EnrollmentResult.Enrolled) shomei.enrollment().enroll("10000008",
        DEPOSITS)).letter();
    AcquisitionResult.Acquired deposit = (AcquisitionResult.Acquired) shomei.acquisition()
        .acquire(AcquisitionRequest.of(l.userId(), DEPOSITS, l.temporaryPassword(),
            l.acquisitionPassword()));
    assertThat(deposit.certificate().getIssuerX500Principal())
        .isEqualTo(NEW_CA.certificate().getSubjectX500Principal());
    assertThatThrownBy(() -> builder().issuingCa(IssuingCa.of(OLD_CA))
        .service(new ServiceSettings(DEPOSITS, DEPOSITS_PROFILE,
            List.of(OLD_CA.certificate()), RuleSet.of()))
        .issuingCa(IssuingCa.of(NEW_CA).forServices(DEPOSITS)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("service " + DEPOSITS);
  }

  @Test
  void theBuilderRefusesOverlappingGappedAndAmbiguousCas() {
    Instant later = CUT_OVER.plusSeconds(1);
    assertRefused(b -> b.keyCustody(OLD_CA).issuingCa(IssuingCa.of(NEW_CA).issuingFrom(CUT_OVER)),
        "overlap");
    assertRefused(b -> b.issuingCa(IssuingCa.of(OLD_CA).issuingUntil(CUT_OVER))
        .issuingCa(IssuingCa.of(NEW_CA).issuingFrom(later)), "no CA issues for service " + FX
        + " from " + CUT_OVER);
    assertRefused(b -> b.issuingCa(IssuingCa.of(NEW_CA).issuingFrom(CUT_OVER)),
        "no CA issues for service " + FX + " before " + CUT_OVER);
    assertRefused(b -> b.issuingCa(IssuingCa.of(OLD_CA).issuingUntil(CUT_OVER)),
        "from " + CUT_OVER + " on");
    assertRefused(b -> b.issuingCa(IssuingCa.of(OLD_CA).statusOnly()),
        "no CA issues for service " + FX);
    assertRefused(b -> b.issuingCa(IssuingCa.of(OLD_CA)).issuingCa(IssuingCa.of(OLD_CA)),
        "given twice");
    TestCa sameName = TestCa.root("Several Old CA");
    assertRefused(b -> b.issuingCa(IssuingCa.of(OLD_CA).issuingUntil(CUT_OVER))
        .issuingCa(IssuingCa.of(sameName).issuingFrom(CUT_OVER)), "a name of its own");
    assertRefused(b -> b.issuingCa(IssuingCa.of(OLD_CA).forServices("loans")), "loans");
    assertRefused(b -> b, "keyCustody (or issuingCa) is required");

    assertThatThrownBy(() -> IssuingCa.of(OLD_CA).issuingFrom(CUT_OVER).issuingUntil(CUT_OVER))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IssuingCa.of(OLD_CA).statusOnly().issuingFrom(CUT_OVER))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> IssuingCa.of(OLD_CA).crlDistributionPoint(URI.create("file:/x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStatusOnlyCaNeverIssuesButPublishesItsCrl() {
    Shomei shomei = builder()
        .issuingCa(IssuingCa.of(OLD_CA).statusOnly())
        .issuingCa(IssuingCa.of(NEW_CA))
        .build();
    clock.set(CUT_OVER.minusSeconds(86_400));
    assertThat(acquire(shomei, "10000006").certificate().getIssuerX500Principal())
        .isEqualTo(NEW_CA.certificate().getSubjectX500Principal());
    assertThat(shomei.crls()).extracting(p -> p.issuingCa().certificate())
        .containsExactly(OLD_CA.certificate(), NEW_CA.certificate());
    assertThat(shomei.crls().get(0).issue().crlNumber()).isPositive();
  }

  void assertRefused(UnaryOperator<Shomei.Builder> cas, String message) {
    assertThatThrownBy(() -> cas.apply(builder()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(message);
  }

  static String crlUrl(X509Certificate c) {
    byte[] ext = c.getExtensionValue(Extension.cRLDistributionPoints.getId());
    CRLDistPoint points = CRLDistPoint.getInstance(ASN1OctetString.getInstance(ext).getOctets());
    GeneralName name = GeneralNames.getInstance(
        points.getDistributionPoints()[0].getDistributionPoint().getName()).getNames()[0];
    return name.getName().toString();
  }

  static X509CRL parse(byte[] der) throws Exception {
    return (X509CRL) CertificateFactory.getInstance("X.509")
        .generateCRL(new ByteArrayInputStream(der));
  }

  /** A custody whose token is gone: it still knows its certificate, but signs nothing. */
  static final class Lost implements KeyCustody {
    private final TestCa ca;

    Lost(TestCa ca) {
      this.ca = ca;
    }

    @Override
    public List<X509Certificate> certificateChain() {
      return ca.certificateChain();
    }

    @Override
    public Set<String> signatureAlgorithms() {
      return ca.signatureAlgorithms();
    }

    @Override
    public byte[] sign(String algorithm, byte[] data) {
      throw new KeyCustodyException("token removed (test)", null);
    }
  }
}
