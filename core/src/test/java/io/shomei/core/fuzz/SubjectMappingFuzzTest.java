package io.shomei.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shomei.core.identity.CertificateMapper;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.core.identity.MappingRefusal;
import io.shomei.core.identity.MappingResult;
import io.shomei.core.identity.UserIdPolicy;
import io.shomei.core.internal.x509.CertificateFacts;
import io.shomei.testing.ca.TestCa;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.x500.X500Name;
import org.jspecify.annotations.Nullable;

/**
 * Fuzzes subject-to-user mapping ({@link CertificateMapper}, {@link UserIdPolicy}) with arbitrary
 * DER and with well-formed names of hostile shape: several CNs, multi-valued RDNs, DNs inside
 * other attributes, and every string type (PrintableString, UTF8String, BMPString, TeletexString,
 * IA5String, UniversalString, ...).
 *
 * <p>Properties: mapping never throws; a built name maps exactly as an independent model of the
 * documented rules says; a mapped user ID is ASCII digits encoded literally as a PrintableString
 * or UTF8String (so a BMPString that the JDK renders as {@code CN=12345678} never maps); a name
 * maps the same whether given as DER or inside a certificate.
 */
class SubjectMappingFuzzTest {
  static final ASN1ObjectIdentifier CN = new ASN1ObjectIdentifier("2.5.4.3");
  private static final List<ASN1ObjectIdentifier> TYPES = List.of(CN,
      new ASN1ObjectIdentifier("2.5.4.10"), // O
      new ASN1ObjectIdentifier("2.5.4.11"), // OU
      new ASN1ObjectIdentifier("2.5.4.6"), // C
      new ASN1ObjectIdentifier("2.5.4.5"), // serialNumber
      new ASN1ObjectIdentifier("0.9.2342.19200300.100.1.1"), // UID
      new ASN1ObjectIdentifier("1.2.840.113549.1.9.1")); // emailAddress

  static final int PRINTABLE = 0x13;
  static final int UTF8 = 0x0c;
  /** String tags other than PrintableString and UTF8String: refused as unsupported. */
  private static final int[] OTHER_STRINGS = {
    0x1e, // BMPString
    0x14, // TeletexString (T61)
    0x16, // IA5String
    0x1c, // UniversalString
    0x1a, // VisibleString
    0x12, // NumericString
    0x1b, // GeneralString
    0x19, // GraphicString
    0x15, // VideotexString
  };
  /** Not strings at all: the CN value is malformed. */
  private static final int[] NOT_STRINGS = {0x04 /* OCTET STRING */, 0x02 /* INTEGER */};

  private static final List<String> HOSTILE_TEXT = List.of("12345678", "87654321", "1234567",
      "123456789", "CN=87654321", "12345678,CN=87654321", "12345678+CN=87654321", " 12345678",
      "12345678 ", "12345678\u0000", "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18",
      "\u3132\u3334\u3536\u3738", "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668",
      "#130831323334353637", "\\12345678", "00000000", "-1234567", "+1234567", "1234 5678",
      "0x123456");

  private static final CertificateMapper STANDARD = CertificateMapper.standard();
  private static final UserIdPolicy ANY_DIGITS = UserIdPolicy.digits(1, UserIdPolicy.MAX_LENGTH);
  private static final CertificateMapper ANY = CertificateMapper.withPolicy(ANY_DIGITS);

  /** Arbitrary bytes as the DER of a Name. */
  @FuzzTest
  void nameDer(byte[] der) {
    for (CertificateMapper mapper : List.of(STANDARD, ANY)) {
      MappingResult r = mapper.mapSubject(der);
      if (r instanceof MappingResult.Mapped m) {
        checkLiteralDigits(der, m.userId(), mapper.policy());
      }
    }
    // display helpers answer for any input (the CN's: SubjectDisplayProperties, in its package)
    CertificateFacts.displayName(der);
  }

  /** A well-formed name of hostile shape maps exactly as the model of the rules says. */
  @FuzzTest
  void builtName(FuzzedDataProvider data) {
    BuiltName n = buildName(data);
    for (UserIdPolicy policy : List.of(UserIdPolicy.eightDigits(), ANY_DIGITS)) {
      MappingResult actual = CertificateMapper.withPolicy(policy).mapSubject(n.der());
      Object expected = n.expected(policy);
      Object got = actual instanceof MappingResult.Refused r ? r.reason() : actual;
      Check.that(expected.equals(got), "mapping follows the documented rules",
          "expected " + expected + ", got " + got);
    }
  }

