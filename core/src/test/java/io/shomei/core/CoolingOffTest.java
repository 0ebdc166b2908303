package io.shomei.core;

import static io.shomei.core.NoticeScenarioTest.jst;
import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.SPOT;
import static io.shomei.core.ShomeiBank.acquired;
import static io.shomei.core.ThreeSecretFallbackTest.ACCOUNT;
import static io.shomei.core.ThreeSecretFallbackTest.CHANGE;
import static io.shomei.core.ThreeSecretFallbackTest.OWN;
import static io.shomei.core.ThreeSecretFallbackTest.USER;
import static io.shomei.core.ThreeSecretFallbackTest.inUse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.password.LetterFields;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.Secret;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The optional cooling-off after a three-secret fallback issuance (issue 23, item 3): a
 * certificate issued by the three secrets while the account held one that could have renewed
 * logs in only from its issuance plus the service's duration; the refusal says the instant it
 * ends, is audited, and the instant itself is accepted.
 */
class CoolingOffTest {
  static final Duration WAIT = Duration.ofDays(3);

  static ShomeiBank bank(ThreeSecretFallback mode) {
    return new ShomeiBank(jst("2020-10-01T10:00:00"),
        b -> b.threeSecretFallback(FX, mode).coolingOff(FX, WAIT));
  }

  @Test
  void aFallbackCertificateIsRefusedUntilTheCoolingOffEndsAndAcceptedAtItsLastInstant()
      throws Exception {
    ShomeiBank bank = bank(ThreeSecretFallback.ALLOW_WITH_ALERT);
    try (LetterFields letter = bank.enroll(USER, FX)) {
      inUse(bank, letter); // the first acquisition has no cooling-off: it logged in at once
      bank.clock.set(CHANGE);
      AcquisitionResult.Acquired fallback =
          acquired(bank.acquire(USER, FX, OWN, letter.acquisitionPassword()));
      Instant until = CHANGE.plus(WAIT);
      assertThat(bank.memoryCertificates.findBySerial(fallback.serial()).orElseThrow()
          .loginFrom()).isEqualTo(until);
      AuditRecord issued = bank.audit().stream()
          .filter(r -> r.type().equals("CERTIFICATE_ISSUED")
              && fallback.serial().toString(16).equals(r.details().get("serial")))
          .findFirst().orElseThrow();
      assertThat(issued.details()).containsEntry("cooling_off_until", until.toString())
          .containsEntry("alert", "three-secrets-while-proof-capable");

      // one nanosecond before the end: refused, with the instant it ends, and audited
      bank.clock.set(until.minusNanos(1));
      LoginResult.CertificateStep early =
          bank.shomei.login().presentCertificate(FX, List.of(fallback.certificate()));
      assertThat(early).isInstanceOfSatisfying(LoginResult.Refused.class, r -> {
        assertThat(r.refusal()).isEqualTo(new Refusal.CoolingOff(until));
        assertThat(r.refusal().code()).isEqualTo(LoginRefusal.COOLING_OFF);
        assertThat(r.detail()).contains("2021-02-27T00:00:00+09:00", "cooling-off");
      });
      AuditRecord refusal = bank.audit().stream()
          .filter(r -> r.type().equals("LOGIN_CERTIFICATE_REFUSED")).reduce((a, b) -> b)
          .orElseThrow();
      assertThat(refusal.details()).containsEntry("refusal", "COOLING_OFF")
          .containsEntry("login_from", until.toString());
      assertThat(refusal.userId()).isEqualTo(USER);

      // the instant it ends: accepted
      bank.clock.set(until);
      assertThat(bank.shomei.login().presentCertificate(FX, List.of(fallback.certificate())))
          .isInstanceOf(LoginResult.PasswordRequired.class);
    }
  }

  @Test
  void plainAllowModeWaitsToo() throws Exception {
    ShomeiBank bank = bank(ThreeSecretFallback.ALLOW);
    try (LetterFields letter = bank.enroll(USER, FX)) {
      inUse(bank, letter);
      bank.clock.set(CHANGE);
      AcquisitionResult.Acquired fallback =
          acquired(bank.acquire(USER, FX, OWN, letter.acquisitionPassword()));
      assertThat(bank.shomei.login().presentCertificate(FX, List.of(fallback.certificate())))
          .isInstanceOfSatisfying(LoginResult.Refused.class, r -> assertThat(r.refusal())
              .isEqualTo(new Refusal.CoolingOff(CHANGE.plus(WAIT))));
      assertThat(bank.auditTypes()).doesNotContain("ISSUANCE_ALERT");
    }
  }

