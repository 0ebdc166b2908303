package io.shomei.examples.cli;

import io.shomei.core.AccountView;
import io.shomei.core.CredentialState;
import io.shomei.core.OperatorActions;
import io.shomei.core.OperatorOutcome;
import io.shomei.examples.datadir.DataDir;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore.RevocationResult;
import io.shomei.spi.RevocationReason;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shomei operator ...}: branch operator actions, audited as the named operator. */
@Command(name = "operator", mixinStandardHelpOptions = true,
    description = "Branch operator actions, audited as --operator NAME.",
    subcommands = {
        OperatorCommands.ResetAcquisitionPassword.class,
        OperatorCommands.ResetTemporaryPassword.class,
        OperatorCommands.Unlock.class,
        OperatorCommands.Revoke.class,
        OperatorCommands.Show.class})
final class OperatorCommands {
  private OperatorCommands() {}

  /** The options every operator action takes. */
  abstract static class Action extends CliCommand {
    @Option(names = "--user-id", required = true, paramLabel = "ID", description = "The user ID.")
    String userId = "";

    @Option(names = "--service", required = true, paramLabel = "SERVICE",
        description = "fx-forward or fx-other.")
    String service = "";

    @Option(names = "--operator", required = true, paramLabel = "NAME",
        description = "Who performs the action (recorded in the audit trail).")
    String operator = "";

    Action(Context ctx) {
      super(ctx);
    }

    @Override
    final int execute() {
      AccountKey account = account(userId, service);
      if (operator.isBlank() || operator.length() > 119 || !operator.strip().equals(operator)
          || operator.chars().anyMatch(Character::isISOControl)) {
        throw new UsageException("--operator must be 1..119 characters without control"
            + " characters or surrounding blanks");
      }
      checkOptions();
      try (DataDir dir = open()) {
        OperatorActions actions = dir.shomei(ctx.clock()).operator(operator);
        return act(dir, actions, account);
      }
    }

    abstract int act(DataDir dir, OperatorActions actions, AccountKey account);

    /** Checks an action's own options before the data directory is opened. */
    void checkOptions() {}

    /** Prints a password outcome; returns the exit code. */
    int outcome(OperatorOutcome o, String passwordKey) {
      if (o instanceof OperatorOutcome.NoAccount) {
        return noAccount();
      }
      out.kv("result", "done").kv("user-id", userId).kv("service", service)
          .kv("operator", operator);
      if (o instanceof OperatorOutcome.NewPassword p) {
        try {
          out.kvSecret(passwordKey, p.newPassword());
        } finally {
          p.newPassword().destroy();
        }
        credentials(p.state());
        out.extra("Print the new password on a letter for the customer; it is not stored.");
      } else if (o instanceof OperatorOutcome.Done d) {
        credentials(d.state());
      }
      return ShomeiCli.OK;
    }

    int noAccount() {
      out.kv("result", "refused").kv("reason", "NO_ACCOUNT").kv("user-id", userId)
          .kv("service", service);
      return ShomeiCli.REFUSED;
    }

    void credentials(CredentialState s) {
      out.kv("login-password-set", Out.bool(s.loginPasswordSet()))
          .kv("login-password-temporary", Out.bool(s.loginPasswordTemporary()))
          .kvIf("login-password-expires-at", s.loginPasswordExpiresAt())
          .kv("login-failures", s.loginFailures())
          .kv("login-locked", Out.bool(s.loginLockedAt() != null))
          .kvIf("login-locked-at", s.loginLockedAt())
          .kv("acquisition-password-set", Out.bool(s.acquisitionPasswordIssuedAt() != null))
          .kvIf("acquisition-password-issued-at", s.acquisitionPasswordIssuedAt())
          .kvIf("acquisition-password-consumed-at", s.acquisitionPasswordConsumedAt())
          .kv("acquisition-failures", s.acquisitionFailures())
          .kv("acquisition-locked", Out.bool(s.acquisitionLockedAt() != null))
          .kvIf("acquisition-locked-at", s.acquisitionLockedAt())
          .kvIf("last-login-at", s.lastLoginAt());
    }
  }

  /** A new acquisition password (printed once, for the letter). */
  @Command(name = "reset-acquisition-password", mixinStandardHelpOptions = true,
      description = "Issues a new acquisition password (printed once, for the customer's letter);"
          + " clears its lock and counter.")
  static final class ResetAcquisitionPassword extends Action {
    ResetAcquisitionPassword(Context ctx) {
      super(ctx);
    }

    @Override
    int act(DataDir dir, OperatorActions actions, AccountKey account) {
      return outcome(actions.resetAcquisitionPassword(account), "acquisition-password");
    }
  }

  /** A new temporary login password (printed once, for the letter). */
  @Command(name = "reset-temporary-password", mixinStandardHelpOptions = true,
      description = "Issues a new temporary login password (printed once, for the customer's"
          + " letter; changed at the next login) and unlocks the login.")
  static final class ResetTemporaryPassword extends Action {
    ResetTemporaryPassword(Context ctx) {
      super(ctx);
    }

    @Override
    int act(DataDir dir, OperatorActions actions, AccountKey account) {
      return outcome(actions.resetTemporaryPassword(account), "temporary-password");
    }
  }

