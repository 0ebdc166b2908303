package io.shomei.core.ocsp;

import static io.shomei.core.ocsp.Ocsp.request;
import static io.shomei.core.ocsp.Ocsp.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

/**
 * One responder for several CAs (an old CA that only publishes status and a new one that issues):
 * each request is answered from the records of the CA its CertID names, signed for that CA.
 */
class SeveralCasTest {
  static final TestCa OLD = TestCa.root("Shomei Old Issuing CA");
  static final TestCa NEW = TestCa.root("Shomei New Issuing CA");
  static final TestCa FOREIGN = OcspResponderTest.OTHER;
  /** A new key under the old CA's name: a rollover that keeps the name. */
  static final TestCa SAME_NAME_NEW_KEY = TestCa.root("Shomei Old Issuing CA");
  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  static final BigInteger SHARED = new BigInteger("7e57ab1e0001", 16);

  final MutableClock clock = MutableClock.at(T0);
  final InMemoryCertificateStore store = new InMemoryCertificateStore();

  OcspResponder.Builder twoCas() {
    return OcspResponder.builder().certificateStore(store).keyCustody(OLD).keyCustody(NEW)
        .clock(clock);
  }

  /** Records and activates a certificate of {@code ca} for a user of fx-forward. */
  CertificateRecord active(TestCa ca, String user, BigInteger serial) {
    AccountKey account = new AccountKey(user, "fx-forward");
    TestCa.Issued c = ca.leaf().commonName(user).serial(serial).issue();
    CertificateRecord r = c.record(account, clock.instant());
    store.record(r);
    store.activate(r.issuer(), serial, null, clock.instant());
    return r;
  }