  @Test
  void aRenewalWithProofLogsInAtOnce() throws Exception {
    ShomeiBank bank = bank(ThreeSecretFallback.ALLOW_WITH_ALERT);
    try (LetterFields letter = bank.enroll(USER, FX)) {
      X509Certificate old = inUse(bank, letter);
      bank.clock.set(CHANGE);
      RenewalResult.Renewed renewed = (RenewalResult.Renewed) bank.shomei.renewal().renew(
          RenewalRequest.handshake(FX, List.of(old), Secret.of("Atarashii#2021")));
      assertThat(renewed.acquired().certificate()).isNotNull();
      assertThat(bank.shomei.login().presentCertificate(FX,
          List.of(renewed.acquired().certificate())))
          .isInstanceOf(LoginResult.PasswordRequired.class);
    }
  }

  @Test
  void renewingWithACertificateInItsCoolingOffPassesTheWaitOn() throws Exception {
    ShomeiBank bank = new ShomeiBank(jst("2020-10-01T10:00:00"),
        b -> b.threeSecretFallback(FX, ThreeSecretFallback.ALLOW_WITH_ALERT)
            .coolingOff(FX, WAIT).voluntaryReacquisition(true));
    try (LetterFields letter = bank.enroll(USER, FX)) {
      inUse(bank, letter);
      bank.clock.set(CHANGE);
      AcquisitionResult.Acquired fallback =
          acquired(bank.acquire(USER, FX, OWN, letter.acquisitionPassword()));
      // whoever holds the fallback certificate renews with it at once: the successor still waits
      bank.clock.set(CHANGE.plus(Duration.ofMinutes(5)));
      RenewalResult.Renewed renewed = (RenewalResult.Renewed) bank.shomei.renewal().renew(
          RenewalRequest.handshake(FX, List.of(fallback.certificate()),
              Secret.of("Atarashii#2021")));
      assertThat(bank.shomei.login().presentCertificate(FX,
          List.of(renewed.acquired().certificate())))
          .isInstanceOfSatisfying(LoginResult.Refused.class, r -> assertThat(r.refusal())
              .isEqualTo(new Refusal.CoolingOff(CHANGE.plus(WAIT))));
    }
  }

  @Test
  void anAcquisitionAfterTheBranchFlaggedThePcHasNoCoolingOff() throws Exception {
    ShomeiBank bank = bank(ThreeSecretFallback.REFUSE);
    try (LetterFields letter = bank.enroll(USER, FX)) {
      inUse(bank, letter);
      bank.clock.set(CHANGE);
      assertThat(bank.shomei.operator("branch-001").flagDeviceLostOrReplaced(ACCOUNT))
          .isPresent();
      AcquisitionResult.Acquired after =
          acquired(bank.acquire(USER, FX, OWN, letter.acquisitionPassword()));
      assertThat(bank.memoryCertificates.findBySerial(after.serial()).orElseThrow().loginFrom())
          .isNull();
      assertThat(bank.shomei.login().presentCertificate(FX, List.of(after.certificate())))
          .isInstanceOf(LoginResult.PasswordRequired.class);
    }
  }

  @Test
  void aServiceWithoutACoolingOffDoesNotWait() throws Exception {
    ShomeiBank bank = bank(ThreeSecretFallback.ALLOW_WITH_ALERT);
    try (LetterFields letter = bank.enroll(USER, SPOT)) {
      AcquisitionResult.Acquired first = acquired(bank.acquire(letter, SPOT));
      assertThat(bank.memoryCertificates.findBySerial(first.serial()).orElseThrow().loginFrom())
          .isNull();
    }
  }

  @Test
  void theBuilderRefusesAnEmptyOrRepeatedCoolingOffAndAnUnknownService() {
    assertThatThrownBy(() -> Shomei.builder().coolingOff(FX, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Shomei.builder().coolingOff(FX, Duration.ofHours(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Shomei.builder().coolingOff(FX, WAIT).coolingOff(FX, WAIT))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new ShomeiBank(CHANGE, b -> b.coolingOff("fx-nothing", WAIT)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("fx-nothing");
  }
}
