package io.shomei.core.pkcs12;

import java.io.OutputStream;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS12ParametersGenerator;
import org.bouncycastle.crypto.io.MacOutputStream;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.operator.GenericKey;
import org.bouncycastle.operator.MacCalculator;
import org.bouncycastle.pkcs.PKCS12MacCalculatorBuilder;

/**
 * The PKCS#12 MacData calculator (PKCS#12 KDF + HMAC, RFC 7292 appendix B) with the salt drawn from
 * an injected {@link SecureRandom} and a chosen salt length. Bouncy Castle's own builders take the
 * salt from a private {@code new SecureRandom()}, which makes the output impossible to pin in tests.
 */
final class SeededMacBuilder implements PKCS12MacCalculatorBuilder {
  private final boolean sha256;
  private final int iterations;
  private final int saltLength;
  private final SecureRandom random;

  /**
   * Creates a builder.
   *
   * @param sha256 HMAC-SHA256 if {@code true}, HMAC-SHA1 otherwise
   * @param iterations the KDF iteration count
   * @param saltLength the salt length in bytes
   * @param random the salt source
   */
  public SeededMacBuilder(boolean sha256, int iterations, int saltLength, SecureRandom random) {
    this.sha256 = sha256;
    this.iterations = iterations;
    this.saltLength = saltLength;
    this.random = random;
  }

  private ASN1ObjectIdentifier digestOid() {
    return sha256 ? NISTObjectIdentifiers.id_sha256 : OIWObjectIdentifiers.idSHA1;
  }

  private Digest newDigest() {
    return sha256 ? new SHA256Digest() : new SHA1Digest();
  }

  @Override
  public AlgorithmIdentifier getDigestAlgorithmIdentifier() {
    return new AlgorithmIdentifier(digestOid(), DERNull.INSTANCE);
  }

  @Override
  public MacCalculator build(char[] password) {
    byte[] salt = new byte[saltLength];
    random.nextBytes(salt);
    byte[] pwBytes = PBEParametersGenerator.PKCS12PasswordToBytes(password);
    PKCS12ParametersGenerator generator = new PKCS12ParametersGenerator(newDigest());
    generator.init(pwBytes, salt, iterations);
    Digest digest = newDigest();
    KeyParameter key =
        (KeyParameter) generator.generateDerivedMacParameters(digest.getDigestSize() * 8);
    HMac hmac = new HMac(digest);
    hmac.init(key);
    AlgorithmIdentifier id = new AlgorithmIdentifier(digestOid(), new PKCS12PBEParams(salt,
        iterations));
    MacOutputStream out = new MacOutputStream(hmac);
    return new MacCalculator() {
      @Override
      public AlgorithmIdentifier getAlgorithmIdentifier() {
        return id;
      }

      @Override
      public OutputStream getOutputStream() {
        return out;
      }

      @Override
      public byte[] getMac() {
        return out.getMac();
      }

      @Override
      public GenericKey getKey() {
        return new GenericKey(id, pwBytes);
      }
    };
  }
}
