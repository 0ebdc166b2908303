package io.shomei.core.fuzz;

import static io.shomei.core.fuzz.FuzzWorld.ISSUER;
import static io.shomei.core.fuzz.FuzzWorld.PROFILE;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shomei.core.identity.CertificateMapper;
import io.shomei.core.identity.MappingResult;
import io.shomei.core.identity.UserIdPolicy;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.issue.IssuanceRefusal;
import io.shomei.core.issue.IssuanceResult;
import io.shomei.core.issue.IssuedCertificate;
import io.shomei.core.testkit.Csrs;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.jspecify.annotations.Nullable;

/**
 * Fuzzes the CSR path of {@link CertificateIssuer#issueForCsr}: arbitrary bytes, correctly signed
 * requests with hostile content, and arbitrary user IDs.
 *
 * <p>Properties: a request is either refused with a typed reason or yields a certificate; a
 * certificate is only issued for a request whose proof of possession verifies (checked with an
 * independent parser), it carries the request's public key and nothing else from it (subject and
 * extensions come from the profile), and its CN is exactly the user ID.
 */
class CsrFuzzTest {
  /** The extensions the profile puts in every certificate; nothing else may appear. */
  private static final Set<String> PROFILE_EXTENSIONS = Set.of(
      Extension.basicConstraints.getId(), Extension.keyUsage.getId(),
      Extension.extendedKeyUsage.getId(), Extension.subjectKeyIdentifier.getId(),
      Extension.authorityKeyIdentifier.getId(), Extension.certificatePolicies.getId());

  private static final CertificateMapper ANY_DIGITS =
      CertificateMapper.withPolicy(UserIdPolicy.digits(1, UserIdPolicy.MAX_LENGTH));

  /** Arbitrary bytes as a CSR (DER or PEM). */
  @FuzzTest
  void csrBytes(byte[] input) {
    IssuanceResult r = ISSUER.issueForCsr(PROFILE, "12345678", input);
    if (input.length > CertificateIssuer.MAX_CSR_LENGTH) {
      Check.that(r.equals(new IssuanceResult.Refused(IssuanceRefusal.CSR_TOO_LARGE)),
          "an oversized CSR is refused as too large", r);
      return;
    }
    if (r instanceof IssuanceResult.Issued issued) {
      PKCS10CertificationRequest req = independentlyVerified(input);
      if (req == null) {
        throw new AssertionError(
            "property violated: a certificate is issued only for a CSR whose signature verifies");
      }
      checkIssued(issued.certificate(), "12345678", req.getSubjectPublicKeyInfo());
    }
  }

  /**
   * A correctly signed request whose subject and extension request are hostile: the issuer must
   * issue (the proof of possession is valid) and take nothing but the key from it.
   */
  @FuzzTest
  void signedCsrWithHostileContent(FuzzedDataProvider data) throws IOException {
    X500Name subject = hostileSubject(data);
    ASN1EncodableVector extensions = new ASN1EncodableVector();
    int n = data.consumeInt(0, 4);
    for (int i = 0; i < n; i++) {
      ASN1ObjectIdentifier oid = data.pickValue(List.of(Extension.basicConstraints,
          Extension.keyUsage, Extension.extendedKeyUsage, Extension.subjectAlternativeName,
          Extension.nameConstraints, Extension.certificatePolicies,
          new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.7." + data.consumeInt(0, 1000))));
      extensions.add(new Extension(oid, data.consumeBoolean(),
          new DEROctetString(data.consumeBytes(64))));
    }
    ASN1EncodableVector attributes = new ASN1EncodableVector();
    if (extensions.size() > 0) {
      try {
        attributes.add(new Attribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
            new DERSet(Extensions.getInstance(new DERSequence(extensions)))));
      } catch (IllegalArgumentException duplicate) {
        // repeated extension OID: BC refuses to build it; leave the attribute out
      }
    }
    if (data.consumeBoolean()) {
      attributes.add(new Attribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword,
          new DERSet(new DERUTF8String(data.consumeString(32)))));
    }
    SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(
        FuzzWorld.EC_KEY.getPublic().getEncoded());
    CertificationRequestInfo info =
        new CertificationRequestInfo(subject, spki, new DERSet(attributes));
    byte[] tbs = info.getEncoded(ASN1Encoding.DER);
    byte[] signature = sign(tbs);
    byte[] der = new CertificationRequest(info,
        new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256), new DERBitString(signature))
        .getEncoded(ASN1Encoding.DER);

