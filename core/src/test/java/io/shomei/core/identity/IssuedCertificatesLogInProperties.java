package io.shomei.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.identity.CertificatePolicy.EcCurve;
import io.shomei.core.identity.CertificatePolicy.SignatureAlgorithm;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.issue.IssuanceRefusal;
import io.shomei.core.issue.IssuanceResult;
import io.shomei.core.issue.IssuedCertificate;
import io.shomei.core.issue.KeyType;
import io.shomei.core.issue.SignatureDigest;
import io.shomei.core.testkit.Csrs;
import io.shomei.spi.CertificateStore;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryCertificateStore;
import io.shomei.testing.qt.Qt;
import java.security.KeyPair;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The round trip of issue 17: under any certificate policy, every certificate the issuer issues
 * (server-side key of every allowed key type, CSR of every allowed key type) is accepted at login
 * under the same policy; a CSR whose key the policy does not allow is refused at issuance, typed.
 *
 * <p>Generators are plain functions of a seeded {@link RandomGenerator}. Key pairs come from a small
 * cache (RSA generation is slow); the server-side path generates its own.
 */
class IssuedCertificatesLogInProperties {
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  private static final TestCa EC_CA =
      TestCa.root("Round Trip EC Root", io.shomei.testing.ca.KeyType.EC_P384);
  private static final TestCa RSA_CA =
      TestCa.root("Round Trip RSA Root", io.shomei.testing.ca.KeyType.RSA_3072);
  private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();

  /** Every key a CSR may carry in these tests: RSA sizes and the curves of {@link EcCurve}. */
  private static final List<String> CSR_KEYS = List.of("RSA-2048", "RSA-3072", "RSA-4096",
      "secp256r1", "secp384r1", "secp521r1");
  private static final List<String> HASHES = List.of("SHA256", "SHA384", "SHA512");

  /** A CSR's key (RSA modulus size or EC curve name) and signature algorithm. */
  record CsrSpec(String key, String signatureAlgorithm) {
    boolean rsa() {
      return key.startsWith("RSA-");
    }

    boolean keyAllowedBy(CertificatePolicy policy) {
      return rsa() ? policy.allowsRsaKey(Integer.parseInt(key.substring(4)))
          : EcCurve.ofStandardName(key).filter(policy::allows).isPresent();
    }

    byte[] der() {
      KeyPair kp = KEYS.computeIfAbsent(key,
          k -> rsa() ? Csrs.rsa(Integer.parseInt(k.substring(4))) : Csrs.ec(k));
      return Csrs.der(kp, signatureAlgorithm);
    }
  }

  /** One issuance under a policy: the CA, the profile's hash, and a server-side key or a CSR. */
  record Issuance(CertificatePolicy policy, boolean rsaCa, SignatureDigest digest,
      KeyType serverKey, CsrSpec csr, boolean useCsr) {
    TestCa ca() {
      return rsaCa ? RSA_CA : EC_CA;
    }
  }

  static <T> T pick(RandomGenerator r, List<T> from) {
    return from.get(r.nextInt(from.size()));
  }

  /** Presets and variations a bank might configure. */
  static CertificatePolicy policy(RandomGenerator r) {
    return pick(r, List.of(
        CertificatePolicy.bankDefault(),
        CertificatePolicy.cnsa(),
        CertificatePolicy.bankDefault().withEcCurves(EcCurve.P256, EcCurve.P384, EcCurve.P521),
        CertificatePolicy.bankDefault().withoutRsaKeys(),
        CertificatePolicy.bankDefault().withEcCurves().withRsaKeys(3072, 4096),
        CertificatePolicy.bankDefault().withSignatureAlgorithms(SignatureAlgorithm.SHA512_WITH_RSA,
            SignatureAlgorithm.SHA512_WITH_ECDSA)));
  }

  /** A request whose key and signature algorithm the policy allows. */
  static CsrSpec allowedCsr(RandomGenerator r, CertificatePolicy policy) {
    List<CsrSpec> allowed = new ArrayList<>();
    for (String key : CSR_KEYS) {
      for (String hash : HASHES) {
        CsrSpec spec = new CsrSpec(key, hash + (key.startsWith("RSA-") ? "withRSA" : "withECDSA"));
        if (spec.keyAllowedBy(policy) && SignatureAlgorithm.ofJcaName(spec.signatureAlgorithm())
            .filter(policy::allows).isPresent()) {
          allowed.add(spec);
        }
      }
    }
    return pick(r, allowed);
  }

  /** An issuance the policy allows: the profile's key type and the CA's signature included. */
  static Issuance allowedIssuance(RandomGenerator r) {
    CertificatePolicy policy = policy(r);
    List<KeyType> keyTypes = new ArrayList<>();
    for (KeyType t : KeyType.values()) {
      if (t.allowedBy(policy)) {
        keyTypes.add(t);
      }
    }
    List<Issuance> options = new ArrayList<>();
    for (boolean rsaCa : new boolean[] {false, true}) {
      for (SignatureDigest digest : SignatureDigest.values()) {
        if (SignatureAlgorithm.ofJcaName(digest.jcaSignatureAlgorithm(rsaCa ? "RSA" : "EC"))
            .filter(policy::allows).isPresent()) {
          options.add(new Issuance(policy, rsaCa, digest, pick(r, keyTypes),
              allowedCsr(r, policy), r.nextBoolean()));
        }
      }
    }
    return pick(r, options);
  }

