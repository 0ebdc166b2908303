package io.shomei.testing.ca;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.KeyCustodyException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A fast certificate authority for tests: an EC P-256 (or RSA) root, optional intermediates, and a
 * builder for leaf certificates of every shape a test needs, including hostile and weak ones (two CNs,
 * a CA flag on a leaf, SHA-1, RSA-1024, ...).
 *
 * <p>It also implements {@link KeyCustody} so a test can hand it to Shomei as the signing CA. Its
 * private key lives in this object's memory: never use it outside tests.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class TestCa implements KeyCustody {
  private static final Provider BC = new BouncyCastleProvider();
  /** Validity of test CA certificates: wide enough for every date a test uses. */
  private static final Instant CA_NOT_BEFORE = Instant.parse("2000-01-01T00:00:00Z");

  private static final Instant CA_NOT_AFTER = Instant.parse("2099-12-31T23:59:59Z");

  private final KeyPair keyPair;
  private final KeyType keyType;
  private final List<X509Certificate> chain;
  private final SecureRandom random = new SecureRandom();

  private TestCa(KeyPair keyPair, KeyType keyType, List<X509Certificate> chain) {
    this.keyPair = keyPair;
    this.keyType = keyType;
    this.chain = List.copyOf(chain);
  }

  /**
   * A new self-signed root CA with an EC P-256 key and subject {@code CN=<name>, O=Shomei Test}.
   *
   * @param name the CA's common name
   * @return the CA
   */
  public static TestCa root(String name) {
    return root(name, KeyType.EC_P256);
  }

  /**
   * A new self-signed root CA.
   *
   * @param name the CA's common name
   * @param keyType the CA key type
   * @return the CA
   */
  public static TestCa root(String name, KeyType keyType) {
    KeyPair kp = keyType.generate();
    X500Name subject = caName(name);
    X509Certificate cert = buildCa(subject, kp.getPublic(), subject, kp.getPrivate(), null,
        keyType.defaultSignatureAlgorithm(), kp.getPublic(), -1, CA_NOT_BEFORE, CA_NOT_AFTER);
    return new TestCa(kp, keyType, List.of(cert));
  }

  /**
   * A new intermediate CA signed by this one; its chain is the intermediate followed by this chain.
   *
   * @param name the intermediate's common name
   * @return the intermediate CA
   */
  public TestCa intermediate(String name) {
    return intermediate(name, CA_NOT_BEFORE, CA_NOT_AFTER);
  }

  /**
   * A new intermediate CA signed by this one, valid only from {@code from} to {@code to} (both
   * inclusive, whole seconds): for tests of a CA certificate that expires before its leaves.
   *
   * @param name the intermediate's common name
   * @param from the start of its validity
   * @param to the end of its validity
   * @return the intermediate CA
   */
  public TestCa intermediate(String name, Instant from, Instant to) {
    KeyPair kp = KeyType.EC_P256.generate();
    X509Certificate cert = buildCa(caName(name), kp.getPublic(), X500Name.getInstance(
        certificate().getSubjectX500Principal().getEncoded()), keyPair.getPrivate(), certificate(),
        keyType.defaultSignatureAlgorithm(), keyPair.getPublic(), 0, from, to);
    List<X509Certificate> c = new ArrayList<>();
    c.add(cert);
    c.addAll(chain);
    return new TestCa(kp, KeyType.EC_P256, c);
  }

  private static X500Name caName(String name) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Shomei Test")
        .addRDN(BCStyle.CN, name)
        .build();
  }

  private static X509Certificate buildCa(X500Name subject, PublicKey subjectKey, X500Name issuer,
      PrivateKey signer, @Nullable X509Certificate issuerCert, String alg, PublicKey issuerKey,
      int pathLen, Instant from, Instant to) {
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
          new BigInteger(64, new SecureRandom()).setBit(63), Date.from(from), Date.from(to),
          subject, subjectKey);
      b.addExtension(Extension.basicConstraints, true,
          pathLen < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLen));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      b.addExtension(Extension.subjectKeyIdentifier, false,
          ext.createSubjectKeyIdentifier(subjectKey));
      if (issuerCert != null) {
        b.addExtension(Extension.authorityKeyIdentifier, false,
            ext.createAuthorityKeyIdentifier(issuerCert));
      } else {
        b.addExtension(Extension.authorityKeyIdentifier, false,
            ext.createAuthorityKeyIdentifier(issuerKey));
      }
      return convert(b.build(signer(alg, signer)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ContentSigner signer(String alg, PrivateKey key) {
    try {
      return new JcaContentSignerBuilder(alg).setProvider(BC).build(key);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign with " + alg, e);
    }
  }

  private static X509Certificate convert(org.bouncycastle.cert.X509CertificateHolder h) {
    try {
      return new JcaX509CertificateConverter().getCertificate(h);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The CA's chain: this CA's certificate first, the root last.
   *
   * @return an immutable list
   */
  @Override
  public List<X509Certificate> certificateChain() {
    return chain;
  }

  /**
   * The root of the chain (the trust anchor).
   *
   * @return the root certificate
   */
  public X509Certificate rootCertificate() {
    return chain.get(chain.size() - 1);
  }

  @Override
  public Set<String> signatureAlgorithms() {
    return keyType.algorithm().equals("EC")
        ? Set.of("SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA")
        : Set.of("SHA256withRSA", "SHA384withRSA", "SHA512withRSA");
  }

  @Override
  public byte[] sign(String algorithm, byte[] data) {
    if (!signatureAlgorithms().contains(algorithm)) {
      throw new IllegalArgumentException("unsupported algorithm " + algorithm);
    }
    try {
      Signature s = Signature.getInstance(algorithm);
      s.initSign(keyPair.getPrivate());
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new KeyCustodyException("test CA could not sign", e);
    }
  }

  /**
   * This CA's key and chain as a PKCS#12 file with one key entry (for tests that adopt the CA, as
   * a bank adopts its existing CA from a PKCS#12 export).
   *
   * @param alias the key entry's alias
   * @param password the file's password
   * @return the PKCS#12 bytes
   * @since 0.2.0
   */
  public byte[] pkcs12(String alias, char[] password) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(alias, keyPair.getPrivate(), password, chain.toArray(new Certificate[0]));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ks.store(out, password);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts a leaf certificate: by default EC P-256, valid from 2020-01-01 for ten years, subject
   * {@code CN=12345678, O=Shomei Test Bank}, clientAuth, digitalSignature, signed with the CA's usual
   * algorithm.
   *
   * @return a builder
   */
  public LeafBuilder leaf() {
    return new LeafBuilder();
  }

  /**
   * A certificate issued by the test CA with the key pair in it.
   *
   * @param certificate the certificate
   * @param keyPair its key pair
   */
  public record Issued(X509Certificate certificate, KeyPair keyPair) {
    /**
     * The DER encoding.
     *
     * @return the encoding
     */
    public byte[] der() {
      try {
        return certificate.getEncoded();
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * An ISSUED record of this certificate for an account.
     *
     * @param account the account
     * @param recordedAt the recording instant
     * @return the record
     */
    public CertificateRecord record(AccountKey account, Instant recordedAt) {
      return CertificateRecord.issued(certificate.getSerialNumber(), account,
          certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), der(),
          recordedAt, true, "test");
    }

    @Override
    public String toString() {
      return "Issued[" + certificate.getSubjectX500Principal() + ", serial="
          + certificate.getSerialNumber().toString(16) + "]";
    }
  }

  /** Builds one leaf certificate. Not thread-safe; use one builder per certificate. */
  public final class LeafBuilder {
    private X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Shomei Test Bank").addRDN(BCStyle.CN, "12345678").build();
    private Instant notBefore = Instant.parse("2020-01-01T00:00:00Z");
    private Instant notAfter = Instant.parse("2029-12-31T23:59:59Z");
    private KeyType keyType = KeyType.EC_P256;
    private @Nullable KeyPair keyPair;
    private @Nullable BigInteger serial;
    private @Nullable String signatureAlgorithm;
    private List<KeyPurposeId> ekus = new ArrayList<>(List.of(KeyPurposeId.id_kp_clientAuth));
    private int keyUsage = KeyUsage.digitalSignature;
    private boolean ca;
    private final List<String> policies = new ArrayList<>();
    private final List<Extension> extra = new ArrayList<>();

    private LeafBuilder() {}

    /**
     * Subject {@code CN=<cn>, O=Shomei Test Bank} (CN as UTF8String).
     *
     * @param cn the common name
     * @return this builder
     */
    public LeafBuilder commonName(String cn) {
      subject = new X500NameBuilder(BCStyle.INSTANCE)
          .addRDN(BCStyle.O, "Shomei Test Bank").addRDN(BCStyle.CN, cn).build();
      return this;
    }

    /**
     * Any subject, as the DER encoding of an X.501 Name (may be hostile).
     *
     * @param nameDer the encoded Name
     * @return this builder
     */
    public LeafBuilder subject(byte[] nameDer) {
      subject = X500Name.getInstance(nameDer);
      return this;
    }

    /**
     * Validity period (both ends inclusive). Second precision: X.509 times carry no fractions.
     *
     * @param from notBefore
     * @param to notAfter
     * @return this builder
     */
    public LeafBuilder validity(Instant from, Instant to) {
      notBefore = from;
      notAfter = to;
      return this;
    }

    /**
     * Key type (a pooled key pair of that type is used).
     *
     * @param type the key type
     * @return this builder
     */
    public LeafBuilder keyType(KeyType type) {
      keyType = type;
      return this;
    }

    /**
     * A specific key pair.
     *
     * @param kp the key pair
     * @return this builder
     */
    public LeafBuilder keyPair(KeyPair kp) {
      keyPair = kp;
      return this;
    }

    /**
     * A specific serial (positive).
     *
     * @param s the serial
     * @return this builder
     */
    public LeafBuilder serial(BigInteger s) {
      serial = s;
      return this;
    }

    /**
     * The CA's signature algorithm, for example {@code SHA1withECDSA} for a weak certificate.
     *
     * @param alg a JCA signature algorithm name
     * @return this builder
     */
    public LeafBuilder signatureAlgorithm(String alg) {
      signatureAlgorithm = alg;
      return this;
    }

    /**
     * Extended key usages as OIDs; none means no EKU extension.
     *
     * @param oids dotted OIDs (clientAuth is 1.3.6.1.5.5.7.3.2, anyExtendedKeyUsage is 2.5.29.37.0)
     * @return this builder
     */
    public LeafBuilder extendedKeyUsages(String... oids) {
      ekus = new ArrayList<>();
      for (String o : oids) {
        ekus.add(KeyPurposeId.getInstance(new ASN1ObjectIdentifier(o)));
      }
      return this;
    }

    /**
     * keyUsage bits ({@code org.bouncycastle.asn1.x509.KeyUsage} constants); 0 means no extension.
     *
     * @param bits the bits
     * @return this builder
     */
    public LeafBuilder keyUsage(int bits) {
      keyUsage = bits;
      return this;
    }

    /**
     * Marks the "leaf" as a CA (basicConstraints cA=true), for negative tests.
     *
     * @param isCa whether it is a CA
     * @return this builder
     */
    public LeafBuilder ca(boolean isCa) {
      ca = isCa;
      return this;
    }

    /**
     * Adds a certificate policy OID.
     *
     * @param oid the dotted OID
     * @return this builder
     */
    public LeafBuilder policy(String oid) {
      policies.add(oid);
      return this;
    }

    /**
     * Adds any extension.
     *
     * @param oid the extension OID
     * @param critical criticality
     * @param value the extension value
     * @return this builder
     */
    public LeafBuilder extension(String oid, boolean critical, ASN1Encodable value) {
      try {
        extra.add(new Extension(new ASN1ObjectIdentifier(oid), critical,
            value.toASN1Primitive().getEncoded()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    /**
     * Signs the certificate.
     *
     * @return the certificate and its key pair
     */
    public Issued issue() {
      KeyPair kp = keyPair != null ? keyPair : keyType.pooled();
      BigInteger s = serial != null ? serial : new BigInteger(127, random).setBit(126);
      String alg = signatureAlgorithm != null ? signatureAlgorithm
          : TestCa.this.keyType.defaultSignatureAlgorithm();
      try {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
            X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded()), s,
            Date.from(notBefore), Date.from(notAfter), subject, kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (keyUsage != 0) {
          b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        }
        if (!ekus.isEmpty()) {
          b.addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(ekus.toArray(new KeyPurposeId[0])));
        }
        b.addExtension(Extension.subjectKeyIdentifier, false,
            ext.createSubjectKeyIdentifier(kp.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false,
            ext.createAuthorityKeyIdentifier(certificate()));
        if (!policies.isEmpty()) {
          PolicyInformation[] pi = new PolicyInformation[policies.size()];
          for (int i = 0; i < pi.length; i++) {
            pi[i] = new PolicyInformation(new ASN1ObjectIdentifier(policies.get(i)));
          }
          b.addExtension(Extension.certificatePolicies, false, new CertificatePolicies(pi));
        }
        for (Extension e : extra) {
          b.addExtension(e);
        }
        return new Issued(convert(b.build(signer(alg, TestCa.this.keyPair.getPrivate()))), kp);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Starts a CRL signed by this CA (version 2, issuer = this CA's subject, thisUpdate 2026-01-01,
   * nextUpdate a week later, CRL number 1, authority key identifier, no entries), for tests of a
   * relying party that consumes the CRLs of other CAs.
   *
   * @return a builder
   * @since 0.2.0
   */
  public CrlBuilder crl() {
    return new CrlBuilder();
  }

  /**
   * Builds one CRL of this CA, including hostile shapes (no nextUpdate, a delta CRL, unknown
   * critical extensions, another signer). Not thread-safe; use one builder per CRL.
   *
   * @since 0.2.0
   */
  public final class CrlBuilder {
    private Instant thisUpdate = Instant.parse("2026-01-01T00:00:00Z");
    private @Nullable Instant nextUpdate = Instant.parse("2026-01-08T00:00:00Z");
    private @Nullable BigInteger number = BigInteger.ONE;
    private @Nullable X500Name issuer;
    private @Nullable PrivateKey signer;
    private @Nullable String signatureAlgorithm;
    private final List<CrlEntry> entries = new ArrayList<>();
    private final List<Extension> extensions = new ArrayList<>();

    private CrlBuilder() {}

    /** One listed certificate. */
    private record CrlEntry(BigInteger serial, Instant at, int reason) {}

    /**
     * Lists a certificate as revoked.
     *
     * @param serial its serial number
     * @param at the revocation date
     * @param reasonCode the RFC 5280 CRLReason code, or -1 for no reasonCode extension
     * @return this builder
     */
    public CrlBuilder revoke(BigInteger serial, Instant at, int reasonCode) {
      entries.add(new CrlEntry(serial, at, reasonCode));
      return this;
    }

    /**
     * Lists a certificate as revoked with reason keyCompromise at thisUpdate.
     *
     * @param certificate the certificate
     * @return this builder
     */
    public CrlBuilder revoke(X509Certificate certificate) {
      return revoke(certificate.getSerialNumber(), thisUpdate, 1);
    }

    /**
     * The validity of the CRL.
     *
     * @param issued thisUpdate
     * @param next nextUpdate, or {@code null} for none (not RFC 5280 conforming)
     * @return this builder
     */
    public CrlBuilder validity(Instant issued, @Nullable Instant next) {
      thisUpdate = issued;
      nextUpdate = next;
      return this;
    }

    /**
     * The CRL number.
     *
     * @param n the number, or {@code null} for no cRLNumber extension
     * @return this builder
     */
    public CrlBuilder number(@Nullable BigInteger n) {
      number = n;
      return this;
    }

    /**
     * Signs with another key (and algorithm) than this CA's, keeping this CA's name as issuer.
     *
     * @param key the signing key
     * @param algorithm the JCA signature algorithm
     * @return this builder
     */
    public CrlBuilder signedBy(PrivateKey key, String algorithm) {
      signer = key;
      signatureAlgorithm = algorithm;
      return this;
    }

    /**
     * Another signature algorithm for this CA's key (for example SHA1withECDSA).
     *
     * @param algorithm the JCA signature algorithm
     * @return this builder
     */
    public CrlBuilder signatureAlgorithm(String algorithm) {
      signatureAlgorithm = algorithm;
      return this;
    }

    /**
     * Another issuer name than this CA's subject.
     *
     * @param nameDer the DER of the issuer Name
     * @return this builder
     */
    public CrlBuilder issuer(byte[] nameDer) {
      issuer = X500Name.getInstance(nameDer);
      return this;
    }

    /**
     * Adds a CRL extension.
     *
     * @param oid the extension's OID
     * @param critical whether it is critical
     * @param value its value
     * @return this builder
     */
    public CrlBuilder extension(String oid, boolean critical, ASN1Encodable value) {
      try {
        extensions.add(new Extension(new ASN1ObjectIdentifier(oid), critical,
            value.toASN1Primitive().getEncoded(ASN1Encoding.DER)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    /**
     * Signs the CRL.
     *
     * @return its DER
     */
    public byte[] der() {
      X500Name name = issuer != null ? issuer
          : X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded());
      X509v2CRLBuilder b = new X509v2CRLBuilder(name, Date.from(thisUpdate));
      if (nextUpdate != null) {
        b.setNextUpdate(Date.from(nextUpdate));
      }
      for (CrlEntry e : entries) {
        if (e.reason() < 0) {
          b.addCRLEntry(e.serial(), Date.from(e.at()), null);
        } else {
          b.addCRLEntry(e.serial(), Date.from(e.at()), e.reason());
        }
      }
      try {
        if (number != null) {
          b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
        }
        b.addExtension(Extension.authorityKeyIdentifier, false,
            new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate()));
        for (Extension e : extensions) {
          b.addExtension(e);
        }
        String alg = signatureAlgorithm != null ? signatureAlgorithm
            : keyType.defaultSignatureAlgorithm();
        PrivateKey key = signer != null ? signer : keyPair.getPrivate();
        return b.build(signer(alg, key)).getEncoded();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public String toString() {
    return "TestCa[" + certificate().getSubjectX500Principal() + "]";
  }
}
