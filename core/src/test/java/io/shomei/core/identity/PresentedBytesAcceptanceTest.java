package io.shomei.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.gen.PresentedChains;
import io.shomei.testing.gen.PresentedChains.Hostility;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Acceptance judges the bytes a certificate carries: a subject that is not DER is refused although
 * the JDK re-encodes it, an encoding that is not a certificate gets a typed refusal, and an issuing
 * CA pinned as a trust anchor is checked for its own validity.
 */
class PresentedBytesAcceptanceTest {
  static final String FX = "fx-forward";
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final Instant NOW = Instant.parse("2024-06-01T03:00:00Z");
  static final TestCa ROOT = TestCa.root("Presented Bytes Root");
  static final TestCa ISSUING = ROOT.intermediate("Presented Bytes Issuing CA");

  final InMemoryCertificateStore store = new InMemoryCertificateStore();

  private CertificateAcceptance acceptance(List<X509Certificate> anchors) {
    return CertificateAcceptance.builder().certificateStore(store).trustAnchors(FX, anchors)
        .zone(TOKYO).build();
  }

  private static X509Certificate parse(byte[] der) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(der));
  }

  /** Records the certificate as the ACTIVE one of its account. */
  private void activate(X509Certificate c, String userId) {
    AccountKey account = new AccountKey(userId, FX);
    CertificateRecord r = new TestCa.Issued(c, ROOT.leaf().issue().keyPair())
        .record(account, NOW.minusSeconds(3600));
    assertThat(store.record(r)).isInstanceOf(CertificateStore.RecordResult.Recorded.class);
    BigInteger serial = c.getSerialNumber();
    assertThat(store.activate(serial, null, NOW.minusSeconds(60)))
        .isInstanceOf(CertificateStore.ActivationResult.Activated.class);
  }

  @Test
  void aSubjectWithANonMinimalLengthIsMalformedThoughTheJdkReEncodesIt() throws Exception {
    List<byte[]> presented = PresentedChains.hostile(new SplittableRandom(1), ISSUING, "12345678",
        NOW, Hostility.NON_MINIMAL_SUBJECT_LENGTH).encodings();
    X509Certificate leaf = parse(presented.get(0));
    // the JDK parses it and hands back the subject in minimal form
    byte[] jdk = leaf.getSubjectX500Principal().getEncoded();
    assertThat(jdk[1] & 0xff).isLessThan(0x80);

    assertThat(CertificateMapper.standard().map(leaf)).isInstanceOfSatisfying(
        MappingResult.Refused.class,
        r -> assertThat(r.reason()).isEqualTo(MappingRefusal.MALFORMED_SUBJECT));
    activate(leaf, "12345678");
    AcceptanceResult r = acceptance(List.of(ROOT.rootCertificate()))
        .accept(List.of(leaf, ISSUING.certificate()), FX, NOW);
    // acceptance refuses the certificate before it maps it: it is not DER
    assertThat(r).isInstanceOfSatisfying(AcceptanceResult.Refused.class,
        x -> assertThat(x.reason()).as(x.detail())
            .isEqualTo(AcceptanceRefusal.MALFORMED_CERTIFICATE));
  }

  @Test
  void anEncodingThatIsNotACertificateIsRefusedAsMalformedNotThrown() {
    CertificateAcceptance acceptance = acceptance(List.of(ROOT.rootCertificate()));
    SplittableRandom random = new SplittableRandom(2);
    for (Hostility kind : List.of(Hostility.DUPLICATE_EXTENSION,
        Hostility.SIGNATURE_ALGORITHM_MISMATCH, Hostility.NON_MINIMAL_OID,
        Hostility.TRAILING_BYTES, Hostility.TRUNCATED, Hostility.GARBAGE,
        Hostility.NON_MINIMAL_OUTER_LENGTH)) {
      PresentedChains.Presented p =
          PresentedChains.hostile(random, ISSUING, "12345678", NOW, kind);
      assertThat(acceptance.acceptEncoded(p.encodings(), FX, NOW)).as("%s", p)
          .isInstanceOfSatisfying(AcceptanceResult.Refused.class, x -> {
            assertThat(x.reason()).as("%s: %s", p, x.detail())
                .isEqualTo(AcceptanceRefusal.MALFORMED_CERTIFICATE);
            assertThat(x.summary()).isNull();
          });
    }
    // a malformed CA certificate after a good leaf is malformed too
    List<byte[]> withBadCa = new ArrayList<>(PresentedChains.wellFormed(random, ISSUING,
        "12345678", NOW).encodings().subList(0, 1));
    withBadCa.add(new byte[] {0x30, 0x03, 0x02, 0x01});
    assertThat(acceptance.acceptEncoded(withBadCa, FX, NOW)).isInstanceOfSatisfying(
        AcceptanceResult.Refused.class,
        x -> assertThat(x.reason()).isEqualTo(AcceptanceRefusal.MALFORMED_CERTIFICATE));
  }

  @Test
  void aWellFormedEncodedChainIsJudgedAsTheParsedOne() throws Exception {
    CertificateAcceptance acceptance = acceptance(List.of(ROOT.rootCertificate()));
    PresentedChains.Presented p =
        PresentedChains.wellFormed(new SplittableRandom(3), ISSUING, "12345679", NOW);
    X509Certificate leaf = parse(p.encodings().get(0));
    activate(leaf, "12345679");
    assertThat(acceptance.acceptEncoded(p.encodings(), FX, NOW))
        .isInstanceOf(AcceptanceResult.Accepted.class);
  }

  @Test
  void aReturningCertificateIsJudgedDerByItsExactBytesNotByWhatWasAcceptedBefore()
      throws Exception {
    // one acceptance, so the strict-DER check it remembers for returning certificates is shared
    CertificateAcceptance acceptance = acceptance(List.of(ROOT.rootCertificate()));
    SplittableRandom random = new SplittableRandom(4);
    PresentedChains.Presented good =
        PresentedChains.wellFormed(random, ISSUING, "12345672", NOW);
    X509Certificate leaf = parse(good.encodings().get(0));
    activate(leaf, "12345672");
    for (int i = 0; i < 2; i++) {
      assertThat(acceptance.acceptEncoded(good.encodings(), FX, NOW)).as("presentation %s", i)
          .isInstanceOf(AcceptanceResult.Accepted.class);
    }
    // the same issuing CA re-encoded with a non-minimal length after it passed: refused, twice
    List<byte[]> badCa = new ArrayList<>(good.encodings().subList(0, 1));
    badCa.add(nonMinimalOuterLength(good.encodings().get(1)));
    assertThat(parse(badCa.get(1))).isEqualTo(parse(good.encodings().get(1)));
    for (int i = 0; i < 2; i++) {
      assertThat(acceptance.acceptEncoded(badCa, FX, NOW)).as("presentation %s", i)
          .isInstanceOfSatisfying(AcceptanceResult.Refused.class,
              x -> assertThat(x.reason()).as(x.detail())
                  .isEqualTo(AcceptanceRefusal.MALFORMED_CERTIFICATE));
    }
    // a hostile leaf presented twice is refused twice: a failed check is never remembered
    List<byte[]> hostile = PresentedChains.hostile(random, ISSUING, "12345673", NOW,
        Hostility.NON_MINIMAL_SUBJECT_LENGTH).encodings();
    activate(parse(hostile.get(0)), "12345673");
    for (int i = 0; i < 2; i++) {
      assertThat(acceptance.acceptEncoded(hostile, FX, NOW)).as("presentation %s", i)
          .isInstanceOfSatisfying(AcceptanceResult.Refused.class,
              x -> assertThat(x.reason()).as(x.detail())
                  .isEqualTo(AcceptanceRefusal.MALFORMED_CERTIFICATE));
    }
  }

  /** The certificate's outer SEQUENCE length written in one more octet than DER allows. */
  private static byte[] nonMinimalOuterLength(byte[] der) {
    int first = der[1] & 0xff;
    if (first != 0x82) {
      throw new IllegalArgumentException("expected a two-octet length, got " + first);
    }
    byte[] out = new byte[der.length + 1];
    out[0] = der[0];
    out[1] = (byte) 0x83;
    out[2] = 0;
    System.arraycopy(der, 2, out, 3, der.length - 2);
    return out;
  }

  @Test
  void aLoginUnderAnExpiredPinnedIssuingCaIsRefused() {
    // the issuing CA's own certificate ended a month ago; its customer certificate is still valid
    TestCa expired = ROOT.intermediate("Expired Issuing CA",
        NOW.minus(Duration.ofDays(800)), NOW.minus(Duration.ofDays(30)));
    X509Certificate leaf = expired.leaf().commonName("12345670")
        .validity(NOW.minus(Duration.ofDays(60)), NOW.plus(Duration.ofDays(300)))
        .issue().certificate();
    activate(leaf, "12345670");
    // pinned: the issuing CA is the service's trust anchor
    AcceptanceResult r = acceptance(List.of(expired.certificate())).accept(
        List.of(leaf), FX, NOW);
    assertThat(r).isInstanceOfSatisfying(AcceptanceResult.Refused.class,
        x -> assertThat(x.reason()).as(x.detail()).isEqualTo(AcceptanceRefusal.UNTRUSTED_CHAIN));
  }

  @Test
  void theRfcReadingOfAnAnchorCanBeChosen() {
    TestCa expired = ROOT.intermediate("Expired Issuing CA 2",
        NOW.minus(Duration.ofDays(800)), NOW.minus(Duration.ofDays(30)));
    X509Certificate leaf = expired.leaf().commonName("12345671")
        .validity(NOW.minus(Duration.ofDays(60)), NOW.plus(Duration.ofDays(300)))
        .issue().certificate();
    activate(leaf, "12345671");
    CertificateAcceptance rfc = CertificateAcceptance.builder().certificateStore(store)
        .trustAnchors(FX, List.of(expired.certificate())).zone(TOKYO)
        .checkTrustAnchorValidity(false).build();
    assertThat(rfc.accept(List.of(leaf), FX, NOW)).isInstanceOf(AcceptanceResult.Accepted.class);
    // a valid pinned issuing CA accepts by default
    TestCa valid = ROOT.intermediate("Valid Issuing CA");
    X509Certificate current = valid.leaf().commonName("12345672")
        .validity(NOW.minus(Duration.ofDays(60)), NOW.plus(Duration.ofDays(300)))
        .issue().certificate();
    activate(current, "12345672");
    assertThat(acceptance(List.of(valid.certificate())).accept(List.of(current), FX, NOW))
        .isInstanceOf(AcceptanceResult.Accepted.class);
  }
}
