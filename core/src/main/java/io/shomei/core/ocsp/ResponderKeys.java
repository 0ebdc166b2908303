package io.shomei.core.ocsp;

import io.shomei.core.audit.AuditEvent;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.internal.x509.Bc;
import io.shomei.core.internal.x509.FunctionContentSigner;
import io.shomei.core.internal.x509.SerialNumbers;
import io.shomei.core.issue.SignatureDigest;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.KeyCustody;
import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.jspecify.annotations.Nullable;

/**
 * Who signs answers: the CA, or a delegated responder key whose certificate this class issues
 * through the CA's custody and rotates after two thirds of its validity.
 */
abstract sealed class ResponderKeys {

  /** The signer of one answer: algorithm, key, the certificates to include, a bound on nextUpdate. */
  // internal, never compared; the array is handed to Bouncy Castle's response builder only
  @SuppressWarnings("ArrayRecordComponent")
  record Signer(String algorithm, KeyCustody key, RespID responderId,
      X509CertificateHolder[] certificates, X509Certificate certificate, Instant notAfter) {}

  /** The responder ID by key hash (RFC 5019), computed once per signer. */
  static RespID responderId(SubjectPublicKeyInfo key) {
    try {
      // a digest calculator collects bytes: one per computation, never shared between threads
      return new RespID(key, new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1));
    } catch (OCSPException | OperatorCreationException e) {
      throw new IllegalStateException("cannot compute the responder id", e);
    }
  }

  abstract Signer signer(Instant now);

  static ResponderKeys ca(KeyCustody ca) {
    return new Ca(ca);
  }

  static ResponderKeys delegated(KeyCustody ca, KeyCustody key, Duration validity, Clock clock,
      SecureRandom random, @Nullable AuditTrail audit) {
    return new Delegated(ca, key, validity, clock, random, audit);
  }

  static String algorithmFor(KeyCustody custody, String what) {
    String alg = SignatureDigest.SHA256.jcaSignatureAlgorithm(custody.publicKey().getAlgorithm());
    if (!custody.signatureAlgorithms().contains(alg)) {
      throw new IllegalArgumentException(what + " cannot sign with " + alg);
    }
    return alg;
  }

  static SubjectPublicKeyInfo spki(PublicKey key) {
    return SubjectPublicKeyInfo.getInstance(key.getEncoded());
  }

  static X509CertificateHolder holder(X509Certificate c) {
    try {
      return new X509CertificateHolder(c.getEncoded());
    } catch (CertificateEncodingException | IOException e) {
      throw new IllegalStateException("cannot re-encode a certificate", e);
    }
  }

  /** The CA signs its own answers and includes no certificate (relying parties hold the CA). */
  static final class Ca extends ResponderKeys {
    private final Signer signer;

    Ca(KeyCustody ca) {
      X509Certificate c = ca.certificate();
      signer = new Signer(algorithmFor(ca, "the CA's key custody"), ca,
          responderId(spki(ca.publicKey())),
          new X509CertificateHolder[0], c, c.getNotAfter().toInstant());
    }

    @Override
    Signer signer(Instant now) {
      return signer;
    }
  }

  /** A delegated responder key with certificates issued (and re-issued) through the CA. */
  static final class Delegated extends ResponderKeys {
    /** Responder certificates start this much before their issue, for relying parties' skew. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private final KeyCustody ca;
    private final String caAlgorithm;
    private final KeyCustody key;
    private final String algorithm;
    private final SubjectPublicKeyInfo keyInfo;
    private final Duration validity;
    private final Clock clock;
    private final SecureRandom random;
    private final @Nullable AuditTrail audit;
    private volatile @Nullable Current current;

    private record Current(Signer signer, Instant renewAt) {}

    Delegated(KeyCustody ca, KeyCustody key, Duration validity, Clock clock, SecureRandom random,
        @Nullable AuditTrail audit) {
      this.ca = ca;
      this.caAlgorithm = algorithmFor(ca, "the CA's key custody");
      this.key = key;
      this.algorithm = algorithmFor(key, "the responder's key custody");
      this.keyInfo = spki(key.publicKey());
      this.validity = validity;
      this.clock = clock;
      this.random = random;
      this.audit = audit;
    }

    @Override
    Signer signer(Instant now) {
      Current c = current;
      if (c != null && now.isBefore(c.renewAt())) {
        return c.signer();
      }
      synchronized (this) {
        c = current;
        if (c == null || !now.isBefore(c.renewAt())) {
          c = issue(clock.instant().truncatedTo(ChronoUnit.SECONDS));
          current = c;
        }
        return c.signer();
      }
    }

    private Current issue(Instant now) {
      X509Certificate caCert = ca.certificate();
      Instant notBefore = now.minus(BACKDATE);
      Instant notAfter = now.plus(validity);
      BigInteger serial = SerialNumbers.next(random);
      X500Name issuer = X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
      try {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, serial,
            Date.from(notBefore), Date.from(notAfter), subject(issuer), keyInfo);
        add(b, Extension.basicConstraints, true, new BasicConstraints(false));
        add(b, Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        add(b, Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
        add(b, OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
        add(b, Extension.subjectKeyIdentifier, false,
            new SubjectKeyIdentifier(Bc.keyIdentifier(keyInfo)));
        byte[] caKeyId = Bc.keyIdentifier(caCert);
        add(b, Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(caKeyId));
        X509CertificateHolder h = b.build(new FunctionContentSigner(caAlgorithm, ca::sign));
        X509Certificate cert = Bc.toX509(h.getEncoded());
        if (audit != null) {
          audit.append(new AuditEvent(AuditEventType.OCSP_RESPONDER_CERTIFIED, "system", null,
              Map.of("serial", serial.toString(16), "not_after", notAfter.toString(),
                  "sha256", CertificateRecord.fingerprintOf(h.getEncoded()))));
        }
        Signer s = new Signer(algorithm, key, responderId(keyInfo),
            new X509CertificateHolder[] {h}, cert, notAfter);
        return new Current(s, now.plus(validity.multipliedBy(2).dividedBy(3)));
      } catch (IOException e) {
        throw new IllegalStateException("cannot encode the responder certificate", e);
      }
    }

    /** The CA's name with its common name replaced by "OCSP Responder". */
    private static X500Name subject(X500Name caName) {
      List<RDN> rdns = new java.util.ArrayList<>();
      for (RDN rdn : caName.getRDNs()) {
        if (!rdn.getFirst().getType().equals(BCStyle.CN)) {
          rdns.add(rdn);
        }
      }
      rdns.add(new RDN(BCStyle.CN, new DERUTF8String("OCSP Responder")));
      return new X500Name(rdns.toArray(new RDN[0]));
    }

    private static void add(X509v3CertificateBuilder b,
        org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value)
        throws CertIOException {
      b.addExtension(oid, critical, value);
    }
  }
}
