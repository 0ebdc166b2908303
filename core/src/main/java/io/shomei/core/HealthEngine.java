package io.shomei.core;

import io.shomei.spi.PublishedCrl;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.audit.ChainVerification;
import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.eligibility.ReacquisitionRule;
import io.shomei.core.eligibility.Rule;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.spi.AuditLog;
import io.shomei.spi.KeyCustody;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Runs the checks of {@link Health}. Each check catches its own failure and reports it. */
final class HealthEngine {
  /** How many of the newest audit records are verified. */
  static final int AUDIT_TAIL = 64;

  private final AuditLog log;
  private final AuditTrail trail;
  private final List<IssuingCa> cas;
  private final Collection<X509Certificate> caCertificates;
  private final Map<String, Eligibility> rules;
  private final Clock clock;
  private final List<CrlEngine> crls;

  /** {@code cas} and {@code crls} in the same order, one CRL engine per CA. */
  HealthEngine(AuditLog log, AuditTrail trail, List<IssuingCa> cas,
      Collection<X509Certificate> caCertificates, Map<String, Eligibility> rules, Clock clock,
      List<CrlEngine> crls) {
    this.crls = List.copyOf(crls);
    this.log = log;
    this.trail = trail;
    this.cas = List.copyOf(cas);
    this.caCertificates = List.copyOf(caCertificates);
    this.rules = Map.copyOf(rules);
    this.clock = clock;
  }

  Health run(Duration caHorizon) {
    Instant now = clock.instant();
    List<Health.Check> checks = new ArrayList<>();
    checks.add(database());
    checks.add(worst(Health.Kind.KEY_CUSTODY, cas, ca -> keyCustody(ca.custody(), now)));
    checks.add(caExpiry(now, caHorizon));
    checks.add(auditChain());
    checks.add(nextCampaignInstant(now));
    checks.add(worst(Health.Kind.CRL_FRESHNESS, crls, crl -> crlFreshness(crl, now)));
    return new Health(now, checks);
  }

  private Health.Check database() {
    try {
      long tail = log.last().map(r -> r.sequence()).orElse(0L);
      return new Health.Check(Health.Kind.DATABASE, Health.Status.UP,
          "audit log read (" + tail + " records)", null);
    } catch (RuntimeException e) {
      return down(Health.Kind.DATABASE, e);
    }
  }

  /**
   * One check over every CA: with one CA its own; with several the worst, its detail prefixed
   * with the CA's key id (the first of equally bad ones), and the earliest instant of the worst.
   */
  private <T> Health.Check worst(Health.Kind kind, List<T> each,
      java.util.function.Function<T, Health.Check> check) {
    if (each.size() == 1) {
      return check.apply(each.get(0));
    }
    Health.Check worst = null;
    String who = "";
    for (int i = 0; i < each.size(); i++) {
      Health.Check c = check.apply(each.get(i));
      if (worst == null || rank(c.status()) > rank(worst.status())) {
        worst = c;
        who = cas.get(i).keyId();
      }
    }
    if (worst == null) {
      return new Health.Check(kind, Health.Status.DOWN, "no CA", null);
    }
    return new Health.Check(kind, worst.status(),
        each.size() + " CAs; CA " + who + ": " + worst.detail(), worst.instant());
  }

  private static int rank(Health.Status s) {
    return switch (s) {
      case UP -> 0;
      case WARN -> 1;
      case DOWN -> 2;
    };
  }

  private static Health.Check keyCustody(KeyCustody custody, Instant now) {
    try {
      String algorithm = new TreeSet<>(custody.signatureAlgorithms()).first();
      byte[] message = ("shomei health " + now).getBytes(StandardCharsets.US_ASCII);
      byte[] signature = custody.sign(algorithm, message);
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(custody.publicKey());
      verify.update(message);
      if (!verify.verify(signature)) {
        return new Health.Check(Health.Kind.KEY_CUSTODY, Health.Status.DOWN,
            "a test signature (" + algorithm + ") does not verify with the CA's public key", null);
      }
      return new Health.Check(Health.Kind.KEY_CUSTODY, Health.Status.UP,
          "signed and verified a test message (" + algorithm + ")", null);
    } catch (RuntimeException | GeneralSecurityException e) {
      return down(Health.Kind.KEY_CUSTODY, e);
    }
  }