    IssuanceResult r = ISSUER.issueForCsr(PROFILE, "12345678", der);
    if (der.length > CertificateIssuer.MAX_CSR_LENGTH) {
      Check.that(r instanceof IssuanceResult.Refused, "oversized CSR refused");
      return;
    }
    Check.that(r instanceof IssuanceResult.Issued,
        "a correctly signed P-256 request is issued whatever its subject and extensions", r);
    checkIssued(((IssuanceResult.Issued) r).certificate(), "12345678", spki);
  }

  /** Any user ID with a valid CSR: refused, or a certificate whose CN is exactly that user ID. */
  @FuzzTest
  void userId(FuzzedDataProvider data) {
    String userId = data.consumeRemainingAsString();
    IssuanceResult r = ISSUER.issueForCsr(PROFILE, userId, FuzzWorld.VALID_CSR);
    if (r instanceof IssuanceResult.Refused refused) {
      Check.that(refused.reason() == IssuanceRefusal.EMPTY_USER_ID
          || refused.reason() == IssuanceRefusal.INVALID_USER_ID,
          "a user ID is refused only as empty or invalid", refused);
      return;
    }
    checkIssued(((IssuanceResult.Issued) r).certificate(), userId,
        SubjectPublicKeyInfo.getInstance(FuzzWorld.EC_KEY.getPublic().getEncoded()));
  }

  private static void checkIssued(IssuedCertificate issued, String userId,
      SubjectPublicKeyInfo requested) {
    X509Certificate c = issued.certificate();
    Check.that(issued.account().userId().equals(userId), "the account is the user ID");
    Check.that(Arrays.equals(c.getPublicKey().getEncoded(), encoded(requested)),
        "the certificate carries the request's public key");
    Check.that(c.getBasicConstraints() == -1, "never a CA certificate");
    Set<String> exts = new HashSet<>();
    if (c.getCriticalExtensionOIDs() != null) {
      exts.addAll(c.getCriticalExtensionOIDs());
    }
    if (c.getNonCriticalExtensionOIDs() != null) {
      exts.addAll(c.getNonCriticalExtensionOIDs());
    }
    Check.that(exts.equals(PROFILE_EXTENSIONS), "only the profile's extensions", exts);
    String cn = singleCommonName(c.getSubjectX500Principal().getEncoded());
    Check.that(userId.equals(cn), "the subject's only CN is exactly the user ID",
        "CN decoded as '" + cn + "'");
    boolean digits = !userId.isEmpty() && userId.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    MappingResult mapped = ANY_DIGITS.map(c);
    Check.that(digits == mapped.equals(new MappingResult.Mapped(userId)),
        "the mapper maps the certificate back to the user ID exactly when it is digits", mapped);
  }

  /** The single CN decoded by its declared string type, or null if there is not exactly one. */
  static @Nullable String singleCommonName(byte[] nameDer) {
    RDN[] cns = X500Name.getInstance(nameDer).getRDNs(BCStyle.CN);
    if (cns.length != 1 || cns[0].isMultiValued()) {
      return null;
    }
    ASN1Encodable v = cns[0].getFirst().getValue();
    return v instanceof ASN1String s ? s.getString() : null;
  }

  private static byte[] encoded(SubjectPublicKeyInfo spki) {
    try {
      return spki.getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A parser and verifier independent of Shomei's: BC's PKCS#10 classes. */
  private static @Nullable PKCS10CertificationRequest independentlyVerified(byte[] input) {
    try {
      byte[] der = input;
      String text = new String(input, StandardCharsets.US_ASCII);
      if (text.startsWith("-----BEGIN")) {
        try (PemReader r = new PemReader(new StringReader(text))) {
          PemObject pem = r.readPemObject();
          if (pem == null) {
            return null;
          }
          der = pem.getContent();
        }
      }
      PKCS10CertificationRequest req = new PKCS10CertificationRequest(der);
      boolean ok = req.isSignatureValid(
          new JcaContentVerifierProviderBuilder().setProvider(Csrs.BC)
              .build(req.getSubjectPublicKeyInfo()));
      return ok ? req : null;
    } catch (IOException | RuntimeException | OperatorCreationException | PKCSException e) {
      return null;
    }
  }

  private static X500Name hostileSubject(FuzzedDataProvider data) {
    byte[] raw = data.consumeBytes(data.consumeInt(0, 300));
    if (data.consumeBoolean()) {
      try {
        return X500Name.getInstance(raw); // whatever BC accepts as a Name
      } catch (RuntimeException e) {
        // fall through to a built name
      }
    }
    return SubjectMappingFuzzTest.buildName(data).name();
  }

  private static byte[] sign(byte[] tbs) {
    try {
      java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
      s.initSign(FuzzWorld.EC_KEY.getPrivate());
      s.update(tbs);
      return s.sign();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
