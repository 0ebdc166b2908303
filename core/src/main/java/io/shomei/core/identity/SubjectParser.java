package io.shomei.core.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.jspecify.annotations.Nullable;

/**
 * Strict reading of an X.501 Name from its DER encoding with Bouncy Castle's ASN.1 classes.
 *
 * <p>Never uses {@code X500Principal.getName()} or any string form of a DN: the JDK decodes a
 * BMPString's bytes as if they were UTF-8 (four CJK characters U+3132 U+3334 U+3536 U+3738 come out
 * as {@code 12345678}), and string forms cannot tell a DN inside an attribute value from the DN
 * itself.
 *
 * <p>Every method returns a value for every input: parsing failures of Bouncy Castle (checked or
 * unchecked) become {@link MappingRefusal#MALFORMED_SUBJECT}.
 */
final class SubjectParser {
  /** id-at-commonName. */
  public static final ASN1ObjectIdentifier COMMON_NAME = new ASN1ObjectIdentifier("2.5.4.3");

  /**
   * Largest subject encoding looked at; a certificate's whole DER is at most 16 KiB in a store, and
   * real subjects are a few hundred bytes.
   */
  public static final int MAX_NAME_DER = 8 * 1024;

  /** X.520 ub-common-name. */
  private static final int UB_COMMON_NAME = 64;

  private SubjectParser() {}

  /**
   * Maps a subject to a user ID.
   *
   * @param nameDer the DER encoding of the Name
   * @param policy the user-ID syntax
   * @return the mapping or the typed refusal; never throws for any content of {@code nameDer}
   */
  public static MappingResult map(byte[] nameDer, UserIdPolicy policy) {
    Parsed p = parse(nameDer);
    if (p.malformed != null) {
      return refuse(MappingRefusal.MALFORMED_SUBJECT, p.malformed);
    }
    if (p.commonNames == 0) {
      return refuse(MappingRefusal.NO_COMMON_NAME, "the subject has no CN attribute");
    }
    if (p.commonNames > 1) {
      return refuse(MappingRefusal.SEVERAL_COMMON_NAMES,
          "the subject has " + p.commonNames + " CN attributes; exactly one is required");
    }
    if (p.commonNameInMultiValuedRdn) {
      return refuse(MappingRefusal.COMMON_NAME_IN_MULTI_VALUED_RDN,
          "the CN shares its RDN with other attributes");
    }
    ASN1Encodable value = p.commonNameValue;
    if (value == null) {
      throw new IllegalStateException("one CN counted but none kept");
    }
    String cn;
    if (value instanceof ASN1PrintableString ps) {
      byte[] octets = ps.getOctets();
      for (byte b : octets) {
        if (!isPrintableStringChar(b)) {
          return refuse(MappingRefusal.MALFORMED_SUBJECT,
              "the CN PrintableString has a character outside the PrintableString alphabet");
        }
      }
      cn = new String(octets, StandardCharsets.US_ASCII);
    } else if (value instanceof ASN1UTF8String u) {
      String decoded = strictUtf8(u);
      if (decoded == null) {
        return refuse(MappingRefusal.MALFORMED_SUBJECT, "the CN UTF8String is not valid UTF-8");
      }
      cn = decoded;
    } else if (value instanceof ASN1String) {
      return refuse(MappingRefusal.UNSUPPORTED_STRING_TYPE, "the CN is a "
          + value.getClass().getSimpleName().replace("DER", "").replace("DL", "")
          + "; only PrintableString and UTF8String are accepted");
    } else {
      return refuse(MappingRefusal.MALFORMED_SUBJECT, "the CN value is not a string");
    }
    if (cn.codePointCount(0, cn.length()) > UB_COMMON_NAME) {
      return refuse(MappingRefusal.COMMON_NAME_TOO_LONG,
          "the CN is longer than " + UB_COMMON_NAME + " characters");
    }
    if (!(policy.parse(cn) instanceof UserIdResult.Valid valid)) {
      return refuse(MappingRefusal.INVALID_USER_ID, "the CN is not " + describe(policy));
    }
    return new MappingResult.Mapped(valid.userId().value());
  }

