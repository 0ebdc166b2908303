package io.shomei.core;

import io.shomei.spi.AccountKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes and checks {@link PendingLogin}s and {@link PasswordProof}s: HMAC-SHA256 under the engine's pending-login key over a
 * length-prefixed encoding of every field. The key never leaves this object.
 */
final class PendingLoginSeal {
  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKey key;

  PendingLoginSeal(SecretKey key) {
    this.key = key;
    mac(); // fails now on a key HMAC-SHA256 cannot use
  }

  /** A seal under a fresh random 256-bit key: pending logins then live as long as this engine. */
  static PendingLoginSeal random(SecureRandom random) {
    byte[] k = new byte[32];
    random.nextBytes(k);
    return new PendingLoginSeal(new SecretKeySpec(k, ALGORITHM));
  }

  PendingLogin issue(AccountKey account, BigInteger serial, String fingerprint, Instant at) {
    return new PendingLogin(account, serial, fingerprint, at, tag(account, serial, fingerprint, at));
  }

  /** Whether the pending login was made by an engine holding this key and not changed since. */
  boolean verify(PendingLogin p) {
    byte[] expected = tag(p.account(), p.certificateSerial(), p.sha256Fingerprint(), p.issuedAt());
    return MessageDigest.isEqual(expected, p.seal());
  }

  /**
   * A proof that the password whose stored hash is {@code verifiedHash} was given for
   * {@code pending} at {@code at}. The hash goes into the MAC only, never into the proof.
   */
  PasswordProof prove(PendingLogin pending, Instant at, String verifiedHash) {
    return new PasswordProof(pending, at, proofTag(pending, at, verifiedHash));
  }

  /**
   * Whether the proof was made by an engine holding this key, for a pending login it made, and
   * for the password whose stored hash is {@code currentHash} now.
   */
  boolean verify(PasswordProof proof, String currentHash) {
    PendingLogin p = proof.pending();
    return verify(p)
        && MessageDigest.isEqual(proofTag(p, proof.verifiedAt(), currentHash), proof.seal());
  }

  private byte[] proofTag(PendingLogin pending, Instant at, String hash) {
    Mac mac = mac();
    field(mac, "shomei-password-proof-v1");
    mac.update(pending.seal());
    field(mac, at.toString());
    field(mac, hash);
    return mac.doFinal();
  }

  private byte[] tag(AccountKey account, BigInteger serial, String fingerprint, Instant at) {
    Mac mac = mac();
    field(mac, "shomei-pending-login-v1");
    field(mac, account.userId());
    field(mac, account.service());
    field(mac, serial.toString(16));
    field(mac, fingerprint);
    field(mac, at.toString());
    return mac.doFinal();
  }

  /**
   * A tag over {@code fields} under this key, domain-separated by {@code label} (which no pending
   * login uses): for other short-lived values the engine hands out and must recognize, such as
   * renewal challenges.
   */
  byte[] tag(String label, String... fields) {
    if (label.equals("shomei-pending-login-v1")) {
      throw new IllegalArgumentException("label reserved for pending logins");
    }
    Mac mac = mac();
    field(mac, label);
    for (String f : fields) {
      field(mac, f);
    }
    return mac.doFinal();
  }

  private Mac mac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("the pending-login key is not usable for HMAC-SHA256", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is required of every Java platform", e);
    }
  }

  private static void field(Mac mac, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    mac.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16),
        (byte) (b.length >>> 8), (byte) b.length});
    mac.update(b);
  }

  @Override
  public String toString() {
    return "PendingLoginSeal[key=<redacted>]";
  }
}
