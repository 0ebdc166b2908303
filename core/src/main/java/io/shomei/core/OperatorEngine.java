package io.shomei.core;

import io.shomei.core.password.SecretGenerator;
import io.shomei.core.password.CredentialLockout;
import io.shomei.core.password.PasswordPolicy;
import io.shomei.core.password.PasswordHasher;
import java.time.Clock;
import io.shomei.core.audit.AuditTrail;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.Secret;
import io.shomei.core.audit.AuditEvent;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.password.OperatorResult;
import io.shomei.core.password.PasswordContext;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore.RevocationResult;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.IssuerName;
import io.shomei.spi.LoginPassword;
import io.shomei.spi.RevocationReason;
import io.shomei.core.eligibility.RuleFileException;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.spi.OperatorRecord;
import io.shomei.spi.OperatorRole;
import io.shomei.spi.OperatorStore;
import io.shomei.spi.OperatorStore.DecisionResult;
import io.shomei.spi.Proposal;
import io.shomei.spi.ProposalStatus;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.function.Supplier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Operator actions on behalf of one operator; see {@link OperatorActions}. */
final class OperatorEngine implements OperatorActions {
  /** Longest operator identity: the audit actor {@code operator:<id>} is at most 128 chars. */
  public static final int MAX_OPERATOR_ID = OperatorRecord.MAX_ID;
  /** At most this many pending proposals are listed. */
  static final int MAX_PENDING = 1000;

  private final AuditTrail audit;
  private final SecretGenerator generator;
  private final CredentialLockout lockout;
  private final PasswordHasher hasher;
  private final CredentialStore credentials;
  private final PasswordPolicy policy;
  private final @Nullable Duration temporaryPasswordValidity;
  private final CertificateStore certificates;
  private final DownloadTicketStore tickets;
  private final Clock clock;
  private final String operatorId;
  private final DualControlWiring dual;
  private final Noticing noticing;
  private final boolean guarded;

  /**
   * What dual control needs besides the actions' own parts.
   *
   * @param policy the kinds under dual control and the proposals' expiry
   * @param store the operator store, asked for only when a proposal or decision is made
   * @param random the source of proposal ids
   * @param services the engine's services (a rule change must name one)
   */
  record DualControlWiring(DualControl policy, Supplier<OperatorStore> store, SecureRandom random,
      Set<String> services) {}

  OperatorEngine(AuditTrail audit, SecretGenerator generator, CredentialLockout lockout,
      PasswordHasher hasher, CredentialStore credentials, PasswordPolicy policy,
      @Nullable Duration temporaryPasswordValidity, CertificateStore certificates,
      DownloadTicketStore tickets, Clock clock, String operatorId, DualControlWiring dual,
      Noticing noticing) {
    this(audit, generator, lockout, hasher, credentials, policy, temporaryPasswordValidity,
        certificates, tickets, clock, operatorId, dual, noticing, true);
  }

  private OperatorEngine(AuditTrail audit, SecretGenerator generator, CredentialLockout lockout,
      PasswordHasher hasher, CredentialStore credentials, PasswordPolicy policy,
      @Nullable Duration temporaryPasswordValidity, CertificateStore certificates,
      DownloadTicketStore tickets, Clock clock, String operatorId, DualControlWiring dual,
      Noticing noticing, boolean guarded) {
    this.noticing = noticing;
    this.dual = dual;
    this.guarded = guarded;
    this.audit = audit;
    this.generator = generator;
    this.lockout = lockout;
    this.hasher = hasher;
    this.credentials = credentials;
    this.policy = policy;
    this.temporaryPasswordValidity = temporaryPasswordValidity;
    this.certificates = certificates;
    this.tickets = tickets;
    this.clock = clock;
    this.operatorId = OperatorRecord.requireValidId(operatorId);
  }

  @Override
  public String operatorId() {
    return operatorId;
  }

  private void audit(AuditEventType type, @Nullable AccountKey account, Map<String, String> details) {
    audit.append(AuditEvent.byOperator(type, operatorId, account, details));
  }

