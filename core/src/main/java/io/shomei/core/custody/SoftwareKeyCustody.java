package io.shomei.core.custody;

import io.shomei.spi.Secret;
import io.shomei.core.internal.x509.KeyPairs;
import io.shomei.core.internal.x509.RootCertificates;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.KeyCustodyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Key custody with the CA key in memory, loaded from a PKCS#12 keystore file: the embedded default
 * for development and small installations. Production installations should keep the key in an HSM
 * ({@link Pkcs11KeyCustody}).
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>No method returns the private key; {@link #toString()} names only the CA subject.
 *   <li>Opening checks that the key matches the certificate (a probe signature is verified).
 *   <li>Keystore passwords are not kept: internal copies are wiped after loading.
 * </ul>
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class SoftwareKeyCustody implements KeyCustody {
  private final PrivateKey key;
  private final List<X509Certificate> chain;
  private final Set<String> algorithms;

  private SoftwareKeyCustody(PrivateKey key, List<X509Certificate> chain) {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("chain must not be empty");
    }
    this.key = key;
    this.chain = List.copyOf(chain);
    this.algorithms = Signing.algorithmsFor(key.getAlgorithm(), null);
    String probe = algorithms.iterator().next();
    if (!Signing.matches(probe, key, null, this.chain.get(0).getPublicKey())) {
      throw new IllegalArgumentException("the private key does not match the CA certificate");
    }
  }

  /**
   * Custody over a key already in memory (for example one the host obtained elsewhere).
   *
   * @param key the CA private key (RSA or EC)
   * @param chain the CA certificate first, then its issuers up to the root
   * @return the custody
   * @throws IllegalArgumentException if the key does not match the first certificate
   */
  public static SoftwareKeyCustody of(PrivateKey key, List<X509Certificate> chain) {
    return new SoftwareKeyCustody(Objects.requireNonNull(key), chain);
  }

  /**
   * Loads the CA key and chain from a PKCS#12 keystore file, for example an existing CA's file
   * exported with {@code openssl pkcs12 -export -inkey ca.key -in ca.pem -certfile chain.pem
   * -name ca}. The chain is the entry's chain as the keystore holds it: the CA's certificate, then
   * any intermediates, then (if present) the root. It must be in order, each certificate issued by
   * the next; the first must be a CA certificate.
   *
   * @param keystore the file
   * @param password the keystore password (also the key password); not destroyed
   * @param alias the entry alias (the {@code -name} / friendly name)
   * @return the custody
   * @throws KeyCustodyException if the file cannot be read, the password is wrong, the alias is
   *     missing or the chain is out of order
   */
  public static SoftwareKeyCustody load(Path keystore, Secret password, String alias) {
    return load(keystore, password, Objects.requireNonNull(alias, "alias"), true);
  }

  /**
   * Loads the CA key and chain from a PKCS#12 keystore file that holds exactly one private key
   * entry, whatever its alias (files exported without {@code -name} have none a host could know).
   * Otherwise as {@link #load(Path, Secret, String)}.
   *
   * @param keystore the file
   * @param password the keystore password (also the key password); not destroyed
   * @return the custody
   * @throws KeyCustodyException if the file cannot be read, the password is wrong, the file holds
   *     no or several private key entries (the message lists their aliases), or the chain is out of
   *     order
   * @since 0.1.0
   */
  public static SoftwareKeyCustody load(Path keystore, Secret password) {
    return load(keystore, password, null, false);
  }

  private static SoftwareKeyCustody load(Path keystore, Secret password, @Nullable String alias,
      boolean named) {
    char[] pw = password.toCharArray();
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, pw);
      String entry = named ? Objects.requireNonNull(alias) : singleKeyEntry(ks);
      Key k = ks.getKey(entry, pw);
      Certificate[] certs = ks.getCertificateChain(entry);
      if (!(k instanceof PrivateKey pk) || certs == null || certs.length == 0) {
        throw new KeyCustodyException("no private key entry '" + entry + "' in the keystore", null);
      }
      List<X509Certificate> chain = Chains.x509(certs);
      Chains.requireOrdered(chain);
      return new SoftwareKeyCustody(pk, chain);
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyCustodyException("cannot load the CA keystore " + keystore.getFileName(), e);
    } finally {
      Arrays.fill(pw, '\0');
    }
  }

  private static String singleKeyEntry(KeyStore ks) throws KeyStoreException {
    List<String> keys = new ArrayList<>();
    for (String a : Collections.list(ks.aliases())) {
      if (ks.entryInstanceOf(a, KeyStore.PrivateKeyEntry.class)) {
        keys.add(a);
      }
    }
    if (keys.size() != 1) {
      Collections.sort(keys);
      throw new KeyCustodyException("the keystore holds " + keys.size() + " private key entries"
          + (keys.isEmpty() ? "" : " (aliases " + keys + ")") + "; exactly one is needed, or name"
          + " the alias", null);
    }
    return keys.get(0);
  }

  /**
   * Generates a key in memory with a self-signed certificate, kept nowhere else: it lives as long as
   * the returned object. Meant for a delegated OCSP responder key that a process certifies at start
   * ({@code OcspResponder.Builder.delegatedResponder}), and for tests.
   *
   * @param spec the certificate's subject, key type, hash and validity
   * @param clock dates the certificate
   * @param random generates the key and the serial
   * @return custody over the new key
   * @since 0.2.0
   */
  public static SoftwareKeyCustody ephemeral(RootCaSpec spec, Clock clock, SecureRandom random) {
    KeyPair kp = KeyPairs.generate(spec.keyType().algorithm(), spec.keyType().bits(),
        spec.keyType().curve(), random, null);
    String algorithm = spec.signatureDigest().jcaSignatureAlgorithm(spec.keyType().algorithm());
    Set<String> supported = Signing.algorithmsFor(spec.keyType().algorithm(), null);
    X509Certificate self = RootCertificates.selfSigned(spec.subject(), kp.getPublic(), algorithm,
        (alg, data) -> Signing.sign(supported, alg, kp.getPrivate(), null, data),
        clock.instant(), spec.validity(), random);
    return new SoftwareKeyCustody(kp.getPrivate(), List.of(self));
  }

  /**
   * Creates a new self-signed root CA and writes it to a new PKCS#12 keystore file (the JDK's
   * PKCS#12 format: AES-256, PBKDF2-HMAC-SHA256).
   *
   * @param keystore the file to create; must not exist
   * @param password the keystore password; not destroyed
   * @param alias the entry alias
   * @param spec the root's subject, key type, hash and validity
   * @param clock dates the certificate
   * @param random generates the key and the serial
   * @return custody over the new CA
   * @throws KeyCustodyException if the file cannot be written (or already exists)
   */
  public static SoftwareKeyCustody createRoot(Path keystore, Secret password, String alias,
      RootCaSpec spec, Clock clock, SecureRandom random) {
    KeyPair kp = KeyPairs.generate(spec.keyType().algorithm(), spec.keyType().bits(),
        spec.keyType().curve(), random, null);
    String algorithm = spec.signatureDigest().jcaSignatureAlgorithm(spec.keyType().algorithm());
    Set<String> supported = Signing.algorithmsFor(spec.keyType().algorithm(), null);
    X509Certificate root = RootCertificates.selfSigned(spec.subject(), kp.getPublic(), algorithm,
        (alg, data) -> Signing.sign(supported, alg, kp.getPrivate(), null, data),
        clock.instant(), spec.validity(), random);
    char[] pw = password.toCharArray();
    try (OutputStream out = Files.newOutputStream(keystore, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(alias, kp.getPrivate(), pw, new Certificate[] {root});
      ks.store(out, pw);
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyCustodyException("cannot write the CA keystore " + keystore.getFileName(), e);
    } finally {
      Arrays.fill(pw, '\0');
    }
    return new SoftwareKeyCustody(kp.getPrivate(), List.of(root));
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
    return Signing.sign(algorithms, algorithm, key, null, data);
  }

  @Override
  public String toString() {
    return "SoftwareKeyCustody[" + chain.get(0).getSubjectX500Principal().getName() + "]";
  }
}
