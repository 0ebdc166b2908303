package io.shomei.core;

/**
 * Why a download was refused.
 *
 * @since 0.1.0
 */
public enum DownloadRefusal {
  /**
   * No such ticket: never existed, used up, or deleted (after the first certificate login with the
   * new certificate). The customer logs in with the certificate, or acquires again.
   */
  NOT_FOUND,
  /** The ticket expired (and is deleted now). */
  EXPIRED
}
