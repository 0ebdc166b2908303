package io.shomei.core;

import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.eligibility.LoginDecision;
import io.shomei.core.eligibility.ReacquisitionDecision;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.identity.AcceptanceResult;
import io.shomei.core.identity.CertificateAcceptance;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.core.identity.UserIdPolicy;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.DownloadTicketStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The engine behind {@link Certificates}; built only by {@link Shomei.Builder}. */
final class CertificatesEngine implements Certificates {
  private static final Eligibility NO_RULES = RuleSet.of(List.of());

  private final CertificateAcceptance acceptance;
  private final Map<String, Eligibility> eligibility;
  private final CertificateStore certificates;
  private final CredentialStore credentials;
  private final DownloadTicketStore tickets;
  private final UserIdPolicy userIds;
  private final boolean voluntaryReacquisition;
  private final Clock clock;
  private final ZoneId zone;
  private final RevocationForCause forCause;

  CertificatesEngine(CertificateAcceptance acceptance, Map<String, Eligibility> eligibility,
      CertificateStore certificates, CredentialStore credentials, DownloadTicketStore tickets,
      UserIdPolicy userIds,
      boolean voluntaryReacquisition, Clock clock, ZoneId zone, RevocationForCause forCause) {
    this.acceptance = acceptance;
    this.eligibility = Map.copyOf(eligibility);
    this.certificates = certificates;
    this.credentials = credentials;
    this.tickets = tickets;
    this.userIds = userIds;
    this.voluntaryReacquisition = voluntaryReacquisition;
    this.clock = clock;
    this.zone = zone;
    this.forCause = forCause;
  }

  @Override
  public AccountCertificate status(String userId, String service) {
    Eligibility rules = eligibility.get(service);
    if (rules == null || !userIds.accepts(userId)) {
      return new AccountCertificate.Unknown();
    }
    AccountKey account;
    try {
      account = new AccountKey(userId, service);
    } catch (IllegalArgumentException e) {
      return new AccountCertificate.Unknown();
    }
    Instant now = Stamps.now(clock);
    List<CertificateRecord> held = certificates.findByAccount(account);
    Optional<CertificateRecord> active =
        held.stream().filter(c -> c.status() == CertificateStatus.ACTIVE).findFirst();
    Optional<CredentialRecord> credential = credentials.find(account);
    ReacquisitionDecision next = rules.checkReacquisition(active.orElse(null), now);
    CertificateRecord revoked = forCause.pending(held,
        credential.map(CredentialRecord::acquisitionPassword).orElse(null));
    if (revoked != null) {
      // revoked for cause: the branch first, whatever the rules say of the active certificate
      next = new ReacquisitionDecision.OperatorRequired(
          ReacquisitionDecision.OperatorRequired.Reason.REVOKED, rules.evaluate(revoked, now));
    }
    // the acquisition's own exception for a certificate that never reached a browser (no download
    // left, never used for a login): the same test as AcquisitionEngine's step 3b
    boolean unused = active.isPresent()
        && AcquisitionEngine.liveTicket(tickets, account, active.get(), now) == null
        && AcquisitionEngine.neverUsedForLogin(active.get(),
            credential.map(CredentialRecord::lastLoginAt).orElse(null));
    boolean selfService = AcquisitionEngine.selfServiceNow(active.orElse(null), next,
        voluntaryReacquisition || unused);
    if (active.isEmpty()) {
      return new AccountCertificate.NotHeld(account, credential.isPresent(), next, selfService);
    }
    CertificateRecord record = active.get();
    CertificateSummary summary =
        CertificateSummary.of(StoredCertificates.parse(record.der()), zone);
    return new AccountCertificate.Held(account, summary, rules.evaluate(record, now), next,
        selfService);
  }

  @Override
  public CertificateCheck check(String service, List<X509Certificate> chain) {
    Instant now = Stamps.now(clock);
    return check(service, acceptance.accept(chain, service, now), now);
  }

  @Override
  public CertificateCheck checkEncoded(String service, List<byte[]> chain) {
    Instant now = Stamps.now(clock);
    return check(service, acceptance.acceptEncoded(chain, service, now), now);
  }

  private CertificateCheck check(String service, AcceptanceResult accepted, Instant now) {
    if (accepted instanceof AcceptanceResult.Refused r) {
      CertificateRecord stored = r.storedRecord();
      CertificateRecord own =
          stored != null && r.reason() != AcceptanceRefusal.OTHER_ACCOUNT ? stored : null;
      return new CertificateCheck.Refused(LoginEngine.rejected(r.reason(), own),
          r.detail(), own == null ? null : own.account(), r.summary());
    }
    AcceptanceResult.Accepted a = (AcceptanceResult.Accepted) accepted;
    LoginDecision decision = eligibility.getOrDefault(service, NO_RULES)
        .checkLogin(a.certificate(), now);
    if (decision instanceof LoginDecision.Refused refused) {
      return new CertificateCheck.Refused(Refusal.MustReacquire.of(refused),
          "the service's rules refuse the certificate (" + refused.reason() + ")", a.account(),
          a.summary());
    }
    Refusal.ContactBranch branch = LoginEngine.accountRefusal(credentials.find(a.account()));
    if (branch != null) {
      return new CertificateCheck.Refused(branch, LoginEngine.accountDetail(branch, zone),
          a.account(), a.summary());
    }
    return new CertificateCheck.Usable(a.account(), a.summary(), (LoginDecision.Allowed) decision);
  }

  @Override
  public String toString() {
    return "Certificates[services=" + eligibility.keySet() + "]";
  }

}
