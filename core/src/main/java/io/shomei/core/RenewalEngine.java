package io.shomei.core;

import io.shomei.core.audit.AuditEvent;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.eligibility.ProofDecision;
import io.shomei.core.eligibility.ReacquisitionDecision;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.identity.AcceptanceResult;
import io.shomei.core.identity.CertificateAcceptance;
import io.shomei.core.internal.x509.Bc;
import io.shomei.core.pkcs12.Pkcs12Packager;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionPassword;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The renewal use case; see {@link Renewal} for the contract. */
final class RenewalEngine implements Renewal {
  private static final int NONCE_BYTES = 24;
  private static final int MAX_USER_ID = 128;

  private final Map<String, ServiceSettings> services;
  private final CertificateAcceptance acceptance;
  private final CertificateStore certificates;
  private final CredentialStore credentials;
  private final AcquisitionEngine acquisition;
  private final PendingLoginSeal seal;
  private final RevocationForCause forCause;
  private final boolean voluntary;
  private final AuditTrail audit;
  private final Clock clock;
  private final SecureRandom random;

  RenewalEngine(Map<String, ServiceSettings> services, CertificateAcceptance acceptance,
      CertificateStore certificates, CredentialStore credentials, AcquisitionEngine acquisition,
      PendingLoginSeal seal, RevocationForCause forCause, boolean voluntary, AuditTrail audit,
      Clock clock, SecureRandom random) {
    this.services = services;
    this.acceptance = acceptance;
    this.certificates = certificates;
    this.credentials = credentials;
    this.acquisition = acquisition;
    this.seal = seal;
    this.forCause = forCause;
    this.voluntary = voluntary;
    this.audit = audit;
    this.clock = clock;
    this.random = random;
  }

  @Override
  public RenewalChallenge challenge(String service, String userId) {
    if (!services.containsKey(service)) {
      throw new IllegalArgumentException("service " + service + " is not configured");
    }
    if (userId.length() > MAX_USER_ID) {
      throw new IllegalArgumentException("user ID longer than " + MAX_USER_ID);
    }
    new AccountKey(userId, service); // the account a challenge names must be one a store can hold
    byte[] n = new byte[NONCE_BYTES];
    random.nextBytes(n);
    Instant now = Stamps.now(clock);
    String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(n);
    RenewalChallenge unsealed = new RenewalChallenge(service, userId, nonce, now,
        now.plus(CHALLENGE_LIFETIME), new byte[0]);
    return new RenewalChallenge(service, userId, nonce, now, now.plus(CHALLENGE_LIFETIME),
        seal.tag(RenewalChallenge.label(), unsealed.sealedFields()));
  }

  @Override
  public RenewalResult renew(RenewalRequest request) {
    try {
      return run(request);
    } finally {
      request.close();
    }
  }