  /** A name maps the same from its DER and from a certificate carrying it. */
  @FuzzTest
  void nameInCertificate(FuzzedDataProvider data) {
    BuiltName n = buildName(data);
    TestCa.Issued leaf;
    try {
      leaf = FuzzWorld.ISSUING.leaf().subject(n.der()).issue();
    } catch (RuntimeException e) {
      return; // a name BC will not put in a certificate
    }
    X509Certificate c = FuzzWorld.toX509(leaf.der());
    byte[] subject = c.getSubjectX500Principal().getEncoded();
    Check.that(STANDARD.map(c).equals(STANDARD.mapSubject(subject)),
        "map(certificate) equals mapSubject(its subject DER)");
    CertificateSummary.of(c, FuzzWorld.TOKYO); // display never throws
  }

  /** A mapped user ID is ASCII digits, encoded as-is in the only CN, as PrintableString or UTF8String. */
  private static void checkLiteralDigits(byte[] der, String userId, UserIdPolicy policy) {
    Check.that(policy.accepts(userId), "the user ID fits the policy", userId);
    Check.that(userId.chars().allMatch(c -> c >= '0' && c <= '9'), "ASCII digits only", userId);
    ASN1Sequence rdns = ASN1Sequence.getInstance(der);
    int cns = 0;
    byte[] valueDer = null;
    for (ASN1Encodable rdn : rdns) {
      for (ASN1Encodable atv : (Iterable<ASN1Encodable>) org.bouncycastle.asn1.ASN1Set
          .getInstance(rdn)) {
        ASN1Sequence s = ASN1Sequence.getInstance(atv);
        if (CN.equals(s.getObjectAt(0))) {
          cns++;
          valueDer = encode(s.getObjectAt(1));
        }
      }
    }
    if (cns != 1 || valueDer == null) {
      throw new AssertionError("property violated: exactly one CN");
    }
    byte[] ascii = userId.getBytes(StandardCharsets.US_ASCII);
    Check.that((valueDer[0] == PRINTABLE || valueDer[0] == UTF8) && valueDer[1] == ascii.length
        && java.util.Arrays.equals(valueDer, 2, valueDer.length, ascii, 0, ascii.length),
        "the CN's DER is a PrintableString or UTF8String of exactly these digits");
  }

  /** A Name built from the fuzzer input, with what the rules say it maps to. */
  static final class BuiltName {
    private final X500Name name;
    private final byte[] der;
    private final @Nullable MappingRefusal structural;
    private final int cns;
    private final boolean cnMultiValued;
    private final @Nullable Value cn;

    BuiltName(X500Name name, byte[] der, @Nullable MappingRefusal structural, int cns,
        boolean cnMultiValued, @Nullable Value cn) {
      this.name = name;
      this.der = der;
      this.structural = structural;
      this.cns = cns;
      this.cnMultiValued = cnMultiValued;
      this.cn = cn;
    }

    X500Name name() {
      return name;
    }

    byte[] der() {
      return der;
    }

