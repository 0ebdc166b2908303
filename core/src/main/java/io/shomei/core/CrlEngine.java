package io.shomei.core;

import java.time.Duration;
import io.shomei.spi.KeyCustody;
import java.time.Clock;
import io.shomei.core.audit.AuditTrail;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.IssuerName;
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
import java.util.Date;
import java.util.Map;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import io.shomei.spi.CrlStore;
import io.shomei.spi.LeaseStore;
import io.shomei.spi.PublishedCrl;
import io.shomei.spi.StorageException;
import org.bouncycastle.cert.X509CRLHolder;
import org.jspecify.annotations.Nullable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;

/**
 * Issues CRLs through key custody; see {@link CrlPublisher}. The signature reuses the issuance
 * path's {@link FunctionContentSigner} over {@code KeyCustody::sign}.
 */
final class CrlEngine implements CrlPublisher {
  private final IssuingCa ca;
  private final KeyCustody custody;
  private final Clock clock;
  private final Duration crlNextUpdate;
  private final CertificateStore certificates;
  private final AuditTrail audit;
  private final X500Name issuer;
  /** The key under which the store keeps this CA's serials. */
  private final IssuerName issuerName;
  private final byte[] authorityKeyId;
  private final String algorithm;
  private final Map<String, Eligibility> rules;
  private final CrlStore store;
  private final LeaseStore leases;
  private final Duration renewBefore;
  private final String issuerKeyId;
  private final String leaseName;
  private final String holder;
  private volatile @Nullable Crl lastRead;

  /** How long a node may take to issue a CRL before another may start. */
  static final Duration LEASE = Duration.ofMinutes(5);

  /** How often {@link #issue()} re-reads and re-signs after another node published first. */
  private static final int ATTEMPTS = 5;

  CrlEngine(IssuingCa issuingCa, Clock clock, Duration crlNextUpdate, Duration renewBefore,
      CertificateStore certificates, CrlStore store, LeaseStore leases, AuditTrail audit,
      Map<String, Eligibility> rules, String holder) {
    this.rules = Map.copyOf(rules);
    this.store = store;
    this.leases = leases;
    this.renewBefore = renewBefore;
    this.holder = holder;
    this.ca = issuingCa;
    this.custody = issuingCa.custody();
    this.clock = clock;
    this.crlNextUpdate = crlNextUpdate;
    this.certificates = certificates;
    this.audit = audit;
    X509Certificate caCertificate = issuingCa.certificate();
    byte[] issuerDer = caCertificate.getSubjectX500Principal().getEncoded();
    this.issuer = X500Name.getInstance(issuerDer);
    this.issuerName = IssuerName.ofEncoded(issuerDer);
    this.issuerKeyId = issuingCa.keyId(); // the CA's subject key identifier, hex
    this.authorityKeyId = HexFormat.of().parseHex(issuerKeyId);
    this.leaseName = "crl:" + issuerKeyId;
    this.algorithm = SignatureDigest.SHA256.jcaSignatureAlgorithm(
        caCertificate.getPublicKey().getAlgorithm());
    if (!custody.signatureAlgorithms().contains(algorithm)) {
      throw new IllegalArgumentException("key custody cannot sign CRLs with " + algorithm);
    }
  }

  @Override
  public IssuingCa issuingCa() {
    return ca;
  }

  @Override
  public Crl issue() {
    for (int attempt = 1; ; attempt++) {
      Crl crl = build(store.latest(issuerKeyId).orElse(null));
      if (publish(crl)) {
        return crl;
      }
      if (attempt == ATTEMPTS) {
        throw new StorageException("CRL: another node published a newer CRL " + ATTEMPTS
            + " times in a row while this one was signed; nothing was published");
      }
    }
  }

  /** The newest stored CRL, unparsed. */
  Optional<PublishedCrl> newest() {
    return store.latest(issuerKeyId);
  }

  @Override
  public Optional<Crl> latest() {
    return store.latest(issuerKeyId).map(this::crl);
  }