  private RenewalResult run(RenewalRequest request) {
    ServiceSettings service = services.get(request.service());
    if (service == null) {
      return RenewalResult.Refused.of(RenewalRefusal.UNKNOWN_SERVICE);
    }
    RenewalChallenge challenge = request.challenge().orElse(null);
    String path = challenge == null ? "renewal-handshake" : "renewal-signature";
    Instant now = Stamps.now(clock);

    // 1. the challenge: made by this engine, for this service, still fresh
    if (challenge != null) {
      if (!MessageDigest.isEqual(challenge.seal(),
          seal.tag(RenewalChallenge.label(), challenge.sealedFields()))) {
        return refuse(null, path, RenewalResult.Refused.of(RenewalRefusal.CHALLENGE_INVALID),
            Map.of());
      }
      if (now.isAfter(challenge.expiresAt())
          || challenge.issuedAt().isAfter(now.plus(CHALLENGE_LIFETIME))) {
        return refuse(null, path, RenewalResult.Refused.of(RenewalRefusal.CHALLENGE_EXPIRED),
            Map.of("challenge_issued_at", challenge.issuedAt().toString()));
      }
      // at most one certificate per challenge: none of the account recorded since it was made
      AccountKey claimed = new AccountKey(challenge.userId(), service.service());
      for (CertificateRecord c : certificates.findByAccount(claimed)) {
        if (!c.recordedAt().isBefore(challenge.issuedAt())) {
          return refuse(claimed, path,
              RenewalResult.Refused.of(RenewalRefusal.CHALLENGE_REPLAYED),
              Map.of("challenge_issued_at", challenge.issuedAt().toString(),
                  "recorded_since", c.serial().toString(16)));
        }
      }
    }

    // 2. the certificate: the same acceptance as a login
    if (request.chain().isEmpty()) {
      return refuse(null, path, RenewalResult.Refused.of(RenewalRefusal.NO_PROOF),
          Map.of("cause", "no-certificate"));
    }
    AcceptanceResult accepted = acceptance.acceptEncoded(request.chain(), service.service(), now);
    if (accepted instanceof AcceptanceResult.Refused r) {
      CertificateRecord stored = r.storedRecord();
      AccountKey owner = stored != null && r.reason() != AcceptanceRefusal.OTHER_ACCOUNT
          ? stored.account() : null;
      Map<String, String> d = new LinkedHashMap<>();
      d.put("certificate_refusal", r.reason().name());
      if (r.summary() != null) {
        d.put("serial", Objects.requireNonNull(r.summary()).serialHex());
      }
      return refuse(owner, path, certificateRefusal(r.reason(), stored), d);
    }
    AcceptanceResult.Accepted a = (AcceptanceResult.Accepted) accepted;
    AccountKey account = a.account();
    CertificateRecord presented = a.certificate();
    Map<String, String> serial = Map.of("serial", presented.serial().toString(16));

    // 1b. a challenge is for the presented certificate's account, and the signature must verify
    //     with its key
    List<CertificateRecord> held = certificates.findByAccount(account);
    if (challenge != null) {
      if (!challenge.userId().equals(account.userId())) {
        return refuse(account, path, RenewalResult.Refused.of(RenewalRefusal.CHALLENGE_INVALID),
            Map.of("cause", "other-account"));
      }
      if (!verifies(presented, challenge, request.signature())) {
        return refuse(account, path, RenewalResult.Refused.of(RenewalRefusal.NO_PROOF),
            Map.of("cause", "signature-mismatch", "serial", presented.serial().toString(16)));
      }
    }

    // 3. may this certificate prove possession under the rules
    ProofDecision proof = service.eligibility().checkProof(presented, now);
    if (proof instanceof ProofDecision.Refused no) {
      Map<String, String> d = new LinkedHashMap<>(serial);
      d.put("proof", no.reason().name());
      if (no.verdict().rule() != null) {
        d.put("rule", Objects.requireNonNull(no.verdict().rule()).id());
      }
      RenewalResult.Refused refusal = no.reason() == ProofDecision.Reason.NOT_CURRENT
          ? RenewalResult.Refused.of(RenewalRefusal.SUPERSEDED)
          : new RenewalResult.Refused(RenewalRefusal.NOT_USABLE_AS_PROOF, null, null, no);
      return refuse(account, path, refusal, d);
    }
    ProofDecision.Allowed allowed = (ProofDecision.Allowed) proof;
    Stamps.customer(audit, AuditEventType.ACQUISITION_ATTEMPTED, account,
        Map.of("path", path, "proof", allowed.basis().name(),
            "serial", presented.serial().toString(16)));

    // 4. eligibility, as acquisition decides it
    AcquisitionPassword password = credentials.find(account)
        .map(CredentialRecord::acquisitionPassword).orElse(null);
    CertificateRecord revoked = forCause.pending(held, password);
    if (revoked != null) {
      return refuse(account, path, RenewalResult.Refused.of(RenewalRefusal.OPERATOR_REQUIRED),
          Map.of("cause", "revoked-for-cause", "revoked", revoked.serial().toString(16)));
    }
    ReacquisitionDecision decision = service.eligibility().checkReacquisition(presented, now);
    if (decision instanceof ReacquisitionDecision.NotYet notYet) {
      return refuse(account, path, new RenewalResult.Refused(RenewalRefusal.NOT_YET_ELIGIBLE,
          notYet.from(), null, null), serial);
    }
    if (decision instanceof ReacquisitionDecision.OperatorRequired) {
      return refuse(account, path, RenewalResult.Refused.of(RenewalRefusal.OPERATOR_REQUIRED),
          serial);
    }
    if (!AcquisitionEngine.selfServiceNow(presented, decision, voluntary)) {
      return refuse(account, path, RenewalResult.Refused.of(RenewalRefusal.NOT_ELIGIBLE), serial);
    }

    // 5. the chosen password must protect a PKCS#12 file before anything is signed
    if (Pkcs12Packager.checkPassword(request.filePassword()).isPresent()) {
      return refuse(account, path,
          RenewalResult.Refused.of(RenewalRefusal.UNSUITABLE_PKCS12_PASSWORD), serial);
    }

    // 6. issue, package, commit: acquisition's one path
    //    A certificate still in its cooling-off passes it on: renewing with it must not be a way
    //    around the wait it was issued with.
    Instant coolingOff = presented.loginFrom();
    Instant inherited = coolingOff != null && now.isBefore(coolingOff) ? coolingOff : null;
    Map<String, String> issuedDetails = new LinkedHashMap<>();
    issuedDetails.put("renewal", path);
    issuedDetails.put("proof", allowed.basis().name());
    if (inherited != null) {
      issuedDetails.put("cooling_off_until", inherited.toString());
    }
    AcquisitionResult result = acquisition.issueAndCommit(service, account, presented, null,
        request.pkcs12Profile(), request.filePassword(), null, null, issuedDetails, inherited);
    if (result instanceof AcquisitionResult.Acquired acquired) {
      return new RenewalResult.Renewed(acquired, allowed);
    }
    AcquisitionResult.Refused r = (AcquisitionResult.Refused) result;
    return RenewalResult.Refused.of(r.reason() == AcquisitionRefusal.CONCURRENT_ACQUISITION
        ? RenewalRefusal.CONCURRENT_RENEWAL : RenewalRefusal.ISSUANCE_REFUSED);
  }

