package io.shomei.core;

import static io.shomei.core.Bank.FX;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.booleans;

import io.shomei.spi.Secret;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CredentialRecord;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.qt.Qt;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * For any sequence of right and wrong passwords, the stored failure counter equals the number of
 * consecutive failures since the last success, and the lock engages exactly at the threshold and
 * then holds (a right password no longer helps).
 */
class LoginLockoutProperties {
  static final Instant START = Instant.parse("2024-06-01T01:00:00Z");
  static final String RIGHT = "Kx7mQ2vLp9";
  static final AccountKey ACCOUNT = new AccountKey("55555555", FX);
  static final TestCa.Issued CERT = Bank.ISSUING.leaf().commonName(ACCOUNT.userId())
      .validity(START.minus(Duration.ofDays(1)), START.plus(Duration.ofDays(30))).issue();

  @Test
  void failureCounterEqualsConsecutiveFailuresAndLockEngagesExactlyAtThreshold() {
    Qt.qt().withExamples(150).forAll(integers().between(1, 6),
            lists().of(booleans().all()).ofSizeBetween(0, 14))
        .checkAssert(LoginLockoutProperties::run);
  }

  static void run(int threshold, List<Boolean> attempts) {
    Bank bank = new Bank(START, threshold);
    bank.enrollPermanent(ACCOUNT, RIGHT, START.minus(Duration.ofDays(1)));
    CertificateRecord record = CERT.record(ACCOUNT, START);
    bank.certificates.record(record);
    bank.certificates.activate(record.serial(), null, START);
    LoginEngine flow = bank.flow();
    PendingLogin pending =
        ((LoginResult.PasswordRequired) flow.presentCertificate(FX, Bank.chain(CERT))).pending();

    int failures = 0;
    boolean locked = false;
    int lockEvents = 0;
    for (int i = 0; i < attempts.size(); i++) {
      boolean right = attempts.get(i);
      LoginResult.PasswordStep r = flow.password(pending, Secret.of(right ? RIGHT : "wrong" + i));
      if (locked) {
        check(r instanceof LoginResult.Refused x && x.reason() == LoginRefusal.INVALID_CREDENTIALS,
            "locked: refused", attempts, i);
      } else if (right) {
        check(r instanceof LoginResult.Authenticated, "right password authenticates", attempts, i);
        failures = 0;
      } else {
        check(r instanceof LoginResult.Refused x && x.reason() == LoginRefusal.INVALID_CREDENTIALS,
            "wrong password refused", attempts, i);
        failures++;
        if (failures == threshold) {
          locked = true;
          lockEvents++;
        }
      }
      CredentialRecord stored = bank.credential(ACCOUNT);
      check(stored.loginFailures() == failures,
          "failures " + stored.loginFailures() + " != " + failures, attempts, i);
      check(stored.loginLocked() == locked, "locked " + stored.loginLocked(), attempts, i);
    }
    check(bank.auditOf("LOGIN_LOCKED").size() == lockEvents, "one LOGIN_LOCKED per lock",
        attempts, attempts.size());
  }

  static void check(boolean ok, String what, List<Boolean> attempts, int index) {
    if (!ok) {
      throw new AssertionError(what + " at attempt " + index + " of " + attempts);
    }
  }
}
