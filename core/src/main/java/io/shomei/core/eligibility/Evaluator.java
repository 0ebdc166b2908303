package io.shomei.core.eligibility;

import io.shomei.core.eligibility.Verdict.EligibleNow.Reason;
import io.shomei.core.eligibility.Verdict.OperatorRequired.Cause;
import io.shomei.core.identity.CertificatePolicy;
import io.shomei.core.internal.x509.CertificateFacts;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.RevocationReason;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates rules against a certificate with the precedence documented on
 * {@code io.shomei.core.eligibility.RuleSet}. Immutable and thread-safe.
 */
final class Evaluator {
  private final ReacquisitionRule[] campaigns;
  private final CompiledSelector[] campaignSelectors;
  private final RenewalRule[] renewals;
  private final CompiledSelector[] renewalSelectors;
  private final CertificatePolicy policy;

  /**
   * Compiles rules, keeping their order within each kind.
   *
   * @param rules the rules
   * @param policy the certificate policy of {@code keyRefusedByPolicy} selectors
   */
  public Evaluator(List<Rule> rules, CertificatePolicy policy) {
    this.policy = policy;
    List<ReacquisitionRule> c = new ArrayList<>();
    List<RenewalRule> r = new ArrayList<>();
    for (Rule rule : rules) {
      if (rule instanceof ReacquisitionRule rr) {
        c.add(rr);
      } else if (rule instanceof RenewalRule nr) {
        r.add(nr);
      }
    }
    campaigns = c.toArray(new ReacquisitionRule[0]);
    campaignSelectors = new CompiledSelector[campaigns.length];
    for (int i = 0; i < campaigns.length; i++) {
      campaignSelectors[i] = new CompiledSelector(campaigns[i].selector());
    }
    renewals = r.toArray(new RenewalRule[0]);
    renewalSelectors = new CompiledSelector[renewals.length];
    for (int i = 0; i < renewals.length; i++) {
      renewalSelectors[i] = new CompiledSelector(renewals[i].selector());
    }
  }

  /**
   * The verdict for a certificate at an instant.
   *
   * @param c the certificate
   * @param now the instant
   * @return the verdict
   * @throws EligibilityException if a rule needs a DER fact and the DER does not parse
   */
  public Verdict evaluate(CertificateRecord c, Instant now) {
    switch (c.status()) {
      case SUPERSEDED -> {
        Instant at = Objects.requireNonNull(c.statusChangedAt());
        return new Verdict.Superseded(now, Objects.requireNonNull(c.supersededBy()), at,
            SuggestedWindow.at(at));
      }
      case REVOKED -> {
        Instant at = Objects.requireNonNull(c.statusChangedAt());
        RevocationReason reason = Objects.requireNonNull(c.revocationReason());
        BigInteger successor = c.supersededBy();
        if (c.replaced() && successor != null) {
          // revoked only because it was replaced: superseded, not revoked for cause
          return new Verdict.Superseded(now, successor, at, SuggestedWindow.at(at));
        }
        return new Verdict.Revoked(now, reason, at, SuggestedWindow.at(at));
      }
      default -> { }
    }
    Instant notBefore = c.notBefore();
    Instant notAfter = c.notAfter();
    if (now.isBefore(notBefore)) {
      return new Verdict.NotYetValid(now, notBefore, defaultWindow(notBefore, notAfter));
    }
    Lazy lazy = new Lazy(c);
    ReacquisitionRule campaign = firstCampaign(c, lazy);
    RenewalRule renewal = firstRenewal(c, lazy);
    boolean expired = now.isAfter(notAfter);
    if (campaign != null) {
      return campaignVerdict(campaign, renewal, now, notAfter, expired);
    }
    if (renewal != null) {
      return renewalVerdict(renewal, now, notAfter, expired);
    }
    if (expired) {
      return new Verdict.OperatorRequired(null, Cause.EXPIRED, now, notAfter, false,
          SuggestedWindow.at(notAfter));
    }
    return new Verdict.Unaffected(now, defaultWindow(notBefore, notAfter));
  }

  /**
   * The first campaign whose selector matches, regardless of time (for campaign reports).
   *
   * @param c the certificate
   * @return the campaign, or {@code null}
   * @throws EligibilityException if a rule needs a DER fact and the DER does not parse
   */
  public @Nullable ReacquisitionRule matchingCampaign(CertificateRecord c) {
    return firstCampaign(c, new Lazy(c));
  }

  private @Nullable ReacquisitionRule firstCampaign(CertificateRecord c, Lazy lazy) {
    for (int i = 0; i < campaigns.length; i++) {
      if (matches(campaignSelectors[i], c, lazy, campaigns[i])) {
        return campaigns[i];
      }
    }
    return null;
  }

