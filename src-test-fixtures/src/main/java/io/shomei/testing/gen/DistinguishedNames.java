package io.shomei.testing.gen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DERUniversalString;
import org.bouncycastle.asn1.DERVisibleString;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.jspecify.annotations.Nullable;

/**
 * Seeded generators of certificate subjects (X.501 Names as DER), well-formed and hostile, as plain
 * functions of a {@link RandomGenerator}: any property library (or a plain loop) can drive them, and
 * the same seed always gives the same bytes.
 *
 * <ul>
 *   <li>{@link #wellFormed(RandomGenerator)}: exactly one CN, in its own RDN, a PrintableString or
 *       UTF8String holding a valid user ID (eight ASCII digits by default), among random unrelated
 *       attributes in random order, some of them decoys (an OU of {@code "CN=87654321"}, a
 *       serialNumber or UID of digits, an email address starting {@code cn=}, multi-valued RDNs of
 *       unrelated attributes).
 *   <li>{@link #hostile(RandomGenerator)}: one of the {@link Hostility} kinds, each a known way to
 *       fool a subject-to-user mapping. A correct mapper refuses every one of them.
 * </ul>
 *
 * @since 0.1.0
 */
public final class DistinguishedNames {
  /** id-at-commonName. */
  public static final ASN1ObjectIdentifier CN = BCStyle.CN;

  /** The user-ID length of the default policy. */
  public static final int DEFAULT_USER_ID_LENGTH = 8;

  private static final ASN1ObjectIdentifier[] DECOY_TYPES = {
    BCStyle.C, BCStyle.O, BCStyle.OU, BCStyle.L, BCStyle.ST, BCStyle.EmailAddress,
    BCStyle.SERIALNUMBER, BCStyle.UID, BCStyle.DC, BCStyle.T, BCStyle.GIVENNAME
  };

  private static final String[] WORDS = {
    "Shomei", "Test Bank", "FX Forward", "Tokyo", "Osaka", "\u682a\u5f0f\u4f1a\u793e", "Branch 001",
    "R&D", "a,b", "x+y", "quote\"d", "back\\slash", "semi;colon", "=", "#hash"
  };

  private DistinguishedNames() {}

  /**
   * A generated subject.
   *
   * @param der the DER (or, for malformed kinds, deliberately broken) encoding of the Name
   * @param expectedUserId the user ID a correct mapper returns under the default policy (or the
   *     length asked for), or {@code null} if it must refuse
   * @param description what was generated (the hostility, the CN's string type and position, the
   *     decoys), shown by {@link #toString()}
   * @since 0.1.0
   */
  // The DER array is copied in the constructor and in der(), and equals/hashCode compare contents.
  @SuppressWarnings("ArrayRecordComponent")
  public record GeneratedName(byte[] der, @Nullable String expectedUserId, String description) {
    /** Copies the encoding. */
    public GeneratedName {
      der = der.clone();
      Objects.requireNonNull(description, "description");
    }

    /**
     * The encoding (a copy).
     *
     * @return a fresh copy
     */
    @Override
    public byte[] der() {
      return der.clone();
    }

    /**
     * Whether a correct mapper accepts it.
     *
     * @return {@code expectedUserId() != null}
     */
    public boolean wellFormed() {
      return expectedUserId != null;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof GeneratedName g && Arrays.equals(der, g.der)
          && Objects.equals(expectedUserId, g.expectedUserId) && description.equals(g.description);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(der);
    }

    @Override
    public String toString() {
      return description + " [der=" + HexFormat.of().formatHex(der) + "]";
    }
  }

