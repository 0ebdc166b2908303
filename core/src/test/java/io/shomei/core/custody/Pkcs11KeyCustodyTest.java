package io.shomei.core.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.Secret;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.issue.IssuanceResult;
import io.shomei.core.issue.KeyType;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.KeyCustodyException;
import io.shomei.testing.MutableClock;
import io.shomei.testing.contract.KeyCustodyContract;
import io.shomei.testing.env.ProcessRunner;
import io.shomei.testing.env.SoftHsm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** PKCS#11 custody against a real SoftHSM2 token (skipped without softhsm2, failed under CI). */
class Pkcs11KeyCustodyTest {
  static final MutableClock CLOCK = MutableClock.at("2026-01-01T00:00:00Z");
  private static @org.jspecify.annotations.Nullable Pkcs11KeyCustody ec;
  private static @org.jspecify.annotations.Nullable Pkcs11KeyCustody rsa;

  static synchronized SoftHsm.Token token() {
    SoftHsm.Token t = SoftHsm.token();
    if (ec == null) {
      ec = Pkcs11KeyCustody.createRoot(t.pkcs11Config(), Secret.of(t.pin()), "ca-ec",
          RootCaSpec.of("CN=HSM EC Root,O=Example Bank,C=JP"), CLOCK, new SecureRandom());
      rsa = Pkcs11KeyCustody.createRoot(t.pkcs11Config(), Secret.of(t.pin()), "ca-rsa",
          RootCaSpec.of("CN=HSM RSA Root,O=Example Bank,C=JP").withKeyType(KeyType.RSA_2048),
          CLOCK, new SecureRandom());
    }
    return t;
  }

  static synchronized Pkcs11KeyCustody ec() {
    token();
    return java.util.Objects.requireNonNull(ec);
  }

  static synchronized Pkcs11KeyCustody rsa() {
    token();
    return java.util.Objects.requireNonNull(rsa);
  }

  @Nested
  class EcContract implements KeyCustodyContract {
    @Override
    public KeyCustody custody() {
      return ec();
    }
  }

  @Nested
  class RsaContract implements KeyCustodyContract {
    @Override
    public KeyCustody custody() {
      return rsa();
    }
  }

  static KeyStore tokenKeyStore(SoftHsm.Token t) throws Exception {
    Provider p = Security.getProvider("SunPKCS11").configure(t.pkcs11Config().toString());
    KeyStore ks = KeyStore.getInstance("PKCS11", p);
    ks.load(null, t.pin().toCharArray());
    return ks;
  }

  @Test
  void hsmKeyCannotBeExported() throws Exception {
    SoftHsm.Token t = token();
    KeyStore ks = tokenKeyStore(t);
    Provider p = ks.getProvider();
    for (String alias : List.of("ca-ec", "ca-rsa")) {
      Key k = ks.getKey(alias, null);
      assertThat(k).isInstanceOf(PrivateKey.class);
      assertThat(k.getEncoded()).as(alias + " encoding").isNull();
      assertThat(k.getFormat()).isNull();
      assertThat(k.toString()).contains("token object", "sensitive", "unextractable");
      KeyFactory kf = KeyFactory.getInstance(k.getAlgorithm(), p);
      Class<? extends java.security.spec.KeySpec> spec = "EC".equals(k.getAlgorithm())
          ? ECPrivateKeySpec.class : RSAPrivateCrtKeySpec.class;
      assertThatThrownBy(() -> kf.getKeySpec(k, spec)).isInstanceOf(Exception.class);
      assertThatThrownBy(() -> kf.getKeySpec(k, PKCS8EncodedKeySpec.class))
          .isInstanceOf(Exception.class);
    }
  }

  @Test
  void keyReloadsAndSignsInAFreshJvm() throws Exception {
    SoftHsm.Token t = token();
    for (Pkcs11KeyCustody c : List.of(ec(), rsa())) {
      String alias = c == ec() ? "ca-ec" : "ca-rsa";
      String alg = c.signatureAlgorithms().contains("SHA256withECDSA")
          ? "SHA256withECDSA" : "SHA256withRSA";
      ProcessRunner.Result r = reload(t, alias, alg, t.pin());
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      String sig = line(r.stdout(), "SIGNATURE=");
      Signature v = Signature.getInstance(alg);
      v.initVerify(c.publicKey());
      v.update("reload probe".getBytes(StandardCharsets.US_ASCII));
      assertThat(v.verify(Base64.getDecoder().decode(sig))).isTrue();
      assertThat(Base64.getDecoder().decode(line(r.stdout(), "CERT=")))
          .isEqualTo(c.certificate().getEncoded());
      assertThat(line(r.stdout(), "ENCODED_NULL=")).isEqualTo("true");
    }
  }

