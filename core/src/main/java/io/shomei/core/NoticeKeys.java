package io.shomei.core;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.IssuerName;
import io.shomei.spi.Notice;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The notices the engine writes and their idempotency keys, in one place: the key names the event
 * (a certificate by serial and issuer, a campaign and an account, a threshold), so a repeated run derives the same key and
 * the outbox keeps the first.
 */
final class NoticeKeys {
  private NoticeKeys() {}

  static String hex(BigInteger serial) {
    return serial.toString(16);
  }

  /**
   * A certificate in a key: its serial and its issuer, since a serial is unique per issuer only
   * (two adopted CAs may both have used serial 7). The issuer is the first 16 hex digits of its
   * {@link IssuerName}: {@code 7@3f9a0c1e5b7d2a64}.
   */
  static String certificate(IssuerName issuer, BigInteger serial) {
    return hex(serial) + "@" + issuer.sha256().substring(0, 16);
  }

  static String certificate(CertificateRecord record) {
    return certificate(record.issuer(), record.serial());
  }

  /** The notices of a committed acquisition or renewal. */
  static List<Notice> ofIssuance(AccountKey account, CertificateRecord issued,
      @Nullable CertificateRecord superseded, boolean alert, Instant at) {
    List<Notice> out = new ArrayList<>(3);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("serial", hex(issued.serial()));
    facts.put("notBefore", issued.notBefore().toString());
    facts.put("notAfter", issued.notAfter().toString());
    out.add(new Notice("issued:" + certificate(issued), account, Notice.Kind.ISSUED, facts, at));
    if (superseded != null) {
      out.add(new Notice("superseded:" + certificate(superseded), account,
          Notice.Kind.SUPERSEDED, Map.of("serial", hex(superseded.serial()),
              "supersededBy", hex(issued.serial())), at));
      if (alert) {
        out.add(new Notice("issuance-alert:" + certificate(issued), account,
            Notice.Kind.ISSUANCE_ALERT, Map.of("serial", hex(issued.serial()),
                "superseded", hex(superseded.serial())), at));
      }
    }
    return out;
  }

  /**
   * A download of a certificate's file: one per download, the key naming the ticket by its
   * creation instant (never by its id, a bearer secret) and the downloads it has left after this
   * one.
   */
  static Notice downloaded(DownloadTicket after, Instant at) {
    return new Notice("downloaded:" + certificate(after.issuer(), after.serial()) + ":"
        + after.createdAt().toEpochMilli() + ":" + after.downloadsLeft(), after.account(),
        Notice.Kind.DOWNLOADED, Map.of("serial", hex(after.serial()),
            "downloadsLeft", Integer.toString(after.downloadsLeft())), at);
  }

  /** The first login with a certificate: one per certificate, whichever login comes first. */
  static Notice firstUsed(CertificateRecord certificate, Instant at) {
    return new Notice("first-used:" + certificate(certificate), certificate.account(),
        Notice.Kind.FIRST_USED, Map.of("serial", hex(certificate.serial())), at);
  }

  /** A revocation: one per certificate (a certificate is revoked once). */
  static Notice revoked(CertificateRecord revoked, Instant at) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("serial", hex(revoked.serial()));
    io.shomei.spi.RevocationReason reason = revoked.revocationReason();
    if (reason != null) {
      facts.put("reason", reason.rfcName());
    }
    return new Notice("revoked:" + certificate(revoked), revoked.account(), Notice.Kind.REVOKED,
        facts, at);
  }

  /**
   * The lock of the login password, if this change locked it: one per lock, the key naming the
   * account and the instant of the lock (an unlocked account that is locked again is told again).
   */
  static List<Notice> ofLock(CredentialRecord before, CredentialRecord after) {
    Instant locked = after.loginLockedAt();
    if (before.loginLockedAt() != null || locked == null) {
      return List.of();
    }
    AccountKey account = after.account();
    return List.of(new Notice("account-locked:" + part(account.service()) + ":"
        + part(account.userId()) + ":" + locked.toEpochMilli(), account,
        Notice.Kind.ACCOUNT_LOCKED, Map.of("lockedAt", locked.toString()), locked));
  }

  /** An expiry warning at a threshold of days. */
  static Notice expiring(CertificateRecord certificate, int days, Instant at) {
    return new Notice("expiring:" + certificate(certificate) + ":" + days,
        certificate.account(), Notice.Kind.EXPIRING, Map.of("serial", hex(certificate.serial()),
            "notAfter", certificate.notAfter().toString(), "days", Integer.toString(days)), at);
  }

  /** A campaign's notice: one per campaign and account, whichever certificate it was about. */
  static Notice campaign(AccountKey account, String ruleId, BigInteger serial,
      Instant unusableFrom, Instant reacquireFrom, @Nullable Instant reacquireUntil,
      @Nullable String explanationUrl, Instant at) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("rule", ruleId);
    facts.put("serial", hex(serial));
    facts.put("unusableFrom", unusableFrom.toString());
    facts.put("reacquireFrom", reacquireFrom.toString());
    if (reacquireUntil != null) {
      facts.put("reacquireUntil", reacquireUntil.toString());
    }
    if (explanationUrl != null) {
      facts.put("explanationUrl", explanationUrl);
    }
    return new Notice("campaign:" + part(ruleId) + ":" + part(account.service()) + ":"
        + part(account.userId()), account, Notice.Kind.CAMPAIGN, facts, at);
  }

  /** A part of a key as written when it is short printable ASCII without ':', else its hash. */
  static String part(String text) {
    if (text.length() <= 60 && text.chars().allMatch(c -> c >= 0x21 && c <= 0x7e && c != ':')) {
      return text;
    }
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "sha256-" + java.util.HexFormat.of().formatHex(d, 0, 24);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
