package io.shomei.examples.cli;

import io.shomei.core.eligibility.ReacquisitionRule;
import io.shomei.core.eligibility.Rule;
import io.shomei.core.eligibility.RuleFileException;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.examples.datadir.DataDir;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shomei rules ...}: eligibility rule files. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Eligibility rule files.",
    subcommands = {RulesCommands.Check.class, RulesCommands.Install.class})
final class RulesCommands {
  private RulesCommands() {}

  /** Prints what a valid rule file holds, or every problem of an invalid one. */
  static int describe(Out out, Path file, String success, RuleSetAction action) {
    RuleSet rules;
    try {
      rules = action.apply(file);
    } catch (RuleFileException e) {
      out.kv("result", "invalid").kv("rules-file", file).kv("problems", e.problems().size());
      e.problems().forEach(p -> out.kv("problem", p.toString()));
      return ShomeiCli.REFUSED;
    }
    out.kv("result", success).kv("rules-file", file).kv("rules", rules.rules().size());
    for (Rule r : rules.rules()) {
      out.kv("rule", r.id() + " " + (r instanceof ReacquisitionRule ? "campaign" : "renewal")
          + " " + r.explanationCode());
    }
    return ShomeiCli.OK;
  }

  /** Loads (and possibly installs) a rule file. */
  @FunctionalInterface
  interface RuleSetAction {
    RuleSet apply(Path file);
  }

  /** {@code shomei rules check}: validates a rule file (no data directory needed). */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Validates a rule file: result: valid (exit 0) with one 'rule: ID KIND"
          + " EXPLANATION-CODE' line per rule, or result: invalid (exit 1) with one 'problem:'"
          + " line per problem (line and field).", "Does not open the data directory."})
  static final class Check extends CliCommand {
    @Option(names = "--rules", required = true, paramLabel = "FILE", description = "The file.")
    Path rules = Path.of("");

    Check(Context ctx) {
      super(ctx);
    }

    @Override
    int execute() {
      CertificateReader.readBytes(rules); // a missing file is a failure (3), not an invalid one
      return describe(out, rules, "valid", RuleSet::load);
    }
  }

  /** {@code shomei rules install}: validates a rule file and makes it the active one. */
  @Command(name = "install", mixinStandardHelpOptions = true,
      description = "Validates a rule file and makes it the data directory's active rule set"
          + " (used by cert check, login, cert acquire and campaign report); an invalid file"
          + " changes nothing.")
  static final class Install extends CliCommand {
    @Option(names = "--rules", required = true, paramLabel = "FILE", description = "The file.")
    Path rules = Path.of("");

    Install(Context ctx) {
      super(ctx);
    }

    @Override
    int execute() {
      CertificateReader.readBytes(rules);
      try (DataDir dir = open()) {
        return describe(out, rules, "installed", dir::installRules);
      }
    }
  }
}