  private static RenewalResult.Refused certificateRefusal(AcceptanceRefusal reason,
      @Nullable CertificateRecord stored) {
    if (LoginEngine.rejected(reason, stored) instanceof Refusal.Superseded) {
      return RenewalResult.Refused.of(RenewalRefusal.SUPERSEDED);
    }
    if (reason == AcceptanceRefusal.REVOKED) {
      return RenewalResult.Refused.of(RenewalRefusal.REVOKED);
    }
    if (reason == AcceptanceRefusal.NO_CERTIFICATE) {
      return RenewalResult.Refused.of(RenewalRefusal.NO_PROOF);
    }
    return new RenewalResult.Refused(RenewalRefusal.CERTIFICATE_NOT_ACCEPTED, null, reason, null);
  }

  private static boolean verifies(CertificateRecord presented, RenewalChallenge challenge,
      byte @Nullable [] signature) {
    if (signature == null || signature.length == 0 || signature.length > 4096) {
      return false;
    }
    try {
      PublicKey key = Bc.toX509(presented.der()).getPublicKey();
      Signature s = Signature.getInstance(RenewalChallenge.signatureAlgorithm(key.getAlgorithm()));
      s.initVerify(key);
      s.update(challenge.signedBytes());
      return s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false; // a malformed signature, or a key no renewal signature is defined for
    }
  }

  private RenewalResult.Refused refuse(@Nullable AccountKey account, String path,
      RenewalResult.Refused refusal, Map<String, String> extra) {
    Map<String, String> d = new LinkedHashMap<>(extra);
    d.put("path", path);
    d.put("reason", refusal.reason().name());
    if (refusal.availableFrom() != null) {
      d.put("available_from", String.valueOf(refusal.availableFrom()));
    }
    audit.append(new AuditEvent(AuditEventType.ACQUISITION_REFUSED, "customer", account, d));
    return refusal;
  }

  @Override
  public String toString() {
    return "Renewal[services=" + services.keySet() + "]";
  }
}