  private Health.Check caExpiry(Instant now, Duration horizon) {
    X509Certificate earliest = null;
    Instant end = Instant.MAX;
    for (X509Certificate c : caCertificates) {
      Instant notAfter = c.getNotAfter().toInstant();
      if (earliest == null || notAfter.isBefore(end)) {
        earliest = c;
        end = notAfter;
      }
    }
    if (earliest == null) {
      return new Health.Check(Health.Kind.CA_EXPIRY, Health.Status.DOWN, "no CA certificate",
          null);
    }
    String who = earliest.getSubjectX500Principal().getName() + " ends " + end;
    Health.Status status = now.isAfter(end) ? Health.Status.DOWN
        : now.plus(horizon).isAfter(end) ? Health.Status.WARN : Health.Status.UP;
    return new Health.Check(Health.Kind.CA_EXPIRY, status,
        caCertificates.size() + " CA certificates; earliest: " + who, end);
  }

  private Health.Check auditChain() {
    try {
      ChainVerification v = trail.verifyTail(AUDIT_TAIL);
      if (v instanceof ChainVerification.Broken b) {
        return new Health.Check(Health.Kind.AUDIT_CHAIN, Health.Status.DOWN,
            "broken at record " + b.sequence() + ": " + b.reason(), null);
      }
      return new Health.Check(Health.Kind.AUDIT_CHAIN, Health.Status.UP,
          "the newest records (up to " + AUDIT_TAIL + ") verify and link", null);
    } catch (RuntimeException e) {
      return down(Health.Kind.AUDIT_CHAIN, e);
    }
  }

  private Health.Check nextCampaignInstant(Instant now) {
    Instant next = null;
    String which = null;
    for (Map.Entry<String, Eligibility> e : rules.entrySet()) {
      if (!(e.getValue() instanceof RuleSet set)) {
        continue;
      }
      for (Rule rule : set.rules()) {
        if (!(rule instanceof ReacquisitionRule r)) {
          continue;
        }
        for (Instant i : instants(r)) {
          if (i.isAfter(now) && (next == null || i.isBefore(next))) {
            next = i;
            which = e.getKey() + " rule " + r.id();
          }
        }
      }
    }
    return new Health.Check(Health.Kind.NEXT_CAMPAIGN_INSTANT, Health.Status.UP,
        next == null ? "no re-acquisition rule changes ahead" : which + " at " + next, next);
  }

  private static Health.Check crlFreshness(CrlEngine crls, Instant now) {
    try {
      PublishedCrl newest = crls.newest().orElse(null);
      if (newest == null) {
        return new Health.Check(Health.Kind.CRL_FRESHNESS, Health.Status.WARN,
            "no CRL published yet", null);
      }
      String which = "CRL " + newest.number();
      if (!now.isBefore(newest.nextUpdate())) {
        return new Health.Check(Health.Kind.CRL_FRESHNESS, Health.Status.DOWN,
            which + " expired at " + newest.nextUpdate() + " and no newer one was published",
            newest.nextUpdate());
      }
      Instant due = crls.dueAt(newest);
      if (!now.isBefore(due)) {
        return new Health.Check(Health.Kind.CRL_FRESHNESS, Health.Status.WARN,
            which + " was due for renewal at " + due + "; next update " + newest.nextUpdate(),
            newest.nextUpdate());
      }
      return new Health.Check(Health.Kind.CRL_FRESHNESS, Health.Status.UP,
          which + ", next update " + newest.nextUpdate(), newest.nextUpdate());
    } catch (RuntimeException e) {
      return down(Health.Kind.CRL_FRESHNESS, e);
    }
  }

  private static List<Instant> instants(ReacquisitionRule r) {
    List<Instant> out = new ArrayList<>(List.of(r.unusableFrom(), r.reacquireFrom()));
    add(out, r.reacquireUntil());
    add(out, r.advisedUntil());
    return out;
  }

  private static void add(List<Instant> out, @Nullable Instant i) {
    if (i != null) {
      out.add(i);
    }
  }

  private static Health.Check down(Health.Kind kind, Exception e) {
    return new Health.Check(kind, Health.Status.DOWN, "failed: " + e.getClass().getName(), null);
  }
}
