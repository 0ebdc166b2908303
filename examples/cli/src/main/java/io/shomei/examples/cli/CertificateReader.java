package io.shomei.examples.cli;

import io.shomei.spi.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads certificates from what an operator has at hand: PEM (one or more {@code CERTIFICATE}
 * blocks), DER (one certificate) or PKCS#12 (the chain of its key entry, or its certificates).
 * Keeps the certificates in the order the file gives them and their bytes as they are: the
 * customer's certificate is the first one, and the SDK judges exactly what was given
 * ({@link Read#encodings()}). Nothing is reordered or re-encoded.
 */
final class CertificateReader {
  /** Larger files are refused before they are read. */
  static final long MAX_BYTES = 1024 * 1024;

  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");

  private CertificateReader() {}

  /** The kind of a certificate file. */
  enum Format { PEM, DER, PKCS12 }

  /**
   * What {@link #read} found.
   *
   * @param format the file's kind
   * @param encodings the certificates' encodings in the file's order, as they stand
   * @param file the file, for messages
   */
  record Read(Format format, List<byte[]> encodings, Path file) {
    /**
     * The certificates, parsed: each encoding must be exactly one certificate (nothing after it).
     *
     * @return the certificates in the file's order
     * @throws CliFailure if one does not parse or has bytes after it
     */
    List<X509Certificate> chain() {
      List<X509Certificate> out = new ArrayList<>();
      for (byte[] der : encodings) {
        out.add(parse(file, der));
      }
      return List.copyOf(out);
    }

    /** The first certificate, or {@code null} when it does not parse strictly. */
    @Nullable X509Certificate firstOrNull() {
      try {
        return parse(file, encodings.get(0));
      } catch (CliFailure e) {
        return null;
      }
    }
  }

  /**
   * Reads a file.
   *
   * @param file the file
   * @param p12Password the password of a PKCS#12 file, or {@code null} (then a PKCS#12 file is a
   *     usage error naming {@code --p12-password-env}); destroyed before this returns
   * @return the format and the certificates' encodings, in the file's order
   * @throws CliFailure if the file cannot be read or holds no certificate
   * @throws UsageException if the file is PKCS#12 and no password was given
   */
  static Read read(Path file, @Nullable Secret p12Password) {
    try {
      byte[] bytes = readBytes(file);
      if (isPem(bytes)) {
        List<byte[]> blocks = pemBlocks(bytes, "CERTIFICATE");
        if (blocks.isEmpty()) {
          throw new CliFailure(file + " holds no PEM CERTIFICATE block");
        }
        return new Read(Format.PEM, blocks, file);
      }
      if (!looksLikePkcs12(bytes)) {
        return new Read(Format.DER, List.of(bytes), file);
      }
      if (p12Password == null) {
        throw new UsageException(file + " is neither PEM nor DER; if it is PKCS#12, name the"
            + " environment variable holding its password with --p12-password-env");
      }
      return new Read(Format.PKCS12, encoded(pkcs12(file, bytes, p12Password)), file);
    } finally {
      if (p12Password != null) {
        p12Password.destroy();
      }
    }
  }

  /**
   * Whether the bytes have the outer shape of a PKCS#12 PFX ({@code SEQUENCE { INTEGER 3, ...}}),
   * where a certificate has {@code SEQUENCE { SEQUENCE tbsCertificate, ...}}. Everything that is
   * neither PEM nor PKCS#12 is handed over as one DER certificate, for the SDK to judge.
   */
  private static boolean looksLikePkcs12(byte[] b) {
    if (b.length < 4 || b[0] != 0x30) {
      return false;
    }
    int first = b[1] & 0xff;
    int at = first < 0x80 ? 2 : 2 + (first & 0x7f);
    return at + 2 < b.length && b[at] == 0x02 && b[at + 1] == 0x01 && b[at + 2] == 0x03;
  }

  private static List<byte[]> encoded(List<X509Certificate> certs) {
    List<byte[]> out = new ArrayList<>();
    for (X509Certificate c : certs) {
      try {
        out.add(c.getEncoded());
      } catch (CertificateEncodingException e) {
        throw new CliFailure("a certificate of the PKCS#12 file cannot be encoded", e);
      }
    }
    return out;
  }

  /** The DER of every PEM block of the given type, or of a DER file as it is. */
  static List<byte[]> pemOrDer(Path file, String type) {
    byte[] bytes = readBytes(file);
    if (!isPem(bytes)) {
      return List.of(bytes);
    }
    List<byte[]> blocks = pemBlocks(bytes, type);
    if (blocks.isEmpty()) {
      throw new CliFailure(file + " holds no PEM block of type " + type);
    }
    return blocks;
  }

  static byte[] readBytes(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new CliFailure("no such file: " + file);
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new CliFailure(file + " is larger than " + MAX_BYTES + " bytes");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CliFailure("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean isPem(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
  }

  private static List<byte[]> pemBlocks(byte[] bytes, String type) {
    Matcher m = PEM.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
    List<byte[]> out = new ArrayList<>();
    while (m.find()) {
      if (m.group(1).equals(type)) {
        try {
          out.add(Base64.getMimeDecoder().decode(m.group(2)));
        } catch (IllegalArgumentException e) {
          throw new CliFailure("a PEM block of type " + type + " is not valid Base64", e);
        }
      }
    }
    return out;
  }

  /** One certificate filling all of {@code der}: bytes after it are refused, as in a DER file. */
  private static X509Certificate parse(Path file, byte[] der) {
    try {
      ByteArrayInputStream in = new ByteArrayInputStream(der);
      Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(in);
      if (in.available() != 0) {
        throw new CliFailure(file + " holds a certificate followed by " + in.available()
            + " other bytes");
      }
      if (!(c instanceof X509Certificate x)) {
        throw new CliFailure(file + " holds a certificate that is not X.509");
      }
      return x;
    } catch (CertificateException | RuntimeException e) {
      if (e instanceof CliFailure f) {
        throw f;
      }
      throw new CliFailure(file + " holds a certificate that does not parse: " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> pkcs12(Path file, byte[] bytes, Secret password) {
    char[] chars = password.toCharArray();
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(new ByteArrayInputStream(bytes), chars);
      List<String> keys = new ArrayList<>();
      List<X509Certificate> trusted = new ArrayList<>();
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(alias)) {
          keys.add(alias);
        } else if (ks.getCertificate(alias) instanceof X509Certificate x) {
          trusted.add(x);
        }
      }
      if (keys.size() > 1) {
        throw new CliFailure(file + " holds " + keys.size() + " private keys; export the one to"
            + " check as PEM");
      }
      if (keys.size() == 1) {
        Certificate[] chain = ks.getCertificateChain(keys.get(0));
        if (chain != null && chain.length > 0) {
          List<X509Certificate> out = new ArrayList<>();
          for (Certificate c : chain) {
            out.add((X509Certificate) c);
          }
          return out;
        }
      }
      if (trusted.isEmpty()) {
        throw new CliFailure(file + " holds no certificate");
      }
      return List.copyOf(trusted); // in the file's order
    } catch (IOException | GeneralSecurityException e) {
      throw new CliFailure("cannot read " + file + " as PKCS#12 (wrong password, or not a"
          + " PKCS#12 file)", e);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  /** A PKCS#12 file's one private key and its certificate chain (the customer's first). */
  record KeyEntry(java.security.PrivateKey key, List<X509Certificate> chain) {}

  /**
   * Reads the one private key of a PKCS#12 file and its chain, for a proof of possession.
   *
   * @param password the file's password; not destroyed here
   */
  static KeyEntry keyEntry(Path file, Secret password) {
    byte[] bytes = readBytes(file);
    char[] chars = password.toCharArray();
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(new ByteArrayInputStream(bytes), chars);
      List<String> keys = new ArrayList<>();
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(alias)) {
          keys.add(alias);
        }
      }
      if (keys.size() != 1) {
        throw new CliFailure(file + " holds " + keys.size() + " private keys; renewal needs"
            + " exactly one");
      }
      Certificate[] chain = ks.getCertificateChain(keys.get(0));
      if (!(ks.getKey(keys.get(0), chars) instanceof java.security.PrivateKey key)
          || chain == null || chain.length == 0) {
        throw new CliFailure(file + " holds no private key with a certificate");
      }
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : chain) {
        out.add((X509Certificate) c);
      }
      return new KeyEntry(key, List.copyOf(out));
    } catch (IOException | GeneralSecurityException e) {
      throw new CliFailure("cannot read " + file + " as PKCS#12 (wrong password, or not a"
          + " PKCS#12 file)", e);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }
}
