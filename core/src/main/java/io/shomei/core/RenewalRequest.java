package io.shomei.core;

import io.shomei.core.pkcs12.Pkcs12Profile;
import io.shomei.spi.Secret;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A renewal with the current certificate: the proof of possession and the password the customer
 * chooses for the new PKCS#12 file (no acquisition password). {@link Renewal#renew} destroys the
 * password before it returns; {@link #close()} does the same for a request never submitted.
 *
 * <p>Two proofs:
 *
 * <ul>
 *   <li>{@link #handshake}: the chain the TLS handshake of this very request presented (directly,
 *       or forwarded by a trusted terminator and taken through
 *       {@code io.shomei.core.forwarded}), including a logged-in session's connection. The
 *       handshake proved the key; a chain the customer uploaded proves nothing and must never be
 *       passed here.
 *   <li>{@link #signedChallenge}: a signature over a {@link RenewalChallenge} with the key of the
 *       presented certificate (a command-line client, a host that terminates no client TLS).
 * </ul>
 *
 * @since 0.2.0
 */
public final class RenewalRequest implements AutoCloseable {
  private final String service;
  private final List<byte[]> chain;
  private final @Nullable RenewalChallenge challenge;
  private final byte @Nullable [] signature;
  private final Secret filePassword;
  private final @Nullable Pkcs12Profile pkcs12Profile;

  private RenewalRequest(String service, List<byte[]> chain, @Nullable RenewalChallenge challenge,
      byte @Nullable [] signature, Secret filePassword, @Nullable Pkcs12Profile pkcs12Profile) {
    this.service = Objects.requireNonNull(service, "service");
    List<byte[]> copy = new ArrayList<>(chain.size());
    chain.forEach(c -> copy.add(c.clone()));
    this.chain = List.copyOf(copy);
    this.challenge = challenge;
    this.signature = signature == null ? null : signature.clone();
    this.filePassword = Objects.requireNonNull(filePassword, "filePassword");
    this.pkcs12Profile = pkcs12Profile;
  }

  /**
   * Proof by the TLS handshake of this request (see above).
   *
   * @param service the service
   * @param handshakeChain the peer certificates the handshake presented, the customer's first;
   *     empty when none was presented
   * @param filePassword the password for the new PKCS#12 file; owned by the request
   * @return the request
   */
  public static RenewalRequest handshake(String service, List<X509Certificate> handshakeChain,
      Secret filePassword) {
    List<byte[]> der = new ArrayList<>(handshakeChain.size());
    for (X509Certificate c : handshakeChain) {
      try {
        der.add(c.getEncoded());
      } catch (CertificateEncodingException e) {
        der.add(new byte[0]); // refused by the certificate check as malformed
      }
    }
    return new RenewalRequest(service, der, null, null, filePassword, null);
  }

  /**
   * Proof by the TLS handshake, with the chain as its encodings (what a terminator forwards).
   *
   * @param service the service
   * @param handshakeChain the DER encodings, the customer's first
   * @param filePassword the password for the new PKCS#12 file; owned by the request
   * @return the request
   */
  public static RenewalRequest handshakeEncoded(String service, List<byte[]> handshakeChain,
      Secret filePassword) {
    return new RenewalRequest(service, handshakeChain, null, null, filePassword, null);
  }

  /**
   * Proof by a signature over a challenge; the service is the challenge's.
   *
   * @param challenge the challenge the engine made
   * @param chain the current certificate's chain (DER), the customer's first
   * @param signature {@link RenewalChallenge#signWith} of the current certificate's key
   * @param filePassword the password for the new PKCS#12 file; owned by the request
   * @return the request
   */
  public static RenewalRequest signedChallenge(RenewalChallenge challenge, List<byte[]> chain,
      byte[] signature, Secret filePassword) {
    return new RenewalRequest(challenge.service(), chain, challenge,
        Objects.requireNonNull(signature, "signature"), filePassword, null);
  }

  /**
   * This request with a PKCS#12 profile other than the configured default.
   *
   * @param profile the profile
   * @return a new request sharing the password
   */
  public RenewalRequest withPkcs12Profile(Pkcs12Profile profile) {
    return new RenewalRequest(service, chain, challenge, signature, filePassword,
        Objects.requireNonNull(profile, "profile"));
  }

  /**
   * The service.
   *
   * @return the service
   */
  public String service() {
    return service;
  }

  List<byte[]> chain() {
    return chain;
  }

  Optional<RenewalChallenge> challenge() {
    return Optional.ofNullable(challenge);
  }

  byte @Nullable [] signature() {
    return signature == null ? null : signature.clone();
  }

  Secret filePassword() {
    return filePassword;
  }

  Optional<Pkcs12Profile> pkcs12Profile() {
    return Optional.ofNullable(pkcs12Profile);
  }

  /** Destroys the file password. */
  @Override
  public void close() {
    filePassword.destroy();
  }

  @Override
  public String toString() {
    return "RenewalRequest[service=" + service + ", proof="
        + (challenge == null ? "handshake" : "signed-challenge") + ", chain=" + chain.size()
        + " certificates, filePassword=<redacted>, pkcs12Profile=" + pkcs12Profile + "]";
  }
}