  @Override
  public OperatorOutcome resetAcquisitionPassword(AccountKey account) {
    guard(SensitiveAction.Kind.RESET_ACQUISITION_PASSWORD);
    return handOut(account, generator.acquisitionPassword(),
        AuditEventType.OPERATOR_RESET_ACQUISITION_PASSWORD,
        secret -> lockout.resetAcquisitionPassword(account, hasher.hash(secret)));
  }

  @Override
  public OperatorOutcome unlockLogin(AccountKey account) {
    guard(SensitiveAction.Kind.UNLOCK_LOGIN);
    OperatorResult r = lockout.unlockLogin(account);
    if (!(r instanceof OperatorResult.Done done)) {
      return new OperatorOutcome.NoAccount(account);
    }
    audit(AuditEventType.OPERATOR_UNLOCKED_LOGIN, account, Map.of());
    return new OperatorOutcome.Done(account, CredentialState.of(done.record()));
  }

  @Override
  public OperatorOutcome resetTemporaryPassword(AccountKey account) {
    guard(SensitiveAction.Kind.RESET_TEMPORARY_PASSWORD);
    Optional<CredentialRecord> current = credentials.find(account);
    if (current.isEmpty()) {
      return new OperatorOutcome.NoAccount(account);
    }
    Secret secret = generator.temporaryPassword(policy, PasswordContext.of(current.get()));
    return handOut(account, secret, AuditEventType.OPERATOR_RESET_TEMPORARY_PASSWORD, s -> {
      Instant now = Stamps.now(clock);
      Duration validity = temporaryPasswordValidity;
      LoginPassword password = new LoginPassword(hasher.hash(s), true, now,
          validity == null ? null : now.plus(validity));
      return lockout.resetLoginPassword(account, password);
    });
  }

  /**
   * Stores a new password with {@code reset}, audits it as {@code type} and hands the secret out
   * in the outcome; the secret is destroyed when it is not handed out (no account, or a failure).
   */
  private OperatorOutcome handOut(AccountKey account, Secret secret, AuditEventType type,
      Function<Secret, OperatorResult> reset) {
    boolean handedOut = false;
    try {
      OperatorResult r = reset.apply(secret);
      if (!(r instanceof OperatorResult.Done done)) {
        return new OperatorOutcome.NoAccount(account);
      }
      audit(type, account, Map.of());
      handedOut = true;
      return new OperatorOutcome.NewPassword(account, CredentialState.of(done.record()), secret);
    } finally {
      if (!handedOut) {
        secret.destroy();
      }
    }
  }

  @Override
  public RevocationResult revoke(BigInteger serial, RevocationReason reason) {
    Objects.requireNonNull(reason, "reason");
    guard(SensitiveAction.Kind.REVOKE);
    // a serial several issuers used names none of them: NotFound, as the store answers
    Optional<CertificateRecord> only = certificates.findBySerial(serial);
    return only.isPresent() ? revoke(only.get(), reason) : new RevocationResult.NotFound(serial);
  }

