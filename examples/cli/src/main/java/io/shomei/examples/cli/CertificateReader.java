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
 * Returns the chain with the customer's certificate first.
 */
final class CertificateReader {
  /** Larger files are refused before they are read. */
  static final long MAX_BYTES = 1024 * 1024;

  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");

  private CertificateReader() {}

  /** The kind of a certificate file. */
  enum Format { PEM, DER, PKCS12 }

  /** What {@link #read} found. */
  record Read(Format format, List<X509Certificate> chain) {}

  /**
   * Reads a file.
   *
   * @param file the file
   * @param p12Password the password of a PKCS#12 file, or {@code null} (then a PKCS#12 file is a
   *     usage error naming {@code --p12-password-env}); destroyed before this returns
   * @return the format and the certificates, the customer's first
   * @throws CliFailure if the file cannot be read or holds no certificate
   * @throws UsageException if the file is PKCS#12 and no password was given
   */
  static Read read(Path file, @Nullable Secret p12Password) {
    try {
      byte[] bytes = readBytes(file);
      if (isPem(bytes)) {
        return new Read(Format.PEM, leafFirst(pem(file, bytes, "CERTIFICATE")));
      }
      List<X509Certificate> der = der(bytes);
      if (!der.isEmpty()) {
        return new Read(Format.DER, der);
      }
      if (p12Password == null) {
        throw new UsageException(file + " is neither PEM nor DER; if it is PKCS#12, name the"
            + " environment variable holding its password with --p12-password-env");
      }
      return new Read(Format.PKCS12, pkcs12(file, bytes, p12Password));
    } finally {
      if (p12Password != null) {
        p12Password.destroy();
      }
    }
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

  private static List<X509Certificate> pem(Path file, byte[] bytes, String type) {
    List<X509Certificate> certs = new ArrayList<>();
    for (byte[] der : pemBlocks(bytes, type)) {
      certs.add(parse(file, der));
    }
    if (certs.isEmpty()) {
      throw new CliFailure(file + " holds no PEM CERTIFICATE block");
    }
    return certs;
  }

  private static X509Certificate parse(Path file, byte[] der) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new CliFailure(file + " holds a certificate that does not parse: " + e.getMessage(), e);
    }
  }

  /** One DER certificate filling the whole file, or nothing. */
  private static List<X509Certificate> der(byte[] bytes) {
    try {
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(in);
      if (in.available() == 0 && c instanceof X509Certificate x) {
        return List.of(x);
      }
      return List.of();
    } catch (CertificateException e) {
      return List.of();
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
      return leafFirst(trusted);
    } catch (IOException | GeneralSecurityException e) {
      throw new CliFailure("cannot read " + file + " as PKCS#12 (wrong password, or not a"
          + " PKCS#12 file)", e);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  /** Moves the one end-entity certificate to the front when a file lists CA certificates first. */
  private static List<X509Certificate> leafFirst(List<X509Certificate> certs) {
    if (certs.get(0).getBasicConstraints() < 0) {
      return List.copyOf(certs);
    }
    List<X509Certificate> leaves = certs.stream().filter(c -> c.getBasicConstraints() < 0).toList();
    if (leaves.size() != 1) {
      return List.copyOf(certs);
    }
    List<X509Certificate> out = new ArrayList<>(leaves);
    certs.stream().filter(c -> !c.equals(leaves.get(0))).forEach(out::add);
    return List.copyOf(out);
  }
}
