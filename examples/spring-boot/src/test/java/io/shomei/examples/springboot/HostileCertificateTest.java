package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.identity.CertificateMapper;
import io.shomei.core.identity.MappingRefusal;
import io.shomei.core.identity.MappingResult;
import io.shomei.spi.KeyCustody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.authentication.preauth.x509.SubjectDnX509PrincipalExtractor;

/**
 * The issue's required test: certificates that Spring Security's own X.509 principal extractor
 * ({@link SubjectDnX509PrincipalExtractor}, default regex {@code CN=(.*?)(?:,|$)} over the subject's
 * string form) maps to the victim's user ID, and that Shomei refuses. Each certificate is signed by
 * the application's own CA, so the TLS handshake and the chain are fine: only the subject decides.
 *
 * <p>Both sides are asserted on the same certificate object: Spring's real extractor class, and
 * Shomei over real TLS through this application (plus Shomei's mapper, for the exact reason).
 */
class HostileCertificateTest extends HostTestSupport {
  private static final String VICTIM = "12345678";
  private static final String ATTACKER = "87654321";
  private static final char[] PASSWORD = "hostile".toCharArray();

  @Autowired KeyCustody ca;
  private CaSignedCertificates certificates;
  private final Map<X509Certificate, KeyStore> issued = new HashMap<>();
  private static boolean enrolled;

  @BeforeEach
  void victimAndAttackerAreCustomers() {
    certificates = new CaSignedCertificates(ca);
    synchronized (HostileCertificateTest.class) {
      if (!enrolled) {
        // the victim is a real customer with an active certificate: a login as 12345678 is worth something
        Letter victim = enroll(VICTIM, FORWARD);
        acquire(victim, victim.temporaryPassword());
        enroll(ATTACKER, FORWARD);
        enrolled = true;
      }
    }
  }

  @Test
  void organizationalUnitLookingLikeCommonNameLogsInAsTheVictimWithSpringButNotWithShomei() {
    // the attacker's own CN, plus an OU the registration form let them type: "CN=12345678,"
    X509Certificate cert = hostile(
        rdn(BCStyle.O, utf8("Example Bank")), rdn(BCStyle.CN, utf8(ATTACKER)),
        rdn(BCStyle.OU, utf8("CN=" + VICTIM + ",")));
    assertThat(stringSpringReads(cert)).startsWith("OU=\"CN=12345678,\", CN=87654321");

    assertThat(spring(cert)).isEqualTo(VICTIM);
    // Shomei reads the one CN from the DER: the attacker, never the victim ...
    assertThat(CertificateMapper.standard().map(cert)).isEqualTo(new MappingResult.Mapped(ATTACKER));
    // ... and this certificate is not the attacker's issued one either
    assertShomeiRefuses(cert, "UNKNOWN_CERTIFICATE");
  }

  @Test
  void secondCommonNameLogsInAsTheVictimWithSpringButNotWithShomei() {
    X509Certificate cert = hostile(
        rdn(BCStyle.O, utf8("Example Bank")), rdn(BCStyle.CN, utf8(ATTACKER)),
        rdn(BCStyle.CN, utf8(VICTIM)));

    assertThat(spring(cert)).isEqualTo(VICTIM);
    assertMappingRefused(cert, MappingRefusal.SEVERAL_COMMON_NAMES);
    assertShomeiRefuses(cert, "SUBJECT_NOT_MAPPABLE");
  }

  @Test
  void commonNameInMultiValuedRdnLogsInAsTheVictimWithSpringButNotWithShomei() {
    X509Certificate cert = hostile(rdn(BCStyle.O, utf8("Example Bank")),
        new RDN(new AttributeTypeAndValue[] {
            new AttributeTypeAndValue(BCStyle.OU, utf8("Sales")),
            new AttributeTypeAndValue(BCStyle.CN, utf8(VICTIM))}));
    assertThat(stringSpringReads(cert)).contains("+");

    assertThat(spring(cert)).isEqualTo(VICTIM);
    assertMappingRefused(cert, MappingRefusal.COMMON_NAME_IN_MULTI_VALUED_RDN);
    assertShomeiRefuses(cert, "SUBJECT_NOT_MAPPABLE");
  }