  /** Unlocks the login password. */
  @Command(name = "unlock", mixinStandardHelpOptions = true,
      description = "Unlocks the login password and clears its counter (the password stays).")
  static final class Unlock extends Action {
    Unlock(Context ctx) {
      super(ctx);
    }

    @Override
    int act(DataDir dir, OperatorActions actions, AccountKey account) {
      return outcome(actions.unlockLogin(account), "unused");
    }
  }

  /** Revokes the account's active certificate. */
  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = {"Revokes the account's ACTIVE certificate (final); the customer may then"
          + " acquire a new one.",
          "--reason: unspecified (default), key-compromise, ca-compromise, affiliation-changed,"
              + " superseded, cessation-of-operation, privilege-withdrawn, or RFC 5280's own"
              + " names (keyCompromise, cACompromise, ...)."})
  static final class Revoke extends Action {
    @Option(names = "--reason", paramLabel = "REASON", defaultValue = "unspecified",
        description = "The RFC 5280 reason (default: ${DEFAULT-VALUE}).")
    String reason = "unspecified";

    Revoke(Context ctx) {
      super(ctx);
    }

    @Override
    void checkOptions() {
      reason(reason, "--reason");
    }

    @Override
    int act(DataDir dir, OperatorActions actions, AccountKey account) {
      RevocationReason r = reason(reason, "--reason");
      Optional<RevocationResult> outcome = actions.revokeActive(account, r);
      if (outcome.isEmpty()) {
        out.kv("result", "refused").kv("reason", "NO_ACTIVE_CERTIFICATE").kv("user-id", userId)
            .kv("service", service);
        return ShomeiCli.REFUSED;
      }
      RevocationResult result = outcome.get();
      if (result instanceof RevocationResult.Revoked revoked) {
        out.kv("result", "revoked").kv("user-id", userId).kv("service", service)
            .kv("operator", operator)
            .kv("serial", revoked.revoked().serial().toString(16))
            .kv("revocation-reason", Out.word(r))
            .kvIf("revoked-at", revoked.revoked().statusChangedAt());
        return ShomeiCli.OK;
      }
      // the active certificate changed state meanwhile (another process revoked it)
      if (result instanceof RevocationResult.AlreadyRevoked already) {
        out.kv("result", "refused").kv("reason", "ALREADY_REVOKED")
            .kv("serial", already.current().serial().toString(16));
      } else {
        out.kv("result", "refused").kv("reason", "NOT_FOUND")
            .kv("serial", ((RevocationResult.NotFound) result).serial().toString(16));
      }
      return ShomeiCli.REFUSED;
    }

    /**
     * A revocation reason as an operator types it: RFC 5280's own name ({@code keyCompromise},
     * exactly as the RFC spells it) or the kebab-case word ({@code key-compromise}, in any case,
     * {@code _} for {@code -} allowed).
     *
     * @param name what was typed
     * @param option the option it was given with, for the error message
     * @return the reason
     * @throws UsageException naming {@code option} and the accepted names
     */
    static RevocationReason reason(String name, String option) {
      for (RevocationReason r : RevocationReason.values()) {
        if (r.rfcName().equals(name)
            || Out.word(r).equals(name.toLowerCase(Locale.ROOT).replace('_', '-'))) {
          return r;
        }
      }
      StringBuilder known = new StringBuilder();
      for (RevocationReason r : RevocationReason.values()) {
        known.append(known.length() == 0 ? "" : ", ").append(Out.word(r)).append(" (")
            .append(r.rfcName()).append(')');
      }
      throw new UsageException("unknown " + option + " '" + Out.oneLine(name) + "'; one of: "
          + known);
    }
  }

  /** What the bank knows of an account. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = {"Shows an account: password states (never a hash), certificates, live"
          + " download tickets.",
          "One 'certificate:' line per certificate, oldest first: serial=HEX status=S"
              + " not-before=I not-after=I conforming=B [superseded-by=HEX]"
              + " [revocation-reason=R]."})
  static final class Show extends Action {
    Show(Context ctx) {
      super(ctx);
    }

    @Override
    int act(DataDir dir, OperatorActions actions, AccountKey account) {
      Optional<AccountView> view = actions.view(account);
      if (view.isEmpty()) {
        return noAccount();
      }
      AccountView v = view.get();
      out.kv("result", "found").kv("user-id", userId).kv("service", service);
      credentials(v.credentials());
      out.kv("live-download-tickets", v.liveDownloadTickets())
          .kv("certificates", v.certificates().size());
      for (CertificateRecord c : v.certificates()) {
        StringBuilder sb = new StringBuilder()
            .append("serial=").append(c.serial().toString(16))
            .append(" status=").append(Out.word(c.status()))
            .append(" not-before=").append(Out.format(c.notBefore()))
            .append(" not-after=").append(Out.format(c.notAfter()))
            .append(" conforming=").append(Out.bool(c.conforming()));
        if (c.supersededBy() != null) {
          sb.append(" superseded-by=").append(c.supersededBy().toString(16));
        }
        if (c.revocationReason() != null) {
          sb.append(" revocation-reason=").append(Out.word(c.revocationReason()));
        }
        out.kv("certificate", sb);
      }
      return ShomeiCli.OK;
    }
  }
}
