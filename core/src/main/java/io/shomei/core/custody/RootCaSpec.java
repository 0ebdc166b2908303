package io.shomei.core.custody;

import io.shomei.core.issue.KeyType;
import io.shomei.core.issue.SignatureDigest;
import java.time.Duration;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * What a new self-signed root CA looks like: subject, key type, signature hash and validity. The
 * certificate gets basicConstraints {@code cA=true} (critical), keyUsage {@code keyCertSign,
 * cRLSign} (critical) and a subject key identifier.
 *
 * @param subject the CA's distinguished name
 * @param keyType the CA key type (EC P-256 by default)
 * @param signatureDigest the hash of the self-signature
 * @param validity the validity period, 1 day .. 30 years
 * @since 0.1.0
 */
public record RootCaSpec(
    X500Principal subject, KeyType keyType, SignatureDigest signatureDigest, Duration validity) {

  /** Validates the components. */
  public RootCaSpec {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(signatureDigest, "signatureDigest");
    Objects.requireNonNull(validity, "validity");
    if (validity.compareTo(Duration.ofDays(1)) < 0
        || validity.compareTo(Duration.ofDays(30 * 366)) > 0) {
      throw new IllegalArgumentException("validity must be between 1 day and 30 years");
    }
  }

  /**
   * A root with the defaults: EC P-256, SHA-256, 10 years.
   *
   * @param subject the distinguished name, RFC 4514 syntax (for example
   *     {@code CN=Example Bank Client CA,O=Example Bank,C=JP})
   * @return the spec
   */
  public static RootCaSpec of(String subject) {
    return new RootCaSpec(new X500Principal(subject), KeyType.EC_P256, SignatureDigest.SHA256,
        Duration.ofDays(3650));
  }

  /**
   * This spec with another key type.
   *
   * @param type the key type
   * @return a new spec
   */
  public RootCaSpec withKeyType(KeyType type) {
    return new RootCaSpec(subject, type, signatureDigest, validity);
  }

  /**
   * This spec with another signature hash.
   *
   * @param digest the hash
   * @return a new spec
   */
  public RootCaSpec withSignatureDigest(SignatureDigest digest) {
    return new RootCaSpec(subject, keyType, digest, validity);
  }

  /**
   * This spec with another validity.
   *
   * @param period the validity period
   * @return a new spec
   */
  public RootCaSpec withValidity(Duration period) {
    return new RootCaSpec(subject, keyType, signatureDigest, period);
  }
}
