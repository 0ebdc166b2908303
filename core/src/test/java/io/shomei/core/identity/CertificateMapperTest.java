package io.shomei.core.identity;

import static io.shomei.core.identity.Names.atv;
import static io.shomei.core.identity.Names.cn;
import static io.shomei.core.identity.Names.country;
import static io.shomei.core.identity.Names.multi;
import static io.shomei.core.identity.Names.name;
import static io.shomei.core.identity.Names.org;
import static io.shomei.core.identity.Names.rdn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.testing.ca.TestCa;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DERUniversalString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;

class CertificateMapperTest {
  private static final TestCa CA = TestCa.root("Mapper Test Root");
  private final CertificateMapper mapper = CertificateMapper.standard();

  /**
   * The naive extraction Spring Security used to ship: a regex over the JDK's string form (what
   * {@code getSubjectDN().getName()} returns).
   */
  private static String naiveRegexCn(byte[] der) {
    Matcher m = Pattern.compile("CN=(.*?)(?:,|$)", Pattern.CASE_INSENSITIVE)
        .matcher(new X500Principal(der).toString());
    return m.find() ? m.group(1) : "";
  }

  private MappingResult map(byte[] der) {
    return mapper.mapSubject(der);
  }

  private static void assertRefused(MappingResult r, MappingRefusal reason) {
    assertThat(r).isInstanceOfSatisfying(MappingResult.Refused.class,
        x -> assertThat(x.reason()).isEqualTo(reason));
  }

  private static void assertMapped(MappingResult r, String userId) {
    assertThat(r).isEqualTo(new MappingResult.Mapped(userId));
  }

  @Test
  void mapsEightDigitCommonNameInPrintableAndUtf8String() {
    assertMapped(map(name(country(), org(), cn("12345678"))), "12345678");
    assertMapped(map(name(rdn(BCStyle.CN, new DERPrintableString("00000001")), org())), "00000001");
  }

  @Test
  void mapsAnIssuedCertificate() {
    X509Certificate c = CA.leaf().commonName("87654321").issue().certificate();
    assertMapped(mapper.map(c), "87654321");
  }

  @Test
  void keepsLeadingZerosAndNeverParsesNumbers() {
    assertMapped(map(name(cn("00012345"))), "00012345");
    assertRefused(map(name(cn("1234567"))), MappingRefusal.INVALID_USER_ID);
  }

  @Test
  void rejectsDnEmbeddedInOrganizationalUnit() {
    byte[] der = name(cn("12345678"), rdn(BCStyle.OU, new DERUTF8String("CN=99999999")));
    assertThat(naiveRegexCn(der)).startsWith("99999999"); // what a string-based extractor gets
    assertMapped(map(der), "12345678");

    byte[] noRealCn = name(org(), rdn(BCStyle.OU, new DERUTF8String("x,CN=12345678")));
    assertThat(naiveRegexCn(noRealCn)).startsWith("12345678");
    assertRefused(map(noRealCn), MappingRefusal.NO_COMMON_NAME);
  }

  @Test
  void rejectsDnEmbeddedInEmailAddress() {
    byte[] der = name(org(), rdn(BCStyle.EmailAddress, new DERIA5String("CN=12345678@example.jp")));
    assertThat(naiveRegexCn(der)).startsWith("12345678");
    assertRefused(map(der), MappingRefusal.NO_COMMON_NAME);
  }

  @Test
  void rejectsDnEmbeddedInCommonName() {
    assertRefused(map(name(org(), cn("99999999,CN=12345678"))), MappingRefusal.INVALID_USER_ID);
    assertRefused(map(name(org(), cn("12345678+CN=99999999"))), MappingRefusal.INVALID_USER_ID);
    assertRefused(map(name(org(), cn("12345678\\,O=x"))), MappingRefusal.INVALID_USER_ID);
  }

  @Test
  void rejectsTwoCommonNames() {
    assertRefused(map(name(cn("12345678"), org(), cn("87654321"))),
        MappingRefusal.SEVERAL_COMMON_NAMES);
    assertRefused(map(name(cn("12345678"), cn("12345678"))), MappingRefusal.SEVERAL_COMMON_NAMES);
  }

  @Test
  void rejectsCommonNameInMultiValuedRdn() {
    byte[] der = name(org(), multi(atv(BCStyle.C, new DERPrintableString("JP")),
        atv(BCStyle.CN, new DERPrintableString("12345678"))));
    assertThat(new X500Principal(der).getName()).contains("+");
    assertRefused(map(der), MappingRefusal.COMMON_NAME_IN_MULTI_VALUED_RDN);
  }

  @Test
  void rejectsSecondCommonNameHiddenInMultiValuedRdn() {
    byte[] der = name(cn("12345678"), multi(atv(BCStyle.C, new DERPrintableString("JP")),
        atv(BCStyle.CN, new DERPrintableString("87654321"))));
    assertRefused(map(der), MappingRefusal.SEVERAL_COMMON_NAMES);
  }

