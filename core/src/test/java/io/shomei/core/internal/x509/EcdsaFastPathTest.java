package io.shomei.core.internal.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.testing.ca.KeyType;
import io.shomei.testing.ca.TestCa;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What {@link EcdsaFastPath} verifies itself and what it leaves to the JDK. */
class EcdsaFastPathTest {
  private static final TestCa P256 = TestCa.root("Fast Path P-256");
  private static final TestCa P384 = TestCa.root("Fast Path P-384", KeyType.EC_P384);
  private static final TestCa RSA = TestCa.root("Fast Path RSA", KeyType.RSA_2048);
  private static final TestCa K1 = TestCa.root("Fast Path K1", KeyType.EC_SECP256K1);

  private final EcdsaFastPath fast = new EcdsaFastPath();

  @Test
  void ecdsaSignaturesOnP256AndP384AreVerifiedByBouncyCastle() {
    for (String alg : new String[] {"SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA"}) {
      assertThat(fast.verified(P256.leaf().signatureAlgorithm(alg).issue().certificate(),
          P256.rootCertificate().getPublicKey())).as(alg).isTrue();
      assertThat(fast.verified(P384.leaf().signatureAlgorithm(alg).issue().certificate(),
          P384.rootCertificate().getPublicKey())).as(alg).isTrue();
    }
  }

  @Test
  void anotherIssuersKeyIsNeverVerified() {
    X509Certificate leaf = P256.leaf().issue().certificate();
    assertThat(fast.verified(leaf, TestCa.root("Fast Path P-256").rootCertificate()
        .getPublicKey())).isFalse();
  }

  @Test
  void rsaSecp256k1AndSha1AreLeftToTheJdk() {
    assertThat(fast.verified(RSA.leaf().issue().certificate(),
        RSA.rootCertificate().getPublicKey())).isFalse();
    // Bouncy Castle would verify this one; the JDK does not support the curve, so neither may we
    assertThat(fast.verified(K1.leaf().issue().certificate(),
        K1.rootCertificate().getPublicKey())).isFalse();
    assertThat(fast.verified(P256.leaf().signatureAlgorithm("SHA1withECDSA").issue()
        .certificate(), P256.rootCertificate().getPublicKey())).isFalse();
  }

  @Test
  void aChangedSignatureIsNotVerified() throws Exception {
    X509Certificate leaf = P256.leaf().issue().certificate();
    byte[] der = leaf.getEncoded();
    byte[] broken = Arrays.copyOf(der, der.length);
    broken[broken.length - 3] ^= 0x01;
    assertThat(fast.verified(Bc.toX509(broken), P256.rootCertificate().getPublicKey())).isFalse();
  }

  @Test
  void issuerKeysAreRememberedUpToTheLimitThenForgotten() {
    for (int i = 0; i < EcdsaFastPath.MAX_KEYS + 3; i++) {
      TestCa ca = TestCa.root("Fast Path " + i);
      assertThat(fast.verified(ca.leaf().issue().certificate(),
          ca.rootCertificate().getPublicKey())).isTrue();
      assertThat(fast.rememberedKeys()).isBetween(1, EcdsaFastPath.MAX_KEYS);
    }
  }
}