  private @Nullable RenewalRule firstRenewal(CertificateRecord c, Lazy lazy) {
    for (int i = 0; i < renewals.length; i++) {
      if (matches(renewalSelectors[i], c, lazy, renewals[i])) {
        return renewals[i];
      }
    }
    return null;
  }

  private boolean matches(CompiledSelector s, CertificateRecord c, Lazy lazy, Rule rule) {
    if (!s.matchesRecord(c)) {
      return false;
    }
    return !s.needsDer() || s.matchesFacts(lazy.facts(rule), policy);
  }

  private static Verdict campaignVerdict(ReacquisitionRule rule, @Nullable RenewalRule renewal,
      Instant now, Instant notAfter, boolean expired) {
    Instant from = rule.reacquireFrom();
    Instant until = rule.reacquireUntil();
    Instant unusableFrom = rule.unusableFrom();
    boolean usable = !expired && now.isBefore(unusableFrom);
    SuggestedWindow window = rule.suggestedWindow();
    if (now.isBefore(from)) {
      return new Verdict.AffectedWaitUntil(rule, now, from, unusableFrom, usable, window);
    }
    if (until != null && now.isAfter(until)) {
      return new Verdict.OperatorRequired(rule, Cause.REACQUISITION_CLOSED, now, until, usable,
          SuggestedWindow.at(until));
    }
    EnumSet<Reason> reasons = EnumSet.of(Reason.REACQUISITION_OPEN);
    if (rule.overdueAt(now)) {
      reasons.add(Reason.OVERDUE);
    }
    if (renewal != null && !expired
        && !now.isBefore(notAfter.minus(renewal.renewBefore()))) {
      reasons.add(Reason.RENEWAL_WINDOW_OPEN);
    }
    return new Verdict.EligibleNow(rule, reasons, now, unusableFrom, until, usable, window);
  }

  private static Verdict renewalVerdict(RenewalRule rule, Instant now, Instant notAfter,
      boolean expired) {
    Duration grace = rule.selfServiceGrace();
    if (expired) {
      if (grace == null) {
        return new Verdict.OperatorRequired(rule, Cause.EXPIRED, now, notAfter, false,
            SuggestedWindow.at(notAfter));
      }
      Instant graceEnd = notAfter.plus(grace);
      if (now.isAfter(graceEnd)) {
        return new Verdict.OperatorRequired(rule, Cause.GRACE_OVER, now, graceEnd, false,
            SuggestedWindow.at(graceEnd));
      }
      return new Verdict.ExpiredSelfServiceUntil(rule, now, notAfter, graceEnd,
          new SuggestedWindow(notAfter, graceEnd));
    }
    Instant due = notAfter.minus(rule.renewBefore());
    SuggestedWindow window = new SuggestedWindow(due, notAfter);
    if (now.isBefore(due)) {
      return new Verdict.RenewalNotDueUntil(rule, now, due, window);
    }
    return new Verdict.EligibleNow(rule, EnumSet.of(Reason.RENEWAL_WINDOW_OPEN), now, null,
        grace == null ? notAfter : notAfter.plus(grace), true, window);
  }

  /** The last third of the validity period, the usual ARI default. */
  private static SuggestedWindow defaultWindow(Instant notBefore, Instant notAfter) {
    Duration third = third(Duration.between(notBefore, notAfter));
    return new SuggestedWindow(notAfter.minus(third), notAfter);
  }

  /**
   * {@code d.dividedBy(3)} (rounded toward zero) without its BigDecimal arithmetic, which was a
   * visible share of a campaign's evaluation per certificate: for {@code d = s + n} (seconds and
   * nanoseconds, {@code n < 10^9}), {@code (s * 10^9 + n) / 3 = (s / 3) * 10^9 + ((s % 3) * 10^9 +
   * n) / 3}, all in {@code long} without overflow.
   */
  static Duration third(Duration d) {
    if (d.isNegative()) {
      return d.dividedBy(3);
    }
    long s = d.getSeconds();
    return Duration.ofSeconds(s / 3, ((s % 3) * 1_000_000_000L + d.getNano()) / 3);
  }

  /** Parses the DER at most once per evaluation, and only if a rule needs it. */
  private static final class Lazy {
    private final CertificateRecord record;
    private @Nullable CertificateFacts facts;

    Lazy(CertificateRecord record) {
      this.record = record;
    }

    CertificateFacts facts(Rule rule) {
      CertificateFacts f = facts;
      if (f == null) {
        try {
          f = CertificateFacts.parse(record.der());
        } catch (IllegalArgumentException e) {
          throw new EligibilityException("certificate " + hex(record.serial())
              + ": rule " + rule.id() + " needs its DER, which does not parse", e);
        }
        facts = f;
      }
      return f;
    }
  }

  private static String hex(BigInteger serial) {
    return serial.toString(16);
  }
}