  @Test
  void rejectsBmpStringCommonNameThatTheJdkRendersAsDigits() {
    // U+3132 U+3334 U+3536 U+3738: Hangul compatibility jamo, whose UTF-16 bytes are "12345678".
    byte[] der = name(org(), rdn(BCStyle.CN, new DERBMPString("\u3132\u3334\u3536\u3738")));
    // The hazard this class exists for: the JDK's string form reads it as a user ID.
    assertThat(new X500Principal(der).getName()).contains("CN=12345678");
    assertRefused(map(der), MappingRefusal.UNSUPPORTED_STRING_TYPE);
  }

  @Test
  void rejectsBmpStringCommonNameInAnIssuedCertificate() {
    byte[] der = name(org(), rdn(BCStyle.CN, new DERBMPString("\u3132\u3334\u3536\u3738")));
    X509Certificate c = CA.leaf().subject(der).issue().certificate();
    assertThat(c.getSubjectX500Principal().getName()).contains("CN=12345678");
    assertRefused(mapper.map(c), MappingRefusal.UNSUPPORTED_STRING_TYPE);
  }

  @Test
  void rejectsOtherStringTypes() {
    assertRefused(map(name(rdn(BCStyle.CN, new DERBMPString("12345678")))),
        MappingRefusal.UNSUPPORTED_STRING_TYPE);
    assertRefused(map(name(rdn(BCStyle.CN, new DERT61String("12345678")))),
        MappingRefusal.UNSUPPORTED_STRING_TYPE);
    assertRefused(map(name(rdn(BCStyle.CN, new DERIA5String("12345678")))),
        MappingRefusal.UNSUPPORTED_STRING_TYPE);
    byte[] ucs4 = new byte[32];
    for (int i = 0; i < 8; i++) {
      ucs4[i * 4 + 3] = (byte) ('1' + i);
    }
    assertRefused(map(name(rdn(BCStyle.CN, new DERUniversalString(ucs4)))),
        MappingRefusal.UNSUPPORTED_STRING_TYPE);
  }

  @Test
  void rejectsFullWidthDigits() {
    assertRefused(map(name(cn("\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18"))),
        MappingRefusal.INVALID_USER_ID);
  }

  @Test
  void rejectsDigitsOfOtherScripts() {
    // Character.isDigit is true for these; a user ID is ASCII only.
    assertThat(Character.isDigit('\u0661')).isTrue();
    assertRefused(map(name(cn("\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668"))),
        MappingRefusal.INVALID_USER_ID);
    assertRefused(map(name(cn("1234567\u0968"))), MappingRefusal.INVALID_USER_ID);
  }

  @Test
  void rejectsTrailingNul() {
    assertRefused(map(name(cn("12345678\0"))), MappingRefusal.INVALID_USER_ID);
  }

  @Test
  void rejectsSurroundingWhitespaceAndSignsInsteadOfFixingThem() {
    for (String s : new String[] {" 12345678", "12345678 ", "\t12345678", "12345678\u3000",
        "+1234567", "-1234567", "1234 5678", ""}) {
      assertRefused(map(name(cn(s))), MappingRefusal.INVALID_USER_ID);
    }
    assertRefused(map(name(rdn(BCStyle.CN, new DERPrintableString("12345678 ")))),
        MappingRefusal.INVALID_USER_ID);
  }

  @Test
  void rejectsCommonNameLongerThan64Characters() {
    String longCn = "1".repeat(65);
    assertRefused(map(name(cn(longCn))), MappingRefusal.COMMON_NAME_TOO_LONG);
    // even under the widest policy
    assertRefused(CertificateMapper.withPolicy(UserIdPolicy.digits(1, 64)).mapSubject(
        name(cn(longCn))), MappingRefusal.COMMON_NAME_TOO_LONG);
    assertMapped(CertificateMapper.withPolicy(UserIdPolicy.digits(1, 64)).mapSubject(
        name(cn("1".repeat(64)))), "1".repeat(64));
  }

  @Test
  void rejectsOverlongUtf8DigitsThatLenientDecodersAccept() {
    // CN UTF8String whose content encodes '1' as C0 B1 (overlong), then "2345678".
    byte[] content = {(byte) 0xC0, (byte) 0xB1, '2', '3', '4', '5', '6', '7', '8'};
    byte[] value = new byte[2 + content.length];
    value[0] = 0x0C;
    value[1] = (byte) content.length;
    System.arraycopy(content, 0, value, 2, content.length);
    byte[] oid = {0x06, 0x03, 0x55, 0x04, 0x03};
    byte[] atv = tlv(0x30, concat(oid, value));
    byte[] der = tlv(0x30, tlv(0x31, atv));
    assertRefused(map(der), MappingRefusal.MALFORMED_SUBJECT);
  }

  @Test
  void rejectsCommonNameThatIsNotAString() {
    assertRefused(map(name(rdn(BCStyle.CN, new ASN1Integer(12345678)))),
        MappingRefusal.MALFORMED_SUBJECT);
    assertRefused(map(name(rdn(BCStyle.CN, new DERSequence(new DERPrintableString("12345678"))))),
        MappingRefusal.MALFORMED_SUBJECT);
  }

