package io.shomei.core.internal.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.CertificateRecord;
import io.shomei.testing.ca.TestCa;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verified-path cache of {@link ChainValidator}: what it remembers and when it is bypassed. */
class ChainValidatorCacheTest {
  static final Instant NOW = Instant.parse("2024-06-01T03:00:00Z");
  static final TestCa ROOT = TestCa.root("Cache Test Root");
  static final TestCa ISSUING = ROOT.intermediate("Cache Issuing CA");
  /** Same names as ROOT, other key: chains to no anchor of the validator. */
  static final TestCa EVIL_ROOT = TestCa.root("Cache Test Root");

  static String fingerprint(X509Certificate c) {
    try {
      return CertificateRecord.fingerprintOf(c.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aValidatedPathIsRememberedUnderTheLeafsFingerprintAndReused() {
    ChainValidator v = new ChainValidator(List.of(ROOT.rootCertificate()), 8);
    X509Certificate leaf = ISSUING.leaf().issue().certificate();
    X509Certificate impostor = EVIL_ROOT.leaf().issue().certificate();
    assertThat(v.validate(impostor, List.of(), NOW))
        .isInstanceOf(ChainValidator.Outcome.Invalid.class);

    assertThat(v.validate(leaf, fingerprint(leaf), List.of(ISSUING.certificate()), NOW))
        .isInstanceOf(ChainValidator.Outcome.Valid.class);
    assertThat(v.cachedPaths()).isEqualTo(1);
    // The remembered entry is keyed by the fingerprint alone (the caller computes it from the
    // leaf's DER): handed the impostor under the genuine leaf's fingerprint, the validator answers
    // from the cache without verifying a signature. This is why only CertificateAcceptance, which
    // fingerprints the very certificate it validates, passes one.
    ChainValidator.Outcome fromCache =
        v.validate(impostor, fingerprint(leaf), List.of(ISSUING.certificate()), NOW);
    assertThat(fromCache).isInstanceOfSatisfying(ChainValidator.Outcome.Valid.class,
        valid -> assertThat(valid.path()).containsExactly(impostor, ISSUING.certificate()));
  }

  @Test
  void refusalsAreNeverRemembered() {
    ChainValidator v = new ChainValidator(List.of(ROOT.rootCertificate()), 8);
    X509Certificate impostor = EVIL_ROOT.leaf().issue().certificate();
    X509Certificate orphan = ISSUING.leaf().issue().certificate();
    assertThat(v.validate(impostor, fingerprint(impostor), List.of(), NOW))
        .isInstanceOf(ChainValidator.Outcome.Invalid.class);
    assertThat(v.validate(orphan, fingerprint(orphan), List.of(), NOW)) // intermediate missing
        .isInstanceOf(ChainValidator.Outcome.Invalid.class);
    assertThat(v.cachedPaths()).isZero();
  }

  @Test
  void aRememberedPathNeedsItsCaCertificatesPresentedAgain() {
    ChainValidator v = new ChainValidator(List.of(ROOT.rootCertificate()), 8);
    X509Certificate leaf = ISSUING.leaf().issue().certificate();
    String fp = fingerprint(leaf);
    assertThat(v.validate(leaf, fp, List.of(ISSUING.certificate()), NOW))
        .isInstanceOf(ChainValidator.Outcome.Valid.class);
    assertThat(v.validate(leaf, fp, List.of(), NOW))
        .isInstanceOf(ChainValidator.Outcome.Invalid.class);
    assertThat(v.validate(leaf, fp, List.of(ROOT.rootCertificate()), NOW))
        .isInstanceOf(ChainValidator.Outcome.Invalid.class);
  }

  @Test
  void aRememberedPathIsRefusedOnceItsIntermediateHasExpired() {
    Instant from = Instant.parse("2024-01-01T00:00:00Z");
    Instant to = Instant.parse("2024-12-31T23:59:59Z");
    TestCa shortLived = ROOT.intermediate("Short-lived Issuing CA", from, to);
    ChainValidator v = new ChainValidator(List.of(ROOT.rootCertificate()), 8);
    X509Certificate leaf = shortLived.leaf().issue().certificate(); // valid 2020..2030
    String fp = fingerprint(leaf);
    List<X509Certificate> others = List.of(shortLived.certificate());
    assertThat(v.validate(leaf, fp, others, NOW)).isInstanceOf(ChainValidator.Outcome.Valid.class);
    assertThat(v.validate(leaf, fp, others, to)).isInstanceOf(ChainValidator.Outcome.Valid.class);
    assertThat(v.validate(leaf, fp, others, to.plusSeconds(1)))
        .isInstanceOf(ChainValidator.Outcome.Invalid.class);
    assertThat(v.validate(leaf, fp, others, from.minusSeconds(1)))
        .isInstanceOf(ChainValidator.Outcome.Invalid.class);
  }

  @Test
  void theCacheNeverHoldsMoreThanItsSize() {
    ChainValidator v = new ChainValidator(List.of(ROOT.rootCertificate()), 5);
    for (int i = 0; i < 40; i++) {
      X509Certificate leaf = ROOT.leaf().issue().certificate();
      assertThat(v.validate(leaf, fingerprint(leaf), List.of(), NOW))
          .isInstanceOf(ChainValidator.Outcome.Valid.class);
      assertThat(v.cachedPaths()).isBetween(1, 5);
    }
  }

  @Test
  void sizeZeroRemembersNothing() {
    ChainValidator v = new ChainValidator(List.of(ROOT.rootCertificate()), 0);
    X509Certificate leaf = ROOT.leaf().issue().certificate();
    assertThat(v.validate(leaf, fingerprint(leaf), List.of(), NOW))
        .isInstanceOf(ChainValidator.Outcome.Valid.class);
    assertThat(v.cachedPaths()).isZero();
    assertThatThrownBy(() -> new ChainValidator(List.of(ROOT.rootCertificate()), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