  private static IssuanceResult issue(Issuance i, byte[] csr) {
    CertificateIssuer issuer = CertificateIssuer.builder().keyCustody(i.ca())
        .clock(MutableClock.at(NOW.toString())).certificatePolicy(i.policy()).build();
    CertificateProfile profile = CertificateProfile.builder("p", "fx", "1.3.6.1.4.1.99999.1")
        .keyType(i.serverKey()).signatureDigest(i.digest()).build();
    return i.useCsr() ? issuer.issueForCsr(profile, "12345678", csr)
        : issuer.issueWithGeneratedKey(profile, "12345678");
  }

  @Test
  void everyCertificateIssuedUnderAPolicyIsAcceptedAtLoginUnderIt() {
    Qt.qt().withExamples(40).withShrinkCycles(5)
        .forAll(Qt.gen(IssuedCertificatesLogInProperties::allowedIssuance))
        .checkAssert(i -> {
          IssuanceResult result = issue(i, i.csr().der());
          assertThat(result).as("issuance %s", i).isInstanceOf(IssuanceResult.Issued.class);
          IssuedCertificate cert = ((IssuanceResult.Issued) result).certificate();
          InMemoryCertificateStore store = new InMemoryCertificateStore();
          store.record(cert.toRecord(NOW));
          assertThat(store.activate(cert.serial(), null, NOW))
              .isInstanceOf(CertificateStore.ActivationResult.Activated.class);
          CertificateAcceptance acceptance = CertificateAcceptance.builder()
              .certificateStore(store).trustAnchors("fx", List.of(i.ca().rootCertificate()))
              .zone(ZoneId.of("Asia/Tokyo")).certificatePolicy(i.policy()).build();
          AcceptanceResult login =
              acceptance.accept(List.of(cert.certificate()), "fx", NOW.plusSeconds(60));
          assertThat(login).as("login with %s", i).isInstanceOf(AcceptanceResult.Accepted.class);
        });
  }

  /** A policy, and a request whose key it refuses (its signature algorithm it allows). */
  record RefusedKey(CertificatePolicy policy, CsrSpec csr) {}

  static RefusedKey refusedKey(RandomGenerator r) {
    CertificatePolicy policy = policy(r);
    List<CsrSpec> refused = new ArrayList<>();
    List<String> keys = new ArrayList<>(CSR_KEYS);
    keys.add("RSA-1024"); // refused by every policy
    keys.add("secp256k1"); // likewise
    for (String key : keys) {
      for (String hash : HASHES) {
        CsrSpec spec = new CsrSpec(key, hash + (key.startsWith("RSA-") ? "withRSA" : "withECDSA"));
        if (!spec.keyAllowedBy(policy) && SignatureAlgorithm.ofJcaName(spec.signatureAlgorithm())
            .filter(policy::allows).isPresent()) {
          refused.add(spec);
        }
      }
    }
    return new RefusedKey(policy, pick(r, refused));
  }

  @Test
  void aRequestWithAKeyThePolicyRefusesIsNotIssued() {
    Qt.qt().withExamples(60).withShrinkCycles(5)
        .forAll(Qt.gen(IssuedCertificatesLogInProperties::refusedKey))
        .checkAssert(k -> {
          Issuance i = new Issuance(k.policy(), false,
              k.policy().allows(SignatureAlgorithm.SHA384_WITH_ECDSA) ? SignatureDigest.SHA384
                  : SignatureDigest.SHA512, KeyType.EC_P384, k.csr(), true);
          Issuance issuable = k.policy().allows(EcCurve.P384) ? i
              : new Issuance(k.policy(), true, i.digest(), KeyType.RSA_3072, k.csr(), true);
          assertThat(issue(issuable, k.csr().der()))
              .as("%s under %s", k.csr(), k.policy())
              .isIn(new IssuanceResult.Refused(IssuanceRefusal.CSR_WEAK_KEY),
                  new IssuanceResult.Refused(IssuanceRefusal.CSR_UNSUPPORTED_KEY));
        });
  }

  @Test
  void aProfileWhoseKeyTypeThePolicyRefusesIsRefusedWhenChecked() {
    CertificateIssuer issuer = CertificateIssuer.builder().keyCustody(EC_CA)
        .clock(MutableClock.at(NOW.toString())).certificatePolicy(CertificatePolicy.cnsa()).build();
    for (KeyType t : EnumSet.complementOf(EnumSet.of(KeyType.RSA_3072, KeyType.RSA_4096,
        KeyType.EC_P384))) {
      CertificateProfile profile = CertificateProfile.builder("p", "fx", "1.3.6.1.4.1.99999.1")
          .keyType(t).signatureDigest(SignatureDigest.SHA384).build();
      org.assertj.core.api.Assertions.assertThatIllegalStateException()
          .isThrownBy(() -> issuer.requireIssuable(profile)).withMessageContaining(t.name());
    }
  }
}
