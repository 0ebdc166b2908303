package io.shomei.core.internal.x509;

import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.jspecify.annotations.Nullable;

/**
 * Reads parts of a certificate's encoding exactly as they stand, without decoding and re-encoding
 * them. The JDK's views of a certificate are normalised ({@code getSubjectX500Principal()
 * .getEncoded()} writes a non-minimal length {@code 30 81 4C} back as {@code 30 4C}), so a check
 * that a part is strict DER must look at the bytes the certificate carries. Never throws for any
 * input.
 */
public final class RawCertificate {
  /** SEQUENCE. */
  private static final int SEQUENCE = 0x30;
  /** [0] EXPLICIT, constructed: the TBS certificate's version. */
  private static final int VERSION = 0xa0;

  private RawCertificate() {}

  /**
   * Whether an encoding is exactly one DER value and nothing else: it parses, and writing what
   * was parsed in DER gives the same bytes (so no long-form length where a short one fits, no
   * indefinite length, no other BER freedom, nothing after it). The JDK's certificate parser
   * accepts and keeps such forms; a certificate is DER by definition (RFC 5280 section 4.1).
   * The contents of OCTET STRINGs (extension values) are not looked into.
   *
   * @param encoding the bytes
   * @return {@code true} if DER
   */
  public static boolean isDer(byte[] encoding) {
    try (ASN1InputStream in = new ASN1InputStream(encoding)) {
      ASN1Primitive value = in.readObject();
      return value != null && in.available() == 0
          && Arrays.equals(value.getEncoded(ASN1Encoding.DER), encoding);
    } catch (IOException | RuntimeException e) {
      return false; // BC's checked and unchecked parse failures alike
    }
  }

  /**
   * The subject Name of a certificate, as the bytes of its TLV in the TBSCertificate (tag, length
   * octets in whatever form they were written, contents).
   *
   * @param certificate the certificate's encoding
   * @return the subject's bytes, or {@code null} when the encoding is not a certificate's
   *     structure up to the subject (truncated, indefinite lengths, not SEQUENCEs)
   */
  public static byte @Nullable [] subject(byte[] certificate) {
    int[] outer = tlv(certificate, 0, certificate.length);
    if (outer == null || outer[0] != SEQUENCE) {
      return null;
    }
    int[] tbs = tlv(certificate, outer[1], outer[2]);
    if (tbs == null || tbs[0] != SEQUENCE) {
      return null;
    }
    int at = tbs[1];
    int end = tbs[2];
    int[] field = tlv(certificate, at, end);
    if (field != null && field[0] == VERSION) {
      at = field[2];
    }
    // serialNumber, signature, issuer, validity: skipped whatever they hold
    for (int i = 0; i < 4; i++) {
      field = tlv(certificate, at, end);
      if (field == null) {
        return null;
      }
      at = field[2];
    }
    int[] subject = tlv(certificate, at, end);
    if (subject == null) {
      return null;
    }
    return Arrays.copyOfRange(certificate, at, subject[2]);
  }

  /**
   * The TLV at {@code off}: {@code {tag, contentStart, contentEnd}}, or {@code null} when it does
   * not fit before {@code end}, has a multi-octet tag, or an indefinite or over-long length. Long
   * length forms are accepted as written (a strict reader of the part refuses them later).
   */
  private static int @Nullable [] tlv(byte[] b, int off, int end) {
    if (off < 0 || off + 2 > end) {
      return null;
    }
    int tag = b[off] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      return null;
    }
    int p = off + 1;
    int first = b[p++] & 0xff;
    long length;
    if (first < 0x80) {
      length = first;
    } else {
      int n = first & 0x7f;
      if (n == 0 || n > 4 || p + n > end) {
        return null; // indefinite, or more than 4 GiB
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        length = (length << 8) | (b[p++] & 0xff);
      }
    }
    if (length > end - p) {
      return null;
    }
    return new int[] {tag, p, (int) (p + length)};
  }
}