  /**
   * The single common name for display, decoded by its declared string type (a BMPString as
   * UTF-16, correctly), or {@code null} when the subject is malformed or has no or several CNs.
   * Display only: never an identity.
   *
   * @param nameDer the DER encoding of the Name
   * @return the display string or {@code null}
   */
  public static @Nullable String displayCommonName(byte[] nameDer) {
    Parsed p = parse(nameDer);
    if (p.malformed != null || p.commonNames != 1
        || !(p.commonNameValue instanceof ASN1String s)) {
      return null;
    }
    try {
      return s.getString();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String describe(UserIdPolicy policy) {
    return policy.minLength() == policy.maxLength()
        ? policy.minLength() + " ASCII digits"
        : policy.minLength() + " to " + policy.maxLength() + " ASCII digits";
  }

  static MappingResult refuse(MappingRefusal reason, String detail) {
    return new MappingResult.Refused(reason, detail);
  }

  /** What one pass over the Name found. */
  private static final class Parsed {
    @Nullable String malformed;
    int commonNames;
    boolean commonNameInMultiValuedRdn;
    @Nullable ASN1Encodable commonNameValue;
  }

  // Bouncy Castle reports malformed input through IOException and several unchecked exceptions
  // (IllegalArgumentException, IllegalStateException, ClassCastException, ...); all of them mean
  // "malformed" here, which is why RuntimeException is caught at this single parsing boundary.
  private static Parsed parse(byte[] der) {
    Parsed p = new Parsed();
    if (der.length == 0 || der.length > MAX_NAME_DER) {
      p.malformed = "the subject encoding is empty or larger than " + MAX_NAME_DER + " bytes";
      return p;
    }
    ASN1Primitive root;
    try {
      root = ASN1Primitive.fromByteArray(der);
      if (!Arrays.equals(root.getEncoded(ASN1Encoding.DER), der)) {
        p.malformed = "the subject is not in DER (non-canonical encoding)";
        return p;
      }
    } catch (IOException | RuntimeException e) {
      p.malformed = "the subject does not parse as ASN.1";
      return p;
    }
    if (!(root instanceof ASN1Sequence rdns)) {
      p.malformed = "the subject is not a SEQUENCE of RDNs";
      return p;
    }
    for (ASN1Encodable rdnObj : rdns) {
      if (!(rdnObj instanceof ASN1Set rdn) || rdn.size() == 0) {
        p.malformed = "an RDN is not a non-empty SET";
        return p;
      }
      for (ASN1Encodable atvObj : rdn) {
        if (!(atvObj instanceof ASN1Sequence atv) || atv.size() != 2
            || !(atv.getObjectAt(0) instanceof ASN1ObjectIdentifier type)) {
          p.malformed = "an attribute is not a SEQUENCE of an OID and a value";
          return p;
        }
        if (COMMON_NAME.equals(type)) {
          p.commonNames++;
          p.commonNameValue = atv.getObjectAt(1);
          if (rdn.size() > 1) {
            p.commonNameInMultiValuedRdn = true;
          }
        }
      }
    }
    return p;
  }

  private static boolean isPrintableStringChar(byte b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
        || b == ' ' || b == '\'' || b == '(' || b == ')' || b == '+' || b == ',' || b == '-'
        || b == '.' || b == '/' || b == ':' || b == '=' || b == '?';
  }

  /** Decodes the raw contents of a UTF8String, refusing malformed and overlong sequences. */
  private static @Nullable String strictUtf8(ASN1UTF8String s) {
    byte[] enc;
    try {
      enc = s.getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      return null;
    }
    // DER: one tag byte, then a short length (< 128) or 0x80|n followed by n length bytes.
    if (enc.length < 2) {
      return null;
    }
    int header = (enc[1] & 0x80) == 0 ? 2 : 2 + (enc[1] & 0x7f);
    if (header > enc.length) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(enc, header, enc.length - header))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