  @Test
  void bmpStringLookalikeReadsAsTheVictimInTheRfc2253FormButShomeiRefusesIt() {
    // U+3132 U+3334 U+3536 U+3738 (Hangul jamo and CJK compatibility characters): a harmless
    // looking name whose UTF-16 bytes are the ASCII digits "12345678"
    X509Certificate cert = hostile(rdn(BCStyle.C, new DERPrintableString("JP")),
        rdn(BCStyle.O, utf8("Example Bank")),
        rdn(BCStyle.CN, new DERBMPString("\u3132\u3334\u3536\u3738")));

    // Spring's extractor reads getSubjectDN(), which decodes the BMPString correctly ...
    assertThat(spring(cert)).isEqualTo("\u3132\u3334\u3536\u3738");
    // ... but the RFC 2253 form (the line Spring's extractor has commented out, and what a
    // hand-written extractor usually reads) renders it as the victim's user ID
    String rfc2253 = cert.getSubjectX500Principal().getName();
    assertThat(rfc2253).startsWith("CN=12345678,");
    assertThat(regex(rfc2253)).isEqualTo(VICTIM);

    assertMappingRefused(cert, MappingRefusal.UNSUPPORTED_STRING_TYPE);
    assertShomeiRefuses(cert, "SUBJECT_NOT_MAPPABLE");
  }

  @Test
  void controlAWellFormedCertificateFromTheSameCaGetsPastTheSubject() {
    // the same construction with a plain subject: Shomei maps it to the victim, and refuses it only
    // because the bank never issued it, so the refusals above are the subject's doing
    X509Certificate cert = hostile(rdn(BCStyle.O, utf8("Example Bank")), rdn(BCStyle.CN, utf8(VICTIM)));

    assertThat(spring(cert)).isEqualTo(VICTIM);
    assertThat(CertificateMapper.standard().map(cert)).isEqualTo(new MappingResult.Mapped(VICTIM));
    assertShomeiRefuses(cert, "UNKNOWN_CERTIFICATE");
  }

  /**
   * The string Spring's extractor runs its regex over. {@code getSubjectDN()} is deprecated since
   * JDK 16; Spring Security 6.5 still reads it, which is the point of showing it here.
   */
  @SuppressWarnings("deprecation")
  private static String stringSpringReads(X509Certificate cert) {
    return cert.getSubjectDN().getName();
  }

  /** Spring Security's own extractor, default configuration. */
  private static Object spring(X509Certificate cert) {
    return new SubjectDnX509PrincipalExtractor().extractPrincipal(cert);
  }

  /** Spring's default expression, case-insensitive as Spring compiles it. */
  private static String regex(String dn) {
    Matcher m = Pattern.compile("CN=(.*?)(?:,|$)", Pattern.CASE_INSENSITIVE).matcher(dn);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static void assertMappingRefused(X509Certificate cert, MappingRefusal reason) {
    MappingResult result = CertificateMapper.standard().map(cert);
    assertThat(result).isInstanceOf(MappingResult.Refused.class);
    assertThat(((MappingResult.Refused) result).reason()).isEqualTo(reason);
  }

  /** Presents the certificate over TLS to this application's certificate login. */
  private void assertShomeiRefuses(X509Certificate cert, String acceptanceRefusal) {
    KeyStore keys = Objects.requireNonNull(issued.get(cert));
    Browser.Page page = certificateStep(browser(keys, PASSWORD), FORWARD);
    assertThat(page.status()).as(page.body()).isEqualTo(403);
    assertThat(page.path()).isEqualTo("/login/certificate");
    assertThat(page.refusal()).hasValue("CERTIFICATE_NOT_ACCEPTED/" + acceptanceRefusal);
  }

  private X509Certificate hostile(RDN... rdns) {
    byte[] der;
    try {
      der = new X500Name(rdns).getEncoded("DER");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KeyStore keys = certificates.issue(der, PASSWORD);
    X509Certificate cert = CaSignedCertificates.certificate(keys);
    issued.put(cert, keys);
    return cert;
  }

  private static RDN rdn(ASN1ObjectIdentifier type, ASN1Encodable value) {
    return new RDN(type, value);
  }

  private static ASN1Encodable utf8(String s) {
    return new DERUTF8String(s);
  }
}
