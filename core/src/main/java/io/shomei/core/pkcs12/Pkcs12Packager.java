package io.shomei.core.pkcs12;

import io.shomei.spi.Secret;
import io.shomei.core.internal.x509.Bc;
import io.shomei.core.issue.GeneratedKey;
import io.shomei.core.issue.IssuedCertificate;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.crypto.util.PBKDF2Config;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

/**
 * Writes a user's private key, certificate and the whole CA chain (root included, so Windows offers
 * to install the root) into one PKCS#12 file protected by the acquisition password.
 *
 * <p>Written with Bouncy Castle's PKCS#12 builder, never a {@code KeyStore}: the key bag and the leaf
 * certificate bag carry the same {@code friendlyName} and {@code localKeyId} (the leaf's subject key
 * identifier); each CA certificate bag carries its CN as {@code friendlyName}. See
 * {@link Pkcs12Profile} for the algorithms and which consumer reads which profile.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>The password must be printable ASCII (U+0020..U+007E) and non-empty; otherwise the result
 *       is a {@link Pkcs12Result.Refused} and nothing is written.
 *   <li>The password {@link Secret} is destroyed when a {@code pack} method returns, whatever the
 *       outcome; internal copies are wiped.
 *   <li>Iteration counts never exceed {@value #MAX_ITERATIONS} (Windows refuses more).
 *   <li>Given the same key, certificates, password and a {@link SecureRandom} in the same state, the
 *       output is byte-for-byte the same (salts, IVs and the MAC salt all come from that source).
 * </ul>
 *
 * <p>Thread-safe if its {@link SecureRandom} is (the JDK's are).
 *
 * @since 0.1.0
 */
public final class Pkcs12Packager {
  /** Largest iteration count for any KDF in the file: the Windows limit. */
  public static final int MAX_ITERATIONS = 600_000;
  /** Default iteration count, as OpenSSL 3 and Windows write. */
  public static final int DEFAULT_ITERATIONS = 2048;

  private final Pkcs12Profile profile;
  private final int iterations;
  private final SecureRandom random;

  private Pkcs12Packager(Pkcs12Profile profile, int iterations, SecureRandom random) {
    this.profile = profile;
    this.iterations = iterations;
    this.random = random;
  }

  /**
   * Starts a builder: COMPAT, {@value #DEFAULT_ITERATIONS} iterations, a new {@link SecureRandom}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The profile this packager writes.
   *
   * @return the profile
   */
  public Pkcs12Profile profile() {
    return profile;
  }

  /**
   * The iteration count for every KDF in the file.
   *
   * @return the iteration count
   */
  public int iterations() {
    return iterations;
  }

  /**
   * Checks a password without consuming it; lets a flow refuse before it issues a certificate.
   *
   * @param password the password
   * @return the refusal, or empty if the password is acceptable
   */
  public static Optional<Pkcs12Refusal> checkPassword(Secret password) {
    return Optional.ofNullable(password.apply(chars -> {
      if (!chars.hasRemaining()) {
        return Pkcs12Refusal.EMPTY_PASSWORD;
      }
      while (chars.hasRemaining()) {
        char c = chars.get();
        if (c < 0x20 || c > 0x7e) {
          return Pkcs12Refusal.NON_ASCII_PASSWORD;
        }
      }
      return null;
    }));
  }

  /**
   * Packages a certificate issued with a server-generated key, then {@linkplain
   * GeneratedKey#discard() discards} the key (also when refused). The friendly name is the
   * certificate's CN.
   *
   * @param issued a certificate from the server-side key generation path
   * @param password the acquisition password; destroyed when this method returns
   * @return the file, or a refusal
   * @throws IllegalArgumentException if {@code issued} has no generated key
   */
  public Pkcs12Result pack(IssuedCertificate issued, Secret password) {
    GeneratedKey key = issued.generatedKey().orElseThrow(() -> {
      password.destroy();
      return new IllegalArgumentException("the certificate was issued for a CSR: no key to package");
    });
    try {
      List<X509Certificate> chain = new ArrayList<>();
      chain.add(issued.certificate());
      chain.addAll(issued.caChain());
      return pack(key.privateKey(), chain, issued.account().userId(), password);
    } finally {
      key.discard();
    }
  }

