package io.shomei.core.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.Secret;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.issue.IssuanceResult;
import io.shomei.core.issue.KeyType;
import io.shomei.core.issue.SignatureDigest;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.KeyCustodyException;
import io.shomei.testing.MutableClock;
import io.shomei.testing.contract.KeyCustodyContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoftwareKeyCustodyTest {
  static final MutableClock CLOCK = MutableClock.at("2026-01-01T00:00:00Z");
  static final Secret PW = Secret.of("keystore-pw");

  static SoftwareKeyCustody create(Path dir, String file, RootCaSpec spec) {
    return SoftwareKeyCustody.createRoot(dir.resolve(file), PW, "ca", spec, CLOCK,
        new SecureRandom());
  }

  /** The contract, on an EC P-256 root loaded back from its keystore file. */
  @Nested
  class EcContract implements KeyCustodyContract {
    static final KeyCustody CUSTODY = load(RootCaSpec.of("CN=Soft EC Root,O=Example Bank,C=JP"));

    @Override
    public KeyCustody custody() {
      return CUSTODY;
    }
  }

  /** The contract, on an RSA-3072 root. */
  @Nested
  class RsaContract implements KeyCustodyContract {
    static final KeyCustody CUSTODY = load(RootCaSpec.of("CN=Soft RSA Root,O=Example Bank,C=JP")
        .withKeyType(KeyType.RSA_3072).withSignatureDigest(SignatureDigest.SHA384));

    @Override
    public KeyCustody custody() {
      return CUSTODY;
    }
  }

  static KeyCustody load(RootCaSpec spec) {
    try {
      Path dir = Files.createTempDirectory("shomei-soft-ca");
      create(dir, "ca.p12", spec);
      return SoftwareKeyCustody.load(dir.resolve("ca.p12"), PW, "ca");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void newRootIsSelfSignedEcP256CaByDefault(@TempDir Path dir) throws Exception {
    SoftwareKeyCustody c = create(dir, "ca.p12", RootCaSpec.of("CN=New Root,O=Bank,C=JP"));
    X509Certificate root = c.certificate();
    root.verify(root.getPublicKey());
    assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=New Root,O=Bank,C=JP");
    assertThat(root.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(root.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(root.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(root.getNotBefore().toInstant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(root.getNotAfter().toInstant())
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofDays(3650)));
    assertThat(c.signatureAlgorithms())
        .containsExactlyInAnyOrder("SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA");

    SoftwareKeyCustody loaded = SoftwareKeyCustody.load(dir.resolve("ca.p12"), PW, "ca");
    assertThat(loaded.certificateChain()).containsExactly(root);
    assertThat(PW.isDestroyed()).isFalse();
  }

  @Test
  void issuesThroughTheIssuer(@TempDir Path dir) throws Exception {
    SoftwareKeyCustody c = create(dir, "ca.p12",
        RootCaSpec.of("CN=RSA Root").withKeyType(KeyType.RSA_2048));
    CertificateIssuer issuer = CertificateIssuer.builder().keyCustody(c).clock(CLOCK).build();
    IssuanceResult r = issuer.issueWithGeneratedKey(
        CertificateProfile.builder("p", "s", "1.2.3.4").build(), "12345678");
    X509Certificate leaf = ((IssuanceResult.Issued) r).certificate().certificate();
    leaf.verify(c.publicKey());
    assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withRSA");
  }

  @Test
  void wrongPasswordOrAliasIsAKeyCustodyException(@TempDir Path dir) {
    create(dir, "ca.p12", RootCaSpec.of("CN=Root"));
    Path f = dir.resolve("ca.p12");
    assertThatThrownBy(() -> SoftwareKeyCustody.load(f, Secret.of("wrong"), "ca"))
        .isInstanceOf(KeyCustodyException.class).hasMessageNotContaining("wrong");
    assertThatThrownBy(() -> SoftwareKeyCustody.load(f, PW, "other"))
        .isInstanceOf(KeyCustodyException.class);
    assertThatThrownBy(() -> SoftwareKeyCustody.load(dir.resolve("missing.p12"), PW, "ca"))
        .isInstanceOf(KeyCustodyException.class);
  }

  @Test
  void neverOverwritesAnExistingKeystore(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("ca.p12"), "precious");
    assertThatThrownBy(() -> create(dir, "ca.p12", RootCaSpec.of("CN=Root")))
        .isInstanceOf(KeyCustodyException.class);
    assertThat(Files.readString(dir.resolve("ca.p12"))).isEqualTo("precious");
  }

  @Test
  void refusesAKeyThatDoesNotMatchTheCertificate(@TempDir Path dir) throws Exception {
    SoftwareKeyCustody c = create(dir, "ca.p12", RootCaSpec.of("CN=Root"));
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    assertThatThrownBy(() -> SoftwareKeyCustody.of(g.generateKeyPair().getPrivate(),
        List.of(c.certificate()))).isInstanceOf(IllegalArgumentException.class);
  }
}
