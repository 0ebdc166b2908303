package io.shomei.core;

import java.time.Duration;
import io.shomei.spi.KeyCustody;
import java.time.Clock;
import io.shomei.core.audit.AuditTrail;
import io.shomei.spi.CertificateStore;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.eligibility.RuleRevocation;
import io.shomei.core.internal.x509.FunctionContentSigner;
import io.shomei.core.issue.SignatureDigest;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.RevocationReason;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v2CRLBuilder;

/**
 * Issues CRLs through key custody; see {@link CrlPublisher}. The signature reuses the issuance
 * path's {@link FunctionContentSigner} over {@code KeyCustody::sign}.
 */
final class CrlEngine implements CrlPublisher {
  private final KeyCustody custody;
  private final Clock clock;
  private final Duration crlNextUpdate;
  private final CertificateStore certificates;
  private final AuditTrail audit;
  private final X500Name issuer;
  private final byte[] issuerDer;
  private final byte[] authorityKeyId;
  private final String algorithm;
  private final Map<String, Eligibility> rules;

  CrlEngine(KeyCustody custody, Clock clock, Duration crlNextUpdate, CertificateStore certificates,
      AuditTrail audit, Map<String, Eligibility> rules) {
    this.rules = Map.copyOf(rules);
    this.custody = custody;
    this.clock = clock;
    this.crlNextUpdate = crlNextUpdate;
    this.certificates = certificates;
    this.audit = audit;
    X509Certificate ca = custody.certificate();
    this.issuerDer = ca.getSubjectX500Principal().getEncoded();
    this.issuer = X500Name.getInstance(issuerDer);
    byte[] ski = ca.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (ski == null) {
      throw new IllegalArgumentException("the CA certificate has no subject key identifier");
    }
    this.authorityKeyId = SubjectKeyIdentifier.getInstance(
        ASN1OctetString.getInstance(ski).getOctets()).getKeyIdentifier();
    this.algorithm = SignatureDigest.SHA256.jcaSignatureAlgorithm(ca.getPublicKey().getAlgorithm());
    if (!custody.signatureAlgorithms().contains(algorithm)) {
      throw new IllegalArgumentException("key custody cannot sign CRLs with " + algorithm);
    }
  }

  @Override
  public Crl issue() {
    Instant instant = clock.instant();
    Instant now = instant.truncatedTo(ChronoUnit.SECONDS);
    Instant[] next = {now.plus(crlNextUpdate)};
    BigInteger number = BigInteger.valueOf(instant.toEpochMilli());
    X509v2CRLBuilder b = new X509v2CRLBuilder(issuer, Date.from(now));
    int[] entries = {0};
    certificates.forEach(r -> {
      if (!issuedByUs(r)) {
        return;
      }
      if (r.status() == CertificateStatus.REVOKED || r.status() == CertificateStatus.SUPERSEDED) {
        RevocationReason reason = r.revocationReason();
        add(b, r, Objects.requireNonNull(r.statusChangedAt()),
            reason == null ? CRLReason.superseded : reason.code());
        entries[0]++;
        return;
      }
      // ACTIVE or ISSUED: what the rules publish for it, as the OCSP responder answers
      Eligibility e = rules.get(r.account().service());
      if (e == null) {
        return;
      }
      RuleRevocation byRule = e.revocationByRule(r, instant);
      if (byRule instanceof RuleRevocation.Revoked revoked) {
        add(b, r, revoked.at(), revoked.reason().code());
        entries[0]++;
      } else {
        Instant from = ((RuleRevocation.NotRevoked) byRule).revokedFrom();
        if (from != null && from.isBefore(next[0])) {
          next[0] = from; // no relying party may keep this CRL past a campaign's cut-over
        }
      }
    });
    b.setNextUpdate(Date.from(next[0]));
    try {
      b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
      b.addExtension(Extension.authorityKeyIdentifier, false,
          new AuthorityKeyIdentifier(authorityKeyId));
      byte[] der = b.build(new FunctionContentSigner(algorithm, custody::sign)).getEncoded();
      Stamps.system(audit, AuditEventType.CRL_ISSUED, null, Map.of("crl_number", number.toString(),
          "entries", Integer.toString(entries[0]), "next_update", next[0].toString()));
      return new Crl(der, number, now, next[0], entries[0]);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the CRL", e);
    }
  }

  private static void add(X509v2CRLBuilder b, CertificateRecord r, Instant at, int code) {
    if (code == CRLReason.unspecified) {
      b.addCRLEntry(r.serial(), Date.from(at), null);
    } else {
      b.addCRLEntry(r.serial(), Date.from(at), code);
    }
  }

  private boolean issuedByUs(CertificateRecord r) {
    try {
      byte[] name = Certificate.getInstance(r.der()).getIssuer().getEncoded();
      return Arrays.equals(name, issuerDer);
    } catch (IOException | RuntimeException e) {
      return false; // an unreadable record is not one of ours to list
    }
  }

  @Override
  public String toString() {
    return "CrlPublisher[" + issuer + "]";
  }
}
