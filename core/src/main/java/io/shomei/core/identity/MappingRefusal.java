package io.shomei.core.identity;

/**
 * Why a certificate subject does not map to a user ID. The host should show the customer that the
 * certificate cannot be used for this bank's login (and, for a certificate the bank issued, that it
 * must be re-acquired); none of these can be fixed by trying again with the same certificate.
 *
 * @since 0.1.0
 */
public enum MappingRefusal {
  /**
   * The subject is not a well-formed DER encoding of an X.501 Name: truncated, trailing bytes, BER
   * rather than DER, an unsorted multi-valued RDN, an attribute that is not {@code (OID, value)}, a
   * common name that is not a string, invalid UTF-8 (overlong forms included) or a
   * PrintableString with characters outside its alphabet.
   */
  MALFORMED_SUBJECT,
  /** The subject has no common name (CN, OID 2.5.4.3) at all. */
  NO_COMMON_NAME,
  /** The subject has more than one common name, in any RDNs. */
  SEVERAL_COMMON_NAMES,
  /** The only common name is part of a multi-valued RDN (for example {@code C=JP+CN=12345678}). */
  COMMON_NAME_IN_MULTI_VALUED_RDN,
  /**
   * The common name is encoded as a string type other than PrintableString or UTF8String (for
   * example BMPString, TeletexString, UniversalString, IA5String).
   */
  UNSUPPORTED_STRING_TYPE,
  /** The common name is longer than 64 characters (X.520 {@code ub-common-name}). */
  COMMON_NAME_TOO_LONG,
  /** The common name is not a user ID under the configured {@link UserIdPolicy}. */
  INVALID_USER_ID
}
