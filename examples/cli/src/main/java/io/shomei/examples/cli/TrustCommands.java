package io.shomei.examples.cli;

import io.shomei.examples.datadir.DataDir;
import io.shomei.core.identity.DatedTrustAnchor;
import java.nio.file.Path;
import java.time.Instant;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shomei trust ...}: the trust anchors of each service's logins. */
@Command(name = "trust", mixinStandardHelpOptions = true,
    description = "Trust anchors of each service's logins: exactly those configured for the"
        + " service (init configures the CA's issuing certificate for every service).",
    subcommands = {TrustCommands.Add.class, TrustCommands.ListAnchors.class,
        TrustCommands.Remove.class, TrustCommands.Window.class})
final class TrustCommands {
  private TrustCommands() {}

  /** {@code shomei trust add}: trusts another CA for a service's logins. */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = {"Adds a CA certificate as a trust anchor of a service (for example the"
          + " bank's previous CA during a transition).",
          "result: added (exit 0), already-trusted (exit 0) or refused with reason:"
              + " NOT_A_CA_CERTIFICATE (exit 1)."})
  static final class Add extends CliCommand {
    @Option(names = "--service", required = true, paramLabel = "SERVICE",
        description = "fx-forward or fx-other.")
    String service = "";

    @Option(names = "--cert", required = true, paramLabel = "FILE",
        description = "The CA certificate: PEM, DER or PKCS#12 (with --p12-password-env); of"
            + " several, the first.")
    Path cert = Path.of("");

    @Option(names = "--p12-password-env", paramLabel = "VAR",
        description = "Environment variable holding the password of a PKCS#12 --cert.")
    @Nullable String p12PasswordEnv;

    Add(Context ctx) {
      super(ctx);
    }

    @Override
    int execute() {
      service(service);
      List<X509Certificate> certs = CertificateReader.read(cert,
          optionalSecret("--p12-password-env", p12PasswordEnv)).chain();
      X509Certificate anchor = certs.get(0);
      try (DataDir dir = open()) {
        if (anchor.getBasicConstraints() < 0) {
          out.kv("result", "refused").kv("reason", "NOT_A_CA_CERTIFICATE");
          anchor(out, service, anchor);
          return ShomeiCli.REFUSED;
        }
        boolean added = dir.addTrustAnchor(service, anchor);
        out.kv("result", added ? "added" : "already-trusted");
        anchor(out, service, anchor);
        return ShomeiCli.OK;
      }
    }
  }

  /** {@code shomei trust list}: every service's anchors. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = {"Lists each service's trust anchors, the CA's issuing certificate first"
          + " when the service trusts it, as lines 'anchor: SERVICE SHA256 SUBJECT'."})
  static final class ListAnchors extends CliCommand {
    @Option(names = "--service", paramLabel = "SERVICE",
        description = "Only this service (default: every service).")
    @Nullable String service;

    ListAnchors(Context ctx) {
      super(ctx);
    }

    @Override
    int execute() {
      List<String> services = service == null ? DataDir.SERVICES : List.of(service(service));
      try (DataDir dir = open()) {
        out.kv("result", "listed");
        for (String s : services) {
          List<X509Certificate> anchors = dir.trustAnchors(s);
          out.kv("anchors-" + s, anchors.size());
          for (X509Certificate a : anchors) {
            out.kv("anchor", s + " " + InitCommand.fingerprint(a) + " "
                + a.getSubjectX500Principal().getName());
          }
          for (DatedTrustAnchor w : dir.anchorWindows(s)) {
            out.kv("window", s + " " + InitCommand.fingerprint(w.certificate()) + " from="
                + (w.acceptedFrom() == null ? "-" : w.acceptedFrom()) + " until="
                + (w.acceptedUntil() == null ? "-" : w.acceptedUntil()));
          }
        }
        return ShomeiCli.OK;
      }
    }
  }

  /** {@code shomei trust remove}: a service stops trusting an anchor. */
  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = {"Removes a trust anchor from one service (other services keep theirs).",
          "result: removed (exit 0), not-trusted (exit 1) or refused with reason:"
              + " LAST_TRUST_ANCHOR (exit 1: a service keeps at least one anchor)."})
  static final class Remove extends CliCommand {
    @Option(names = "--service", required = true, paramLabel = "SERVICE",
        description = "fx-forward or fx-other.")
    String service = "";

    @Option(names = "--sha256", required = true, paramLabel = "FINGERPRINT",
        description = "The anchor's SHA-256 fingerprint, as trust list prints it.")
    String sha256 = "";

    Remove(Context ctx) {
      super(ctx);
    }

    @Override
    int execute() {
      service(service);
      String fingerprint = fingerprint(sha256);
      try (DataDir dir = open()) {
        DataDir.AnchorRemoval removal = dir.removeTrustAnchor(service, fingerprint);
        switch (removal) {
          case REMOVED -> out.kv("result", "removed");
          case NOT_TRUSTED -> out.kv("result", "not-trusted");
          case LAST_ANCHOR -> out.kv("result", "refused").kv("reason", "LAST_TRUST_ANCHOR");
        }
        out.kv("service", service).kv("sha256-fingerprint", fingerprint)
            .kv("anchors-" + service, dir.trustAnchors(service).size());
        return removal == DataDir.AnchorRemoval.REMOVED ? ShomeiCli.OK : ShomeiCli.REFUSED;
      }
    }
  }

  /** {@code shomei trust window}: dates an anchor for a rollover. */
  @Command(name = "window", mixinStandardHelpOptions = true,
      description = {"Sets the window in which a service's logins accept one of its trust anchors"
          + " (a dated CA rollover: --until the cut-over for the old CA, --from it for the new"
          + " one). The window is half-open: accepted from --from (inclusive) until --until"
          + " (exclusive). Without --from and --until the window is removed. The web host asks"
          + " browsers only for the CAs current at each handshake.",
          "result: set or cleared (exit 0), not-trusted (exit 1); a --from not before --until is"
              + " a usage error (exit 2)."})
  static final class Window extends CliCommand {
    @Option(names = "--service", required = true, paramLabel = "SERVICE",
        description = "fx-forward or fx-other.")
    String service = "";

    @Option(names = "--sha256", required = true, paramLabel = "FINGERPRINT",
        description = "The anchor's SHA-256 fingerprint, as trust list prints it.")
    String sha256 = "";

    @Option(names = "--from", paramLabel = "INSTANT", converter = InstantConverter.class,
        description = "First instant accepted, ISO-8601 with an offset (2021-02-24T00:00+09:00).")
    @Nullable Instant from;

    @Option(names = "--until", paramLabel = "INSTANT", converter = InstantConverter.class,
        description = "First instant no longer accepted, ISO-8601 with an offset.")
    @Nullable Instant until;

    Window(Context ctx) {
      super(ctx);
    }

    @Override
    int execute() {
      service(service);
      String fingerprint = fingerprint(sha256);
      Instant start = from;
      Instant end = until;
      if (start != null && end != null && !start.isBefore(end)) {
        throw new UsageException("--from must be before --until");
      }
      try (DataDir dir = open()) {
        boolean set = dir.setAnchorWindow(service, fingerprint, start, end);
        out.kv("result", !set ? "not-trusted" : start == null && end == null ? "cleared" : "set")
            .kv("service", service).kv("sha256-fingerprint", fingerprint)
            .kv("accepted-from", start == null ? "-" : start)
            .kv("accepted-until", end == null ? "-" : end);
        return set ? ShomeiCli.OK : ShomeiCli.REFUSED;
      }
    }
  }

  /** The --sha256 option: 64 hexadecimal digits, lowercased. */
  static String fingerprint(String sha256) {
    String fingerprint = sha256.toLowerCase(java.util.Locale.ROOT);
    if (!fingerprint.matches("[0-9a-f]{64}")) {
      throw new UsageException("--sha256 must be 64 hexadecimal digits");
    }
    return fingerprint;
  }

  static void anchor(Out out, String service, X509Certificate a) {
    out.kv("service", service)
        .kv("subject", a.getSubjectX500Principal().getName())
        .kv("sha256-fingerprint", InitCommand.fingerprint(a))
        .kv("not-before", a.getNotBefore().toInstant())
        .kv("not-after", a.getNotAfter().toInstant());
  }
}