  @Override
  public CrlRun publishIfDue() {
    Instant now = clock.instant();
    PublishedCrl current = store.latest(issuerKeyId).orElse(null);
    if (current != null && now.isBefore(dueAt(current))) {
      return new CrlRun.NotDue(crl(current), dueAt(current));
    }
    if (!leases.acquire(leaseName, holder, now, now.plus(LEASE))) {
      LeaseStore.Lease other = leases.find(leaseName).orElse(null);
      return other == null ? new CrlRun.HeldElsewhere("unknown", now)
          : new CrlRun.HeldElsewhere(other.holder(), other.until());
    }
    try {
      current = store.latest(issuerKeyId).orElse(null); // another node may have just published
      if (current != null && now.isBefore(dueAt(current))) {
        return new CrlRun.NotDue(crl(current), dueAt(current));
      }
      Crl crl = build(current);
      if (publish(crl)) {
        return new CrlRun.Published(crl);
      }
      // a node whose lease had run out published meanwhile: its CRL is the newest
      PublishedCrl newer = store.latest(issuerKeyId).orElseThrow();
      return new CrlRun.NotDue(crl(newer), dueAt(newer));
    } finally {
      leases.release(leaseName, holder);
    }
  }

  /**
   * When the CRL after {@code c} is due: at {@code nextUpdate - renewBefore} (not before
   * {@code thisUpdate}), or, if its {@code nextUpdate} was brought forward to a cut-over, at that
   * cut-over (a CRL issued before it could not list what the rule revokes there).
   */
  Instant dueAt(PublishedCrl c) {
    if (Duration.between(c.thisUpdate(), c.nextUpdate()).compareTo(crlNextUpdate) < 0) {
      return c.nextUpdate();
    }
    Instant early = c.nextUpdate().minus(renewBefore);
    return early.isBefore(c.thisUpdate()) ? c.thisUpdate() : early;
  }

  private boolean publish(Crl crl) {
    boolean stored = store.publish(new PublishedCrl(issuerKeyId, crl.crlNumber(), crl.thisUpdate(),
        crl.nextUpdate(), crl.der()));
    if (stored) {
      lastRead = crl;
      Stamps.system(audit, AuditEventType.CRL_ISSUED, null, Map.of("crl_number",
          crl.crlNumber().toString(), "entries", Integer.toString(crl.entries()), "next_update",
          crl.nextUpdate().toString()));
    }
    return stored;
  }

  /** The stored CRL as a {@link Crl}; parsed once per number. */
  private Crl crl(PublishedCrl p) {
    Crl cached = lastRead;
    if (cached != null && cached.crlNumber().equals(p.number())) {
      return cached;
    }
    int entries;
    try {
      entries = new X509CRLHolder(p.der()).getRevokedCertificates().size();
    } catch (IOException | RuntimeException e) {
      throw new StorageException("CRL store: the stored CRL of issuer " + issuerKeyId
          + " cannot be read");
    }
    Crl read = new Crl(p.der(), p.number(), p.thisUpdate(), p.nextUpdate(), entries);
    lastRead = read;
    return read;
  }

  /** Signs a CRL numbered above {@code previous}; stores nothing. */
  private Crl build(@Nullable PublishedCrl previous) {
    Instant instant = clock.instant();
    Instant now = instant.truncatedTo(ChronoUnit.SECONDS);
    Instant[] next = {now.plus(crlNextUpdate)};
    BigInteger number = BigInteger.valueOf(instant.toEpochMilli());
    if (previous != null && previous.number().compareTo(number) >= 0) {
      number = previous.number().add(BigInteger.ONE);
    }
    X509v2CRLBuilder b = new X509v2CRLBuilder(issuer, Date.from(now));
    int[] entries = {0};
    certificates.forEach(r -> {
      // a serial is unique per issuer only: another CA's certificates are not ours to list
      if (!issuerName.equals(r.issuer())) {
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


  @Override
  public String toString() {
    return "CrlPublisher[" + issuer + ", node " + holder + "]";
  }
}
