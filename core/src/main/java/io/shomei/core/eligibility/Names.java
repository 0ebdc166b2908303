package io.shomei.core.eligibility;

import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/** Validation and parsing of the names a rule may contain: DNs, OIDs, signature algorithms. */
final class Names {
  private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]{0,18}))+");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private Names() {}

  /**
   * Parses an RFC 4514 distinguished name from a rule (never from a certificate: certificates are
   * read as DER). RFC 4514 writes the most specific RDN first ({@code CN=Root,O=Bank}), the reverse
   * of the DER order; the result is in DER order.
   *
   * @param dn the text
   * @return the RDNs in DER order (most general first)
   * @throws IllegalArgumentException if it does not parse or is empty
   */
  public static RDN[] requireDistinguishedName(String dn) {
    RDN[] rdns;
    try {
      rdns = new X500Name(BCStyle.INSTANCE, dn).getRDNs();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an RFC 4514 distinguished name: " + dn, e);
    }
    if (rdns.length == 0) {
      throw new IllegalArgumentException("empty distinguished name");
    }
    RDN[] der = new RDN[rdns.length];
    for (int i = 0; i < rdns.length; i++) {
      der[i] = rdns[rdns.length - 1 - i];
    }
    return der;
  }

  /**
   * Whether a name from a certificate equals the expected RDNs: same number of RDNs, in the same
   * order, each with the same attributes (values compared case- and space-insensitively as RFC
   * 5280 section 7.1 allows). No reordering is tried.
   *
   * @param expected RDNs in DER order
   * @param actual the certificate's name
   * @return {@code true} if equal
   */
  public static boolean sameName(RDN[] expected, X500Name actual) {
    RDN[] a = actual.getRDNs();
    if (a.length != expected.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (!IETFUtils.rDNAreEqual(expected[i], a[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks a dotted OID.
   *
   * @param oid the text
   * @return the OID
   * @throws IllegalArgumentException if malformed
   */
  public static ASN1ObjectIdentifier requireOid(String oid) {
    if (!OID.matcher(oid).matches()) {
      throw new IllegalArgumentException("not a dotted OID: " + oid);
    }
    return new ASN1ObjectIdentifier(oid);
  }

  /**
   * The OID of a signature algorithm given as a JCA name ({@code SHA1withRSA}) or a dotted OID.
   *
   * @param nameOrOid the algorithm
   * @return the dotted OID
   * @throws IllegalArgumentException if unknown
   */
  public static String signatureAlgorithmOid(String nameOrOid) {
    if (!nameOrOid.isEmpty() && Character.isDigit(nameOrOid.charAt(0))) {
      return requireOid(nameOrOid).getId();
    }
    try {
      return new DefaultSignatureAlgorithmIdentifierFinder()
          .find(nameOrOid.toUpperCase(Locale.ROOT)).getAlgorithm().getId();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unknown signature algorithm: " + nameOrOid, e);
    }
  }

  /**
   * Checks a rule identifier or explanation code: 1..64 of {@code A-Z a-z 0-9 . _ -}, starting with
   * a letter or digit.
   *
   * @param what what the value is, for the message
   * @param value the text
   * @return the value
   * @throws IllegalArgumentException if malformed
   */
  public static String requireIdentifier(String what, String value) {
    if (!IDENTIFIER.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " must be 1..64 of A-Z a-z 0-9 . _ - (starting with a letter or digit): " + value);
    }
    return value;
  }
}