  @Override
  public RevocationResult revoke(IssuerName issuer, BigInteger serial, RevocationReason reason) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(reason, "reason");
    guard(SensitiveAction.Kind.REVOKE);
    return revoked(issuer, serial, reason);
  }

  /** Revokes this very certificate (its issuer and serial), unguarded. */
  private RevocationResult revoke(CertificateRecord target, RevocationReason reason) {
    return revoked(target.issuer(), target.serial(), reason);
  }

  /**
   * Revokes a certificate and deletes its tickets (with notices, in one unit with its REVOKED
   * notice), and audits it.
   */
  private RevocationResult revoked(IssuerName issuer, BigInteger serial, RevocationReason reason) {
    RevocationResult r = noticing.revoke(certificates, tickets, issuer, serial, reason,
        Stamps.now(clock));
    if (r instanceof RevocationResult.Revoked revoked) {
      // the fingerprint names the certificate where a serial may be another issuer's too
      audit(AuditEventType.CERTIFICATE_REVOKED, revoked.revoked().account(), Map.of(
          "serial", serial.toString(16), "sha256", revoked.revoked().sha256Fingerprint(),
          "reason", reason.name(), "reason_code", Integer.toString(reason.code())));
    }
    return r;
  }

  @Override
  public Optional<RevocationResult> revokeActive(AccountKey account, RevocationReason reason) {
    Objects.requireNonNull(reason, "reason");
    guard(SensitiveAction.Kind.REVOKE);
    return certificates.findActive(account).map(active -> revoke(active, reason));
  }

  @Override
  public Optional<RevocationResult> flagDeviceLostOrReplaced(AccountKey account) {
    // it revokes: under dual control of revocations it needs an approval too
    guard(SensitiveAction.Kind.FLAG_DEVICE_LOST_OR_REPLACED);
    guard(SensitiveAction.Kind.REVOKE);
    Optional<CertificateRecord> active = certificates.findActive(account);
    if (active.isEmpty()) {
      return Optional.empty();
    }
    String serial = active.get().serial().toString(16);
    audit(AuditEventType.OPERATOR_FLAGGED_DEVICE_LOST_OR_REPLACED, account,
        Map.of("serial", serial));
    return Optional.of(revoke(active.get(), RevocationReason.CESSATION_OF_OPERATION));
  }

  @Override
  public Optional<AccountView> view(AccountKey account) {
    Optional<CredentialRecord> credential = credentials.find(account);
    List<CertificateRecord> held = certificates.findByAccount(account);
    if (credential.isEmpty() && held.isEmpty()) {
      return Optional.empty();
    }
    Instant now = Stamps.now(clock);
    int live = 0;
    for (DownloadTicket t : tickets.findByAccount(account)) {
      if (now.isBefore(t.expiresAt()) && t.downloadsLeft() > 0) {
        live++;
      }
    }
    CredentialState state = credential.map(CredentialState::of).orElseGet(
        () -> new CredentialState(false, false, null, 0, null, null, null, 0, null, null));
    audit(AuditEventType.OPERATOR_VIEWED_ACCOUNT, account, Map.of());
    return Optional.of(new AccountView(account, state, held, live));
  }

  /** Throws if {@code kind} may only run through an approval and this is a direct call. */
  private void guard(SensitiveAction.Kind kind) {
    if (guarded && dual.policy().requires(kind)) {
      throw new IllegalStateException(kind + " is under dual control: propose it for approval");
    }
  }

  /** These actions as run by an approval: as this operator, past the guard. */
  private OperatorEngine runner() {
    return new OperatorEngine(audit, generator, lockout, hasher, credentials, policy,
        temporaryPasswordValidity, certificates, tickets, clock, operatorId, dual, noticing, false);
  }

  private Optional<OperatorRecord> me(OperatorStore store) {
    return store.findOperator(operatorId).filter(OperatorRecord::enabled);
  }

  @Override
  public Set<OperatorRole> roles() {
    return me(dual.store().get()).map(OperatorRecord::roles).orElse(Set.of());
  }

  @Override
  public ProposalResult propose(SensitiveAction action) {
    Objects.requireNonNull(action, "action");
    OperatorStore store = dual.store().get();
    Optional<OperatorRecord> me = me(store);
    ProposalResult.Reason refusal = me.isEmpty() ? ProposalResult.Reason.UNKNOWN_OPERATOR
        : !me.get().may(OperatorRole.BRANCH_OPERATOR) ? ProposalResult.Reason.ROLE_NOT_ALLOWED
        : checkTarget(action);
    if (refusal != null) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("reason", refusal.name());
      details.put("action", action.kind().name());
      audit(AuditEventType.OPERATOR_DUAL_CONTROL_REFUSED, action.account(), details);
      return new ProposalResult.Refused(refusal);
    }
    Instant now = Stamps.now(clock);
    byte[] id = new byte[16];
    Proposal proposal;
    do {
      dual.random().nextBytes(id);
      proposal = new Proposal(HexFormat.of().formatHex(id), action.kind().name(), action.account(),
          action.parameters(), operatorId, now, now.plus(dual.policy().expiry()),
          ProposalStatus.PENDING, null, null);
    } while (!store.propose(proposal));
    Map<String, String> details = new LinkedHashMap<>();
    details.put("proposal", proposal.id());
    details.put("action", proposal.action());
    details.put("expires_at", proposal.expiresAt().toString());
    if (action instanceof SensitiveAction.ChangeRules rules) {
      details.put("service", rules.service());
      details.put("rule_sha256", rules.sha256());
    } else if (action instanceof SensitiveAction.Revoke revoke) {
      details.put("serial", revoke.serial().toString(16));
      details.put("reason_code", Integer.toString(revoke.reason().code()));
    }
    audit(AuditEventType.OPERATOR_PROPOSED, action.account(), details);
    return new ProposalResult.Proposed(proposal);
  }

  /** The account's one certificate with this serial (a serial is unique per issuer only). */
  private Optional<CertificateRecord> ofAccount(AccountKey account, BigInteger serial) {
    List<CertificateRecord> mine = certificates.findAllBySerial(serial).stream()
        .filter(c -> c.account().equals(account)).toList();
    return mine.size() == 1 ? Optional.of(mine.get(0)) : Optional.empty();
  }

  /** Why the action's target is not there, or {@code null} if it is. */
  private ProposalResult.@Nullable Reason checkTarget(SensitiveAction action) {
    return switch (action.kind()) {
      case RESET_ACQUISITION_PASSWORD, RESET_TEMPORARY_PASSWORD, UNLOCK_LOGIN ->
          account(Objects.requireNonNull(action.account()));
      case REVOKE -> {
        SensitiveAction.Revoke r = (SensitiveAction.Revoke) action;
        yield ofAccount(r.account(), r.serial()).isPresent()
            ? null : ProposalResult.Reason.NO_SUCH_TARGET;
      }
      case CHANGE_RULES -> rulesOf((SensitiveAction.ChangeRules) action).isPresent()
          ? null : ProposalResult.Reason.INVALID_RULES;
      case FLAG_DEVICE_LOST_OR_REPLACED -> certificates.findActive(
          Objects.requireNonNull(action.account())).isPresent()
          ? null : ProposalResult.Reason.NO_SUCH_TARGET;
    };
  }

  private ProposalResult.@Nullable Reason account(AccountKey account) {
    return credentials.find(account).isPresent() ? null : ProposalResult.Reason.NO_SUCH_TARGET;
  }

  private Optional<RuleSet> rulesOf(SensitiveAction.ChangeRules change) {
    if (!dual.services().contains(change.service())) {
      return Optional.empty();
    }
    try {
      return Optional.of(RuleSet.parse(change.ruleText(), "proposed rules"));
    } catch (RuleFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public ApprovalResult approve(String proposalId) {
    return decide(proposalId, ProposalStatus.APPROVED);
  }

  @Override
  public ApprovalResult reject(String proposalId) {
    return decide(proposalId, ProposalStatus.REJECTED);
  }

  private ApprovalResult decide(String proposalId, ProposalStatus decision) {
    Objects.requireNonNull(proposalId, "proposalId");
    OperatorStore store = dual.store().get();
    Optional<OperatorRecord> me = me(store);
    if (me.isEmpty()) {
      return refused(ApprovalResult.Reason.UNKNOWN_OPERATOR, proposalId, null);
    }
    if (!me.get().may(OperatorRole.APPROVER)) {
      return refused(ApprovalResult.Reason.ROLE_NOT_ALLOWED, proposalId, null);
    }
    if (!proposalId.matches("[A-Za-z0-9_-]{1,64}")) {
      return refused(ApprovalResult.Reason.NOT_FOUND, "malformed", null);
    }
    Optional<Proposal> seen = store.findProposal(proposalId);
    if (seen.isEmpty()) {
      return refused(ApprovalResult.Reason.NOT_FOUND, proposalId, null);
    }
    Optional<SensitiveAction> action = SensitiveAction.of(seen.get());
    if (decision == ProposalStatus.APPROVED && action.isEmpty()) {
      return refused(ApprovalResult.Reason.UNKNOWN_ACTION, proposalId, seen.get());
    }
    DecisionResult r = store.decide(proposalId, operatorId, decision, Stamps.now(clock));
    if (r instanceof DecisionResult.Decided d) {
      return decided(d.proposal(), action.orElse(null));
    }
    if (r instanceof DecisionResult.AlreadyDecided d) {
      return refused(ApprovalResult.Reason.ALREADY_DECIDED, proposalId, d.proposal());
    }
    if (r instanceof DecisionResult.Expired e) {
      return refused(ApprovalResult.Reason.EXPIRED, proposalId, e.proposal());
    }
    if (r instanceof DecisionResult.SameOperator same) {
      return refused(ApprovalResult.Reason.PROPOSER, proposalId, same.proposal());
    }
    return refused(ApprovalResult.Reason.NOT_FOUND, proposalId, null);
  }

  private ApprovalResult decided(Proposal proposal, @Nullable SensitiveAction action) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("proposal", proposal.id());
    details.put("action", proposal.action());
    details.put("proposed_by", proposal.proposedBy());
    if (proposal.status() == ProposalStatus.REJECTED || action == null) {
      audit(AuditEventType.OPERATOR_REJECTED, proposal.account(), details);
      return new ApprovalResult.Rejected(proposal);
    }
    audit(AuditEventType.OPERATOR_APPROVED, proposal.account(), details);
    return new ApprovalResult.Approved(proposal, run(action));
  }

  /** Runs an approved action as this operator (its own audit event follows the approval's). */
  private ApprovalResult.ActionOutcome run(SensitiveAction action) {
    OperatorEngine runner = runner();
    AccountKey account = action.account();
    return switch (action.kind()) {
      case RESET_ACQUISITION_PASSWORD -> new ApprovalResult.ActionOutcome.OnAccount(
          runner.resetAcquisitionPassword(Objects.requireNonNull(account)));
      case RESET_TEMPORARY_PASSWORD -> new ApprovalResult.ActionOutcome.OnAccount(
          runner.resetTemporaryPassword(Objects.requireNonNull(account)));
      case UNLOCK_LOGIN -> new ApprovalResult.ActionOutcome.OnAccount(
          runner.unlockLogin(Objects.requireNonNull(account)));
      case REVOKE -> {
        SensitiveAction.Revoke r = (SensitiveAction.Revoke) action;
        // the proposal names the account: its certificate with that serial, whichever the issuer
        Optional<CertificateRecord> target = ofAccount(r.account(), r.serial());
        yield new ApprovalResult.ActionOutcome.Revocation(target.isPresent()
            ? runner.revoke(target.get(), r.reason())
            : new RevocationResult.NotFound(r.serial()));
      }
      case CHANGE_RULES -> {
        SensitiveAction.ChangeRules r = (SensitiveAction.ChangeRules) action;
        yield new ApprovalResult.ActionOutcome.Rules(r.service(), rulesOf(r).orElseThrow(
            () -> new IllegalStateException("approved rules no longer parse")),
            r.ruleText(), r.sha256());
      }
      case FLAG_DEVICE_LOST_OR_REPLACED -> {
        AccountKey flagged = Objects.requireNonNull(account);
        yield runner.flagDeviceLostOrReplaced(flagged)
            .<ApprovalResult.ActionOutcome>map(ApprovalResult.ActionOutcome.Revocation::new)
            .orElseGet(() -> new ApprovalResult.ActionOutcome.NoActiveCertificate(flagged));
      }
    };
  }

  private ApprovalResult refused(ApprovalResult.Reason reason, String proposalId,
      @Nullable Proposal proposal) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("reason", reason.name());
    details.put("proposal", proposalId);
    if (proposal != null) {
      details.put("action", proposal.action());
      details.put("proposed_by", proposal.proposedBy());
    }
    audit(AuditEventType.OPERATOR_DUAL_CONTROL_REFUSED, proposal == null ? null : proposal.account(),
        details);
    boolean mayKnow = reason != ApprovalResult.Reason.UNKNOWN_OPERATOR
        && reason != ApprovalResult.Reason.ROLE_NOT_ALLOWED;
    return new ApprovalResult.Refused(reason, mayKnow ? proposal : null);
  }

  @Override
  public List<Proposal> pendingProposals() {
    return dual.store().get().findPending(Stamps.now(clock), MAX_PENDING);
  }

  @Override
  public String toString() {
    return "OperatorActions[" + operatorId + "]";
  }
}
