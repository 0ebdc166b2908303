package io.shomei.examples.cli;

import io.shomei.core.EnrollmentResult;
import io.shomei.core.password.LetterFields;
import io.shomei.examples.datadir.DataDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shomei user ...}: customer accounts. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Customer accounts.",
    subcommands = UserCommands.Add.class)
final class UserCommands {
  private UserCommands() {}

  /**
   * {@code shomei user add}: enrolls a customer and prints the letter fields (the only command
   * besides {@code operator reset-acquisition-password} that prints secrets: they go on the letter).
   */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = {"Creates a customer's account for a service and prints the letter fields:",
          "user-id, temporary-password, acquisition-password. Print them on the letter; they are"
              + " not stored (only their hashes are)."})
  static final class Add extends CliCommand {
    @Option(names = "--user-id", required = true, paramLabel = "ID",
        description = "The user ID (eight digits); it becomes the certificate's CN.")
    String userId = "";

    @Option(names = "--service", required = true, paramLabel = "SERVICE",
        description = "fx-forward or fx-other.")
    String service = "";

    Add(Context ctx) {
      super(ctx);
    }

    @Override
    int execute() {
      service(service); // the user ID is the engine's to parse
      try (DataDir dir = open()) {
        EnrollmentResult r = dir.shomei(ctx.clock()).enrollment().enroll(userId, service);
        if (r instanceof EnrollmentResult.Enrolled e) {
          try (LetterFields letter = e.letter()) {
            out.kv("result", "enrolled")
                .kv("user-id", letter.userId())
                .kv("service", e.account().service())
                .kvSecret("temporary-password", letter.temporaryPassword())
                .kvSecret("acquisition-password", letter.acquisitionPassword());
            out.extra("Print these fields on the customer's letter. The temporary password must be"
                + " changed at the first login.");
          }
          return ShomeiCli.OK;
        }
        out.kv("result", "refused");
        if (r instanceof EnrollmentResult.AlreadyEnrolled a) {
          out.kv("reason", "ALREADY_ENROLLED").account(a.account());
          out.extra("The account exists; an operator resets its passwords instead.");
        } else if (r instanceof EnrollmentResult.InvalidUserId) {
          out.kv("reason", "INVALID_USER_ID");
          out.extra("The user ID does not satisfy the user-ID policy (eight ASCII digits).");
        } else {
          out.kv("reason", "UNKNOWN_SERVICE");
        }
        return ShomeiCli.REFUSED;
      }
    }
  }
}
