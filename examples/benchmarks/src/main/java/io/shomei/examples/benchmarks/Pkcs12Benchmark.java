package io.shomei.examples.benchmarks;

import io.shomei.spi.Secret;
import io.shomei.core.issue.IssuedCertificate;
import io.shomei.core.pkcs12.Pkcs12Packager;
import io.shomei.core.pkcs12.Pkcs12Profile;
import io.shomei.core.pkcs12.Pkcs12Result;
import io.shomei.testing.ca.TestCa;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.BufferedBlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.generators.PKCS12ParametersGenerator;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * PKCS#12 building per profile ({@code pack}) beside its floor ({@code primitive}): the password-based
 * key derivations (two encryptors and the MAC key, {@value Pkcs12Packager#DEFAULT_ITERATIONS}
 * iterations each), encryption of a payload of the same size as the key and certificates, and the MAC,
 * with Bouncy Castle's lightweight classes. COMPAT: PKCS#12 KDF with SHA-1, 3DES-CBC, HMAC-SHA1.
 * MODERN: PBKDF2-HMAC-SHA256 and AES-256-CBC, MAC key by the PKCS#12 KDF with SHA-256, HMAC-SHA256.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Pkcs12Benchmark {
  /** Roughly what a COMPAT file encrypts and MACs: PKCS#8 EC key + leaf + CA certificate. */
  static final byte[] SAMPLE_PAYLOAD = new byte[1_400];

  private static final int ITERATIONS = Pkcs12Packager.DEFAULT_ITERATIONS;

  /** The profile. */
  @Param({"COMPAT", "MODERN"})
  public String profile = "COMPAT";

  private final SecureRandom random = new SecureRandom();
  private final char[] password = "Kx7-pQ2m-Zt9w-R4vY".toCharArray();
  private final List<X509Certificate> chain = new ArrayList<>();
  private byte[] payload = SAMPLE_PAYLOAD;
  private Pkcs12Packager packager = Pkcs12Packager.builder().secureRandom(random).build();
  private Pkcs12Profile chosen = Pkcs12Profile.COMPAT;
  private PrivateKey privateKey;

  /** Issues the certificate to package. */
  public Pkcs12Benchmark() {
    TestCa ca = TestCa.root("Bench P12 CA");
    KeyPair kp = Fixtures.ecKeyPair(random);
    IssuedCertificate c = Fixtures.issued(Fixtures.issuer(ca, random)
        .issueForCsr(Fixtures.profile(), Fixtures.USER_ID, Fixtures.csr(kp)));
    privateKey = kp.getPrivate();
    chain.add(c.certificate());
    chain.addAll(c.caChain());
  }

  /**
   * Builds the packager of the chosen profile and a payload of the real size.
   *
   * @throws java.security.cert.CertificateEncodingException never
   */
  @Setup
  public void setUp() throws java.security.cert.CertificateEncodingException {
    chosen = Pkcs12Profile.valueOf(profile);
    packager = Pkcs12Packager.builder().profile(chosen).secureRandom(random).build();
    int size = privateKey.getEncoded().length;
    for (X509Certificate c : chain) {
      size += c.getEncoded().length;
    }
    payload = new byte[size];
    random.nextBytes(payload);
  }

  /**
   * Shomei's packager.
   *
   * @return the file
   */
  @Benchmark
  public Pkcs12Result pack() {
    return packager.pack(privateKey, chain, Fixtures.USER_ID, Secret.copyOf(password));
  }

  /**
   * The floor: KDFs, cipher and MAC of the same profile.
   *
   * @return the MAC
   */
  @Benchmark
  public byte[] primitive() {
    return chosen == Pkcs12Profile.MODERN ? modernPrimitive(password, payload)
        : compatPrimitive(password, payload);
  }

  static byte[] compatPrimitive(char[] password, byte[] payload) {
    byte[] pw = PBEParametersGenerator.PKCS12PasswordToBytes(password);
    byte[] out = payload;
    for (int i = 0; i < 2; i++) {
      PKCS12ParametersGenerator g = new PKCS12ParametersGenerator(new SHA1Digest());
      g.init(pw, salt(20), ITERATIONS);
      out = encrypt(new DESedeEngine(), g.generateDerivedParameters(192, 64), payload);
    }
    PKCS12ParametersGenerator m = new PKCS12ParametersGenerator(new SHA1Digest());
    m.init(pw, salt(20), ITERATIONS);
    return mac(new HMac(new SHA1Digest()), m.generateDerivedMacParameters(160), out);
  }

  static byte[] modernPrimitive(char[] password, byte[] payload) {
    byte[] utf8 = PBEParametersGenerator.PKCS5PasswordToUTF8Bytes(password);
    byte[] out = payload;
    for (int i = 0; i < 2; i++) {
      PKCS5S2ParametersGenerator g = new PKCS5S2ParametersGenerator(new SHA256Digest());
      g.init(utf8, salt(8), ITERATIONS);
      KeyParameter key = (KeyParameter) g.generateDerivedParameters(256);
      out = encrypt(AESEngine.newInstance(), new ParametersWithIV(key, salt(16)), payload);
    }
    PKCS12ParametersGenerator m = new PKCS12ParametersGenerator(new SHA256Digest());
    m.init(PBEParametersGenerator.PKCS12PasswordToBytes(password), salt(8), ITERATIONS);
    return mac(new HMac(new SHA256Digest()), m.generateDerivedMacParameters(256), out);
  }

  private static byte[] salt(int length) {
    return new byte[length];
  }

  private static byte[] encrypt(org.bouncycastle.crypto.BlockCipher engine, CipherParameters key,
      byte[] in) {
    BufferedBlockCipher c = new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(engine));
    c.init(true, key);
    byte[] out = new byte[c.getOutputSize(in.length)];
    int n = c.processBytes(in, 0, in.length, out, 0);
    try {
      c.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static byte[] mac(HMac mac, CipherParameters key, byte[] data) {
    mac.init(key);
    mac.update(data, 0, data.length);
    byte[] out = new byte[mac.getMacSize()];
    mac.doFinal(out, 0);
    return out;
  }
}
