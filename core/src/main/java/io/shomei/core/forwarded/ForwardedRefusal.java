package io.shomei.core.forwarded;

/**
 * Why a forwarded certificate was refused. A host answers each like a failed TLS client
 * authentication ("no usable certificate"); the distinction is for the audit trail and the
 * operators, who should treat every one of them as a misconfigured proxy or an attack.
 *
 * @since 0.2.0
 */
public enum ForwardedRefusal {
  /**
   * A certificate header arrived from a peer that is not a configured trusted proxy: a client
   * talking to the backend directly, or a proxy that passed a client's own header through.
   */
  UNTRUSTED_PEER,
  /** A header is not in the configured format, or does not hold DER certificates. */
  MALFORMED,
  /** A header that must occur once occurred several times, or carried several joined values. */
  DUPLICATED,
  /** A header is longer than the limit, or carries more certificates than the limit. */
  OVERSIZED
}