  static RespID responderId(TestCa signer) throws Exception {
    return new RespID(SubjectPublicKeyInfo.getInstance(signer.publicKey().getEncoded()),
        new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1));
  }

  @Test
  void theSameSerialUnderTwoCasIsAnsweredFromEachCasOwnRecordAndSignedByThatCa()
      throws Exception {
    CertificateRecord old = active(OLD, "12345678", SHARED);
    active(NEW, "12345679", SHARED);
    store.revoke(old.issuer(), SHARED, RevocationReason.CESSATION_OF_OPERATION, clock.instant());
    OcspResponder ocsp = twoCas().build();

    OcspAnswer underOld = ocsp.post(request(OLD, SHARED));
    SingleResp o = single(underOld, OLD.publicKey());
    assertThat(o.getCertStatus()).isInstanceOf(RevokedStatus.class);
    assertThat(((RevokedStatus) o.getCertStatus()).getRevocationReason()).isEqualTo(5);
    assertThat(Ocsp.basic(underOld, OLD.publicKey()).getResponderId())
        .isEqualTo(responderId(OLD));

    OcspAnswer underNew = ocsp.post(request(NEW, SHARED));
    assertThat(single(underNew, NEW.publicKey()).getCertStatus()).isNull(); // good
    assertThat(Ocsp.basic(underNew, NEW.publicKey()).getResponderId())
        .isEqualTo(responderId(NEW));

    // a serial only one CA issued is unknown under the other; a foreign issuer is unauthorized
    BigInteger onlyNew = new BigInteger("7e57ab1e0002", 16);
    active(NEW, "12345680", onlyNew);
    assertThat(single(ocsp.post(request(OLD, onlyNew)), OLD.publicKey()).getCertStatus())
        .isInstanceOf(UnknownStatus.class);
    assertThat(single(ocsp.post(request(NEW, onlyNew)), NEW.publicKey()).getCertStatus())
        .isNull();
    assertThat(ocsp.post(request(FOREIGN, SHARED)).outcome())
        .isEqualTo(OcspAnswer.Outcome.UNAUTHORIZED);
  }

  /**
   * Two CAs with the same name and different keys keep their serials under one issuer name in the
   * store: a certificate of the one must still be unknown when asked under the other's key.
   */
  @Test
  void aCertificateOfOneKeyIsUnknownUnderAnotherKeyOfTheSameName() throws Exception {
    BigInteger serial = new BigInteger("7e57ab1e0003", 16);
    active(OLD, "12345678", serial);
    OcspResponder ocsp = OcspResponder.builder().certificateStore(store).keyCustody(OLD)
        .keyCustody(SAME_NAME_NEW_KEY).clock(clock).build();
    assertThat(single(ocsp.post(request(OLD, serial)), OLD.publicKey()).getCertStatus()).isNull();
    assertThat(single(ocsp.post(request(SAME_NAME_NEW_KEY, serial)), SAME_NAME_NEW_KEY.publicKey())
        .getCertStatus()).isInstanceOf(UnknownStatus.class);
  }

  @Test
  void aRequestNamingSeveralIssuersIsAnsweredByTheFirstOfOurCasItNamesOthersUnknown()
      throws Exception {
    active(OLD, "12345678", SHARED);
    active(NEW, "12345679", SHARED);
    OcspResponder ocsp = twoCas().build();

    byte[] newFirst = new OCSPReqBuilder()
        .addRequest(Ocsp.id(NEW.certificate(), SHARED, false))
        .addRequest(Ocsp.id(OLD.certificate(), SHARED, false))
        .addRequest(Ocsp.id(FOREIGN.certificate(), SHARED, false)).build().getEncoded();
    SingleResp[] r = Ocsp.basic(ocsp.post(newFirst), NEW.publicKey()).getResponses();
    assertThat(r[0].getCertStatus()).isNull();
    assertThat(r[1].getCertStatus()).isInstanceOf(UnknownStatus.class);
    assertThat(r[2].getCertStatus()).isInstanceOf(UnknownStatus.class);

    byte[] foreignFirst = new OCSPReqBuilder()
        .addRequest(Ocsp.id(FOREIGN.certificate(), SHARED, false))
        .addRequest(Ocsp.id(OLD.certificate(), SHARED, true)).build().getEncoded();
    SingleResp[] f = Ocsp.basic(ocsp.post(foreignFirst), OLD.publicKey()).getResponses();
    assertThat(f[0].getCertStatus()).isInstanceOf(UnknownStatus.class);
    assertThat(f[1].getCertStatus()).isNull();
  }

  @Test
  void eachCaHasItsOwnDelegatedResponderOrSignsItself() throws Exception {
    TestCa oldResponderKey = TestCa.root("placeholder for the old CA's responder key");
    active(OLD, "12345678", SHARED);
    active(NEW, "12345679", SHARED);
    OcspResponder ocsp = twoCas()
        .delegatedResponder(OLD, oldResponderKey, Duration.ofDays(3)).build();

    OcspAnswer underOld = ocsp.post(request(OLD, SHARED));
    BasicOCSPResp basic = Ocsp.basic(underOld, oldResponderKey.publicKey());
    X509Certificate responder = ocsp.signerCertificate(OLD);
    assertThat(basic.getCerts()).hasSize(1);
    assertThat(basic.getCerts()[0].getEncoded()).isEqualTo(responder.getEncoded());
    responder.verify(OLD.publicKey());
    assertThat(responder.getIssuerX500Principal())
        .isEqualTo(OLD.certificate().getSubjectX500Principal());

    BasicOCSPResp byNew = Ocsp.basic(ocsp.post(request(NEW, SHARED)), NEW.publicKey());
    assertThat(byNew.getCerts()).isEmpty();
    assertThat(ocsp.signerCertificate(NEW)).isEqualTo(NEW.certificate());

    assertThatThrownBy(ocsp::signerCertificate).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2 CAs");
    assertThatThrownBy(() -> ocsp.signerCertificate(FOREIGN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cachedAnswersAreKeptPerCa() throws Exception {
    CertificateRecord old = active(OLD, "12345678", SHARED);
    active(NEW, "12345679", SHARED);
    store.revoke(old.issuer(), SHARED, RevocationReason.KEY_COMPROMISE, clock.instant());
    OcspResponder ocsp = twoCas().cacheFor(Duration.ofMinutes(5)).build();
    String underOld = Base64.getEncoder().encodeToString(request(OLD, SHARED));
    String underNew = Base64.getEncoder().encodeToString(request(NEW, SHARED));
    for (int i = 0; i < 2; i++) {
      assertThat(single(ocsp.get(underOld), OLD.publicKey()).getCertStatus())
          .isInstanceOf(RevokedStatus.class);
      assertThat(single(ocsp.get(underNew), NEW.publicKey()).getCertStatus()).isNull();
    }
    assertThat(((OcspEngine) ocsp).cached()).isEqualTo(2);
  }

  @Test
  void errorsAreUnchangedWithSeveralCas() throws Exception {
    OcspResponder ocsp = twoCas().build();
    OcspAnswer a = ocsp.post(new byte[] {0x30, 0x00});
    assertThat(a.outcome()).isEqualTo(OcspAnswer.Outcome.MALFORMED_REQUEST);
    assertThat(Ocsp.errorStatus(a)).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    assertThat(ocsp.post(new byte[OcspResponder.MAX_REQUEST_BYTES + 1]).httpStatus())
        .isEqualTo(413);
  }

  @Test
  void theBuilderRefusesTheSameCaTwiceAndADelegatedResponderWithoutItsCa() {
    assertThatThrownBy(() -> OcspResponder.builder().keyCustody(OLD).keyCustody(OLD))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already given");
    // "the only CA" is ambiguous with two
    assertThatThrownBy(() -> twoCas().delegatedResponder(FOREIGN, Duration.ofDays(1)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("delegatedResponder(ca, key, validity)");
    assertThatThrownBy(() -> twoCas().delegatedResponder(FOREIGN, OLD, Duration.ofDays(1))
        .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("not given");
    assertThatThrownBy(() -> twoCas().delegatedResponder(OLD, FOREIGN, Duration.ofDays(1))
        .delegatedResponder(OLD, NEW, Duration.ofDays(1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already set");
    assertThatThrownBy(() -> OcspResponder.builder().certificateStore(store).keyCustody(OLD)
        .clock(clock).delegatedResponder(FOREIGN, Duration.ofDays(1))
        .delegatedResponder(OLD, NEW, Duration.ofDays(1)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> twoCas().delegatedResponder(OLD, FOREIGN, Duration.ofDays(91)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OcspResponder.builder().certificateStore(store).clock(clock).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("keyCustody");
  }
}
