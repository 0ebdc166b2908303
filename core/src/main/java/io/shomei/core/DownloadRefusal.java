package io.shomei.core;

/**
 * Why a download was refused.
 *
 * @since 0.1.0
 */
public enum DownloadRefusal {
  /**
   * No such ticket: never existed, used up, deleted (after the first certificate login with the
   * new certificate), or retired because an operator issued a new acquisition password after the
   * file was packed (the file is protected by the old one). The customer logs in with the
   * certificate, or acquires again.
   */
  NOT_FOUND,
  /** The ticket expired (and is deleted now). */
  EXPIRED
}
