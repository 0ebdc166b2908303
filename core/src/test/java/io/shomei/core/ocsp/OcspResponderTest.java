package io.shomei.core.ocsp;

import static io.shomei.core.ocsp.Ocsp.request;
import static io.shomei.core.ocsp.Ocsp.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.audit.AuditTrail;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.StorageException;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.ForwardingCertificateStore;
import io.shomei.testing.memory.InMemoryAuditLog;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.junit.jupiter.api.Test;

/** The responder over in-memory records: statuses, nonce, GET and POST, errors, caching, signers. */
class OcspResponderTest {
  static final TestCa CA = TestCa.root("OCSP Test CA");
  static final TestCa OTHER = TestCa.root("Another CA");
  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  static final AccountKey ALICE = new AccountKey("12345678", "fx-forward");
  static final AccountKey BOB = new AccountKey("12345679", "fx-forward");

  final MutableClock clock = MutableClock.at(T0);
  final InMemoryCertificateStore store = new InMemoryCertificateStore();

  OcspResponder responder() {
    return OcspResponder.builder().certificateStore(store).keyCustody(CA).clock(clock).build();
  }

  BigInteger activeCertificate(AccountKey account) {
    TestCa.Issued c = CA.leaf().commonName(account.userId()).issue();
    store.record(c.record(account, clock.instant()));
    BigInteger expected = store.findActive(account).map(CertificateRecord::serial).orElse(null);
    store.activate(c.certificate().getSerialNumber(), expected, clock.instant());
    return c.certificate().getSerialNumber();
  }

