package io.shomei.core.eligibility;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The counts of a campaign scan. Its size does not grow with the number of certificates (per-service
 * counts grow with the number of services; the per-certificate rows go to
 * {@link Campaign.Builder#onAffected}).
 *
 * @param evaluatedAt the instant every certificate was judged at
 * @param total {@code CertificateStore.count()} when the scan started
 * @param scanned certificates visited
 * @param byVerdict certificates per verdict kind (every kind present, possibly 0)
 * @param byService per service, certificates per verdict kind (every kind present), services sorted
 * @param byProgress affected certificates per campaign progress (every value present)
 * @param unreadable certificates whose DER a rule needed and could not parse (not in the other counts)
 * @param unreadableSerials up to {@link #MAX_UNREADABLE_SERIALS} of their serials, in scan order
 * @param elapsed how long the scan took, by the scan's clock
 * @param nonConforming affected certificates recorded as non-conforming, per progress (every value
 *     present; also counted in {@code byProgress}); {@code PENDING} ones are current certificates
 *     whose owners must re-acquire
 * @since 0.1.0
 */
public record CampaignReport(
    Instant evaluatedAt,
    long total,
    long scanned,
    Map<VerdictKind, Long> byVerdict,
    Map<String, Map<VerdictKind, Long>> byService,
    Map<AffectedCertificate.Progress, Long> byProgress,
    long unreadable,
    List<BigInteger> unreadableSerials,
    Duration elapsed,
    Map<AffectedCertificate.Progress, Long> nonConforming) {

  /** How many unreadable serials a report keeps. */
  public static final int MAX_UNREADABLE_SERIALS = 100;

  /** Copies every map and list into an immutable, ordered form. */
  public CampaignReport {
    Objects.requireNonNull(evaluatedAt, "evaluatedAt");
    byVerdict = complete(byVerdict, VerdictKind.class);
    Map<String, Map<VerdictKind, Long>> services = new TreeMap<>();
    byService.forEach((k, v) -> services.put(k, complete(v, VerdictKind.class)));
    byService = Collections.unmodifiableMap(services);
    byProgress = complete(byProgress, AffectedCertificate.Progress.class);
    unreadableSerials = List.copyOf(unreadableSerials);
    Objects.requireNonNull(elapsed, "elapsed");
    nonConforming = complete(nonConforming, AffectedCertificate.Progress.class);
  }

  /**
   * A report without non-conforming certificates (the shape before {@code nonConforming} was
   * added).
   *
   * @param evaluatedAt the instant every certificate was judged at
   * @param total {@code CertificateStore.count()} when the scan started
   * @param scanned certificates visited
   * @param byVerdict certificates per verdict kind
   * @param byService per service, certificates per verdict kind
   * @param byProgress affected certificates per campaign progress
   * @param unreadable certificates whose DER a rule needed and could not parse
   * @param unreadableSerials up to {@link #MAX_UNREADABLE_SERIALS} of their serials
   * @param elapsed how long the scan took
   */
  public CampaignReport(Instant evaluatedAt, long total, long scanned,
      Map<VerdictKind, Long> byVerdict, Map<String, Map<VerdictKind, Long>> byService,
      Map<AffectedCertificate.Progress, Long> byProgress, long unreadable,
      List<BigInteger> unreadableSerials, Duration elapsed) {
    this(evaluatedAt, total, scanned, byVerdict, byService, byProgress, unreadable,
        unreadableSerials, elapsed, Map.of());
  }

  /**
   * Affected certificates recorded as non-conforming, all progress values.
   *
   * @return the count
   * @since 0.1.0
   */
  public long nonConformingTotal() {
    return nonConforming.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Non-conforming certificates still current (ISSUED or ACTIVE): their owners must re-acquire.
   *
   * @return the count
   * @since 0.1.0
   */
  public long nonConformingPending() {
    return nonConforming.getOrDefault(AffectedCertificate.Progress.PENDING, 0L);
  }

  private static <K extends Enum<K>> Map<K, Long> complete(Map<K, Long> in, Class<K> type) {
    EnumMap<K, Long> out = new EnumMap<>(type);
    for (K k : type.getEnumConstants()) {
      out.put(k, in.getOrDefault(k, 0L));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Certificates a campaign affects (every progress).
   *
   * @return the count
   */
  public long affected() {
    return byProgress.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Affected certificates whose owner re-acquired.
   *
   * @return the count
   */
  public long done() {
    return byProgress.getOrDefault(AffectedCertificate.Progress.DONE, 0L);
  }

  /**
   * Affected certificates still current.
   *
   * @return the count
   */
  public long pending() {
    return byProgress.getOrDefault(AffectedCertificate.Progress.PENDING, 0L);
  }

  /**
   * Certificates of a verdict kind.
   *
   * @param kind the kind
   * @return the count
   */
  public long count(VerdictKind kind) {
    return byVerdict.getOrDefault(kind, 0L);
  }

  /**
   * Certificates of a service with a verdict kind.
   *
   * @param service the service
   * @param kind the kind
   * @return the count, 0 for a service the scan did not see
   */
  public long count(String service, VerdictKind kind) {
    Map<VerdictKind, Long> m = byService.get(service);
    return m == null ? 0 : m.getOrDefault(kind, 0L);
  }
}
