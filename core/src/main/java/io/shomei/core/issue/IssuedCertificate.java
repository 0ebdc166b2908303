package io.shomei.core.issue;

import io.shomei.core.internal.x509.Bc;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A certificate the issuer signed, with what a store needs to record it and, on the server-side key
 * generation path, the user's freshly generated key.
 *
 * <p>Recording it is the caller's job: {@link #toRecord(Instant)} gives the
 * {@link CertificateRecord} in state ISSUED.
 *
 * @since 0.1.0
 */
public final class IssuedCertificate {
  private final byte[] der;
  private final BigInteger serial;
  private final Instant notBefore;
  private final Instant notAfter;
  private final List<X509Certificate> caChain;
  private final AccountKey account;
  private final String profile;
  private final @Nullable GeneratedKey generatedKey;
  // Parsed on first use: the CSR path that only records and returns the DER never needs the JDK
  // object, and parsing it back cost about 8 % of an issuance. A race parses twice, harmlessly.
  private volatile @Nullable X509Certificate certificate;

  /**
   * Takes ownership of {@code der} (the issuer's fresh encoding, not shared); {@code serial} and the
   * dates are those encoded in it, to the second.
   */
  IssuedCertificate(
      byte[] der,
      BigInteger serial,
      Instant notBefore,
      Instant notAfter,
      List<X509Certificate> caChain,
      AccountKey account,
      String profile,
      @Nullable GeneratedKey generatedKey) {
    this.der = Objects.requireNonNull(der);
    this.serial = Objects.requireNonNull(serial);
    this.notBefore = Objects.requireNonNull(notBefore);
    this.notAfter = Objects.requireNonNull(notAfter);
    this.caChain = List.copyOf(caChain);
    this.account = account;
    this.profile = profile;
    this.generatedKey = generatedKey;
  }

  /**
   * The certificate.
   *
   * @return the certificate
   * @throws IllegalStateException if the JDK cannot parse the encoding the SDK produced (a bug)
   */
  public X509Certificate certificate() {
    X509Certificate c = certificate;
    if (c == null) {
      c = Bc.toX509(der);
      certificate = c;
    }
    return c;
  }

  /**
   * The DER encoding of the certificate.
   *
   * @return a fresh copy
   */
  public byte[] der() {
    return der.clone();
  }

  /**
   * The serial number (positive, at most 20 octets).
   *
   * @return the serial
   */
  public BigInteger serial() {
    return serial;
  }

  /**
   * Start of validity.
   *
   * @return the instant
   */
  public Instant notBefore() {
    return notBefore;
  }

  /**
   * End of validity.
   *
   * @return the instant
   */
  public Instant notAfter() {
    return notAfter;
  }

  /**
   * The issuing CA's chain as key custody gave it: the issuer first, the root last.
   *
   * @return an immutable list
   */
  public List<X509Certificate> caChain() {
    return caChain;
  }

  /**
   * The account (user ID and the profile's service).
   *
   * @return the account
   */
  public AccountKey account() {
    return account;
  }

  /**
   * Name of the profile the certificate was issued under.
   *
   * @return the profile name
   */
  public String profile() {
    return profile;
  }

  /**
   * The generated key on the server-side key generation path; empty on the CSR path.
   *
   * @return the key, if the server generated it
   */
  public Optional<GeneratedKey> generatedKey() {
    return Optional.ofNullable(generatedKey);
  }

  /**
   * The record to store, in state ISSUED and marked conforming (the subject was built by the SDK).
   *
   * @param recordedAt the recording instant
   * @return the record
   */
  public CertificateRecord toRecord(Instant recordedAt) {
    return CertificateRecord.issued(serial(), account, notBefore(), notAfter(), der, recordedAt,
        true, profile);
  }

  @Override
  public String toString() {
    return "IssuedCertificate[serial=" + serial().toString(16) + ", account=" + account
        + ", profile=" + profile + ", notAfter=" + notAfter()
        + (generatedKey == null ? "" : ", generatedKey=<redacted>") + "]";
  }
}