  /**
   * Ways a subject can try to fool a mapping. Each generated hostile subject names its kind first in
   * its description.
   *
   * @since 0.1.0
   */
  public enum Hostility {
    /** No CN at all, only unrelated attributes. */
    NO_COMMON_NAME,
    /** Identity-looking digits only in serialNumber, UID or emailAddress; no CN. */
    IDENTITY_ONLY_IN_OTHER_ATTRIBUTES,
    /** No CN; an OU or emailAddress value holds a DN such as {@code "x,CN=12345678"}. */
    DN_EMBEDDED_IN_OTHER_ATTRIBUTE,
    /** The CN value holds a DN: {@code "99999999,CN=12345678"}. */
    DN_EMBEDDED_IN_COMMON_NAME,
    /** Two single-valued CN RDNs (same or different user IDs). */
    TWO_COMMON_NAMES,
    /** One single-valued CN plus another CN inside a multi-valued RDN. */
    SECOND_COMMON_NAME_IN_MULTI_VALUED_RDN,
    /** The only CN shares its RDN: {@code C=JP+CN=12345678}. */
    COMMON_NAME_IN_MULTI_VALUED_RDN,
    /** A BMPString CN whose UTF-16 bytes are ASCII digits; the JDK renders it as digits. */
    BMP_STRING_DIGIT_LOOKALIKE,
    /** A BMPString CN of plain digits. */
    BMP_STRING,
    /** A TeletexString (T61String) CN of digits. */
    TELETEX_STRING,
    /** A UniversalString CN of digits. */
    UNIVERSAL_STRING,
    /** An IA5String CN of digits. */
    IA5_STRING,
    /** A VisibleString CN of digits. */
    VISIBLE_STRING,
    /** Full-width digits U+FF10..U+FF19 in a UTF8String. */
    FULL_WIDTH_DIGITS,
    /** Digits of another script (Arabic-Indic, Devanagari, ...) for which isDigit is true. */
    OTHER_SCRIPT_DIGITS,
    /** A valid user ID followed by NUL. */
    TRAILING_NUL,
    /** A valid user ID with leading or trailing whitespace. */
    SURROUNDING_WHITESPACE,
    /** A sign before the digits ({@code +1234567}, {@code -1234567}). */
    SIGNED_NUMBER,
    /** Too few or too many digits for the default policy (including the empty string). */
    WRONG_LENGTH,
    /** A CN longer than 64 characters (X.520 ub-common-name). */
    COMMON_NAME_TOO_LONG,
    /** The CN value is not a string (an INTEGER). */
    COMMON_NAME_NOT_A_STRING,
    /** A UTF8String CN with overlong encodings of ASCII digits (0xC0 0xB1 for '1'). */
    OVERLONG_UTF8,
    /** A PrintableString CN with bytes outside the PrintableString alphabet. */
    INVALID_PRINTABLE_STRING,
    /** A valid subject with bytes cut off its end. */
    TRUNCATED,
    /** A valid subject followed by extra bytes. */
    TRAILING_BYTES,
    /** A valid subject whose outer length is not in minimal (DER) form. */
    NON_MINIMAL_LENGTH,
    /** A valid subject re-encoded with BER indefinite length. */
    INDEFINITE_LENGTH,
    /** A multi-valued RDN whose members are not in DER SET OF order. */
    UNSORTED_SET,
    /** An empty RDN (SET with no member). */
    EMPTY_RDN,
    /** An attribute that is not {@code SEQUENCE {OID, value}}. */
    BROKEN_ATTRIBUTE,
    /** Random bytes, or a well-formed ASN.1 value that is not a Name. */
    NOT_A_NAME
  }

  /**
   * A well-formed subject with an eight-digit user ID.
   *
   * @param r the random source
   * @return the subject
   */
  public static GeneratedName wellFormed(RandomGenerator r) {
    return wellFormed(r, DEFAULT_USER_ID_LENGTH);
  }

  /**
   * A well-formed subject with a user ID of {@code userIdLength} ASCII digits.
   *
   * @param r the random source
   * @param userIdLength the length, 1..64
   * @return the subject
   */
  public static GeneratedName wellFormed(RandomGenerator r, int userIdLength) {
    if (userIdLength < 1 || userIdLength > 64) {
      throw new IllegalArgumentException("userIdLength must be 1..64");
    }
    String id = userId(r, userIdLength);
    boolean printable = r.nextBoolean();
    ASN1Encodable value = printable ? new DERPrintableString(id) : new DERUTF8String(id);
    List<Part> parts = decoys(r, id);
    int at = r.nextInt(parts.size() + 1);
    parts.add(at, new Part(rdn(CN, value).der, "CN=" + (printable ? "PrintableString" : "UTF8String")));
    return new GeneratedName(encode(parts), id, "well-formed " + describe(parts));
  }

