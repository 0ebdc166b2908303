package io.shomei.testing.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.spi.KeyCustody;
import io.shomei.testing.contract.KeyCustodyContract;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TestCaTest {
  private static final TestCa ROOT = TestCa.root("Test Root");
  private static final TestCa INTERMEDIATE = ROOT.intermediate("Test Issuing CA");

  @Nested
  class RootIsAKeyCustody implements KeyCustodyContract {
    @Override
    public KeyCustody custody() {
      return ROOT;
    }
  }

  @Nested
  class RsaRootIsAKeyCustody implements KeyCustodyContract {
    private final TestCa rsa = TestCa.root("RSA Root", KeyType.RSA_2048);

    @Override
    public KeyCustody custody() {
      return rsa;
    }
  }

  @Nested
  class IntermediateIsAKeyCustody implements KeyCustodyContract {
    @Override
    public KeyCustody custody() {
      return INTERMEDIATE;
    }
  }

  @Test
  void leafFromIntermediateValidatesWithPkix() throws Exception {
    X509Certificate leaf = INTERMEDIATE.leaf().commonName("87654321").issue().certificate();
    var cf = CertificateFactory.getInstance("X.509");
    var path = cf.generateCertPath(List.of(leaf, INTERMEDIATE.certificate()));
    var params = new PKIXParameters(Set.of(new TrustAnchor(ROOT.rootCertificate(), null)));
    params.setRevocationEnabled(false);
    params.setDate(Date.from(Instant.parse("2024-01-01T00:00:00Z")));
    CertPathValidator.getInstance("PKIX").validate(path, params);
    assertEquals(-1, leaf.getBasicConstraints());
    assertTrue(leaf.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"));
    assertTrue(leaf.getSubjectX500Principal().getName().contains("CN=87654321"));
  }

  @Test
  void weakShapesAreReallyWeak() {
    TestCa rsaRoot = TestCa.root("RSA for SHA1", KeyType.RSA_2048);
    X509Certificate sha1 = rsaRoot.leaf().signatureAlgorithm("SHA1withRSA").issue().certificate();
    assertEquals("SHA1withRSA", sha1.getSigAlgName());
    X509Certificate rsa1024 = ROOT.leaf().keyType(KeyType.RSA_1024).issue().certificate();
    assertEquals(1024, ((java.security.interfaces.RSAPublicKey) rsa1024.getPublicKey())
        .getModulus().bitLength());
    X509Certificate caLeaf = ROOT.leaf().ca(true).issue().certificate();
    assertTrue(caLeaf.getBasicConstraints() >= 0);
  }

  @Test
  void everyKeyTypeCanBeGenerated() {
    for (KeyType t : KeyType.values()) {
      java.security.KeyPair kp = t.pooled();
      assertEquals(t.algorithm(), kp.getPublic().getAlgorithm().replace("ECDSA", "EC"), t.name());
    }
  }
}
