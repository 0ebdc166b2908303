package io.shomei.testing.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.spi.KeyCustody;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Contract suite for {@link KeyCustody}. An implementation's test class implements this interface and
 * {@link #custody()}; every default method is a test it inherits.
 *
 * @since 0.1.0
 */
public interface KeyCustodyContract {

  /**
   * The custody under test (may be shared between tests).
   *
   * @return the custody
   */
  KeyCustody custody();

  /**
   * Verifies a signature with the JDK against the custody's public key.
   *
   * @param custody the custody
   * @param algorithm the algorithm
   * @param data the signed data
   * @param signature the signature
   * @return whether it verifies
   */
  static boolean verifies(KeyCustody custody, String algorithm, byte[] data, byte[] signature) {
    try {
      Signature s = Signature.getInstance(algorithm);
      s.initVerify(custody.publicKey());
      s.update(data);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      throw new AssertionError("cannot verify with " + algorithm, e);
    }
  }

  @Test
  default void chainIsACaChainEndingInASelfSignedRoot() throws GeneralSecurityException {
    List<X509Certificate> chain = custody().certificateChain();
    assertFalse(chain.isEmpty());
    assertEquals(chain.get(0), custody().certificate());
    assertEquals(custody().certificate().getPublicKey(), custody().publicKey());
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate c = chain.get(i);
      assertTrue(c.getBasicConstraints() >= 0, "certificate " + i + " is a CA");
      X509Certificate issuer = i + 1 < chain.size() ? chain.get(i + 1) : c;
      assertEquals(issuer.getSubjectX500Principal(), c.getIssuerX500Principal());
      c.verify(issuer.getPublicKey());
    }
    assertThrows(UnsupportedOperationException.class, () -> chain.add(chain.get(0)));
  }

  @Test
  default void signsWithEveryAdvertisedAlgorithm() {
    Set<String> algorithms = custody().signatureAlgorithms();
    assertFalse(algorithms.isEmpty());
    byte[] data = "tbsCertificate stand-in".getBytes(StandardCharsets.US_ASCII);
    byte[] other = "another tbsCertificate".getBytes(StandardCharsets.US_ASCII);
    for (String alg : algorithms) {
      byte[] sig = custody().sign(alg, data);
      assertTrue(verifies(custody(), alg, data, sig), alg + " verifies");
      assertFalse(verifies(custody(), alg, other, sig), alg + " signature is bound to its data");
    }
  }

  @Test
  default void refusesAnUnadvertisedAlgorithm() {
    assertThrows(IllegalArgumentException.class,
        () -> custody().sign("SHA1withRSA", new byte[] {1, 2, 3}));
    assertThrows(IllegalArgumentException.class,
        () -> custody().sign("NONEwithECDSA", new byte[] {1, 2, 3}));
  }

  @Test
  default void noPublicMethodCanReturnKeyMaterial() {
    for (Method m : custody().getClass().getMethods()) {
      if (!Modifier.isPublic(m.getModifiers())) {
        continue;
      }
      Class<?> r = m.getReturnType();
      boolean keyish = Key.class.isAssignableFrom(r) && !java.security.PublicKey.class
          .isAssignableFrom(r);
      assertFalse(keyish, m + " returns a key");
      assertFalse(KeyStore.class.isAssignableFrom(r), m + " returns a KeyStore");
      assertFalse(java.security.KeyPair.class.isAssignableFrom(r), m + " returns a KeyPair");
    }
    String s = custody().toString();
    assertFalse(s.contains("PRIVATE"), "toString mentions private key material");
  }

  @Test
  default void signsConcurrently() {
    String alg = custody().signatureAlgorithms().iterator().next();
    Concurrently.run(8, Duration.ofMinutes(2), i -> {
      for (int n = 0; n < 25; n++) {
        byte[] data = ("thread " + i + " item " + n).getBytes(StandardCharsets.US_ASCII);
        assertTrue(verifies(custody(), alg, data, custody().sign(alg, data)));
      }
    });
  }

  @Test
  default void signingIsRepeatableForDeterministicAlgorithms() {
    for (String alg : custody().signatureAlgorithms()) {
      if (alg.endsWith("withRSA")) {
        byte[] data = {9, 8, 7};
        assertArrayEquals(custody().sign(alg, data), custody().sign(alg, data),
            alg + " (PKCS#1 v1.5) is deterministic");
      }
    }
  }
}
