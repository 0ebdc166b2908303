package io.shomei.core;

import io.shomei.spi.Secret;
import io.shomei.core.pkcs12.Pkcs12Profile;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the customer entered on the issuance authentication screen (MISSION A2): user ID, login
 * password and acquisition password, for one service; plus the host's choice of PKCS#12 profile
 * and, for hosts that let the browser or a tool make the key, a PKCS#10 request.
 *
 * <p>{@link Acquisition#acquire} destroys both secrets before it returns, whatever the outcome;
 * {@link #close()} does the same for a request that was never submitted.
 *
 * @since 0.1.0
 */
public final class AcquisitionRequest implements AutoCloseable {
  private final String userId;
  private final String service;
  private final Secret loginPassword;
  private final Secret acquisitionPassword;
  private final @Nullable Pkcs12Profile pkcs12Profile;
  private final byte @Nullable [] csr;

  private AcquisitionRequest(String userId, String service, Secret loginPassword,
      Secret acquisitionPassword, @Nullable Pkcs12Profile pkcs12Profile, byte @Nullable [] csr) {
    this.userId = Objects.requireNonNull(userId, "userId");
    this.service = Objects.requireNonNull(service, "service");
    this.loginPassword = Objects.requireNonNull(loginPassword, "loginPassword");
    this.acquisitionPassword = Objects.requireNonNull(acquisitionPassword, "acquisitionPassword");
    this.pkcs12Profile = pkcs12Profile;
    this.csr = csr == null ? null : csr.clone();
  }

  /**
   * A request for a server-generated key packaged as PKCS#12 with the configured default profile.
   *
   * @param userId the user ID as typed
   * @param service the service
   * @param loginPassword the login password (temporary or permanent); owned by the request
   * @param acquisitionPassword the acquisition password; owned by the request
   * @return the request
   */
  public static AcquisitionRequest of(String userId, String service, Secret loginPassword,
      Secret acquisitionPassword) {
    return new AcquisitionRequest(userId, service, loginPassword, acquisitionPassword, null, null);
  }

  /**
   * This request with a PKCS#12 profile other than the configured default (for example
   * {@link Pkcs12Profile#MODERN} for a customer on a current system).
   *
   * @param profile the profile
   * @return a new request sharing the secrets
   */
  public AcquisitionRequest withPkcs12Profile(Pkcs12Profile profile) {
    return new AcquisitionRequest(userId, service, loginPassword, acquisitionPassword,
        Objects.requireNonNull(profile, "profile"), csr);
  }

  /**
   * This request for the public key of a PKCS#10 request instead of a server-generated key. The
   * result then carries the certificate only; there is no PKCS#12 file and no download ticket.
   *
   * @param pkcs10 the request, DER or one PEM block
   * @return a new request sharing the secrets
   */
  public AcquisitionRequest withCsr(byte[] pkcs10) {
    return new AcquisitionRequest(userId, service, loginPassword, acquisitionPassword,
        pkcs12Profile, Objects.requireNonNull(pkcs10, "pkcs10"));
  }

  /**
   * The user ID.
   *
   * @return the user ID as typed
   */
  public String userId() {
    return userId;
  }

  /**
   * The service.
   *
   * @return the service identifier
   */
  public String service() {
    return service;
  }

  /**
   * The login password.
   *
   * @return the secret (not a copy)
   */
  public Secret loginPassword() {
    return loginPassword;
  }

  /**
   * The acquisition password.
   *
   * @return the secret (not a copy)
   */
  public Secret acquisitionPassword() {
    return acquisitionPassword;
  }

  /**
   * The PKCS#12 profile asked for.
   *
   * @return the profile, or empty for the configured default
   */
  public Optional<Pkcs12Profile> pkcs12Profile() {
    return Optional.ofNullable(pkcs12Profile);
  }

  /**
   * The PKCS#10 request.
   *
   * @return a copy of the request, or empty on the server-generated key path
   */
  public Optional<byte[]> csr() {
    return csr == null ? Optional.empty() : Optional.of(csr.clone());
  }

  /** Destroys both secrets. */
  @Override
  public void close() {
    loginPassword.destroy();
    acquisitionPassword.destroy();
  }

  @Override
  public String toString() {
    return "AcquisitionRequest[userId=" + userId + ", service=" + service
        + ", loginPassword=<redacted>, acquisitionPassword=<redacted>, pkcs12Profile="
        + pkcs12Profile + ", csr=" + (csr == null ? "none" : csr.length + " bytes") + "]";
  }
}
