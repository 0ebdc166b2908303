package io.shomei.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * A server challenge for a renewal by signature ({@link Renewal#challenge}): fresh (a random
 * nonce), bounded in time ({@link #expiresAt()}), bound to one service and one user ID, sealed by
 * the engine (HMAC under the key of pending logins, {@link Shomei.Builder#pendingLoginKey}, so any
 * node of a cluster sharing that key recognizes it) and good for at most one certificate: once a
 * certificate of the account was recorded after the challenge was made, the challenge is refused
 * as {@link RenewalRefusal#CHALLENGE_REPLAYED}.
 *
 * <p>The client signs {@link #signedBytes()} with the private key of its current certificate
 * ({@link #signWith}); the host passes challenge, chain and signature in
 * {@link RenewalRequest#signedChallenge}. Hosts carry a challenge as {@link #token()} (URL-safe,
 * nothing secret in it) and read it back with {@link #parse}.
 *
 * @since 0.2.0
 */
public final class RenewalChallenge {
  private static final String LABEL = "shomei-renewal-challenge-v1";
  private static final int MAX_TOKEN = 2048;

  private final String service;
  private final String userId;
  private final String nonce;
  private final Instant issuedAt;
  private final Instant expiresAt;
  private final byte[] seal;

  RenewalChallenge(String service, String userId, String nonce, Instant issuedAt,
      Instant expiresAt, byte[] seal) {
    this.service = Objects.requireNonNull(service, "service");
    this.userId = Objects.requireNonNull(userId, "userId");
    this.nonce = Objects.requireNonNull(nonce, "nonce");
    this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    this.seal = seal.clone();
  }

  /**
   * The service the challenge is for.
   *
   * @return the service
   */
  public String service() {
    return service;
  }

  /**
   * The user ID the challenge is for.
   *
   * @return the user ID
   */
  public String userId() {
    return userId;
  }

  /**
   * When the engine made it.
   *
   * @return the instant
   */
  public Instant issuedAt() {
    return issuedAt;
  }

  /**
   * The last instant it is accepted.
   *
   * @return the instant
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  String nonce() {
    return nonce;
  }

  byte[] seal() {
    return seal.clone();
  }

  /** The fields the seal covers, in order. */
  String[] sealedFields() {
    return new String[] {service, userId, nonce, issuedAt.toString(), expiresAt.toString()};
  }

  static String label() {
    return LABEL;
  }

  /**
   * The bytes the client signs: a fixed label and every field, one per line (UTF-8).
   *
   * @return a new array
   */
  public byte[] signedBytes() {
    return (LABEL + "\n" + String.join("\n", sealedFields())).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Signs {@link #signedBytes()} with the private key of the current certificate: SHA256withECDSA
   * for an EC key, SHA256withRSA for RSA, Ed25519 for Ed25519 (the algorithm the engine verifies
   * with, chosen by the certificate's key). For clients (a command-line tool, a test); a browser
   * proves possession in the TLS handshake instead.
   *
   * @param key the private key
   * @return the signature
   * @throws IllegalArgumentException if the key's algorithm is not one of those
   */
  public byte[] signWith(PrivateKey key) {
    try {
      Signature s = Signature.getInstance(signatureAlgorithm(key.getAlgorithm()));
      s.initSign(key);
      s.update(signedBytes());
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with a " + key.getAlgorithm() + " key", e);
    }
  }

  /** The signature algorithm for a key algorithm, as {@link #signWith} uses it. */
  static String signatureAlgorithm(String keyAlgorithm) {
    return switch (keyAlgorithm) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new IllegalArgumentException("no signature algorithm for a "
          + keyAlgorithm + " key");
    };
  }

  /**
   * The challenge as one URL-safe string (six base64url fields joined by dots).
   *
   * @return the token
   */
  public String token() {
    Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
    StringBuilder out = new StringBuilder();
    for (String f : sealedFields()) {
      out.append(b.encodeToString(f.getBytes(StandardCharsets.UTF_8))).append('.');
    }
    return out.append(b.encodeToString(seal)).toString();
  }

  /**
   * Reads a {@link #token()} back. Whether the engine made it is checked by {@link Renewal#renew}.
   *
   * @param token the token as received
   * @return the challenge, or empty when the token is malformed
   */
  public static Optional<RenewalChallenge> parse(String token) {
    if (token.length() > MAX_TOKEN) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 6) {
      return Optional.empty();
    }
    try {
      Base64.Decoder d = Base64.getUrlDecoder();
      String[] f = new String[5];
      for (int i = 0; i < 5; i++) {
        f[i] = new String(d.decode(parts[i]), StandardCharsets.UTF_8);
      }
      return Optional.of(new RenewalChallenge(f[0], f[1], f[2], Instant.parse(f[3]),
          Instant.parse(f[4]), d.decode(parts[5])));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RenewalChallenge c && c.service.equals(service)
        && c.userId.equals(userId) && c.nonce.equals(nonce) && c.issuedAt.equals(issuedAt)
        && c.expiresAt.equals(expiresAt) && Arrays.equals(c.seal, seal);
  }

  @Override
  public int hashCode() {
    return Objects.hash(service, userId, nonce, issuedAt);
  }

  @Override
  public String toString() {
    return "RenewalChallenge[service=" + service + ", userId=" + userId + ", issuedAt="
        + issuedAt + ", expiresAt=" + expiresAt + "]";
  }
}
