package io.shomei.spi;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A customer notice in the outbox: what happened to whose account, written by the engine in the
 * same atomic unit as the change it reports (or by a scheduled run), and delivered later through a
 * {@link NotificationChannel}. A notice holds facts, never text: templates turn it into words in
 * the customer's language and the bank's zone when it is delivered.
 *
 * <p>The {@link #key() key} is the notice's identity and its idempotency key: a store keeps at most
 * one notice per key, so re-running a campaign or a scheduler that derives the same keys writes
 * nothing twice. It also becomes the delivered message's identifier, so a receiver can recognise a
 * repeat.
 *
 * @param key the idempotency key, 1..{@value #MAX_KEY_LENGTH} printable ASCII characters (for
 *     example {@code issued:1f3a@3f9a0c1e5b7d2a64} or {@code expiring:1f3a@3f9a0c1e5b7d2a64:30}:
 *     a certificate is named by its serial and its issuer, as serials are unique per issuer)
 * @param account whose account the notice is for
 * @param kind what the notice reports
 * @param facts the facts its templates need (serials in hex, instants in ISO-8601 UTC, numbers in
 *     decimal), sorted by key, storable text; no secret ever
 * @param createdAt when it was written
 * @since 0.2.0
 */
public record Notice(String key, AccountKey account, Kind kind, Map<String, String> facts,
    Instant createdAt) {
  /** Largest length of a key. */
  public static final int MAX_KEY_LENGTH = 200;

  /** Validates the fields and copies the facts into a sorted, immutable map. */
  public Notice {
    checkKey(key);
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(createdAt, "createdAt");
    facts.forEach((k, v) -> {
      if (k.isEmpty() || k.length() > 64) {
        throw new IllegalArgumentException("a fact's name must be 1..64 chars");
      }
      StorableText.check("a fact's name", k);
      StorableText.check("a fact", v);
    });
    facts = Collections.unmodifiableSortedMap(new TreeMap<>(facts));
  }

  /**
   * Checks an idempotency key: 1..{@value #MAX_KEY_LENGTH} printable ASCII characters.
   *
   * @param key the key
   * @return the key
   * @throws IllegalArgumentException if it is not one
   */
  public static String checkKey(String key) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH
        || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw new IllegalArgumentException(
          "a notice key must be 1.." + MAX_KEY_LENGTH + " printable ASCII characters");
    }
    return key;
  }

  /**
   * What a notice reports.
   *
   * @since 0.2.0
   */
  public enum Kind {
    /** A certificate was issued (acquisition or renewal). */
    ISSUED,
    /** A certificate's PKCS#12 file was downloaded. */
    DOWNLOADED,
    /** A certificate was used for a login for the first time. */
    FIRST_USED,
    /** A newer certificate replaced this one. */
    SUPERSEDED,
    /** A certificate was revoked. */
    REVOKED,
    /** The account's password was locked after too many failures. */
    ACCOUNT_LOCKED,
    /** A certificate was issued with the three secrets while the old one could still renew. */
    ISSUANCE_ALERT,
    /** The active certificate expires within a configured number of days. */
    EXPIRING,
    /** A re-acquisition campaign affects the account's certificate. */
    CAMPAIGN
  }
}
