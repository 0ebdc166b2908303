package io.shomei.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the append-only audit trail. Entries form a hash chain: each carries the hash of the
 * previous one, so a deleted or edited entry is detectable. Shomei computes the hashes; the store
 * keeps them and enforces the order.
 *
 * <p>No secret is ever placed in an audit record. Every text field is
 * {@link StorableText storable}.
 *
 * @param sequence position in the trail, starting at 1, without gaps
 * @param at when the event happened
 * @param type the event type code (for example {@code CERTIFICATE_ISSUED}), 1..64 chars
 * @param actor who caused it: {@code customer}, {@code operator:<name>}, {@code system}
 * @param userId the customer concerned, or {@code null}
 * @param service the service concerned, or {@code null}
 * @param details further facts, sorted by key (immutable copy)
 * @param previousHash hash of the previous record (64 zeros for the first), lowercase hex
 * @param hash this record's hash, lowercase hex
 * @since 0.1.0
 */
public record AuditRecord(
    long sequence,
    Instant at,
    String type,
    String actor,
    @Nullable String userId,
    @Nullable String service,
    Map<String, String> details,
    String previousHash,
    String hash) {

  /** The previous hash of the first record. */
  public static final String GENESIS_HASH = "0".repeat(64);

  /** Validates the fields and copies the details into a sorted, immutable map. */
  public AuditRecord {
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence starts at 1");
    }
    Objects.requireNonNull(at, "at");
    if (type.isEmpty() || type.length() > 64) {
      throw new IllegalArgumentException("type must be 1..64 chars");
    }
    if (actor.isEmpty() || actor.length() > 128) {
      throw new IllegalArgumentException("actor must be 1..128 chars");
    }
    StorableText.check("type", type);
    StorableText.check("actor", actor);
    if (userId != null) {
      StorableText.check("userId", userId);
    }
    if (service != null) {
      StorableText.check("service", service);
    }
    details.forEach((k, v) -> {
      StorableText.check("a detail key", k);
      StorableText.check("a detail value", v);
    });
    details = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(details));
    if (!CertificateRecord.isFingerprint(previousHash) || !CertificateRecord.isFingerprint(hash)) {
      throw new IllegalArgumentException("hashes must be 64 lowercase hex digits");
    }
  }
}
