package io.shomei.core.audit;

import io.shomei.spi.CertificateRecord;

/**
 * A record of the audit trail kept outside the database (a write-once medium, a syslog server, a
 * file only the auditors can write): its sequence and hash. Checked later with
 * {@link AuditTrail#verify(AuditAnchor)}, it shows that the trail still holds that record unchanged
 * (nothing after it rewritten or cut off up to there). Holds no secret.
 *
 * @param sequence the record's sequence, {@code >= 0} (0: the empty trail)
 * @param hash the record's hash (or keyed tag), 64 lowercase hex digits
 * @since 0.2.0
 */
public record AuditAnchor(long sequence, String hash) {
  /** Validates the fields. */
  public AuditAnchor {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence cannot be negative");
    }
    if (!CertificateRecord.isFingerprint(hash)) {
      throw new IllegalArgumentException("hash must be 64 lowercase hex digits");
    }
  }

  /**
   * Reads the text form, {@code <sequence> <hash>}, as {@link #toString()} writes it.
   *
   * @param text the text (surrounding white space is ignored)
   * @return the anchor
   * @throws IllegalArgumentException if the text is not an anchor
   */
  public static AuditAnchor parse(String text) {
    String[] parts = text.strip().split(" ", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("an anchor is '<sequence> <hash>'");
    }
    try {
      return new AuditAnchor(Long.parseLong(parts[0]), parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("an anchor's sequence is a decimal number", e);
    }
  }

  /**
   * The text form: the sequence, one space, the hash.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return sequence + " " + hash;
  }
}
