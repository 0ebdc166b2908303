package io.shomei.examples.cli;

import io.shomei.core.eligibility.RuleFileException;
import io.shomei.examples.datadir.DataDirException;
import io.shomei.spi.ShomeiException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator CLI of the examples: {@code shomei <command> [options]}.
 *
 * <p>Exit codes: {@value #OK} success; {@value #REFUSED} a refusal (the SDK said no, with a typed
 * reason on the {@code reason:} line); {@value #USAGE} a usage error (unknown command or option,
 * missing or malformed value, unknown service, an environment variable that is named but not set);
 * {@value #FAILURE} the command could not run (the data directory is missing, already exists, is in
 * use by another process or damaged; a file cannot be read; a PKCS#12 password is wrong; a storage
 * or HSM failure). The message of a usage error or a failure goes to standard error as one
 * {@code error: ...} line.
 *
 * <p>Secrets (passwords, PINs) are read only from environment variables whose <em>names</em> the
 * options give ({@code --password-env VAR}); no option takes a secret's value.
 *
 * @since 0.1.0
 */
public final class ShomeiCli {
  /** Exit code: success. */
  public static final int OK = 0;
  /** Exit code: the SDK refused (typed reason on the {@code reason:} line). */
  public static final int REFUSED = 1;
  /** Exit code: the command line is wrong. */
  public static final int USAGE = 2;
  /** Exit code: the command could not run (data directory, file, storage or HSM failure). */
  public static final int FAILURE = 3;

  private ShomeiCli() {}

  /**
   * Runs the CLI on the process's streams and environment and exits with its exit code.
   *
   * @param args the command line
   */
  // Java 17: System.console() is null unless both standard streams are a terminal. (From JDK 22 on
  // it is not null for a redirected run either; a port would ask Console.isTerminal() instead.)
  @SuppressWarnings("SystemConsoleNull")
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8),
        true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8),
        true);
    int code = run(args, out, err, System.getenv(), System.console() != null, Clock.systemUTC());
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs one command line in-process.
   *
   * @param args the command line, without the program name
   * @param out standard output
   * @param err standard error
   * @param env the environment (secrets are read from it, by the names the options give)
   * @param terminal whether a person watches (progress bars are shown only then)
   * @param clock the clock of every decision not made at an explicit {@code --at} instant
   * @return the exit code
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env,
      boolean terminal, Clock clock) {
    Context ctx = new Context(out, err, env, terminal, clock, new SecureRandom());
    try {
      return commandLine(ctx).execute(args);
    } catch (RuntimeException | LinkageError e) {
      // thrown outside a command (picocli itself), or a broken installation (a class missing)
      err.println("error: unexpected " + e.getClass().getSimpleName() + ": "
          + Out.oneLine(String.valueOf(e.getMessage())));
      return FAILURE;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The command tree, wired to a context. */
  static CommandLine commandLine(Context ctx) {
    CommandLine cl = new CommandLine(new Root(), new Factory(ctx));
    cl.setOut(ctx.out());
    cl.setErr(ctx.err());
    // picocli asks this mapper for the exit code of a usage error too (including one found while
    // executing, such as "Missing required subcommand")
    cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? USAGE
        : FAILURE);
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (e instanceof UsageException) {
        err.println("error: " + e.getMessage());
        err.println("Run 'shomei " + commandLine.getCommandSpec().qualifiedName(" ")
                .replaceFirst("^shomei ", "") + " --help' for usage.");
        return USAGE;
      }
      err.println("error: " + message(e));
      if (e instanceof RuleFileException r) {
        r.problems().forEach(p -> err.println("problem: " + Out.oneLine(p.toString())));
      }
      return FAILURE;
    });
    return cl;
  }

  private static String message(Exception e) {
    if (e instanceof CliFailure || e instanceof DataDirException || e instanceof ShomeiException
        || e instanceof UncheckedIOException || e instanceof IOException) {
      return Out.oneLine(String.valueOf(e.getMessage()));
    }
    return "unexpected " + e.getClass().getSimpleName() + ": "
        + Out.oneLine(String.valueOf(e.getMessage()));
  }

  /** The top-level command: only subcommands. */
  @Command(name = "shomei", mixinStandardHelpOptions = true,
      version = "shomei operator CLI 0.1.0",
      description = "Operator command line of the Shomei examples (data directory: ./shomei-data"
          + " unless --data DIR).",
      subcommands = {
          InitCommand.class,
          UserCommands.class,
          CertCommands.class,
          LoginCommand.class,
          OperatorCommands.class,
          RulesCommands.class,
          CampaignCommands.class,
          AuditCommands.class,
          CrlCommand.class,
          OcspCommands.class,
          TrustCommands.class,
          CaCommands.class
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
          "0:success",
          "1:refused (reason: on standard output)",
          "2:usage error",
          "3:could not run (data directory, file, storage or HSM failure)"})
  static final class Root {}

  /** Creates commands with the context; everything else with picocli's default factory. */
  private record Factory(Context ctx) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (CliCommand.class.isAssignableFrom(cls)) {
        Constructor<K> c = cls.getDeclaredConstructor(Context.class);
        return c.newInstance(ctx);
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
