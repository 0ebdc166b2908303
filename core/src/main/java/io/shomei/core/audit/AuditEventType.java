package io.shomei.core.audit;

/**
 * The security events Shomei records. The name is the stable code stored in
 * {@link io.shomei.spi.AuditRecord#type()}.
 *
 * @since 0.1.0
 */
public enum AuditEventType {
  /** A customer account was created (letter fields generated). */
  ACCOUNT_CREATED,
  /** A certificate acquisition was attempted. */
  ACQUISITION_ATTEMPTED,
  /** A certificate acquisition was refused (the reason code is in the details). */
  ACQUISITION_REFUSED,
  /** A certificate was issued, recorded and made active. */
  CERTIFICATE_ISSUED,
  /**
   * The CA signed a certificate that was then handed to nobody and not recorded as issued (an
   * acquisition that lost a race); details name its serial, fingerprint and why.
   *
   * @since 0.2.0
   */
  CERTIFICATE_DISCARDED,
  /** A certificate was superseded by a newer one. */
  CERTIFICATE_SUPERSEDED,
  /** An externally issued certificate was registered. */
  CERTIFICATE_IMPORTED,
  /** A PKCS#12 file was downloaded (first time or again through a ticket). */
  CERTIFICATE_DOWNLOADED,
  /** A certificate was revoked. */
  CERTIFICATE_REVOKED,
  /** The certificate step of a login succeeded. */
  LOGIN_CERTIFICATE_ACCEPTED,
  /** The certificate step of a login was refused. */
  LOGIN_CERTIFICATE_REFUSED,
  /** The password step of a login succeeded. */
  LOGIN_SUCCEEDED,
  /** The password step of a login was refused. */
  LOGIN_PASSWORD_REFUSED,
  /** The login password was changed (for example at first login). */
  PASSWORD_CHANGED,
  /** The login password was locked after too many failures. */
  LOGIN_LOCKED,
  /** The acquisition password was locked after too many failures. */
  ACQUISITION_PASSWORD_LOCKED,
  /** An operator unlocked the login password. */
  OPERATOR_UNLOCKED_LOGIN,
  /** An operator issued a new acquisition password. */
  OPERATOR_RESET_ACQUISITION_PASSWORD,
  /** An operator issued a new temporary login password. */
  OPERATOR_RESET_TEMPORARY_PASSWORD,
  /**
   * An operator proposed a sensitive action under dual control (details: proposal, action,
   * expires_at; rule_sha256 for a rule change).
   *
   * @since 0.2.0
   */
  OPERATOR_PROPOSED,
  /**
   * A second operator approved a proposal; the action's own event follows, by the same operator
   * (details: proposal, action, proposed_by).
   *
   * @since 0.2.0
   */
  OPERATOR_APPROVED,
  /**
   * A second operator rejected a proposal; nothing ran (details: proposal, action, proposed_by).
   *
   * @since 0.2.0
   */
  OPERATOR_REJECTED,
  /**
   * A proposal or a decision was refused (details: reason; proposal and action where known): an
   * approval by the proposer or an auditor, after expiry, or replayed.
   *
   * @since 0.2.0
   */
  OPERATOR_DUAL_CONTROL_REFUSED,
  /** An operator viewed a customer's certificates and state. */
  OPERATOR_VIEWED_ACCOUNT,
  /** A reissue-eligibility rule refused an action. */
  RULE_REFUSAL,
  /** A CRL was produced. */
  CRL_ISSUED,
  /**
   * The OCSP responder issued a certificate for its delegated signing key (details: serial,
   * not_after, sha256).
   *
   * @since 0.2.0
   */
  OCSP_RESPONDER_CERTIFIED,
  /**
   * A forwarded client-certificate header was refused (details: reason, header, peer, format): a
   * header from an untrusted peer, or a duplicated, oversized or malformed one from a trusted
   * proxy. See {@link io.shomei.core.forwarded.ForwardedCertificates}.
   *
   * @since 0.2.0
   */
  FORWARDED_CERTIFICATE_REFUSED,
  /**
   * A certificate was issued by the three secrets alone while a certificate that could renew was
   * held ({@code io.shomei.core.ThreeSecretFallback#ALLOW_WITH_ALERT}).
   *
   * @since 0.2.0
   */
  ISSUANCE_ALERT,
  /**
   * A branch operator confirmed the customer's PC lost or replaced; its certificate was retired
   * (revoked, reason {@code cessationOfOperation}).
   *
   * @since 0.2.0
   */
  OPERATOR_FLAGGED_DEVICE_LOST_OR_REPLACED,
  /**
   * An operator released a customer notice held for an uncertain delivery; it is sent again with
   * the same message identifier (details: notice, kind, held_because).
   *
   * @since 0.2.0
   */
  NOTICE_REQUEUED
}
