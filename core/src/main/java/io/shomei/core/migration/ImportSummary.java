package io.shomei.core.migration;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The counts of a bulk import.
 *
 * @param imported certificates recorded
 * @param importedNonConforming of those, the ones recorded as non-conforming
 * @param duplicates certificates that were already recorded (nothing changed)
 * @param refused refused certificates per reason (every reason present, possibly 0)
 * @since 0.1.0
 */
public record ImportSummary(
    long imported, long importedNonConforming, long duplicates, Map<ImportRefusal, Long> refused) {

  /** Validates the counts and copies the map, filling in every reason. */
  public ImportSummary {
    if (imported < 0 || importedNonConforming < 0 || importedNonConforming > imported
        || duplicates < 0) {
      throw new IllegalArgumentException("counts must be non-negative and consistent");
    }
    Objects.requireNonNull(refused, "refused");
    EnumMap<ImportRefusal, Long> all = new EnumMap<>(ImportRefusal.class);
    for (ImportRefusal r : ImportRefusal.values()) {
      long n = refused.getOrDefault(r, 0L);
      if (n < 0) {
        throw new IllegalArgumentException("counts must be non-negative");
      }
      all.put(r, n);
    }
    refused = Collections.unmodifiableMap(all);
  }

  /**
   * The empty summary.
   *
   * @return all counts 0
   */
  public static ImportSummary empty() {
    return new ImportSummary(0, 0, 0, Map.of());
  }

  /**
   * Refused certificates with a reason.
   *
   * @param reason the reason
   * @return the count
   */
  public long refused(ImportRefusal reason) {
    return refused.getOrDefault(reason, 0L);
  }

  /**
   * Refused certificates, all reasons.
   *
   * @return the count
   */
  public long refusedTotal() {
    return refused.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Every input counted: imported + duplicates + refused.
   *
   * @return the count
   */
  public long total() {
    return imported + duplicates + refusedTotal();
  }

  /**
   * This summary with one more result counted.
   *
   * @param result the result
   * @return a new summary
   */
  public ImportSummary plus(ImportResult result) {
    if (result instanceof ImportResult.Imported i) {
      return new ImportSummary(imported + 1,
          importedNonConforming + (i.record().conforming() ? 0 : 1), duplicates, refused);
    }
    if (result instanceof ImportResult.Duplicate) {
      return new ImportSummary(imported, importedNonConforming, duplicates + 1, refused);
    }
    EnumMap<ImportRefusal, Long> r = new EnumMap<>(refused);
    r.merge(((ImportResult.Refused) result).reason(), 1L, Long::sum);
    return new ImportSummary(imported, importedNonConforming, duplicates, r);
  }
}