  @Test
  void rejectsMalformedEncodings() {
    byte[] ok = name(org(), cn("12345678"));
    assertMapped(map(ok), "12345678");
    assertRefused(map(new byte[0]), MappingRefusal.MALFORMED_SUBJECT);
    assertRefused(map(Arrays.copyOf(ok, ok.length - 1)), MappingRefusal.MALFORMED_SUBJECT);
    assertRefused(map(Arrays.copyOf(ok, ok.length + 1)), MappingRefusal.MALFORMED_SUBJECT);
    // non-minimal outer length: 30 81 len instead of 30 len
    byte[] nonMinimal = new byte[ok.length + 1];
    nonMinimal[0] = 0x30;
    nonMinimal[1] = (byte) 0x81;
    System.arraycopy(ok, 1, nonMinimal, 2, ok.length - 1);
    assertRefused(map(nonMinimal), MappingRefusal.MALFORMED_SUBJECT);
    // BER indefinite length
    byte[] indefinite = new byte[ok.length + 2];
    indefinite[0] = 0x30;
    indefinite[1] = (byte) 0x80;
    System.arraycopy(ok, 2, indefinite, 2, ok.length - 2);
    assertRefused(map(indefinite), MappingRefusal.MALFORMED_SUBJECT);
    // not a Name: a SET, a bare string
    assertRefused(map(new byte[] {0x31, 0x00}), MappingRefusal.MALFORMED_SUBJECT);
    assertRefused(map(new byte[] {0x13, 0x01, '1'}), MappingRefusal.MALFORMED_SUBJECT);
    // an empty RDN
    assertRefused(map(tlv(0x30, concat(tlv(0x31, new byte[0]), Arrays.copyOfRange(ok, 2,
        ok.length)))), MappingRefusal.MALFORMED_SUBJECT);
  }

  @Test
  void rejectsOversizedSubjects() {
    byte[] huge = name(rdn(BCStyle.O, new DERUTF8String("x".repeat(9000))), cn("12345678"));
    assertRefused(map(huge), MappingRefusal.MALFORMED_SUBJECT);
  }

  @Test
  void neverTakesIdentityFromSerialNumberUidOrEmail() {
    byte[] der = name(org(), rdn(BCStyle.SERIALNUMBER, new DERPrintableString("12345678")),
        rdn(BCStyle.UID, new DERUTF8String("12345678")),
        rdn(BCStyle.EmailAddress, new DERIA5String("12345678@example.jp")));
    assertRefused(map(der), MappingRefusal.NO_COMMON_NAME);
    byte[] withCn = name(rdn(BCStyle.SERIALNUMBER, new DERPrintableString("99999999")),
        cn("12345678"), rdn(BCStyle.UID, new DERUTF8String("88888888")));
    assertMapped(map(withCn), "12345678");
  }

  @Test
  void neverTakesIdentityFromSubjectAlternativeName() throws Exception {
    GeneralNames san = new GeneralNames(new GeneralName[] {
        new GeneralName(new X500Name("CN=12345678")),
        new GeneralName(GeneralName.rfc822Name, "12345678@example.jp")});
    X509Certificate onlySan = CA.leaf().subject(name(org()))
        .extension("2.5.29.17", false, san).issue().certificate();
    assertRefused(mapper.map(onlySan), MappingRefusal.NO_COMMON_NAME);
    X509Certificate both = CA.leaf().commonName("87654321")
        .extension("2.5.29.17", false, san).issue().certificate();
    assertMapped(mapper.map(both), "87654321");
  }

  @Test
  void userIdPolicyIsARange() {
    CertificateMapper m = CertificateMapper.withPolicy(UserIdPolicy.digits(6, 10));
    assertRefused(m.mapSubject(name(cn("12345"))), MappingRefusal.INVALID_USER_ID);
    assertMapped(m.mapSubject(name(cn("123456"))), "123456");
    assertMapped(m.mapSubject(name(cn("1234567890"))), "1234567890");
    assertRefused(m.mapSubject(name(cn("12345678901"))), MappingRefusal.INVALID_USER_ID);
    assertThatThrownBy(() -> UserIdPolicy.digits(0, 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UserIdPolicy.digits(9, 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UserIdPolicy.digits(1, 65)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusalDetailsNeverEchoCertificateValues() {
    byte[] der = name(cn("<script>99999999"));
    MappingResult r = map(der);
    assertThat(r).isInstanceOfSatisfying(MappingResult.Refused.class,
        x -> assertThat(x.detail()).doesNotContain("script").doesNotContain("99999999"));
  }

  static byte[] tlv(int tag, byte[] content) {
    if (content.length > 127) {
      throw new IllegalArgumentException("short form only");
    }
    byte[] out = new byte[content.length + 2];
    out[0] = (byte) tag;
    out[1] = (byte) content.length;
    System.arraycopy(content, 0, out, 2, content.length);
    return out;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
