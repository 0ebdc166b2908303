package io.shomei.core.fuzz;

import io.shomei.core.identity.CertificateAcceptance;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.issue.IssuanceResult;
import io.shomei.core.issue.IssuedCertificate;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.ca.KeyType;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryCertificateStore;
import io.shomei.testing.memory.InMemoryStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * One small, fixed world shared by the fuzz targets (built once per JVM: fuzzing reuses it for
 * millions of executions): a root and an issuing CA, an issuer, a store with one certificate in
 * every state, an acceptance over it, and valid CSRs.
 */
final class FuzzWorld {
  static final String SERVICE = "fx-forward";
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  static final String POLICY_OID = "1.3.6.1.4.1.99999.1.1";

  static final TestCa ROOT = TestCa.root("Shomei Fuzz Root");
  static final TestCa ISSUING = ROOT.intermediate("Shomei Fuzz Issuing CA");
  /** Same names as {@link #ROOT} and {@link #ISSUING}, other keys. */
  static final TestCa EVIL_ROOT = TestCa.root("Shomei Fuzz Root");
  static final TestCa EVIL_ISSUING = EVIL_ROOT.intermediate("Shomei Fuzz Issuing CA");

  static final CertificateProfile PROFILE =
      CertificateProfile.builder("fuzz", SERVICE, POLICY_OID).build();
  static final CertificateIssuer ISSUER = CertificateIssuer.builder()
      .keyCustody(ISSUING).clock(Clock.fixed(NOW.minusSeconds(86_400), ZoneOffset.UTC)).build();

  static final KeyPair EC_KEY = KeyType.EC_P256.generate();
  /** A valid DER CSR (P-256, SHA256withECDSA) for {@link #EC_KEY}. */
  static final byte[] VALID_CSR = csr(EC_KEY, "CN=requested,O=Fuzz");

  static final InMemoryStorage STORAGE = new InMemoryStorage();
  static final InMemoryCertificateStore STORE = STORAGE.certificates();
  /** The ACTIVE certificate of user 12345678. */
  static final IssuedCertificate ACTIVE = issue("12345678", true);
  /** A SUPERSEDED certificate of user 12345678 (recorded, activated, then replaced). */
  static final IssuedCertificate SUPERSEDED;
  /** The REVOKED, formerly active certificate of user 23456789. */
  static final IssuedCertificate REVOKED = issue("23456789", true);
  /** An ISSUED (never activated) certificate of user 34567890. */
  static final IssuedCertificate NEVER_ACTIVATED = issue("34567890", false);

  static {
    SUPERSEDED = ACTIVE;
    IssuedCertificate newer = issue("12345678", false);
    activate(newer, ACTIVE.certificate().getSerialNumber());
    STORE.revoke(REVOKED.certificate().getSerialNumber(), RevocationReason.KEY_COMPROMISE, NOW);
  }

  /** The certificate that is ACTIVE now (issued after {@link #SUPERSEDED}). */
  static final X509Certificate ACTIVE_NOW = STORE.findActive(new AccountKey("12345678", SERVICE))
      .map(r -> toX509(r.der())).orElseThrow();

  static final CertificateAcceptance ACCEPTANCE = CertificateAcceptance.builder()
      .certificateStore(STORE)
      .trustAnchors(SERVICE, List.of(ROOT.rootCertificate()))
      .zone(TOKYO)
      .build();

  /** Fingerprints of the certificates that may be accepted: exactly the stored ACTIVE ones. */
  static Set<String> activeFingerprints() {
    Map<String, CertificateRecord> all = new java.util.HashMap<>();
    STORE.forEach(r -> all.put(r.sha256Fingerprint(), r));
    return all.values().stream()
        .filter(r -> r.status() == io.shomei.spi.CertificateStatus.ACTIVE)
        .map(CertificateRecord::sha256Fingerprint)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Every certificate of the world, for chains: leaves, CAs and the look-alike CAs. */
  static List<X509Certificate> pool() {
    return List.of(ACTIVE_NOW, SUPERSEDED.certificate(), REVOKED.certificate(),
        NEVER_ACTIVATED.certificate(), ISSUING.certificate(), ROOT.rootCertificate(),
        EVIL_ISSUING.certificate(), EVIL_ROOT.rootCertificate());
  }

  static byte[] der(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  static X509Certificate toX509(byte[] der) {
    try {
      return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(new java.io.ByteArrayInputStream(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static IssuedCertificate issue(String userId, boolean activate) {
    IssuanceResult r = ISSUER.issueForCsr(PROFILE, userId, VALID_CSR);
    if (!(r instanceof IssuanceResult.Issued issued)) {
      throw new IllegalStateException("fixture issuance refused: " + r);
    }
    IssuedCertificate c = issued.certificate();
    STORE.record(c.toRecord(NOW.minusSeconds(3_600)));
    if (activate) {
      activate(c, null);
    }
    return c;
  }

  private static void activate(IssuedCertificate c, @org.jspecify.annotations.Nullable BigInteger
      expectedActive) {
    STORE.activate(c.certificate().getSerialNumber(), expectedActive, NOW.minusSeconds(1_800));
  }

  static byte[] csr(KeyPair kp, String subject) {
    try {
      return new JcaPKCS10CertificationRequestBuilder(new X500Principal(subject), kp.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()))
          .getEncoded();
    } catch (OperatorCreationException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private FuzzWorld() {}
}
