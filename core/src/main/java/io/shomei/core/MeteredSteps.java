package io.shomei.core;

import io.shomei.core.password.HashingBusyException;
import io.shomei.spi.Secret;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Login} and {@link Acquisition} reporting each call to a {@link ShomeiMetrics}. */
final class MeteredSteps {
  private static final Logger LOG = LoggerFactory.getLogger(MeteredSteps.class);

  private MeteredSteps() {}

  static Login login(Login engine, ShomeiMetrics metrics) {
    return new Login() {
      @Override
      public LoginResult.CertificateStep presentCertificate(String service,
          List<X509Certificate> chain) {
        return measure(metrics, ShomeiMetrics.Step.LOGIN_CERTIFICATE,
            () -> engine.presentCertificate(service, chain), MeteredSteps::outcome);
      }

      @Override
      public LoginResult.CertificateStep presentEncodedCertificate(String service,
          List<byte[]> chain) {
        return measure(metrics, ShomeiMetrics.Step.LOGIN_CERTIFICATE,
            () -> engine.presentEncodedCertificate(service, chain), MeteredSteps::outcome);
      }

      @Override
      public LoginResult.PasswordStep password(PendingLogin pending, Secret password) {
        return measure(metrics, ShomeiMetrics.Step.LOGIN_PASSWORD,
            () -> engine.password(pending, password), MeteredSteps::outcome);
      }

      @Override
      public LoginResult.ChangeStep changePassword(PendingLogin pending, Secret current,
          Secret newPassword) {
        return measure(metrics, ShomeiMetrics.Step.LOGIN_CHANGE,
            () -> engine.changePassword(pending, current, newPassword), MeteredSteps::outcome);
      }

      @Override
      public LoginResult.ChangeStep changePassword(PasswordProof proof, Secret newPassword) {
        return measure(metrics, ShomeiMetrics.Step.LOGIN_CHANGE,
            () -> engine.changePassword(proof, newPassword), MeteredSteps::outcome);
      }

      @Override
      public String toString() {
        return engine.toString();
      }
    };
  }

  static Acquisition acquisition(Acquisition engine, ShomeiMetrics metrics) {
    return new Acquisition() {
      @Override
      public AcquisitionResult acquire(AcquisitionRequest request) {
        return measure(metrics, ShomeiMetrics.Step.ACQUISITION, () -> engine.acquire(request),
            r -> r instanceof AcquisitionResult.Refused x ? x.reason().name() : "ACQUIRED");
      }

      @Override
      public DownloadResult download(String ticketId) {
        return measure(metrics, ShomeiMetrics.Step.DOWNLOAD, () -> engine.download(ticketId),
            r -> r instanceof DownloadResult.Refused x ? x.reason().name() : "DOWNLOADED");
      }

      @Override
      public int deleteExpiredTickets(Instant now) {
        return engine.deleteExpiredTickets(now);
      }

      @Override
      public String toString() {
        return engine.toString();
      }
    };
  }

  /** The outcome code of a login result. */
  static String outcome(LoginResult r) {
    if (r instanceof LoginResult.Refused x) {
      return x.refusal().code().name();
    }
    if (r instanceof LoginResult.PasswordRequired) {
      return "PASSWORD_REQUIRED";
    }
    if (r instanceof LoginResult.ChangeRequired) {
      return "CHANGE_REQUIRED";
    }
    if (r instanceof LoginResult.PolicyViolations) {
      return "POLICY_VIOLATIONS";
    }
    return "AUTHENTICATED";
  }

  private static <T> T measure(ShomeiMetrics metrics, ShomeiMetrics.Step step, Supplier<T> call,
      Function<? super T, String> outcome) {
    long start = System.nanoTime();
    T result;
    try {
      result = call.get();
    } catch (HashingBusyException e) {
      report(metrics, step, "BUSY", false, start);
      throw e;
    } catch (RuntimeException | Error e) {
      report(metrics, step, "ERROR", false, start);
      throw e;
    }
    String code = outcome.apply(result);
    boolean success = !(result instanceof LoginResult.Refused
        || result instanceof LoginResult.PolicyViolations
        || result instanceof AcquisitionResult.Refused || result instanceof DownloadResult.Refused);
    report(metrics, step, code, success, start);
    return result;
  }

  private static void report(ShomeiMetrics metrics, ShomeiMetrics.Step step, String outcome,
      boolean success, long start) {
    try {
      metrics.completed(step, outcome, success, Duration.ofNanos(System.nanoTime() - start));
    } catch (RuntimeException e) {
      LOG.warn("a metrics listener failed: {}", e.getClass().getName());
    }
  }
}
