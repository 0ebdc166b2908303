package io.shomei.core.migration;

import io.shomei.core.internal.x509.CertificateFacts;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** PEM / DER certificate file parsing for {@code CertificateFiles}; every input gives a value. */
final class CertificateParser {
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private CertificateParser() {}

  /**
   * Parses PEM (one or more CERTIFICATE blocks) or one DER certificate.
   *
   * @param file the name for the result
   * @param content the bytes
   * @param max most certificates accepted
   * @return the certificates or why not
   */
  public static CertificateFile parse(Path file, byte[] content, int max) {
    if (content.length == 0) {
      return new CertificateFile.Unreadable(file, "empty file");
    }
    List<byte[]> ders = new ArrayList<>();
    if ((content[0] & 0xff) == 0x30) {
      ders.add(content);
    } else {
      String text = new String(content, StandardCharsets.ISO_8859_1);
      int from = 0;
      while (true) {
        int b = text.indexOf(BEGIN, from);
        if (b < 0) {
          break;
        }
        int e = text.indexOf(END, b + BEGIN.length());
        if (e < 0) {
          return new CertificateFile.Unreadable(file, "a PEM block has no END line");
        }
        if (ders.size() == max) {
          return new CertificateFile.Unreadable(file, "more than " + max + " certificates");
        }
        try {
          // strict Base64 once line breaks and blanks are gone: no other character is skipped
          String body = text.substring(b + BEGIN.length(), e).replaceAll("[\\r\\n\\t ]", "");
          ders.add(Base64.getDecoder().decode(body));
        } catch (IllegalArgumentException ex) {
          return new CertificateFile.Unreadable(file, "a PEM block is not valid Base64");
        }
        from = e + END.length();
      }
      if (ders.isEmpty()) {
        return new CertificateFile.Unreadable(file, "neither DER nor a PEM CERTIFICATE block");
      }
    }
    List<X509Certificate> certs = new ArrayList<>();
    CertificateFactory cf;
    try {
      cf = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK's X.509 support is required", e);
    }
    for (int i = 0; i < ders.size(); i++) {
      byte[] der = ders.get(i);
      try {
        X509Certificate c = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
        if (!Arrays.equals(c.getEncoded(), der)) {
          return new CertificateFile.Unreadable(file, "certificate " + (i + 1)
              + " has trailing bytes or is not DER");
        }
        certs.add(c);
      } catch (CertificateException | RuntimeException e) {
        return new CertificateFile.Unreadable(file, "certificate " + (i + 1)
            + " does not parse as X.509");
      }
    }
    int leaf = 0;
    int endEntities = 0;
    for (int i = 0; i < certs.size(); i++) {
      if (!CertificateFacts.isCa(certs.get(i))) {
        endEntities++;
        leaf = i;
      }
    }
    if (endEntities != 1) {
      leaf = 0;
    }
    List<X509Certificate> others = new ArrayList<>(certs);
    X509Certificate main = others.remove(leaf);
    return new CertificateFile.Certificates(file, main, others);
  }

  /**
   * The DER of a certificate.
   *
   * @param c the certificate
   * @return its encoding
   * @throws IllegalArgumentException if it cannot be encoded
   */
  public static byte[] der(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("the certificate cannot be encoded", e);
    }
  }
}