  /**
   * Packages a key with its certificate chain.
   *
   * @param privateKey the user's private key (must be encodable as PKCS#8)
   * @param chain the leaf certificate first, then its issuers up to and including the root
   * @param friendlyName the name consumers show for the key and the leaf certificate
   * @param password the acquisition password; destroyed when this method returns
   * @return the file, or a refusal
   */
  public Pkcs12Result pack(
      PrivateKey privateKey, List<X509Certificate> chain, String friendlyName, Secret password) {
    try {
      Objects.requireNonNull(privateKey, "privateKey");
      Objects.requireNonNull(friendlyName, "friendlyName");
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("chain must contain at least the leaf certificate");
      }
      Optional<Pkcs12Refusal> refusal = checkPassword(password);
      if (refusal.isPresent()) {
        return new Pkcs12Result.Refused(refusal.get());
      }
      char[] pw = password.toCharArray();
      try {
        return new Pkcs12Result.Packaged(
            new Pkcs12File(build(privateKey, chain, friendlyName, pw), profile));
      } finally {
        Arrays.fill(pw, '\0');
      }
    } finally {
      password.destroy();
    }
  }

  private byte[] build(
      PrivateKey privateKey, List<X509Certificate> chain, String friendlyName, char[] pw) {
    try {
      X509Certificate leaf = chain.get(0);
      DEROctetString localKeyId = new DEROctetString(localKeyIdOf(leaf));
      DERBMPString name = new DERBMPString(friendlyName);

      OutputEncryptor certEncryptor = encryptor(pw);
      OutputEncryptor keyEncryptor = encryptor(pw);

      List<PKCS12SafeBag> certBags = new ArrayList<>();
      PKCS12SafeBagBuilder leafBag = new JcaPKCS12SafeBagBuilder(leaf);
      leafBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, name);
      leafBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);
      certBags.add(leafBag.build());
      for (X509Certificate ca : chain.subList(1, chain.size())) {
        PKCS12SafeBagBuilder caBag = new JcaPKCS12SafeBagBuilder(ca);
        caBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName,
            new DERBMPString(commonNameOf(ca.getSubjectX500Principal())));
        certBags.add(caBag.build());
      }
      PKCS12SafeBagBuilder keyBag = new JcaPKCS12SafeBagBuilder(privateKey, keyEncryptor);
      keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, name);
      keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);

      PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
      pfx.addEncryptedData(certEncryptor, certBags.toArray(new PKCS12SafeBag[0]));
      pfx.addData(keyBag.build());
      boolean modern = profile == Pkcs12Profile.MODERN;
      SeededMacBuilder mac = new SeededMacBuilder(modern, iterations, modern ? 8 : 20, random);
      return pfx.build(mac, pw).getEncoded(ASN1Encoding.DER);
    } catch (IOException | PKCSException | OperatorCreationException e) {
      throw new IllegalStateException("cannot build the PKCS#12 file", e);
    }
  }

  private OutputEncryptor encryptor(char[] pw) throws OperatorCreationException {
    if (profile == Pkcs12Profile.MODERN) {
      PBKDF2Config kdf = new PBKDF2Config.Builder()
          .withIterationCount(iterations)
          .withPRF(PBKDF2Config.PRF_SHA256)
          .withSaltLength(8)
          .build();
      return new JcePKCSPBEOutputEncryptorBuilder(kdf, NISTObjectIdentifiers.id_aes256_CBC)
          .setProvider(Bc.PROVIDER)
          .setRandom(random)
          .build(pw);
    }
    return new JcePKCSPBEOutputEncryptorBuilder(
        PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
        .setProvider(Bc.PROVIDER)
        .setIterationCount(iterations)
        .setRandom(random)
        .build(pw);
  }

  private static byte[] localKeyIdOf(X509Certificate leaf) {
    byte[] ext = leaf.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (ext != null) {
      return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets())
          .getKeyIdentifier();
    }
    try {
      return MessageDigest.getInstance("SHA-1").digest(leaf.getEncoded());
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot compute a local key id", e);
    }
  }

  private static String commonNameOf(X500Principal principal) {
    X500Name name = X500Name.getInstance(principal.getEncoded());
    var rdns = name.getRDNs(BCStyle.CN);
    if (rdns.length > 0 && rdns[0].getFirst() != null) {
      // the value as the CA wrote it (BMPString and UTF8String decoded as such), not RFC 4514 text:
      // IETFUtils.valueToString escaped it ("Example Bank\\, Ltd." in the consumer's list)
      ASN1Encodable value = rdns[0].getFirst().getValue();
      return value instanceof ASN1String text ? text.getString()
          : IETFUtils.valueToString(value);
    }
    return principal.getName(X500Principal.RFC2253);
  }

  /**
   * Builds a {@link Pkcs12Packager}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Pkcs12Profile profile = Pkcs12Profile.COMPAT;
    private int iterations = DEFAULT_ITERATIONS;
    private SecureRandom random = new SecureRandom();

    private Builder() {}

    /**
     * The profile (default COMPAT).
     *
     * @param profile the profile
     * @return this builder
     */
    public Builder profile(Pkcs12Profile profile) {
      this.profile = Objects.requireNonNull(profile);
      return this;
    }

    /**
     * The iteration count for every KDF (default {@value Pkcs12Packager#DEFAULT_ITERATIONS}).
     *
     * @param iterations 1..{@value Pkcs12Packager#MAX_ITERATIONS}
     * @return this builder
     * @throws IllegalArgumentException outside that range
     */
    public Builder iterations(int iterations) {
      if (iterations < 1 || iterations > MAX_ITERATIONS) {
        throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS);
      }
      this.iterations = iterations;
      return this;
    }

    /**
     * The source of salts and IVs (default: a new {@link SecureRandom}).
     *
     * @param random the source
     * @return this builder
     */
    public Builder secureRandom(SecureRandom random) {
      this.random = Objects.requireNonNull(random);
      return this;
    }

    /**
     * Builds the packager.
     *
     * @return the packager
     */
    public Pkcs12Packager build() {
      return new Pkcs12Packager(profile, iterations, random);
    }
  }
}
