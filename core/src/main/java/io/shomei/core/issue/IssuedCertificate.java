package io.shomei.core.issue;

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
  private final X509Certificate certificate;
  private final byte[] der;
  private final List<X509Certificate> caChain;
  private final AccountKey account;
  private final String profile;
  private final @Nullable GeneratedKey generatedKey;

  IssuedCertificate(
      X509Certificate certificate,
      byte[] der,
      List<X509Certificate> caChain,
      AccountKey account,
      String profile,
      @Nullable GeneratedKey generatedKey) {
    this.certificate = Objects.requireNonNull(certificate);
    this.der = der.clone();
    this.caChain = List.copyOf(caChain);
    this.account = account;
    this.profile = profile;
    this.generatedKey = generatedKey;
  }

  /**
   * The certificate.
   *
   * @return the certificate
   */
  public X509Certificate certificate() {
    return certificate;
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
    return certificate.getSerialNumber();
  }

  /**
   * Start of validity.
   *
   * @return the instant
   */
  public Instant notBefore() {
    return certificate.getNotBefore().toInstant();
  }

  /**
   * End of validity.
   *
   * @return the instant
   */
  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
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
