package io.shomei.core.custody;

import io.shomei.spi.Secret;
import io.shomei.core.internal.x509.KeyPairs;
import io.shomei.core.internal.x509.RootCertificates;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.KeyCustodyException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Key custody with the CA key inside a PKCS#11 token (a network HSM, a smart card, SoftHSM2),
 * reached through the JDK's SunPKCS11 provider. The provider is configured from a SunPKCS11
 * configuration file and passed explicitly to every signature; it is not registered with
 * {@code java.security.Security}.
 *
 * <p>Select the token by {@code slot = <id>} in the configuration (not {@code slotListIndex}, which
 * follows slot-ID order and picks the wrong token when several are present), and give generated
 * private keys a template that keeps them inside the token; {@link #recommendedConfig} writes both.
 * Never use {@code attributes = compatibility}: it makes keys extractable.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>The private key never leaves the token: opening refuses a key whose value the provider can
 *       read ({@code getEncoded() != null}), which is the case for keys created without
 *       {@code CKA_SENSITIVE=true}.
 *   <li>The PIN is not kept; internal copies are wiped after login.
 *   <li>Exceptions never carry the PIN.
 * </ul>
 *
 * <p>Thread-safe (SunPKCS11 pools its sessions).
 *
 * @since 0.1.0
 */
public final class Pkcs11KeyCustody implements KeyCustody {
  private final Provider provider;
  private final PrivateKey key;
  private final List<X509Certificate> chain;
  private final Set<String> algorithms;

  private Pkcs11KeyCustody(Provider provider, PrivateKey key, List<X509Certificate> chain) {
    this.provider = provider;
    this.key = key;
    this.chain = List.copyOf(chain);
    this.algorithms = Signing.algorithmsFor(key.getAlgorithm(), provider);
    if (key.getEncoded() != null) {
      throw new KeyCustodyException("the token key is extractable (created without"
          + " CKA_SENSITIVE=true?); refusing to use it as a CA key", null);
    }
    String probe = algorithms.iterator().next();
    if (!Signing.matches(probe, key, provider, this.chain.get(0).getPublicKey())) {
      throw new KeyCustodyException("the token key does not match its certificate", null);
    }
  }

  /**
   * The SunPKCS11 configuration this SDK recommends: the token selected by slot ID, and a template
   * that makes generated private keys sensitive, non-extractable, private and sign-only.
   *
   * @param name provider name suffix (letters and digits)
   * @param library path of the PKCS#11 module (for example {@code /usr/lib/softhsm/libsofthsm2.so})
   * @param slot the slot ID
   * @return the configuration text
   */
  public static String recommendedConfig(String name, Path library, long slot) {
    if (!name.matches("[A-Za-z0-9]{1,32}")) {
      throw new IllegalArgumentException("name must be 1..32 letters or digits");
    }
    return "name = " + name + "\n"
        + "library = " + library.toAbsolutePath() + "\n"
        + "slot = " + slot + "\n"
        + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n"
        + "  CKA_SENSITIVE = true\n"
        + "  CKA_EXTRACTABLE = false\n"
        + "  CKA_PRIVATE = true\n"
        + "  CKA_DECRYPT = false\n"
        + "  CKA_UNWRAP = false\n"
        + "}\n";
  }

  /**
   * Opens a CA key that is already in the token, with the chain the token holds for it. SunPKCS11
   * lists a private key under an alias only when the token also holds its certificate with the same
   * {@code CKA_ID}; the alias is that certificate's {@code CKA_LABEL} (or, without one, the
   * {@code CKA_ID}). It builds the chain from the CA certificates present on the token; when the
   * intermediates and root are not on the token, use {@link #open(Path, Secret, String, List)}.
   *
   * @param config the SunPKCS11 configuration file
   * @param pin the user PIN; not destroyed
   * @param alias the key's alias (its {@code CKA_ID} / certificate {@code CKA_LABEL})
   * @return the custody
   * @throws KeyCustodyException if the provider cannot be configured, the login fails, the alias is
   *     missing, the key is extractable or the chain is out of order
   */
  public static Pkcs11KeyCustody open(Path config, Secret pin, String alias) {
    return open(config, pin, alias, List.of());
  }

  /**
   * Opens a CA key that is already in the token (see {@link #open(Path, Secret, String)}), for
   * example one a bank's existing CA created or imported with its own tools, and completes its
   * chain with certificates kept outside the token. The chain is the token's certificate for the
   * alias followed by {@code issuers}; with no issuers, the chain the token holds.
   *
   * @param config the SunPKCS11 configuration file
   * @param pin the user PIN; not destroyed
   * @param alias the key's alias
   * @param issuers the CA certificates above the key's certificate, in order: its issuer first, up to
   *     the root (or as far as the bank's trust anchors go); may be empty
   * @return the custody
   * @throws KeyCustodyException if the provider cannot be configured, the login fails, the alias is
   *     missing, the key is extractable or the chain is out of order
   * @since 0.1.0
   */
  public static Pkcs11KeyCustody open(Path config, Secret pin, String alias,
      List<X509Certificate> issuers) {
    List<X509Certificate> above = List.copyOf(issuers);
    Provider p = configure(config);
    KeyStore ks = login(p, pin);
    try {
      Key k = ks.getKey(alias, null);
      Certificate[] certs = ks.getCertificateChain(alias);
      if (!(k instanceof PrivateKey pk) || certs == null || certs.length == 0) {
        throw new KeyCustodyException("no private key entry '" + alias + "' in the token (a key is"
            + " listed only with a certificate of the same CKA_ID)", null);
      }
      List<X509Certificate> chain = Chains.x509(certs);
      if (!above.isEmpty()) {
        chain = new ArrayList<>(chain.subList(0, 1));
        chain.addAll(above);
      }
      Chains.requireOrdered(chain);
      return new Pkcs11KeyCustody(p, pk, chain);
    } catch (GeneralSecurityException e) {
      throw new KeyCustodyException("cannot read key '" + alias + "' from the token", e);
    }
  }

  /**
   * Generates a new CA key pair inside the token, self-signs a root certificate with it and stores
   * both in the token under {@code alias}.
   *
   * @param config the SunPKCS11 configuration file (see {@link #recommendedConfig})
   * @param pin the user PIN; not destroyed
   * @param alias the alias for the new key; must not exist yet
   * @param spec the root's subject, key type, hash and validity
   * @param clock dates the certificate
   * @param random the serial source
   * @return custody over the new CA
   * @throws KeyCustodyException if the token refuses, or the alias exists
   */
  public static Pkcs11KeyCustody createRoot(Path config, Secret pin, String alias,
      RootCaSpec spec, Clock clock, SecureRandom random) {
    Provider p = configure(config);
    KeyStore ks = login(p, pin);
    try {
      if (ks.containsAlias(alias)) {
        throw new KeyCustodyException("the token already has an entry '" + alias + "'", null);
      }
      KeyPair kp = KeyPairs.generate(spec.keyType().algorithm(), spec.keyType().bits(),
          spec.keyType().curve(), random, p);
      String algorithm = spec.signatureDigest().jcaSignatureAlgorithm(spec.keyType().algorithm());
      Set<String> supported = Signing.algorithmsFor(spec.keyType().algorithm(), p);
      X509Certificate root = RootCertificates.selfSigned(spec.subject(), kp.getPublic(),
          algorithm, (alg, data) -> Signing.sign(supported, alg, kp.getPrivate(), p, data),
          clock.instant(), spec.validity(), random);
      // Persists the session key as a token object (C_CopyObject) with the certificate.
      ks.setKeyEntry(alias, kp.getPrivate(), null, new Certificate[] {root});
      Key stored = ks.getKey(alias, null);
      if (!(stored instanceof PrivateKey storedKey)) {
        throw new KeyCustodyException("the token did not keep key '" + alias + "'", null);
      }
      return new Pkcs11KeyCustody(p, storedKey, List.of(root));
    } catch (GeneralSecurityException | IllegalStateException e) {
      throw new KeyCustodyException("cannot create CA key '" + alias + "' in the token", e);
    }
  }

  private static Provider configure(Path config) {
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) {
      throw new KeyCustodyException("the SunPKCS11 provider is not available in this JDK", null);
    }
    try {
      return base.configure(config.toAbsolutePath().toString());
    } catch (RuntimeException e) {
      throw new KeyCustodyException("cannot configure SunPKCS11 from " + config.getFileName(), e);
    }
  }

  private static KeyStore login(Provider p, Secret pin) {
    char[] pw = pin.toCharArray();
    try {
      KeyStore ks = KeyStore.getInstance("PKCS11", p);
      ks.load(null, pw);
      return ks;
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyCustodyException("cannot log in to the token (wrong PIN or slot?)", e);
    } finally {
      Arrays.fill(pw, '\0');
    }
  }

  /**
   * The configured SunPKCS11 provider (for example to register it for other uses).
   *
   * @return the provider
   */
  public Provider provider() {
    return provider;
  }

  @Override
  public List<X509Certificate> certificateChain() {
    return chain;
  }

  @Override
  public Set<String> signatureAlgorithms() {
    return algorithms;
  }

  @Override
  public byte[] sign(String algorithm, byte[] data) {
    return Signing.sign(algorithms, algorithm, key, provider, data);
  }

  @Override
  public String toString() {
    return "Pkcs11KeyCustody[" + provider.getName() + ", "
        + chain.get(0).getSubjectX500Principal().getName() + "]";
  }
}
