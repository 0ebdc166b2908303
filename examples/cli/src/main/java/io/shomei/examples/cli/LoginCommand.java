package io.shomei.examples.cli;

import io.shomei.core.Login;
import io.shomei.core.LoginResult;
import io.shomei.core.Shomei;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.password.PasswordViolation;
import io.shomei.examples.datadir.DataDir;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code shomei login}: the certificate login of the web example, step by step: certificate, then
 * password, then the password change when one is required.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
    description = {"Runs a certificate login: presents the certificate, gives the password and,"
        + " when a change is required (first login, temporary password), changes it to the"
        + " password of --new-password-env.",
        "result: authenticated (exit 0), change-required (exit 1: no --new-password-env) or"
            + " refused (exit 1, with reason: and refusal:, what the customer must be told).",
        "With --at the login is rehearsed at that instant: its audit records carry it too."})
final class LoginCommand extends CliCommand {
  @Option(names = "--service", required = true, paramLabel = "SERVICE",
      description = "fx-forward or fx-other.")
  String service = "";

  @Mixin SharedOptions.PresentedCertificate cert = new SharedOptions.PresentedCertificate();

  @Option(names = "--password-env", required = true, paramLabel = "VAR",
      description = "Environment variable holding the login password.")
  String passwordEnv = "";

  @Option(names = "--new-password-env", paramLabel = "VAR",
      description = "Environment variable holding the new password, used when a change is"
          + " required.")
  @Nullable String newPasswordEnv;

  @Option(names = "--at", paramLabel = "INSTANT", converter = InstantConverter.class,
      description = "Log in as of this instant (ISO-8601 with offset) instead of now.")
  @Nullable Instant at;

  @Mixin SharedOptions.RulesOverride rules = new SharedOptions.RulesOverride();

  LoginCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int execute() {
    service(service);
    CertificateReader.Read read = cert.read(this);
    // checked before anything is sent, so a missing variable is a usage error with no side effect
    secret("--password-env", passwordEnv).destroy();
    if (newPasswordEnv != null) {
      secret("--new-password-env", newPasswordEnv).destroy();
    }
    try (DataDir dir = open()) {
      Shomei shomei = rules.shomei(dir, clock(at));
      Login flow = shomei.login();
      LoginResult.CertificateStep step1 =
          flow.presentEncodedCertificate(service, read.encodings());
      if (step1 instanceof LoginResult.Refused r) {
        return refused(r, "certificate");
      }
      LoginResult.PasswordRequired pending = (LoginResult.PasswordRequired) step1;
      LoginResult.PasswordStep step2 = flow.password(pending.pending(),
          secret("--password-env", passwordEnv));
      if (step2 instanceof LoginResult.Refused r) {
        return refused(r, "password");
      }
      if (step2 instanceof LoginResult.Authenticated a) {
        return authenticated(a);
      }
      LoginResult.ChangeRequired change = (LoginResult.ChangeRequired) step2;
      if (newPasswordEnv == null) {
        out.kv("result", "change-required")
            .kv("reason", change.reason().name())
            .account(change.pending().account());
        out.extra("Give the new password with --new-password-env VAR to complete the login.");
        return ShomeiCli.REFUSED;
      }
      LoginResult.ChangeStep step3 = flow.changePassword(change.pending(),
          secret("--password-env", passwordEnv), secret("--new-password-env", newPasswordEnv));
      if (step3 instanceof LoginResult.Authenticated a) {
        return authenticated(a);
      }
      if (step3 instanceof LoginResult.PolicyViolations v) {
        out.kv("result", "refused").kv("step", "change").kv("reason", "PASSWORD_POLICY");
        for (PasswordViolation violation : v.violations()) {
          out.kv("violation", violation.code().name());
        }
        v.messages(Locale.ENGLISH).forEach(out::extra);
        return ShomeiCli.REFUSED;
      }
      return refused((LoginResult.Refused) step3, "change");
    }
  }

  private int authenticated(LoginResult.Authenticated a) {
    out.kv("result", "authenticated")
        .account(a.account())
        .kv("serial", a.certificate().serialHex())
        .kv("authenticated-at", a.authenticatedAt())
        .kv("first-login", Out.bool(a.firstLogin()))
        .kvIf("previous-login-at", a.previousLoginAt())
        .kv("password-changed", Out.bool(a.passwordChanged()))
        .kvIf("certificate-unusable-from", a.certificateUnusableFrom());
    out.extra(Lines.validityInZone(a.certificate()));
    return ShomeiCli.OK;
  }

  private int refused(LoginResult.Refused r, String step) {
    out.kv("result", "refused").kv("step", step).kv("reason", r.reason().name());
    AcceptanceRefusal certificate = r.certificateRefusal();
    if (certificate != null) {
      out.kv("certificate-refusal", certificate.name());
    }
    if (r.account() != null) {
      out.account(r.account());
    }
    Lines.refusal(out, r.refusal());
    out.extra(r.detail());
    return ShomeiCli.REFUSED;
  }
}
