package io.shomei.examples.web;

import io.shomei.examples.datadir.DataDir;
import io.shomei.core.identity.ClientCertificateTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The web server's own TLS identity, kept in {@code shomei-data/web/}:
 *
 * <pre>
 * server.p12       the server key and certificate (alias "server") and the key of the small CA
 *                  that signed it (alias "ca"); JDK PKCS#12
 * server.password  that keystore's password (owner-only, like the data directory's CA password)
 * server-ca.pem    the CA certificate clients trust: curl --cacert, or a browser's trust store
 * </pre>
 *
 * <p>The server certificate names {@code 127.0.0.1} and {@code localhost}, is valid for 397 days
 * and is renewed from the same CA on start when fewer than 30 days are left, so clients that trust
 * {@code server-ca.pem} keep working. This CA has nothing to do with the bank's customer CA in
 * the data directory: it only signs the server certificate.
 */
public final class ServerIdentity {
  private static final String SERVER = "server";
  private static final String CA = "ca";
  private static final Duration SERVER_VALIDITY = Duration.ofDays(397);
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private final Path dir;
  private final PrivateKey serverKey;
  private final X509Certificate[] serverChain;

  private ServerIdentity(Path dir, PrivateKey serverKey, X509Certificate[] serverChain) {
    this.dir = dir;
    this.serverKey = serverKey;
    this.serverChain = serverChain.clone();
  }

