package io.shomei.core.eligibility;

import io.shomei.core.identity.CertificatePolicy;
import io.shomei.spi.CertificateRecord;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the login and acquisition use cases ask of the eligibility rules. {@link RuleSet} implements
 * it; a test may implement {@link #evaluate} alone and inherit consistent answers to the two
 * questions.
 *
 * <ul>
 *   <li>Login: {@link #checkLogin} &mdash; "may this certificate be used at {@code now}, and if not,
 *       why and what next (with dates)".
 *   <li>Acquisition: {@link #checkReacquisition} &mdash; "may this account get a certificate by
 *       itself at {@code now}, and if not, until when or why not".
 * </ul>
 *
 * <p>Implementations are pure functions of their arguments and thread-safe.
 *
 * @since 0.1.0
 */
public interface Eligibility {

  /**
   * The verdict for a certificate at an instant.
   *
   * @param certificate the stored certificate
   * @param now the instant
   * @return the verdict
   * @throws EligibilityException if a rule needs a fact from the DER and it does not parse
   */
  Verdict evaluate(CertificateRecord certificate, Instant now);

  /**
   * These rules under a certificate policy (for selectors that pick certificates whose key the
   * policy refuses). {@code Shomei.builder()} calls it with the engine's policy. The default returns
   * {@code this}: an implementation without such selectors ignores the policy.
   *
   * @param certificatePolicy the policy
   * @return eligibility under that policy
   * @since 0.2.0
   */
  default Eligibility withCertificatePolicy(CertificatePolicy certificatePolicy) {
    return this;
  }

  /**
   * The revocation status these rules give a certificate at {@code now}, for relying parties (OCSP
   * answers and CRLs), when its record is ACTIVE or ISSUED (the record decides for the others).
   * Revoked when a campaign rule that declares a revocation reason makes it unusable at
   * {@code now} (from the campaign's {@code unusable-from} on); while it is still usable, the
   * instant such a campaign will revoke it. A rule that needs a fact the DER lacks
   * ({@link EligibilityException}) revokes nothing: the record decides.
   *
   * @param certificate the stored record
   * @param now the instant
   * @return the status the rules give
   * @since 0.2.0
   */
  default RuleRevocation revocationByRule(CertificateRecord certificate, Instant now) {
    Verdict v;
    try {
      v = evaluate(certificate, now);
    } catch (EligibilityException e) {
      return new RuleRevocation.NotRevoked(null);
    }
    if (v.rule() instanceof ReacquisitionRule campaign && campaign.revocationReason() != null) {
      io.shomei.spi.RevocationReason reason = campaign.revocationReason();
      if (!v.usableNow() && !now.isBefore(campaign.unusableFrom())) {
        return new RuleRevocation.Revoked(campaign.unusableFrom(), reason);
      }
      if (v.usableNow()) {
        return new RuleRevocation.NotRevoked(new LoginDecision.Allowed(v).unusableFrom());
      }
    }
    return new RuleRevocation.NotRevoked(null);
  }

  /**
   * Whether a certificate may be used for login at {@code now}. The login use case calls this after
   * it mapped the presented certificate to its stored record (and checked chain and status).
   *
   * @param certificate the stored record of the presented certificate
   * @param now the instant
   * @return {@link LoginDecision.Allowed} or {@link LoginDecision.Refused} with a reason and dates
   */
  default LoginDecision checkLogin(CertificateRecord certificate, Instant now) {
    Verdict v = evaluate(certificate, now);
    if (v.usableNow()) {
      return new LoginDecision.Allowed(v);
    }
    ReacquisitionDecision next = reacquisitionFor(v);
    if (v instanceof Verdict.Superseded s) {
      return new LoginDecision.Refused(LoginDecision.Reason.SUPERSEDED, s.supersededAt(), next, v);
    }
    if (v instanceof Verdict.Revoked r) {
      return new LoginDecision.Refused(LoginDecision.Reason.REVOKED, r.revokedAt(), next, v);
    }
    if (v instanceof Verdict.NotYetValid n) {
      return new LoginDecision.Refused(LoginDecision.Reason.NOT_YET_VALID, n.validFrom(), next, v);
    }
    if (v.rule() instanceof ReacquisitionRule campaign
        && !now.isBefore(campaign.unusableFrom()) && !now.isAfter(certificate.notAfter())) {
      return new LoginDecision.Refused(LoginDecision.Reason.REACQUIRE_REQUIRED,
          campaign.unusableFrom(), next, v);
    }
    return new LoginDecision.Refused(LoginDecision.Reason.EXPIRED, certificate.notAfter(), next, v);
  }

  /**
   * Whether a certificate may prove possession of its key at {@code now}, for a renewal with the
   * current certificate. Usable for login: allowed. Superseded, revoked, not yet valid or expired:
   * refused. Unusable for login because a campaign made it so (from the campaign's
   * {@code unusableFrom}): as the campaign declares ({@link ReacquisitionRule#proofAfterUnusable()}).
   * So "may prove possession" differs from "usable for login" exactly where a campaign says so.
   *
   * @param certificate the stored record
   * @param now the instant
   * @return the decision
   * @throws EligibilityException if a rule needs a fact from the DER and it does not parse
   * @since 0.2.0
   */
  default ProofDecision checkProof(CertificateRecord certificate, Instant now) {
    Verdict v = evaluate(certificate, now);
    if (v.usableNow()) {
      return new ProofDecision.Allowed(v, ProofDecision.Basis.USABLE_FOR_LOGIN);
    }
    if (v instanceof Verdict.Superseded || v instanceof Verdict.Revoked) {
      return new ProofDecision.Refused(v, ProofDecision.Reason.NOT_CURRENT);
    }
    if (v instanceof Verdict.NotYetValid || now.isBefore(certificate.notBefore())) {
      return new ProofDecision.Refused(v, ProofDecision.Reason.NOT_YET_VALID);
    }
    if (!now.isAfter(certificate.notAfter()) && v.rule() instanceof ReacquisitionRule campaign
        && !now.isBefore(campaign.unusableFrom())) {
      return campaign.proofAfterUnusable()
          ? new ProofDecision.Allowed(v, ProofDecision.Basis.CAMPAIGN_ALLOWS_PROOF)
          : new ProofDecision.Refused(v, ProofDecision.Reason.CAMPAIGN_REFUSES_PROOF);
    }
    return new ProofDecision.Refused(v, ProofDecision.Reason.EXPIRED);
  }

  /**
   * Whether an account may re-acquire a certificate by itself at {@code now}. The acquisition use
   * case calls this with the account's active certificate ({@code CertificateStore.findActive}).
   *
   * <p>No current certificate: allowed (first acquisition). Otherwise by verdict: affected and
   * waiting, renewal not due, or not yet valid: {@link ReacquisitionDecision.NotYet} with the date;
   * eligible now or expired within the grace: allowed; unaffected or superseded: allowed (no rule
   * restricts it; the host may have its own policy; a certificate revoked as superseded counts as
   * superseded); operator required or revoked for cause:
   * {@link ReacquisitionDecision.OperatorRequired}. For a fixed certificate, "allowed" is never
   * followed by "not yet" at a later instant.
   *
   * @param current the account's current certificate, or {@code null} if it has none
   * @param now the instant
   * @return the decision
   */
  default ReacquisitionDecision checkReacquisition(@Nullable CertificateRecord current, Instant now) {
    if (current == null) {
      return new ReacquisitionDecision.Allowed(null);
    }
    return reacquisitionFor(evaluate(current, now));
  }

  /**
   * The re-acquisition decision a verdict implies (see {@link #checkReacquisition}).
   *
   * @param v the verdict
   * @return the decision
   */
  static ReacquisitionDecision reacquisitionFor(Verdict v) {
    if (v instanceof Verdict.AffectedWaitUntil w) {
      return new ReacquisitionDecision.NotYet(
          ReacquisitionDecision.NotYet.Reason.CAMPAIGN_NOT_OPEN, w.reacquireFrom(), v);
    }
    if (v instanceof Verdict.RenewalNotDueUntil r) {
      return new ReacquisitionDecision.NotYet(
          ReacquisitionDecision.NotYet.Reason.RENEWAL_NOT_DUE, r.dueFrom(), v);
    }
    if (v instanceof Verdict.NotYetValid n) {
      return new ReacquisitionDecision.NotYet(
          ReacquisitionDecision.NotYet.Reason.NOT_YET_VALID, n.validFrom(), v);
    }
    if (v instanceof Verdict.OperatorRequired o) {
      ReacquisitionDecision.OperatorRequired.Reason reason = switch (o.cause()) {
        case EXPIRED -> ReacquisitionDecision.OperatorRequired.Reason.EXPIRED;
        case GRACE_OVER -> ReacquisitionDecision.OperatorRequired.Reason.GRACE_OVER;
        case REACQUISITION_CLOSED -> ReacquisitionDecision.OperatorRequired.Reason.REACQUISITION_CLOSED;
      };
      return new ReacquisitionDecision.OperatorRequired(reason, v);
    }
    if (v instanceof Verdict.Revoked r && r.reason().forCause()) {
      return new ReacquisitionDecision.OperatorRequired(
          ReacquisitionDecision.OperatorRequired.Reason.REVOKED, v);
    }
    return new ReacquisitionDecision.Allowed(v);
  }
}
