package io.shomei.core.identity;

import io.shomei.core.internal.x509.RawCertificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * Maps a certificate to the user it names: the one common name (CN) of the subject, which must be
 * a user ID under a {@link UserIdPolicy}.
 *
 * <pre>{@code
 * CertificateMapper mapper = CertificateMapper.standard();   // CN = 8 ASCII digits
 * MappingResult result = mapper.map(certificate);
 * if (result instanceof MappingResult.Mapped m) {
 *   String userId = m.userId();
 * } else if (result instanceof MappingResult.Refused r) {
 *   MappingRefusal why = r.reason();
 * }
 * }</pre>
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>The subject is read from its encoding, as its bytes stand in the certificate, with Bouncy
 *       Castle's ASN.1 classes and must be strict DER; anything malformed is refused.
 *   <li>Exactly one CN attribute (OID 2.5.4.3) in the whole subject, in a single-valued RDN.
 *       Attributes of other types are ignored whatever their values (an {@code OU} or email value
 *       of {@code "CN=87654321"} is just text), and their order does not matter.
 *   <li>The CN is a PrintableString or a UTF8String; every other string type is refused.
 *   <li>The CN is compared as a string against the policy: no trimming, no normalisation, no case
 *       folding, no numeric parsing.
 *   <li>Identity is never taken from the subject's serialNumber, UID or emailAddress attributes,
 *       nor from the subject alternative name.
 * </ul>
 *
 * <h2>Security</h2>
 *
 * <p>Do not derive a user from {@code X509Certificate.getSubjectX500Principal().getName()},
 * {@code getSubjectDN()} or a regular expression over any DN string. The JDK decodes the bytes of
 * a BMPString as if they were UTF-8, so a BMPString CN of four CJK characters (U+3132 U+3334 U+3536
 * U+3738) is rendered as {@code CN=12345678}: a certificate that a CA issued for a harmless-looking
 * name would log in as user 12345678. String forms also cannot tell a DN embedded in another
 * attribute value, several CNs or a multi-valued RDN from a plain {@code CN=}. This class parses
 * the DER and refuses all of these.
 *
 * <p>Mapping is not acceptance: a mapped certificate may still be untrusted, expired, superseded
 * or revoked. Use {@link CertificateAcceptance} for login.
 *
 * <p>Immutable and thread-safe. No method throws for any certificate or subject content.
 *
 * @since 0.1.0
 */
public final class CertificateMapper {
  private static final CertificateMapper STANDARD = new CertificateMapper(UserIdPolicy.eightDigits());

  private final UserIdPolicy policy;

  private CertificateMapper(UserIdPolicy policy) {
    this.policy = policy;
  }

  /**
   * The mapper with the default policy: the CN is exactly eight ASCII digits.
   *
   * @return the standard mapper
   */
  public static CertificateMapper standard() {
    return STANDARD;
  }

  /**
   * A mapper with another user-ID policy.
   *
   * @param policy the user-ID syntax
   * @return the mapper
   */
  public static CertificateMapper withPolicy(UserIdPolicy policy) {
    return new CertificateMapper(Objects.requireNonNull(policy, "policy"));
  }

  /**
   * The user-ID syntax this mapper enforces.
   *
   * @return the policy
   */
  public UserIdPolicy policy() {
    return policy;
  }

  /**
   * Maps a certificate's subject. The subject's bytes are read as they stand in the certificate's
   * TBSCertificate, not from the JDK's re-encoding ({@code getSubjectX500Principal().getEncoded()}
   * writes a non-minimal length back in minimal form, so a subject that is not DER would pass);
   * its string form is never used.
   *
   * @param certificate the certificate
   * @return the user ID or the typed refusal
   */
  public MappingResult map(X509Certificate certificate) {
    byte[] der;
    try {
      der = certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      return SubjectParser.refuse(MappingRefusal.MALFORMED_SUBJECT,
          "the certificate cannot be encoded");
    }
    byte[] subject = RawCertificate.subject(der);
    if (subject == null) {
      return SubjectParser.refuse(MappingRefusal.MALFORMED_SUBJECT,
          "the certificate's encoding has no readable subject");
    }
    return mapSubject(subject);
  }

  /**
   * Maps the DER encoding of an X.501 Name (a certificate subject).
   *
   * @param nameDer the encoding; any content is allowed (hostile, truncated, empty)
   * @return the user ID or the typed refusal
   */
  public MappingResult mapSubject(byte[] nameDer) {
    return SubjectParser.map(nameDer, policy);
  }

  @Override
  public String toString() {
    return "CertificateMapper[" + policy + "]";
  }
}
