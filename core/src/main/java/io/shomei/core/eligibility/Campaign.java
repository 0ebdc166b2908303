package io.shomei.core.eligibility;

import static io.shomei.core.internal.SetOnce.once;

import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A re-acquisition campaign scan: judges every stored certificate at one instant, counts the
 * verdicts per kind and per service, and hands each affected certificate (with its dates and
 * whether its owner already re-acquired) to a consumer such as {@link CampaignCsv}.
 *
 * <pre>{@code
 * try (Writer out = Files.newBufferedWriter(csv, UTF_8)) {
 *   CampaignCsv rows = CampaignCsv.to(out, ZoneId.of("Asia/Tokyo"));
 *   CampaignReport report = Campaign.scan(store, rules)
 *       .at(clock.instant())
 *       .listener(p -> bar.show(p.fraction()))
 *       .onAffected(rows)
 *       .run();
 * }
 * }</pre>
 *
 * <p>The scan reads the store through {@link CertificateStore#forEach} and so runs in constant
 * memory; a superseded affected certificate costs one more {@link CertificateStore#findAllBySerial}
 * (for its successor's recording instant). Everything runs on the calling thread.
 *
 * <p>An affected certificate is <b>done</b> when it was superseded by a certificate obtained at or
 * after the campaign's {@code reacquireFrom}, <b>pending</b> while it is still ISSUED or ACTIVE (see
 * {@link AffectedCertificate.Progress}). A successor issued by Shomei was obtained when it was
 * recorded; an imported successor (a record without a profile, see
 * {@code io.shomei.core.migration}) when its validity started, since its recording instant is only
 * that of the import.
 *
 * <h2>Non-conforming certificates</h2>
 *
 * <p>A certificate recorded with {@code conforming = false} (an imported legacy certificate whose
 * subject the mapping policy does not map) is never accepted for login, so its owner needs a new
 * certificate whatever the rules say. The scan lists every such certificate: under the campaign
 * that matches it, if any, and otherwise under the built-in rule {@value #NON_CONFORMING_RULE_ID}
 * (explanation code {@value #NON_CONFORMING_EXPLANATION_CODE}, any service, unusable and open for
 * re-acquisition from the certificate's own {@code notBefore}). They are counted in
 * {@link CampaignReport#byProgress()} like every listed certificate, and also in
 * {@link CampaignReport#nonConforming()}; the CSV's {@code conforming} column marks them. Their
 * verdict column is still the rules' verdict.
 *
 * @since 0.1.0
 */
public final class Campaign {
  /** Identifier of the built-in rule non-conforming certificates are listed under. */
  public static final String NON_CONFORMING_RULE_ID = "non-conforming";

  /** Explanation code of the built-in rule for non-conforming certificates. */
  public static final String NON_CONFORMING_EXPLANATION_CODE = "NON_CONFORMING_SUBJECT";

  private Campaign() {}

  /** The built-in rule for a non-conforming certificate no campaign matches. */
  static ReacquisitionRule nonConformingRule(CertificateRecord c) {
    return new ReacquisitionRule(NON_CONFORMING_RULE_ID, CertificateSelector.any(), c.notBefore(),
        c.notBefore(), null, NON_CONFORMING_EXPLANATION_CODE, null);
  }

  /**
   * Starts configuring a scan.
   *
   * @param store the certificates to scan
   * @param rules the rules to judge them by
   * @return a builder
   */
  public static Builder scan(CertificateStore store, RuleSet rules) {
    return new Builder(Objects.requireNonNull(store), Objects.requireNonNull(rules));
  }

  /**
   * Configures and runs a scan. Each setter may be called once. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final CertificateStore store;
    private final RuleSet rules;
    private @Nullable Instant at;
    private @Nullable Clock clock;
    private @Nullable CampaignListener listener;
    private int progressEvery;
    private @Nullable Consumer<? super AffectedCertificate> onAffected;

    private Builder(CertificateStore store, RuleSet rules) {
      this.store = store;
      this.rules = rules;
    }

    /**
     * The instant every certificate is judged at (required).
     *
     * @param now the instant
     * @return this builder
     */
    public Builder at(Instant now) {
      once(at, "at");
      at = Objects.requireNonNull(now);
      return this;
    }

    /**
     * The clock that measures elapsed time for progress reports (default: the system UTC clock).
     *
     * @param timer the clock
     * @return this builder
     */
    public Builder clock(Clock timer) {
      once(clock, "clock");
      clock = Objects.requireNonNull(timer);
      return this;
    }

    /**
     * Receives progress reports.
     *
     * @param progress the listener
     * @return this builder
     */
    public Builder listener(CampaignListener progress) {
      once(listener, "listener");
      listener = Objects.requireNonNull(progress);
      return this;
    }

    /**
     * How many certificates between two progress reports (default 10,000).
     *
     * @param certificates a positive count
     * @return this builder
     */
    public Builder progressEvery(int certificates) {
      if (progressEvery != 0) {
        throw new IllegalStateException("progressEvery is already set");
      }
      if (certificates <= 0) {
        throw new IllegalArgumentException("progressEvery must be positive");
      }
      progressEvery = certificates;
      return this;
    }

    /**
     * Receives every affected certificate, in scan order (ascending serial).
     *
     * @param consumer the consumer, for example a {@link CampaignCsv}
     * @return this builder
     */
    public Builder onAffected(Consumer<? super AffectedCertificate> consumer) {
      once(onAffected, "onAffected");
      onAffected = Objects.requireNonNull(consumer);
      return this;
    }

    /**
     * Runs the scan.
     *
     * @return the counts
     * @throws IllegalStateException if {@link #at} was not set
     * @throws io.shomei.spi.StorageException on a storage failure
     */
    public CampaignReport run() {
      Instant now = at;
      if (now == null) {
        throw new IllegalStateException("Campaign.scan(...).at(instant) is required");
      }
      Clock timer = clock != null ? clock : Clock.systemUTC();
      return new Scan(store, rules, now, timer, listener,
          progressEvery == 0 ? 10_000 : progressEvery, onAffected).run();
    }
  }

  /** One run; holds only counters. */
  private static final class Scan {
    private final CertificateStore store;
    private final RuleSet rules;
    private final Instant now;
    private final Clock timer;
    private final @Nullable CampaignListener listener;
    private final int every;
    private final @Nullable Consumer<? super AffectedCertificate> sink;
    // counts only kinds seen; CampaignReport fills in the zeros
    private final Map<VerdictKind, Long> byVerdict = new EnumMap<>(VerdictKind.class);
    private final Map<String, Map<VerdictKind, Long>> byService = new HashMap<>();
    private final Map<AffectedCertificate.Progress, Long> byProgress =
        new EnumMap<>(AffectedCertificate.Progress.class);
    private final Map<AffectedCertificate.Progress, Long> nonConforming =
        new EnumMap<>(AffectedCertificate.Progress.class);
    private final List<BigInteger> unreadableSerials = new ArrayList<>();
    private long unreadable;
    private long scanned;
    private long total;
    private Instant started = Instant.EPOCH;

    Scan(CertificateStore store, RuleSet rules, Instant now, Clock timer,
        @Nullable CampaignListener listener, int every,
        @Nullable Consumer<? super AffectedCertificate> sink) {
      this.store = store;
      this.rules = rules;
      this.now = now;
      this.timer = timer;
      this.listener = listener;
      this.every = every;
      this.sink = sink;
    }

    CampaignReport run() {
      started = timer.instant();
      total = store.count();
      store.forEach(this::visit);
      Duration elapsed = Duration.between(started, timer.instant());
      if (listener != null) {
        listener.onProgress(new CampaignProgress(scanned, total, elapsed, true));
      }
      return new CampaignReport(now, total, scanned, byVerdict, byService, byProgress, unreadable,
          unreadableSerials, elapsed, nonConforming);
    }

    private void visit(CertificateRecord c) {
      scanned++;
      try {
        Verdict v = rules.evaluate(c, now);
        VerdictKind kind = v.kind();
        byVerdict.merge(kind, 1L, Long::sum);
        byService.computeIfAbsent(c.account().service(), s -> new EnumMap<>(VerdictKind.class))
            .merge(kind, 1L, Long::sum);
        ReacquisitionRule campaign = v.rule() instanceof ReacquisitionRule r ? r
            : (kind == VerdictKind.SUPERSEDED || kind == VerdictKind.REVOKED
                || kind == VerdictKind.NOT_YET_VALID) ? rules.matchingCampaign(c) : null;
        if (campaign == null && !c.conforming()) {
          campaign = nonConformingRule(c);
        }
        if (campaign != null) {
          affected(c, kind, campaign);
        }
      } catch (EligibilityException e) {
        unreadable++;
        if (unreadableSerials.size() < CampaignReport.MAX_UNREADABLE_SERIALS) {
          unreadableSerials.add(c.serial());
        }
      }
      if (listener != null && scanned % every == 0) {
        listener.onProgress(new CampaignProgress(scanned, total,
            Duration.between(started, timer.instant()), false));
      }
    }

    private void affected(CertificateRecord c, VerdictKind kind, ReacquisitionRule campaign) {
      AffectedCertificate.Progress progress;
      BigInteger successor = c.supersededBy();
      Instant successorRecordedAt = null;
      if (successor != null) {
        // the successor is a certificate of the same account (of whichever issuer)
        Optional<CertificateRecord> s = store.findAllBySerial(successor).stream()
            .filter(r -> r.account().equals(c.account())).findFirst();
        if (s.isPresent()) {
          successorRecordedAt = s.get().recordedAt();
          // an imported successor (no profile) was obtained when it became valid, not at import
          Instant obtainedAt = s.get().profile() == null ? s.get().notBefore() : successorRecordedAt;
          progress = obtainedAt.isBefore(campaign.reacquireFrom())
              ? AffectedCertificate.Progress.REPLACED_EARLIER : AffectedCertificate.Progress.DONE;
        } else {
          // a successor the store does not know: count the owner as not yet served
          progress = AffectedCertificate.Progress.PENDING;
        }
      } else if (c.status() == CertificateStatus.REVOKED) {
        progress = AffectedCertificate.Progress.REVOKED;
      } else {
        progress = AffectedCertificate.Progress.PENDING;
      }
      byProgress.merge(progress, 1L, Long::sum);
      if (!c.conforming()) {
        nonConforming.merge(progress, 1L, Long::sum);
      }
      if (sink != null) {
        sink.accept(new AffectedCertificate(c.account(), c.serial(), c.status(), c.notBefore(),
            c.notAfter(), kind, campaign, progress, successor, successorRecordedAt,
            c.conforming()));
      }
    }
  }
}
