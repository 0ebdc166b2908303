package io.shomei.examples.cli;

import io.shomei.core.eligibility.Rule;
import io.shomei.core.eligibility.Verdict;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.examples.datadir.DataDir;
import io.shomei.spi.CertificateRecord;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/** The key: value lines several commands share: certificate summary, stored record, eligibility. */
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
   * {@code recorded: true|false}, then for a recorded certificate {@code user-id}, {@code service},
   * {@code status}, {@code conforming} and, where they apply, {@code superseded-by},
   * {@code revocation-reason}.
   */
  static void record(Out out, @Nullable CertificateRecord r) {
    out.kv("recorded", Out.bool(r != null));
    if (r == null) {
      return;
    }
    out.account(r.account())
        .kv("status", Out.word(r.status()))
        .kv("conforming", Out.bool(r.conforming()));
    if (r.supersededBy() != null) {
      out.kv("superseded-by", r.supersededBy().toString(16));
    }
    if (r.revocationReason() != null) {
      out.kv("revocation-reason", Out.word(r.revocationReason()));
    }
  }

  /**
   * The eligibility verdict: {@code eligibility} (the verdict kind), {@code usable-now}, where they
   * apply {@code unusable-from}, {@code reacquire-from}, {@code reacquire-until}; always
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
