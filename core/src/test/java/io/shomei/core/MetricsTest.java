package io.shomei.core;

import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.acquired;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.audit.AuditEventType;
import io.shomei.core.password.LetterFields;
import io.shomei.spi.Secret;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link ShomeiMetrics}: each step reports its typed outcome and a latency, lockouts arrive as audit
 * types, a listener that throws never fails a step, and nothing of the customer is passed.
 */
class MetricsTest {
  private static final Instant JAN = Instant.parse("2021-01-10T00:00:00Z");
  private static final String USER = "12345678";

  record Seen(ShomeiMetrics.Step step, String outcome, boolean success, Duration latency) {}

  static final class Recorder implements ShomeiMetrics {
    final List<Seen> steps = new CopyOnWriteArrayList<>();
    final List<AuditEventType> types = new CopyOnWriteArrayList<>();

    @Override
    public void completed(Step step, String outcome, boolean success, Duration latency) {
      steps.add(new Seen(step, outcome, success, latency));
    }

    @Override
    public void audited(AuditEventType type) {
      types.add(type);
    }
  }

  @Test
  void everyStepReportsItsOutcomeAndLockoutsArriveAsAuditTypes() {
    Recorder r = new Recorder();
    ShomeiBank bank = new ShomeiBank(JAN, b -> b.metrics(r));
    AcquisitionResult.Acquired a;
    try (LetterFields letter = bank.enroll(USER, FX)) {
      assertThat(bank.shomei.acquisition().acquire(AcquisitionRequest.of(USER, FX,
          Secret.of("wrong-password-1"), Secret.of("wrong-acq-1"))))
          .isInstanceOf(AcquisitionResult.Refused.class);
      a = acquired(bank.acquire(letter, FX));
    }
    bank.shomei.acquisition().download(a.downloadTicket().orElseThrow().id());
    bank.shomei.acquisition().download("no-such-ticket");
    List<X509Certificate> chain = CertificatesTest.chain(a);
    LoginResult.PasswordRequired p =
        (LoginResult.PasswordRequired) bank.shomei.login().presentCertificate(FX, chain);
    for (int i = 0; i < 5; i++) {
      bank.shomei.login().password(p.pending(), Secret.of("Wrong" + i + "xyz"));
    }
    bank.shomei.login().presentCertificate(FX, chain);

    assertThat(r.steps).extracting(Seen::step, Seen::outcome, Seen::success).containsExactly(
        org.assertj.core.groups.Tuple.tuple(ShomeiMetrics.Step.ACQUISITION, "AUTHENTICATION_FAILED", false),
        org.assertj.core.groups.Tuple.tuple(ShomeiMetrics.Step.ACQUISITION, "ACQUIRED", true),
        org.assertj.core.groups.Tuple.tuple(ShomeiMetrics.Step.DOWNLOAD, "DOWNLOADED", true),
        org.assertj.core.groups.Tuple.tuple(ShomeiMetrics.Step.DOWNLOAD, "NOT_FOUND", false),
        org.assertj.core.groups.Tuple.tuple(ShomeiMetrics.Step.LOGIN_CERTIFICATE, "PASSWORD_REQUIRED", true),
        org.assertj.core.groups.Tuple.tuple(ShomeiMetrics.Step.LOGIN_PASSWORD, "INVALID_CREDENTIALS", false),
        org.assertj.core.groups.Tuple.tuple(ShomeiMetrics.Step.LOGIN_PASSWORD, "INVALID_CREDENTIALS", false),
        org.assertj.core.groups.Tuple.tuple(ShomeiMetrics.Step.LOGIN_PASSWORD, "INVALID_CREDENTIALS", false),
        org.assertj.core.groups.Tuple.tuple(ShomeiMetrics.Step.LOGIN_PASSWORD, "INVALID_CREDENTIALS", false),
        org.assertj.core.groups.Tuple.tuple(ShomeiMetrics.Step.LOGIN_PASSWORD, "INVALID_CREDENTIALS", false),
        org.assertj.core.groups.Tuple.tuple(ShomeiMetrics.Step.LOGIN_CERTIFICATE, "ACCOUNT_LOCKED", false));
    assertThat(r.steps).allSatisfy(s -> assertThat(s.latency().isNegative()).isFalse());
    assertThat(r.types).containsOnlyOnce(AuditEventType.LOGIN_LOCKED)
        .contains(AuditEventType.CERTIFICATE_ISSUED, AuditEventType.CERTIFICATE_DOWNLOADED);
    assertThat(r.types).hasSameSizeAs(bank.audit());
  }

  @Test
  void aListenerThatThrowsNeverFailsAStep() {
    ShomeiBank bank = new ShomeiBank(JAN, b -> b.metrics(new ShomeiMetrics() {
      @Override
      public void completed(Step step, String outcome, boolean success, Duration latency) {
        throw new IllegalStateException("metrics backend down");
      }

      @Override
      public void audited(AuditEventType type) {
        throw new IllegalStateException("metrics backend down");
      }
    }));
    try (LetterFields letter = bank.enroll(USER, FX)) {
      AcquisitionResult.Acquired a = acquired(bank.acquire(letter, FX));
      assertThat(bank.shomei.login().presentCertificate(FX, CertificatesTest.chain(a)))
          .isInstanceOf(LoginResult.PasswordRequired.class);
    }
  }
}