  /**
   * A hostile subject of a random kind.
   *
   * @param r the random source
   * @return the subject
   */
  public static GeneratedName hostile(RandomGenerator r) {
    Hostility[] all = Hostility.values();
    return hostile(r, all[r.nextInt(all.length)]);
  }

  /**
   * Well-formed or hostile, about half each.
   *
   * @param r the random source
   * @return the subject
   */
  public static GeneratedName any(RandomGenerator r) {
    return r.nextBoolean() ? wellFormed(r) : hostile(r);
  }

  /**
   * A random string of {@code length} ASCII digits (leading zeros included).
   *
   * @param r the random source
   * @param length the length
   * @return the digits
   */
  public static String userId(RandomGenerator r, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append((char) ('0' + r.nextInt(10)));
    }
    return sb.toString();
  }

  /**
   * A hostile subject of the given kind.
   *
   * @param r the random source
   * @param kind the kind
   * @return the subject, with {@code expectedUserId() == null}
   */
  public static GeneratedName hostile(RandomGenerator r, Hostility kind) {
    String id = userId(r, DEFAULT_USER_ID_LENGTH);
    List<Part> parts = decoys(r, id);
    String note = "";
    byte[] der = new byte[0];
    switch (kind) {
      case NO_COMMON_NAME -> der = encode(parts);
      case IDENTITY_ONLY_IN_OTHER_ATTRIBUTES -> {
        insert(r, parts, rdn(BCStyle.SERIALNUMBER, new DERPrintableString(id)), "serialNumber=id");
        insert(r, parts, rdn(BCStyle.UID, new DERUTF8String(id)), "UID=id");
        insert(r, parts, rdn(BCStyle.EmailAddress, new DERIA5String(id + "@example.jp")),
            "email=id@");
        der = encode(parts);
      }
      case DN_EMBEDDED_IN_OTHER_ATTRIBUTE -> {
        String[] forms = {"CN=" + id, "x,CN=" + id, "x+CN=" + id, "\\,CN=" + id, "CN=" + id + ",O=x"};
        String v = forms[r.nextInt(forms.length)];
        if (r.nextBoolean()) {
          insert(r, parts, rdn(BCStyle.OU, new DERUTF8String(v)), "OU holds a DN");
        } else {
          insert(r, parts, rdn(BCStyle.EmailAddress, new DERIA5String(v + "@example.jp")),
              "email holds a DN");
        }
        der = encode(parts);
      }
      case DN_EMBEDDED_IN_COMMON_NAME -> {
        String other = userId(r, DEFAULT_USER_ID_LENGTH);
        String[] forms = {other + ",CN=" + id, id + ",CN=" + other, id + "+CN=" + other,
            id + "\\,CN=" + other, id + ", O=x"};
        note = cn(r, parts, new DERUTF8String(forms[r.nextInt(forms.length)]), "UTF8String");
        der = encode(parts);
      }
      case TWO_COMMON_NAMES -> {
        String second = r.nextBoolean() ? id : userId(r, DEFAULT_USER_ID_LENGTH);
        insert(r, parts, rdn(CN, new DERPrintableString(id)), "CN");
        insert(r, parts, rdn(CN, new DERUTF8String(second)), "CN");
        der = encode(parts);
      }
      case SECOND_COMMON_NAME_IN_MULTI_VALUED_RDN -> {
        insert(r, parts, rdn(CN, new DERPrintableString(id)), "CN");
        insert(r, parts, multi(BCStyle.C, new DERPrintableString("JP"), CN,
            new DERPrintableString(userId(r, DEFAULT_USER_ID_LENGTH))), "C+CN");
        der = encode(parts);
      }
      case COMMON_NAME_IN_MULTI_VALUED_RDN -> {
        ASN1ObjectIdentifier[] partners = {BCStyle.C, BCStyle.O, BCStyle.OU, BCStyle.SERIALNUMBER};
        ASN1ObjectIdentifier partner = partners[r.nextInt(partners.length)];
        insert(r, parts, multi(partner, new DERPrintableString("JP"), CN,
            new DERPrintableString(id)), BCStyle.INSTANCE.oidToDisplayName(partner) + "+CN");
        der = encode(parts);
      }
      case BMP_STRING_DIGIT_LOOKALIKE -> {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < id.length(); i += 2) {
          sb.append((char) ((id.charAt(i) << 8) | id.charAt(i + 1)));
        }
        note = cn(r, parts, new DERBMPString(sb.toString()), "BMPString of U+3x3x");
        der = encode(parts);
      }
      case BMP_STRING -> {
        note = cn(r, parts, new DERBMPString(id), "BMPString");
        der = encode(parts);
      }
      case TELETEX_STRING -> {
        note = cn(r, parts, new DERT61String(id), "TeletexString");
        der = encode(parts);
      }
      case UNIVERSAL_STRING -> {
        byte[] ucs4 = new byte[id.length() * 4];
        for (int i = 0; i < id.length(); i++) {
          ucs4[i * 4 + 3] = (byte) id.charAt(i);
        }
        note = cn(r, parts, new DERUniversalString(ucs4), "UniversalString");
        der = encode(parts);
      }
      case IA5_STRING -> {
        note = cn(r, parts, new DERIA5String(id), "IA5String");
        der = encode(parts);
      }
      case VISIBLE_STRING -> {
        note = cn(r, parts, new DERVisibleString(id), "VisibleString");
        der = encode(parts);
      }
      case FULL_WIDTH_DIGITS -> {
        note = cn(r, parts, new DERUTF8String(shift(id, 0xFF10)), "UTF8String full-width");
        der = encode(parts);
      }
      case OTHER_SCRIPT_DIGITS -> {
        int[] zeros = {0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0x1D7CE};
        int zero = zeros[r.nextInt(zeros.length)];
        String s = shiftMixed(r, id, zero);
        note = cn(r, parts, new DERUTF8String(s),
            "UTF8String with digits from U+" + Integer.toHexString(zero));
        der = encode(parts);
      }
      case TRAILING_NUL -> {
        note = cn(r, parts, new DERUTF8String(id + "\0"), "UTF8String id+NUL");
        der = encode(parts);
      }
      case SURROUNDING_WHITESPACE -> {
        String[] forms = {" " + id, id + " ", " " + id + " ", "\t" + id, id + "\n", id + "\u00a0",
            "\u3000" + id};
        String s = forms[r.nextInt(forms.length)];
        ASN1Encodable v = s.indexOf(' ') >= 0 && s.strip().equals(id) && r.nextBoolean()
            && DERPrintableString.isPrintableString(s)
            ? new DERPrintableString(s) : new DERUTF8String(s);
        note = cn(r, parts, v, "whitespace around id");
        der = encode(parts);
      }
      case SIGNED_NUMBER -> {
        String s = (r.nextBoolean() ? "+" : "-") + id.substring(1);
        note = cn(r, parts, new DERPrintableString(s), "PrintableString signed");
        der = encode(parts);
      }
      case WRONG_LENGTH -> {
        int[] lengths = {0, 1, 7, 9, 12};
        String s = userId(r, lengths[r.nextInt(lengths.length)]);
        note = cn(r, parts, new DERPrintableString(s), "PrintableString of " + s.length()
            + " digits");
        der = encode(parts);
      }
      case COMMON_NAME_TOO_LONG -> {
        String s = userId(r, 65 + r.nextInt(60));
        note = cn(r, parts, new DERUTF8String(s), "UTF8String of " + s.length() + " digits");
        der = encode(parts);
      }
      case COMMON_NAME_NOT_A_STRING -> {
        note = cn(r, parts, new ASN1Integer(Long.parseLong(id)), "INTEGER");
        der = encode(parts);
      }
      case OVERLONG_UTF8 -> {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (int i = 0; i < id.length(); i++) {
          char c = id.charAt(i);
          if (i == 0 || r.nextInt(3) == 0) {
            content.write(0xC0);
            content.write(0x80 | c); // overlong 2-byte form of an ASCII digit
          } else {
            content.write(c);
          }
        }
        note = cnRaw(r, parts, raw(0x0C, content.toByteArray()), "UTF8String overlong");
        der = encode(parts);
      }
      case INVALID_PRINTABLE_STRING -> {
        byte[] b = id.getBytes(StandardCharsets.US_ASCII);
        byte[] bad = {'*', '@', '&', '_', 0, (byte) 0xB1, '<'};
        b[r.nextInt(b.length)] = bad[r.nextInt(bad.length)];
        note = cnRaw(r, parts, raw(0x13, b), "PrintableString with a forbidden byte");
        der = encode(parts);
      }
      case TRUNCATED -> {
        byte[] ok = wellFormed(r).der();
        der = Arrays.copyOf(ok, r.nextInt(ok.length));
        parts.clear();
      }
      case TRAILING_BYTES -> {
        byte[] ok = wellFormed(r).der();
        byte[] extra = new byte[1 + r.nextInt(4)];
        r.nextBytes(extra);
        der = concat(ok, extra);
        parts.clear();
      }
      case NON_MINIMAL_LENGTH -> {
        der = nonMinimalOuterLength(wellFormed(r).der());
        parts.clear();
      }
      case INDEFINITE_LENGTH -> {
        der = indefinite(wellFormed(r).der());
        parts.clear();
      }
      case UNSORTED_SET -> {
        insert(r, parts, rdn(CN, new DERPrintableString(id)), "CN");
        byte[] a = encodeDer(atv(BCStyle.O, new DERUTF8String("Shomei")));
        byte[] b = encodeDer(atv(BCStyle.OU, new DERUTF8String("FX")));
        // DER orders SET OF members by their encodings; put them the other way round.
        boolean aFirst = Arrays.compareUnsigned(a, b) > 0;
        insert(r, parts, new Part(raw(0x31, concat(aFirst ? a : b, aFirst ? b : a)), "O+OU unsorted"),
            null);
        der = encode(parts);
      }
      case EMPTY_RDN -> {
        insert(r, parts, rdn(CN, new DERPrintableString(id)), "CN");
        insert(r, parts, new Part(new byte[] {0x31, 0x00}, "{}"), null);
        der = encode(parts);
      }
      case BROKEN_ATTRIBUTE -> {
        insert(r, parts, rdn(CN, new DERPrintableString(id)), "CN");
        ASN1Encodable broken = switch (r.nextInt(3)) {
          case 0 -> new DERSequence(BCStyle.O);
          case 1 -> new DERSequence(new ASN1Encodable[] {BCStyle.O, new DERUTF8String("a"),
              new DERUTF8String("b")});
          default -> new DERSequence(new ASN1Encodable[] {new DERUTF8String("2.5.4.3"),
              new DERUTF8String(id)});
        };
        insert(r, parts, new Part(encodeDer(new DERSet(broken)), "broken attribute"), null);
        der = encode(parts);
      }
      case NOT_A_NAME -> {
        parts.clear();
        der = switch (r.nextInt(4)) {
          case 0 -> {
            byte[] b = new byte[r.nextInt(48)];
            r.nextBytes(b);
            yield b;
          }
          case 1 -> encodeDer(new DERSet(atv(CN, new DERPrintableString(id))));
          case 2 -> encodeDer(new DERPrintableString(id));
          default -> encodeDer(new DERSequence(new DERSequence(atv(CN,
              new DERPrintableString(id)))));
        };
        note = "random bytes or another ASN.1 value";
      }
    }
    String d = kind + (note.isEmpty() ? "" : " (" + note + ")")
        + (parts.isEmpty() ? "" : " " + describe(parts));
    return new GeneratedName(der, null, d);
  }

  /**
   * The same subject with its RDNs in another random order, each RDN's bytes unchanged. Empty when
   * the encoding is not a definite-length SEQUENCE whose header and members can be split exactly
   * (then no reordering can be defined without changing the bytes).
   *
   * @param der the subject encoding
   * @param r the random source
   * @return the reordered encoding, or empty
   */
  public static Optional<byte[]> shuffleRdns(byte[] der, RandomGenerator r) {
    if (der.length < 2 || der[0] != 0x30) {
      return Optional.empty();
    }
    int[] lenInfo = readLength(der, 1);
    if (lenInfo == null || lenInfo[0] + lenInfo[1] != der.length) {
      return Optional.empty();
    }
    List<byte[]> members = new ArrayList<>();
    int pos = lenInfo[1];
    while (pos < der.length) {
      if ((der[pos] & 0x1f) == 0x1f) {
        return Optional.empty(); // multi-byte tags are not split here
      }
      int[] li = readLength(der, pos + 1);
      if (li == null || li[1] + li[0] > der.length) {
        return Optional.empty();
      }
      members.add(Arrays.copyOfRange(der, pos, li[1] + li[0]));
      pos = li[1] + li[0];
    }
    byte[] same = sequenceOf(members);
    if (!Arrays.equals(same, der)) {
      return Optional.empty(); // the outer header was not minimal: keep it as it is
    }
    for (int i = members.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      byte[] t = members.get(i);
      members.set(i, members.get(j));
      members.set(j, t);
    }
    return Optional.of(sequenceOf(members));
  }

  // ---------------------------------------------------------------------------------------------

  /** One RDN of a subject being built, with a label for the description. */
  // Private and short-lived: never compared, hashed or handed out.
  @SuppressWarnings("ArrayRecordComponent")
  private record Part(byte[] der, String label) {}

  private static Part rdn(ASN1ObjectIdentifier type, ASN1Encodable value) {
    return new Part(encodeDer(new DERSet(atv(type, value))), "");
  }

  private static Part multi(ASN1ObjectIdentifier t1, ASN1Encodable v1, ASN1ObjectIdentifier t2,
      ASN1Encodable v2) {
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(atv(t1, v1));
    v.add(atv(t2, v2));
    return new Part(encodeDer(new DERSet(v)), ""); // DERSet sorts its members: valid DER
  }

  private static DERSequence atv(ASN1ObjectIdentifier type, ASN1Encodable value) {
    return new DERSequence(new ASN1Encodable[] {type, value});
  }

  private static void insert(RandomGenerator r, List<Part> parts, Part p, @Nullable String label) {
    parts.add(r.nextInt(parts.size() + 1), label == null ? p : new Part(p.der, label));
  }

  private static String cn(RandomGenerator r, List<Part> parts, ASN1Encodable value, String type) {
    insert(r, parts, rdn(CN, value), "CN=" + type);
    return type;
  }

  private static String cnRaw(RandomGenerator r, List<Part> parts, byte[] valueDer, String type) {
    byte[] atv = tlv(0x30, concat(encodeDer(CN), valueDer));
    insert(r, parts, new Part(tlv(0x31, atv), ""), "CN=" + type);
    return type;
  }

  private static List<Part> decoys(RandomGenerator r, String id) {
    List<Part> parts = new ArrayList<>();
    int n = r.nextInt(7);
    for (int i = 0; i < n; i++) {
      if (r.nextInt(8) == 0) {
        parts.add(new Part(multi(BCStyle.O, new DERUTF8String(word(r)), BCStyle.OU,
            new DERUTF8String(word(r))).der, "O+OU"));
        continue;
      }
      ASN1ObjectIdentifier type = DECOY_TYPES[r.nextInt(DECOY_TYPES.length)];
      String name = BCStyle.INSTANCE.oidToDisplayName(type);
      String other = userId(r, DEFAULT_USER_ID_LENGTH);
      ASN1Encodable value;
      String label = name;
      if (type.equals(BCStyle.C)) {
        value = new DERPrintableString(r.nextBoolean() ? "JP" : "US");
      } else if (type.equals(BCStyle.SERIALNUMBER)) {
        value = new DERPrintableString(r.nextBoolean() ? id : other);
        label = name + "(digits)";
      } else if (type.equals(BCStyle.UID)) {
        value = new DERUTF8String(r.nextBoolean() ? id : other);
        label = name + "(digits)";
      } else if (type.equals(BCStyle.EmailAddress)) {
        value = new DERIA5String("cn=" + other + "@example.jp");
        label = name + "(cn=...)";
      } else if (type.equals(BCStyle.DC)) {
        value = new DERIA5String("example");
      } else if (type.equals(BCStyle.OU) && r.nextBoolean()) {
        value = new DERUTF8String(r.nextBoolean() ? "CN=" + other : "x,CN=" + other);
        label = name + "(embedded DN)";
      } else {
        value = new DERUTF8String(word(r));
      }
      parts.add(new Part(rdn(type, value).der, label));
    }
    return parts;
  }

  private static String word(RandomGenerator r) {
    return WORDS[r.nextInt(WORDS.length)];
  }

  private static String describe(List<Part> parts) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < parts.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(parts.get(i).label);
    }
    return sb.append(']').toString();
  }

  private static byte[] encode(List<Part> parts) {
    List<byte[]> members = new ArrayList<>();
    for (Part p : parts) {
      members.add(p.der);
    }
    return sequenceOf(members);
  }

  private static byte[] encodeDer(ASN1Encodable e) {
    try {
      return e.toASN1Primitive().getEncoded(ASN1Encoding.DER);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  private static byte[] sequenceOf(List<byte[]> members) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] m : members) {
      content.writeBytes(m);
    }
    return tlv(0x30, content.toByteArray());
  }

  /** A DER TLV with a minimal length (also used by {@link PresentedChains}). */
  static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  /** {content length, offset of content}, or null if malformed or indefinite. */
  private static int @Nullable [] readLength(byte[] b, int pos) {
    if (pos >= b.length) {
      return null;
    }
    int first = b[pos] & 0xff;
    if (first < 0x80) {
      return new int[] {first, pos + 1};
    }
    int n = first & 0x7f;
    if (n == 0 || n > 3 || pos + n >= b.length) {
      return null;
    }
    int len = 0;
    for (int i = 1; i <= n; i++) {
      len = (len << 8) | (b[pos + i] & 0xff);
    }
    return new int[] {len, pos + 1 + n};
  }

  private static byte[] nonMinimalOuterLength(byte[] der) {
    int[] li = Objects.requireNonNull(readLength(der, 1));
    byte[] content = Arrays.copyOfRange(der, li[1], der.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.write(0x84); // four length octets, at least one of them a leading zero
    out.write(content.length >>> 24);
    out.write(content.length >>> 16);
    out.write(content.length >>> 8);
    out.write(content.length);
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] indefinite(byte[] der) {
    int[] li = Objects.requireNonNull(readLength(der, 1));
    byte[] content = Arrays.copyOfRange(der, li[1], der.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.write(0x80);
    out.writeBytes(content);
    out.write(0);
    out.write(0);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static String shift(String digits, int zero) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      sb.appendCodePoint(zero + (digits.charAt(i) - '0'));
    }
    return sb.toString();
  }

  /** Shifts at least one digit (and randomly others) into another script. */
  private static String shiftMixed(RandomGenerator r, String digits, int zero) {
    int forced = r.nextInt(digits.length());
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(i) - '0';
      sb.appendCodePoint(i == forced || r.nextBoolean() ? zero + d : '0' + d);
    }
    return sb.toString();
  }

  private static byte[] raw(int tag, byte[] content) {
    return tlv(tag, content);
  }
}
