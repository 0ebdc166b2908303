package io.shomei.core.pkcs12;

/**
 * Why a PKCS#12 file was not written.
 *
 * @since 0.1.0
 */
public enum Pkcs12Refusal {
  /** The password is empty (consumers disagree on "empty" versus "absent"). */
  EMPTY_PASSWORD,
  /**
   * The password has a character outside printable ASCII (U+0020..U+007E). Consumers encode other
   * characters differently, so the user could not open the file everywhere.
   */
  NON_ASCII_PASSWORD
}