    Object expected(UserIdPolicy policy) {
      if (structural != null) {
        return structural;
      }
      if (cns == 0) {
        return MappingRefusal.NO_COMMON_NAME;
      }
      if (cns > 1) {
        return MappingRefusal.SEVERAL_COMMON_NAMES;
      }
      if (cnMultiValued) {
        return MappingRefusal.COMMON_NAME_IN_MULTI_VALUED_RDN;
      }
      Value v = cn;
      if (v == null) {
        throw new IllegalStateException("one CN without a value");
      }
      String text;
      if (v.tag == PRINTABLE) {
        for (byte b : v.contents) {
          if (!isPrintableStringChar(b)) {
            return MappingRefusal.MALFORMED_SUBJECT;
          }
        }
        text = new String(v.contents, StandardCharsets.US_ASCII);
      } else if (v.tag == UTF8) {
        try {
          text = StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(v.contents)).toString();
        } catch (CharacterCodingException e) {
          return MappingRefusal.MALFORMED_SUBJECT;
        }
      } else if (isOtherString(v.tag)) {
        return MappingRefusal.UNSUPPORTED_STRING_TYPE;
      } else {
        return MappingRefusal.MALFORMED_SUBJECT;
      }
      if (text.codePointCount(0, text.length()) > UserIdPolicy.MAX_LENGTH) {
        return MappingRefusal.COMMON_NAME_TOO_LONG;
      }
      // the model of the policy: ASCII digits, length in range; nothing else
      boolean digits = text.chars().allMatch(c -> c >= '0' && c <= '9');
      if (!digits || text.length() < policy.minLength() || text.length() > policy.maxLength()) {
        return MappingRefusal.INVALID_USER_ID;
      }
      return new MappingResult.Mapped(text);
    }
  }

  /** An attribute value: its tag and content octets. */
  static final class Value {
    final int tag;
    final byte[] contents;

    Value(int tag, byte[] contents) {
      this.tag = tag;
      this.contents = contents;
    }
  }

  static BuiltName buildName(FuzzedDataProvider data) {
    ASN1EncodableVector rdns = new ASN1EncodableVector();
    int rdnCount = data.consumeInt(0, 6);
    int cns = 0;
    boolean cnMulti = false;
    boolean emptyRdn = false;
    Value cn = null;
    for (int i = 0; i < rdnCount; i++) {
      int atvCount = data.consumeInt(0, 3) == 0 && data.consumeBoolean() ? 0
          : data.consumeInt(1, 3);
      if (atvCount == 0) {
        emptyRdn = true;
      }
      ASN1EncodableVector atvs = new ASN1EncodableVector();
      for (int j = 0; j < atvCount; j++) {
        ASN1ObjectIdentifier type = data.consumeInt(0, 9) == 0
            ? new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.9." + data.consumeInt(0, 99))
            : data.pickValue(TYPES);
        Value v = value(data);
        ASN1Primitive parsed = parse(v);
        if (parsed == null) {
          v = new Value(UTF8, "x".getBytes(StandardCharsets.UTF_8));
          parsed = parse(v);
        }
        if (CN.equals(type)) {
          cns++;
          cn = v;
          cnMulti |= atvCount > 1;
        }
        atvs.add(new DERSequence(new ASN1Encodable[] {type, parsed}));
      }
      rdns.add(new DERSet(atvs));
    }
    DERSequence seq = new DERSequence(rdns);
    byte[] der = encode(seq);
    X500Name name;
    try {
      name = X500Name.getInstance(der);
    } catch (RuntimeException e) {
      name = new X500Name(new org.bouncycastle.asn1.x500.RDN[0]);
    }
    // a multi-valued RDN's set is sorted by DER: the CN seen last in the model may not be the one
    // kept, which only matters when there are several CNs (then the value is not looked at)
    return new BuiltName(name, der, emptyRdn ? MappingRefusal.MALFORMED_SUBJECT : null, cns,
        cnMulti, cn);
  }

  private static Value value(FuzzedDataProvider data) {
    int tagKind = data.consumeInt(0, 9);
    int tag = tagKind < 4 ? PRINTABLE
        : tagKind < 7 ? UTF8
        : tagKind < 9 ? OTHER_STRINGS[data.consumeInt(0, OTHER_STRINGS.length - 1)]
        : NOT_STRINGS[data.consumeInt(0, NOT_STRINGS.length - 1)];
    byte[] contents;
    int how = data.consumeInt(0, 3);
    if (how == 0) {
      contents = data.consumeBytes(data.consumeInt(0, 80));
    } else {
      String text = how == 1 ? data.pickValue(HOSTILE_TEXT)
          : how == 2 ? digits(data) : data.consumeString(80);
      contents = switch (tag) {
        case 0x1e -> text.getBytes(StandardCharsets.UTF_16BE);
        case 0x1c -> text.codePoints().collect(ByteArrayOutputStream::new, (o, cp) -> {
          o.write(cp >>> 24);
          o.write(cp >>> 16);
          o.write(cp >>> 8);
          o.write(cp);
        }, (a, b) -> a.write(b.toByteArray(), 0, b.size())).toByteArray();
        case 0x14 -> text.getBytes(StandardCharsets.ISO_8859_1);
        default -> text.getBytes(StandardCharsets.UTF_8);
      };
    }
    return new Value(tag, contents);
  }

  private static String digits(FuzzedDataProvider data) {
    int n = data.consumeInt(1, 70);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) ('0' + data.consumeInt(0, 9)));
    }
    return b.toString();
  }

  private static @Nullable ASN1Primitive parse(Value v) {
    byte[] tlv = tlv(v.tag, v.contents);
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(tlv);
      return java.util.Arrays.equals(encode(p), tlv) ? p : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static byte[] tlv(int tag, byte[] contents) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(tag);
    int n = contents.length;
    if (n < 0x80) {
      o.write(n);
    } else if (n < 0x100) {
      o.write(0x81);
      o.write(n);
    } else {
      o.write(0x82);
      o.write(n >>> 8);
      o.write(n);
    }
    o.write(contents, 0, n);
    return o.toByteArray();
  }

  static byte[] encode(ASN1Encodable e) {
    try {
      return e.toASN1Primitive().getEncoded(ASN1Encoding.DER);
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static boolean isOtherString(int tag) {
    for (int t : OTHER_STRINGS) {
      if (t == tag) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPrintableStringChar(byte b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
        || " '()+,-./:=?".indexOf(b) >= 0;
  }
}
