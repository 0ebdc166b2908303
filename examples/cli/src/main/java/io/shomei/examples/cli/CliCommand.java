package io.shomei.examples.cli;

import io.shomei.spi.Secret;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.identity.UserIdResult;
import io.shomei.examples.datadir.DataDir;
import io.shomei.spi.AccountKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * A subcommand that does something: every one takes {@code --data DIR}. Subclasses implement
 * {@link #execute()} and return an exit code; failures are thrown ({@link UsageException},
 * {@link CliFailure}, the data directory's and the SDK's exceptions) and mapped by
 * {@link ShomeiCli}.
 */
abstract class CliCommand implements Callable<Integer> {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  final Context ctx;
  final Out out;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = DataDir.DEFAULT_DIRECTORY,
      description = "The data directory (default: ${DEFAULT-VALUE}).")
  Path data = Path.of(DataDir.DEFAULT_DIRECTORY);

  CliCommand(Context ctx) {
    this.ctx = ctx;
    this.out = new Out(ctx.out());
  }

  @Override
  public final Integer call() throws Exception {
    try {
      return execute();
    } finally {
      out.flush();
    }
  }

  /** Runs the command; returns its exit code. */
  abstract int execute() throws Exception;

  /** Opens the data directory (the PIN of a token CA comes from the environment). */
  DataDir open() {
    return DataDir.open(data, ctx::getenv);
  }

  /** The clock decisions use: fixed at {@code at}, or the context's clock. */
  Clock clock(@Nullable Instant at) {
    return at == null ? ctx.clock() : Clock.fixed(at, ZoneOffset.UTC);
  }

  /** The instant decisions are made at. */
  Instant now(@Nullable Instant at) {
    return at == null ? ctx.clock().instant() : at;
  }

  /** Checks a service name against the data directory's services. */
  static String service(String service) {
    if (!DataDir.SERVICES.contains(service)) {
      throw new UsageException("unknown service '" + Out.oneLine(service) + "' (known: "
          + String.join(", ", DataDir.SERVICES) + ")");
    }
    return service;
  }

  /**
   * The account an operator names: the user ID parsed by the data directory's user-ID policy (the
   * one the engine enforces), then the service checked. Commands that hand the user ID to a use
   * case (enrollment, acquisition, import) leave the parse to the engine.
   */
  static AccountKey account(String userId, String service) {
    service(service);
    UserIdResult parsed = DataDir.USER_IDS.parse(userId);
    if (parsed instanceof UserIdResult.Refused r) {
      throw new UsageException("--user-id is not a user ID under " + DataDir.USER_IDS + ": "
          + r.reason());
    }
    return new AccountKey(((UserIdResult.Valid) parsed).userId().value(), service);
  }

  /**
   * A secret read from the environment variable {@code name}; the option that named it is given
   * for the message.
   */
  Secret secret(String option, String name) {
    if (!ENV_NAME.matcher(name).matches()) {
      throw new UsageException(option + " takes the NAME of an environment variable, not a value");
    }
    String value = ctx.getenv(name);
    if (value == null || value.isEmpty()) {
      throw new UsageException("the environment variable " + name + " (" + option
          + ") is not set");
    }
    return Secret.of(value);
  }

  /** As {@link #secret}, or {@code null} when the option was not given. */
  @Nullable Secret optionalSecret(String option, @Nullable String name) {
    return name == null ? null : secret(option, name);
  }

  /** The rules of {@code --rules FILE} when given, else the data directory's active rules. */
  static RuleSet rules(DataDir dir, @Nullable Path override) {
    return RuleSet.load(override != null ? override : dir.rulesFile());
  }
}