  @Test
  void answersGoodRevokedSupersededAndUnknownFromTheRecordsAtTheMomentOfTheRequest()
      throws Exception {
    OcspResponder ocsp = responder();
    BigInteger first = activeCertificate(ALICE);
    BigInteger bob = activeCertificate(BOB);

    SingleResp good = single(ocsp.post(request(CA, first)), CA.publicKey());
    assertThat(good.getCertStatus()).isNull(); // CertificateStatus.GOOD
    assertThat(good.getThisUpdate().toInstant()).isEqualTo(T0);
    assertThat(good.getNextUpdate().toInstant()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(good.getCertID().getSerialNumber()).isEqualTo(first);

    // superseded: revoked with reason superseded at the instant of supersession
    clock.advance(Duration.ofMinutes(3));
    Instant supersededAt = clock.instant();
    BigInteger second = activeCertificate(ALICE);
    SingleResp superseded = single(ocsp.post(request(CA, first)), CA.publicKey());
    assertThat(superseded.getCertStatus()).isInstanceOf(RevokedStatus.class);
    RevokedStatus s = (RevokedStatus) superseded.getCertStatus();
    assertThat(s.getRevocationReason()).isEqualTo(4);
    assertThat(s.getRevocationTime().toInstant()).isEqualTo(supersededAt);
    assertThat(single(ocsp.post(request(CA, second)), CA.publicKey()).getCertStatus()).isNull();

    // revoked by an operator: the reason and time of the record, at once (no cache by default)
    clock.advance(Duration.ofSeconds(1));
    store.revoke(bob, RevocationReason.KEY_COMPROMISE, clock.instant());
    RevokedStatus r =
        (RevokedStatus) single(ocsp.post(request(CA, bob)), CA.publicKey()).getCertStatus();
    assertThat(r.getRevocationReason()).isEqualTo(1);
    assertThat(r.getRevocationTime().toInstant()).isEqualTo(clock.instant());

    // unspecified: revoked, the reason left out as in the CRL
    store.revoke(second, RevocationReason.UNSPECIFIED, clock.instant());
    RevokedStatus u =
        (RevokedStatus) single(ocsp.post(request(CA, second)), CA.publicKey()).getCertStatus();
    assertThat(u.hasRevocationReason()).isFalse();

    // a serial never issued, and a record another CA issued: unknown
    assertThat(single(ocsp.post(request(CA, BigInteger.valueOf(424242))), CA.publicKey())
        .getCertStatus()).isInstanceOf(UnknownStatus.class);
    TestCa.Issued foreign = OTHER.leaf().commonName("55555555").issue();
    store.record(foreign.record(new AccountKey("55555555", "fx-forward"), clock.instant()));
    assertThat(single(ocsp.post(request(CA, foreign.certificate().getSerialNumber())),
        CA.publicKey()).getCertStatus()).isInstanceOf(UnknownStatus.class);
  }

  /**
   * An adopted CA used the serial of one of our certificates: the responder answers for our
   * certificate under our CA, whatever the other CA's record says, and a serial only the other CA
   * used is unknown under ours.
   */
  @Test
  void aSerialAnotherIssuerAlsoUsedIsAnsweredForOurIssuerOnly() throws Exception {
    BigInteger shared = new BigInteger("5ba7ed5e71a1", 16);
    AccountKey adopted = new AccountKey("55555556", "fx-forward");
    TestCa.Issued theirs = OTHER.leaf().commonName(adopted.userId()).serial(shared).issue();
    store.record(theirs.record(adopted, clock.instant()));
    store.revoke(theirs.record(adopted, clock.instant()).issuer(), shared,
        RevocationReason.KEY_COMPROMISE, clock.instant());
    TestCa.Issued ours = CA.leaf().commonName(ALICE.userId()).serial(shared).issue();
    store.record(ours.record(ALICE, clock.instant()));
    store.activate(ours.record(ALICE, clock.instant()).issuer(), shared, null, clock.instant());

    OcspResponder ocsp = responder();
    assertThat(single(ocsp.post(request(CA, shared)), CA.publicKey()).getCertStatus()).isNull();

    BigInteger onlyTheirs = new BigInteger("5ba7ed5e71a2", 16);
    TestCa.Issued other = OTHER.leaf().commonName("55555557").serial(onlyTheirs).issue();
    store.record(other.record(new AccountKey("55555557", "fx-forward"), clock.instant()));
    assertThat(single(ocsp.post(request(CA, onlyTheirs)), CA.publicKey()).getCertStatus())
        .isInstanceOf(UnknownStatus.class);
  }

  @Test
  void aSha256CertIdIsAnsweredLikeASha1One() throws Exception {
    BigInteger serial = activeCertificate(ALICE);
    byte[] req = new OCSPReqBuilder().addRequest(Ocsp.id(CA.certificate(), serial, true)).build()
        .getEncoded();
    SingleResp r = single(responder().post(req), CA.publicKey());
    assertThat(r.getCertStatus()).isNull();
    assertThat(r.getCertID().getHashAlgOID().getId()).isEqualTo("2.16.840.1.101.3.4.2.1");
  }

  @Test
  void echoesTheNonceAndRefusesOneLongerThan32Octets() throws Exception {
    BigInteger serial = activeCertificate(ALICE);
    byte[] nonce = new byte[16];
    nonce[0] = 7;
    OcspAnswer a = responder().post(request(CA.certificate(), serial, nonce));
    BasicOCSPResp basic = Ocsp.basic(a, CA.publicKey());
    Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
    assertThat(echoed.getExtnValue().getOctets())
        .isEqualTo(new DEROctetString(nonce).getEncoded());
    assertThat(a.headers()).doesNotContainKey("Cache-Control");

    OcspAnswer tooLong = responder().post(request(CA.certificate(), serial, new byte[33]));
    assertThat(Ocsp.errorStatus(tooLong)).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    assertThat(tooLong.outcome()).isEqualTo(OcspAnswer.Outcome.MALFORMED_REQUEST);
  }

  @Test
  void getAndPostGiveTheSameStatusAndGetCarriesTheRfc5019CachingHeaders() throws Exception {
    BigInteger serial = activeCertificate(ALICE);
    byte[] der = request(CA, serial);
    String b64 = Base64.getEncoder().encodeToString(der);
    OcspResponder ocsp = responder();
    OcspAnswer plain = ocsp.get("/" + b64);
    OcspAnswer escaped = ocsp.handle("GET", URLEncoder.encode(b64, StandardCharsets.UTF_8),
        new byte[0]);
    OcspAnswer post = ocsp.handle("POST", "", der);
    for (OcspAnswer a : new OcspAnswer[] {plain, escaped, post}) {
      assertThat(single(a, CA.publicKey()).getCertStatus()).isNull();
      assertThat(a.nextUpdate()).isEqualTo(T0.plus(Duration.ofHours(1)));
    }
    assertThat(plain.headers()).containsEntry("Cache-Control",
            "max-age=0, public, no-transform, must-revalidate")
        .containsEntry("Last-Modified", "Mon, 1 Jun 2026 00:00:00 GMT")
        .containsEntry("Expires", "Mon, 1 Jun 2026 01:00:00 GMT")
        .containsKey("ETag");
    assertThat(post.headers()).containsOnlyKeys("Content-Type");
  }

  @Test
  void malformedRequestsGetMalformedRequestAndNonOcspRequestsAnHttpErrorNeverAnException()
      throws Exception {
    OcspResponder ocsp = responder();
    BigInteger serial = activeCertificate(ALICE);
    byte[] good = request(CA, serial);
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
    byte[][] bad = {new byte[0], {0x30}, {0x30, 0x00}, {0x04, 0x01, 0x00}, trailing,
        java.util.Arrays.copyOf(good, good.length - 1), "GET / HTTP/1.1".getBytes(StandardCharsets.US_ASCII)};
    for (byte[] b : bad) {
      OcspAnswer a = ocsp.post(b);
      assertThat(a.outcome()).isEqualTo(OcspAnswer.Outcome.MALFORMED_REQUEST);
      assertThat(Ocsp.errorStatus(a)).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    }
    for (String path : new String[] {"", "/", "%", "%zz", "not base64!", "////", "%00%01",
        "MA=="}) {
      assertThat(ocsp.get(path).outcome()).as(path)
          .isEqualTo(OcspAnswer.Outcome.MALFORMED_REQUEST);
    }
    OCSPReqBuilder many = new OCSPReqBuilder();
    for (int i = 0; i <= OcspResponder.MAX_CERTIFICATES_PER_REQUEST; i++) {
      many.addRequest(Ocsp.id(CA.certificate(), BigInteger.valueOf(i + 1), false));
    }
    assertThat(ocsp.post(many.build().getEncoded()).outcome())
        .isEqualTo(OcspAnswer.Outcome.MALFORMED_REQUEST);
    OCSPReqBuilder critical = new OCSPReqBuilder()
        .addRequest(Ocsp.id(CA.certificate(), serial, false))
        .setRequestExtensions(new Extensions(new Extension(
            new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.3.4"), true, new byte[] {5, 0})));
    assertThat(ocsp.post(critical.build().getEncoded()).outcome())
        .isEqualTo(OcspAnswer.Outcome.MALFORMED_REQUEST);

    OcspAnswer big = ocsp.post(new byte[OcspResponder.MAX_REQUEST_BYTES + 1]);
    assertThat(big.httpStatus()).isEqualTo(413);
    assertThat(big.outcome()).isEqualTo(OcspAnswer.Outcome.NOT_OCSP);
    assertThat(big.body()).isEmpty();
    assertThat(ocsp.handle("PUT", "", good).httpStatus()).isEqualTo(405);
  }

  @Test
  void aRequestOnlyAboutAnotherIssuersCertificatesIsUnauthorized() throws Exception {
    OcspResponder ocsp = responder();
    BigInteger serial = activeCertificate(ALICE);
    OcspAnswer a = ocsp.post(request(OTHER, serial));
    assertThat(a.outcome()).isEqualTo(OcspAnswer.Outcome.UNAUTHORIZED);
    assertThat(Ocsp.errorStatus(a)).isEqualTo(OCSPResp.UNAUTHORIZED);

    // mixed: ours answered, the other issuer's unknown
    byte[] mixed = new OCSPReqBuilder().addRequest(Ocsp.id(CA.certificate(), serial, false))
        .addRequest(Ocsp.id(OTHER.certificate(), serial, false)).build().getEncoded();
    SingleResp[] r = Ocsp.basic(ocsp.post(mixed), CA.publicKey()).getResponses();
    assertThat(r[0].getCertStatus()).isNull();
    assertThat(r[1].getCertStatus()).isInstanceOf(UnknownStatus.class);
  }

  @Test
  void aStoreFailureIsAnInternalErrorAnswerNotAnException() throws Exception {
    BigInteger serial = activeCertificate(ALICE);
    ForwardingCertificateStore failing = new ForwardingCertificateStore(store) {
      @Override
      public Optional<CertificateRecord> findBySerial(BigInteger s) {
        throw new StorageException("database down", null);
      }

      @Override
      public Optional<CertificateRecord> findBySerial(io.shomei.spi.IssuerName i, BigInteger s) {
        throw new StorageException("database down", null);
      }
    };
    OcspResponder ocsp = OcspResponder.builder().certificateStore(failing).keyCustody(CA)
        .clock(clock).build();
    OcspAnswer a = ocsp.post(request(CA, serial));
    assertThat(a.outcome()).isEqualTo(OcspAnswer.Outcome.INTERNAL_ERROR);
    assertThat(Ocsp.errorStatus(a)).isEqualTo(OCSPResp.INTERNAL_ERROR);
  }

  @Test
  void theCacheReusesAnAnswerAtMostCacheForAndNeverPastNextUpdate() throws Exception {
    BigInteger serial = activeCertificate(ALICE);
    OcspResponder ocsp = OcspResponder.builder().certificateStore(store).keyCustody(CA)
        .clock(clock).nextUpdate(Duration.ofMinutes(10)).cacheFor(Duration.ofMinutes(5)).build();
    byte[] req = request(CA, serial);
    OcspAnswer first = ocsp.get(Base64.getEncoder().encodeToString(req));
    assertThat(first.headers()).containsEntry("Cache-Control",
        "max-age=300, public, no-transform, must-revalidate");
    store.revoke(serial, RevocationReason.KEY_COMPROMISE, clock.advance(Duration.ofMinutes(1)));
    // within cacheFor the signed answer is reused (the documented staleness bound) ...
    OcspAnswer cached = ocsp.post(req);
    assertThat(cached.body()).isEqualTo(first.body());
    OcspAnswer cachedGet = ocsp.get(Base64.getEncoder().encodeToString(req));
    assertThat(cachedGet.headers()).containsEntry("Cache-Control",
        "max-age=240, public, no-transform, must-revalidate");
    // ... a request with a nonce is never served from the cache ...
    assertThat(single(ocsp.post(request(CA.certificate(), serial, new byte[] {1, 2})),
        CA.publicKey()).getCertStatus()).isInstanceOf(RevokedStatus.class);
    // ... and after cacheFor the record decides again
    clock.advance(Duration.ofMinutes(4));
    assertThat(single(ocsp.post(req), CA.publicKey()).getCertStatus())
        .isInstanceOf(RevokedStatus.class);
    assertThat(((OcspEngine) ocsp).cached()).isEqualTo(1);

    assertThatThrownBy(() -> OcspResponder.builder().certificateStore(store).keyCustody(CA)
        .clock(clock).nextUpdate(Duration.ofMinutes(10)).cacheFor(Duration.ofMinutes(11)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cacheFor");
  }

  @Test
  void aDelegatedResponderSignsWithACertificateTheCaIssuedWithOcspSigningAndNoCheck()
      throws Exception {
    TestCa responderKey = TestCa.root("placeholder for the responder key");
    InMemoryAuditLog log = new InMemoryAuditLog();
    OcspResponder ocsp = OcspResponder.builder().certificateStore(store).keyCustody(CA)
        .clock(clock).auditTrail(new AuditTrail(log, clock))
        .delegatedResponder(responderKey, Duration.ofDays(3)).build();
    BigInteger serial = activeCertificate(ALICE);

    OcspAnswer a = ocsp.post(request(CA, serial));
    BasicOCSPResp basic = Ocsp.basic(a, responderKey.publicKey());
    assertThat(basic.getCerts()).hasSize(1);
    X509Certificate responder = ocsp.signerCertificate();
    assertThat(basic.getCerts()[0].getEncoded()).isEqualTo(responder.getEncoded());
    responder.verify(CA.publicKey());
    assertThat(responder.getPublicKey()).isEqualTo(responderKey.publicKey());
    assertThat(responder.getIssuerX500Principal())
        .isEqualTo(CA.certificate().getSubjectX500Principal());
    assertThat(responder.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_OCSPSigning.getId());
    assertThat(responder.getExtensionValue(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck.getId()))
        .isNotNull();
    assertThat(responder.getBasicConstraints()).isEqualTo(-1);
    assertThat(responder.getNotAfter().toInstant()).isEqualTo(T0.plus(Duration.ofDays(3)));
    assertThat(types(log)).containsExactly("OCSP_RESPONDER_CERTIFIED");

    // the same certificate until two thirds of its validity, then a new one
    clock.advance(Duration.ofDays(2).minusSeconds(1));
    assertThat(ocsp.signerCertificate()).isEqualTo(responder);
    assertThat(single(ocsp.post(request(CA, serial)), responderKey.publicKey()).getNextUpdate()
        .toInstant()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    clock.advance(Duration.ofSeconds(1));
    X509Certificate rotated = ocsp.signerCertificate();
    assertThat(rotated.getSerialNumber()).isNotEqualTo(responder.getSerialNumber());
    assertThat(types(log)).hasSize(2);
    // an answer's nextUpdate never outlives the certificate that signed it
    OcspResponder shortLived = OcspResponder.builder().certificateStore(store).keyCustody(CA)
        .clock(clock).nextUpdate(Duration.ofDays(7))
        .delegatedResponder(responderKey, Duration.ofHours(1)).build();
    SingleResp r = single(shortLived.post(request(CA, serial)), responderKey.publicKey());
    assertThat(r.getNextUpdate().toInstant()).isEqualTo(shortLived.signerCertificate()
        .getNotAfter().toInstant());
  }

  @Test
  void answersFromManyThreadsAtOnceEachCarryTheResponderIdOfTheSigningKey() throws Exception {
    BigInteger serial = activeCertificate(ALICE);
    OcspResponder ocsp = responder();
    byte[] req = request(CA, serial);
    org.bouncycastle.cert.ocsp.RespID expected = new org.bouncycastle.cert.ocsp.RespID(
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(CA.publicKey().getEncoded()),
        new org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder().build()
            .get(org.bouncycastle.cert.ocsp.CertificateID.HASH_SHA1));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<byte[]>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 800; i++) {
        answers.add(pool.submit(() -> ocsp.post(req).body()));
      }
      for (java.util.concurrent.Future<byte[]> f : answers) {
        BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(f.get()).getResponseObject();
        assertThat(basic.getResponderId()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static java.util.List<String> types(InMemoryAuditLog log) {
    java.util.List<String> out = new java.util.ArrayList<>();
    log.forEach(0, r -> out.add(r.type()));
    return out;
  }

  @Test
  void theBuilderNamesWhatIsMissingAndRefusesASecondValue() {
    assertThatThrownBy(() -> OcspResponder.builder().keyCustody(CA).clock(clock).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("certificateStore");
    assertThatThrownBy(() -> OcspResponder.builder().clock(clock).clock(clock))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> OcspResponder.builder().nextUpdate(Duration.ofSeconds(59)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OcspResponder.builder()
        .delegatedResponder(CA, Duration.ofDays(91))).isInstanceOf(IllegalArgumentException.class);
  }
}
