package io.shomei.examples.benchmarks;

import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.issue.IssuanceResult;
import io.shomei.core.issue.IssuedCertificate;
import io.shomei.spi.KeyCustody;
import io.shomei.testing.ca.TestCa;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Shared set-up of the benchmarks (never measured). */
final class Fixtures {
  static final String SERVICE = "fx-forward";
  static final String USER_ID = "12345678";
  /** The instant certificates are issued at: inside the 2021 notice's affected range. */
  static final Instant ISSUED_AT = Instant.parse("2020-11-01T00:00:00Z");
  /** Bouncy Castle, the provider Shomei verifies CSRs with. */
  static final Provider BC = new BouncyCastleProvider();

  private Fixtures() {}

  /** The EC P-256 profile every issuance benchmark uses (Shomei's default key type). */
  static CertificateProfile profile() {
    return CertificateProfile.builder("bench", SERVICE, "1.3.6.1.4.1.55555.1.1")
        .organization("Example Bank").country("JP").validity(Duration.ofDays(730)).build();
  }

  /**
   * Custody for set-up data only: the test CA's chain, but every "signature" is one real signature
   * made once, over other bytes. The certificates it yields are well-formed and never verify; use it
   * where nothing checks signatures (the campaign scan reads DER facts, never signatures).
   */
  static KeyCustody fastSigner(TestCa ca) {
    byte[] fixed = ca.sign("SHA256withECDSA", new byte[] {1, 2, 3});
    return new KeyCustody() {
      @Override
      public List<X509Certificate> certificateChain() {
        return ca.certificateChain();
      }

      @Override
      public Set<String> signatureAlgorithms() {
        return Set.of("SHA256withECDSA");
      }

      @Override
      public byte[] sign(String algorithm, byte[] data) {
        return fixed.clone();
      }
    };
  }

  static Clock clock() {
    return Clock.fixed(ISSUED_AT, ZoneOffset.UTC);
  }

  static CertificateIssuer issuer(KeyCustody ca, SecureRandom random) {
    return CertificateIssuer.builder().keyCustody(ca).clock(clock()).secureRandom(random).build();
  }

  static KeyPair ecKeyPair(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A DER PKCS#10 request for {@code kp}, signed with SHA256withECDSA. */
  static byte[] csr(KeyPair kp) {
    try {
      return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + USER_ID), kp.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()))
          .getEncoded();
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  static IssuedCertificate issued(IssuanceResult r) {
    if (r instanceof IssuanceResult.Issued i) {
      return i.certificate();
    }
    throw new IllegalStateException("issuance refused: " + r);
  }

  static String resource(String name) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
