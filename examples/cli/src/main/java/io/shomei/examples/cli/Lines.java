package io.shomei.examples.cli;

import io.shomei.core.LoginRefusal;
import io.shomei.core.Refusal;
import io.shomei.core.eligibility.Rule;
import io.shomei.core.eligibility.Verdict;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.examples.datadir.DataDir;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/** The key: value lines several commands share: certificate summary, refusal, eligibility. */
final class Lines {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx");

  private Lines() {}

  /**
   * {@code subject-cn} (when the subject has one CN), {@code issuer} (RFC 4514), {@code serial} (hex),
   * {@code not-before}, {@code not-after}, {@code sha256-fingerprint}, {@code policies} (when any).
   */
  static CertificateSummary summary(Out out, X509Certificate certificate) {
    CertificateSummary s = CertificateSummary.of(certificate, DataDir.ZONE);
    out.kvIf("subject-cn", s.commonName())
        .kv("issuer", certificate.getIssuerX500Principal().getName()) // RFC 4514, as in rule files
        .kv("serial", s.serialHex())
        .kv("not-before", s.notBefore())
        .kv("not-after", s.notAfter())
        .kv("sha256-fingerprint", s.sha256Fingerprint());
    if (!s.policyOids().isEmpty()) {
      out.kv("policies", String.join(",", s.policyOids()));
    }
    return s;
  }

  /** The validity period in the bank's zone, for a person. */
  static String validityInZone(CertificateSummary s) {
    return "Valid from " + LOCAL.format(s.notBeforeInZone()) + " to "
        + LOCAL.format(s.notAfterInZone()) + " (" + DataDir.ZONE + ").";
  }

  /**
   * What the SDK says the customer must be told, as {@code refusal} (the {@link Refusal} case:
   * {@code must-reacquire}, {@code superseded}, {@code certificate-rejected},
   * {@code contact-branch}, {@code invalid-credentials}, {@code start-again}) and the case's data:
   * for {@code must-reacquire} {@code cause}, {@code unusable-from} (for a campaign),
   * {@code reacquire-from}, {@code reacquire-until}, {@code reacquire-now}, {@code branch-only},
   * {@code rule}; for {@code superseded} {@code superseded-by} and {@code superseded-at} when
   * recorded; for {@code contact-branch} {@code branch-action} and, when known, {@code since} (when
   * the account's state began, for example the lock).
   */
  static void refusal(Out out, Refusal refusal) {
    if (refusal instanceof Refusal.MustReacquire m) {
      out.kv("refusal", "must-reacquire").kv("cause", m.cause().name())
          .kvIf("unusable-from",
              m.code() == LoginRefusal.REACQUIRE_REQUIRED ? m.since() : null)
          .kvIf("reacquire-from", m.reacquireFrom())
          .kvIf("reacquire-until", m.reacquireUntil())
          .kv("reacquire-now", Out.bool(m.reacquireNow()))
          .kv("branch-only", Out.bool(m.branchOnly()))
          .kvIf("rule", m.ruleId());
    } else if (refusal instanceof Refusal.Superseded s) {
      out.kv("refusal", "superseded");
      if (s.successor() != null) {
        out.kv("superseded-by", s.successor().toString(16));
      }
      out.kvIf("superseded-at", s.at());
    } else if (refusal instanceof Refusal.CertificateRejected) {
      out.kv("refusal", "certificate-rejected");
    } else if (refusal instanceof Refusal.ContactBranch c) {
      out.kv("refusal", "contact-branch").kv("branch-action", c.why().name())
          .kvIf("since", c.since());
    } else if (refusal instanceof Refusal.InvalidCredentials) {
      out.kv("refusal", "invalid-credentials");
    } else {
      out.kv("refusal", "start-again");
    }
  }

  /**
   * The eligibility verdict: {@code eligibility} (the verdict kind), {@code usable-now}, where they
   * apply {@code unusable-from}, {@code reacquire-from}, {@code reacquire-until}, and for a
   * campaign that advises a period {@code advised-until} and {@code overdue}; always
   * {@code suggested-window-start} and {@code -end}; where a rule decided {@code rule} and
   * {@code explanation-code}; for an operator-required verdict {@code cause}; and
   * {@code reacquisition} ({@code open}, {@code not-yet}, {@code operator-required},
   * {@code not-needed}).
   */
  static void eligibility(Out out, Verdict v) {
    out.kv("eligibility", v.kind().name()).kv("usable-now", Out.bool(v.usableNow()));
    out.kvIf("unusable-from", v.unusableFrom());
    out.kvIf("reacquire-from", reacquireFrom(v));
    out.kvIf("reacquire-until", reacquireUntil(v));
    Instant advisedUntil = v.advisedUntil();
    if (advisedUntil != null) {
      out.kv("advised-until", advisedUntil)
          .kv("overdue", Out.bool(v instanceof Verdict.EligibleNow e && e.overdue()));
    }
    out.kv("suggested-window-start", v.suggestedWindow().start())
        .kv("suggested-window-end", v.suggestedWindow().end());
    Rule rule = v.rule();
    if (rule != null) {
      out.kv("rule", rule.id()).kv("explanation-code", rule.explanationCode());
      if (rule.explanationUrl() != null) {
        out.kv("explanation-url", rule.explanationUrl());
      }
    }
    if (v instanceof Verdict.OperatorRequired o) {
      out.kv("cause", o.cause().name());
    }
    out.kv("reacquisition", reacquisition(v));
  }

  /** The campaign's date, or where a renewal rule decided, when its window opens. */
  private static @Nullable Instant reacquireFrom(Verdict v) {
    if (v.reacquireFrom() != null) {
      return v.reacquireFrom();
    }
    if (v instanceof Verdict.RenewalNotDueUntil r) {
      return r.dueFrom();
    }
    if (v instanceof Verdict.EligibleNow e) {
      return e.suggestedWindow().start();
    }
    return null;
  }

  /** The campaign's end, or where a renewal rule decided, the end of self-service renewal. */
  private static @Nullable Instant reacquireUntil(Verdict v) {
    if (v.reacquireUntil() != null) {
      return v.reacquireUntil();
    }
    if (v instanceof Verdict.EligibleNow e) {
      return e.selfServiceUntil();
    }
    if (v instanceof Verdict.ExpiredSelfServiceUntil x) {
      return x.selfServiceUntil();
    }
    return null;
  }

  /** What the verdict means for getting a new certificate by self-service. */
  static String reacquisition(Verdict v) {
    return switch (v.kind()) {
      case ELIGIBLE_NOW, EXPIRED_SELF_SERVICE -> "open";
      case AFFECTED_WAIT, RENEWAL_NOT_DUE, NOT_YET_VALID -> "not-yet";
      case OPERATOR_REQUIRED, REVOKED -> "operator-required";
      case UNAFFECTED, SUPERSEDED -> "not-needed";
    };
  }
}