  /**
   * Loads the identity from {@code dir}, creating (or renewing) it when needed.
   *
   * @param dir the directory, normally {@code shomei-data/web}
   * @param clock the real clock (browsers check the server certificate against real time)
   * @param random the CSPRNG
   * @return the identity
   */
  public static ServerIdentity loadOrCreate(Path dir, Clock clock, SecureRandom random) {
    try {
      Files.createDirectories(dir);
      Path p12 = dir.resolve("server.p12");
      Path passwordFile = dir.resolve("server.password");
      if (!Files.exists(p12)) {
        createAll(dir, clock, random);
      }
      DataDir.ownerOnly(dir); // the server's key, its password and its CA's key
      char[] password = readPassword(passwordFile);
      try {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
          ks.load(in, password);
        }
        X509Certificate leaf = (X509Certificate) ks.getCertificate(SERVER);
        if (leaf == null || !ks.isKeyEntry(CA)) {
          throw new IllegalStateException(p12 + " lacks the server or CA entry; delete "
              + dir + " to make a new server identity");
        }
        if (leaf.getNotAfter().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE))) {
          PrivateKey caKey = (PrivateKey) ks.getKey(CA, password);
          X509Certificate ca = (X509Certificate) ks.getCertificate(CA);
          KeyPair kp = ecKeyPair(random);
          X509Certificate renewed = serverCertificate(kp, ca, caKey, clock, random);
          ks.setKeyEntry(SERVER, kp.getPrivate(), password, new Certificate[] {renewed, ca});
          store(ks, p12, password);
        }
        PrivateKey key = (PrivateKey) ks.getKey(SERVER, password);
        Certificate[] chain = ks.getCertificateChain(SERVER);
        X509Certificate[] x = Arrays.copyOf(chain, chain.length, X509Certificate[].class);
        return new ServerIdentity(dir, key, x);
      } finally {
        Arrays.fill(password, '\0');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the server identity in " + dir, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot set up the server identity in " + dir, e);
    }
  }

  /**
   * The CA certificate clients trust.
   *
   * @return the CA certificate
   */
  public X509Certificate caCertificate() {
    return serverChain[serverChain.length - 1];
  }

  /**
   * The server certificate.
   *
   * @return the leaf
   */
  public X509Certificate serverCertificate() {
    return serverChain[0];
  }

  /**
   * The PEM file of {@link #caCertificate()}.
   *
   * @return {@code server-ca.pem}
   */
  public Path caPemFile() {
    return dir.resolve("server-ca.pem");
  }

  /**
   * A TLS context with this identity and the SDK's trust manager for client certificates, which
   * names every service's trust anchors and leaves the client chain's trust to the SDK's login
   * (see {@link ClientCertificateTrustManager} for why and when that is safe).
   *
   * @param clients the trust manager, from {@code Shomei.clientTrustManager()}
   * @param random the CSPRNG
   * @return the context
   */
  public SSLContext sslContext(ClientCertificateTrustManager clients, SecureRandom random) {
    try {
      char[] transientPassword = new char[0];
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(SERVER, serverKey, transientPassword, serverChain.clone());
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, transientPassword);
      KeyManager[] km = kmf.getKeyManagers();
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(km, new TrustManager[] {clients}, random);
      return ctx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the TLS context", e);
    }
  }

  // ------------------------------------------------------------------ creation

  private static void createAll(Path dir, Clock clock, SecureRandom random)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    KeyPair caPair = ecKeyPair(random);
    Instant now = clock.instant();
    X500Principal caName =
        new X500Principal("CN=Shomei Example Web Server CA,O=Example Bank,C=JP");
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder cab = new JcaX509v3CertificateBuilder(caName, serial(random),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CA_VALIDITY)), caName,
        caPair.getPublic())
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
        .addExtension(Extension.keyUsage, true,
            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
        .addExtension(Extension.subjectKeyIdentifier, false,
            ext.createSubjectKeyIdentifier(caPair.getPublic()));
    X509Certificate ca = sign(cab, caPair.getPrivate());
    KeyPair serverPair = ecKeyPair(random);
    X509Certificate server = serverCertificate(serverPair, ca, caPair.getPrivate(), clock, random);

    byte[] pw = new byte[24];
    random.nextBytes(pw);
    char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(pw).toCharArray();
    Arrays.fill(pw, (byte) 0);
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(SERVER, serverPair.getPrivate(), password, new Certificate[] {server, ca});
      ks.setKeyEntry(CA, caPair.getPrivate(), password, new Certificate[] {ca});
      writeOwnerOnly(dir.resolve("server.password"), new String(password));
      store(ks, dir.resolve("server.p12"), password);
      Files.writeString(dir.resolve("server-ca.pem"), pem(ca), StandardCharsets.US_ASCII);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static X509Certificate serverCertificate(KeyPair kp, X509Certificate ca,
      PrivateKey caKey, Clock clock, SecureRandom random)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    Instant now = clock.instant();
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    GeneralNames san = new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
        new GeneralName(GeneralName.dNSName, "localhost")});
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(random),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(SERVER_VALIDITY)),
        new X500Principal("CN=localhost,O=Example Bank,C=JP"), kp.getPublic())
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
        .addExtension(Extension.extendedKeyUsage, false,
            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
        .addExtension(Extension.subjectAlternativeName, false, san)
        .addExtension(Extension.subjectKeyIdentifier, false,
            ext.createSubjectKeyIdentifier(kp.getPublic()))
        .addExtension(Extension.authorityKeyIdentifier, false,
            ext.createAuthorityKeyIdentifier(ca));
    return sign(b, caKey);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
  }

  private static KeyPair ecKeyPair(SecureRandom random) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), random);
    return g.generateKeyPair();
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(127, random).setBit(126);
  }

  private static void store(KeyStore ks, Path file, char[] password)
      throws IOException, GeneralSecurityException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    createOwnerOnly(tmp);
    try (OutputStream out = Files.newOutputStream(tmp)) {
      ks.store(out, password);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static char[] readPassword(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      String s = new String(bytes, StandardCharsets.US_ASCII).strip();
      return s.toCharArray();
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static void writeOwnerOnly(Path file, String content) throws IOException {
    try {
      createOwnerOnly(file);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException(file + " exists without server.p12; delete "
          + file.getParent() + " to make a new server identity", e);
    }
    Files.writeString(file, content, StandardCharsets.US_ASCII);
  }

  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: default permissions
      Files.createFile(file);
    }
  }

  static String pem(X509Certificate c) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The certificates of the chain, leaf first.
   *
   * @return a copy of the chain
   */
  public List<X509Certificate> chain() {
    return List.of(serverChain);
  }

  @Override
  public String toString() {
    return "ServerIdentity[" + serverChain[0].getSubjectX500Principal() + ", until "
        + serverChain[0].getNotAfter().toInstant() + "]";
  }
}