  private static ProcessRunner.Result reload(SoftHsm.Token t, String alias, String alg,
      String pin) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return ProcessRunner.run(List.of(java.toString(), "-cp",
            System.getProperty("java.class.path"), Pkcs11ReloadMain.class.getName(),
            t.pkcs11Config().toString(), alias, alg),
        Duration.ofMinutes(2), null,
        Map.of("SOFTHSM2_CONF", t.softhsmConf().toString()),
        (pin + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  private static String line(String out, String prefix) {
    return out.lines().filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " in " + out))
        .substring(prefix.length());
  }

  @Test
  void issuesClientCertificatesWithTheHsmKey() throws Exception {
    for (Pkcs11KeyCustody c : List.of(ec(), rsa())) {
      CertificateIssuer issuer = CertificateIssuer.builder().keyCustody(c).clock(CLOCK).build();
      IssuanceResult r = issuer.issueWithGeneratedKey(
          CertificateProfile.builder("p", "s", "1.2.3.4").build(), "12345678");
      X509Certificate leaf = ((IssuanceResult.Issued) r).certificate().certificate();
      leaf.verify(c.publicKey());
      assertThat(leaf.getIssuerX500Principal()).isEqualTo(c.certificate().getSubjectX500Principal());
    }
  }

  @Test
  void refusesAnExtractableTokenKey() throws Exception {
    SoftHsm.Token t = token();
    Path leaky = t.pkcs11Config().resolveSibling("pkcs11-leaky.cfg");
    Files.writeString(leaky, "name = SoftHSMLeaky\nlibrary = " + SoftHsm.LIBRARY + "\nslot = "
        + t.slot() + "\nattributes = compatibility\n");
    Provider p = Security.getProvider("SunPKCS11").configure(leaky.toString());
    KeyStore ks = KeyStore.getInstance("PKCS11", p);
    ks.load(null, t.pin().toCharArray());
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", p);
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    assertThat(kp.getPrivate().getEncoded()).as("the dangerous template leaks the key").isNotNull();
    // A placeholder certificate of its own: reusing another entry's certificate would relabel it.
    X509Certificate self = io.shomei.core.internal.x509.RootCertificates.selfSigned(
        new javax.security.auth.x500.X500Principal("CN=Leaky"), kp.getPublic(), "SHA256withECDSA",
        (alg, data) -> {
          try {
            Signature s = Signature.getInstance(alg, p);
            s.initSign(kp.getPrivate());
            s.update(data);
            return s.sign();
          } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
          }
        }, CLOCK.instant(), Duration.ofDays(1), new SecureRandom());
    ks.setKeyEntry("leaky", kp.getPrivate(), null, new Certificate[] {self});
    assertThatThrownBy(() -> Pkcs11KeyCustody.open(t.pkcs11Config(), Secret.of(t.pin()), "leaky"))
        .isInstanceOf(KeyCustodyException.class).hasMessageContaining("extractable");
  }

  @Test
  void recommendedConfigOpensTheSameKey() throws Exception {
    SoftHsm.Token t = token();
    Path cfg = t.pkcs11Config().resolveSibling("pkcs11-recommended.cfg");
    Files.writeString(cfg, Pkcs11KeyCustody.recommendedConfig("Recommended", SoftHsm.LIBRARY,
        t.slot()));
    Pkcs11KeyCustody c = Pkcs11KeyCustody.open(cfg, Secret.of(t.pin()), "ca-ec");
    assertThat(c.certificate()).isEqualTo(ec().certificate());
    assertThat(c.provider().getName()).isEqualTo("SunPKCS11-Recommended");
  }

  @Test
  void wrongPinIsRefusedInAFreshJvmWithoutShowingIt() {
    // In this JVM the token is already logged in (PKCS#11 login is per process), so a fresh JVM.
    SoftHsm.Token t = token();
    ec();
    ProcessRunner.Result r = reload(t, "ca-ec", "SHA256withECDSA", "99999999");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("KeyCustodyException").doesNotContain("99999999");
  }

  @Test
  void missingAliasAndDuplicateAliasAreKeyCustodyExceptions() {
    SoftHsm.Token t = token();
    assertThatThrownBy(() -> Pkcs11KeyCustody.open(t.pkcs11Config(), Secret.of(t.pin()),
        "no-such")).isInstanceOf(KeyCustodyException.class);
    assertThatThrownBy(() -> Pkcs11KeyCustody.createRoot(t.pkcs11Config(), Secret.of(t.pin()),
        "ca-ec", RootCaSpec.of("CN=Dup"), CLOCK, new SecureRandom()))
        .isInstanceOf(KeyCustodyException.class);
  }
}
