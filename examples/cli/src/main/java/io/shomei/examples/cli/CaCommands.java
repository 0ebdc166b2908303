package io.shomei.examples.cli;

import io.shomei.examples.datadir.CaAddition;
import io.shomei.examples.datadir.CaSource;
import io.shomei.examples.datadir.CaWindow;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.datadir.StoredCa;
import io.shomei.core.Shomei;
import io.shomei.core.issue.KeyType;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shomei ca ...}: the data directory's issuing CAs and their issuing windows. */
@Command(name = "ca", mixinStandardHelpOptions = true,
    description = "The data directory's issuing CAs: the one init set up and those ca add added,"
        + " each with a half-open issuing window or status-only. At every instant exactly one CA"
        + " issues.",
    subcommands = {CaCommands.Add.class, CaCommands.ListCas.class})
final class CaCommands {
  private CaCommands() {}

  /** {@code shomei ca add}: a new CA, and a rollover to it in the same step. */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = {"Adds an issuing CA: a new root generated in software (or on the token when"
          + " the directory's CA is on one), an existing CA from a PKCS#12 file (--ca-p12), or an"
          + " existing key on the directory's token (--pkcs11-alias). With --issuing-from T, the"
          + " CA that issues at T ends its window at T in the same step (a rollover). Windows"
          + " that would overlap or leave an instant without an issuing CA are refused and"
          + " nothing is written. The new CA becomes a trust anchor of every service. A generated"
          + " CA's subject is CN=Shomei Example CA LABEL,O=Example Bank,C=JP unless --ca-subject.",
          "result: added (exit 0), or refused with reason: LABEL_TAKEN, SAME_CA,"
              + " WINDOWS_OVERLAP or WINDOWS_GAP and a detail: line (exit 1)."})
  static final class Add extends CliCommand {
    @Option(names = "--label", required = true, paramLabel = "LABEL",
        description = "The operator's name for the CA: lower-case letters, digits and '-'.")
    String label = "";

    @Option(names = "--issuing-from", paramLabel = "INSTANT", converter = InstantConverter.class,
        description = "First instant it issues, ISO-8601 with an offset (2021-02-24T00:00+09:00).")
    @Nullable Instant issuingFrom;

    @Option(names = "--issuing-until", paramLabel = "INSTANT", converter = InstantConverter.class,
        description = "First instant it no longer issues (default: no end).")
    @Nullable Instant issuingUntil;

    @Option(names = "--status-only",
        description = "It never issues: it publishes status (CRL, OCSP) for what it issued.")
    boolean statusOnly;

    @Mixin SharedOptions.CaKey ca = new SharedOptions.CaKey();

    @Option(names = "--pkcs11-alias", paramLabel = "ALIAS",
        description = "On a directory whose CA is on a token: the alias of the new key there"
            + " (default: shomei-ca-LABEL), or with --pkcs11-existing the alias of a key the"
            + " token already holds.")
    @Nullable String pkcs11Alias;

    @Option(names = "--pkcs11-existing",
        description = "Use the key already on the token under --pkcs11-alias.")
    boolean pkcs11Existing;

    Add(Context ctx) {
      super(ctx);
    }

    @Override
    int execute() {
      String l = label(label);
      CaWindow window = window();
      boolean p12 = ca.pkcs12();
      if (p12 && (pkcs11Alias != null || pkcs11Existing)) {
        throw new UsageException("--ca-p12 and --pkcs11-alias exclude each other");
      }
      ca.generatedOnly(p12 || pkcs11Existing);
      if (pkcs11Existing && pkcs11Alias == null) {
        throw new UsageException("--pkcs11-existing needs --pkcs11-alias ALIAS");
      }
      KeyType keyType = ca.keyType();
      String subject = ca.subject("CN=Shomei Example CA " + l + ",O=Example Bank,C=JP");
      CaSource.AdoptPkcs12 adopted = p12 ? ca.adopt(this) : null;
      try (DataDir dir = open()) {
        boolean token = dir.custodyKind().equals("pkcs11");
        if (!token && pkcs11Alias != null) {
          throw new UsageException("--pkcs11-alias is for a directory whose CA is on a token");
        }
        CaSource source;
        if (adopted != null) {
          source = adopted;
        } else if (token) {
          source = dir.tokenCa(pkcs11Alias != null ? pkcs11Alias : "shomei-ca-" + l,
              !pkcs11Existing, keyType, subject);
        } else {
          source = new CaSource.Generate(keyType, subject);
        }
        CaAddition a = dir.addIssuingCa(l, source, window, ctx.clock(), ctx.random());
        if (a instanceof CaAddition.Refused r) {
          out.kv("result", "refused").kv("reason", r.reason().name()).kv("detail", r.detail())
              .kv("label", l);
          return ShomeiCli.REFUSED;
        }
        CaAddition.Added added = (CaAddition.Added) a;
        out.kv("result", "added");
        describe(out, added.added());
        StoredCa ended = added.ended();
        if (ended != null) {
          out.kv("ended-label", ended.label())
              .kv("ended-issuing-until", instant(ended.window().issuingUntil()));
        }
        return ShomeiCli.OK;
      } catch (IllegalArgumentException e) {
        throw new UsageException(String.valueOf(e.getMessage()));
      } finally {
        if (adopted != null) {
          adopted.password().destroy();
        }
      }
    }

    private CaWindow window() {
      if (statusOnly == (issuingFrom != null)) {
        throw new UsageException("give exactly one of --issuing-from INSTANT and --status-only");
      }
      if (statusOnly) {
        if (issuingUntil != null) {
          throw new UsageException("a --status-only CA has no --issuing-until");
        }
        return CaWindow.statusOnlyWindow();
      }
      Instant from = issuingFrom;
      Instant until = issuingUntil;
      if (from != null && until != null && !from.isBefore(until)) {
        throw new UsageException("--issuing-from must be before --issuing-until");
      }
      return CaWindow.issuing(from, until);
    }
  }

  /** {@code shomei ca list}: every CA, and which one issues at an instant. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = {"Lists the data directory's CAs in the order they were added: per CA the"
          + " lines label, key-id, subject, custody, issuing-from, issuing-until (- for an open"
          + " end), status-only, issuing-now (true for the CA the SDK issues through at --at),"
          + " not-before, not-after and sha256-fingerprint."})
  static final class ListCas extends CliCommand {
    @Option(names = "--at", paramLabel = "INSTANT", converter = InstantConverter.class,
        description = "The instant issuing-now is decided at (default: now).")
    @Nullable Instant at;

    ListCas(Context ctx) {
      super(ctx);
    }

    @Override
    int execute() {
      Instant when = now(at);
      try (DataDir dir = open()) {
        List<StoredCa> cas = dir.issuingCas();
        // the SDK's answer, not the window read here: the CA every service issues through then
        Shomei shomei = dir.shomei(clock(at));
        out.kv("result", "listed").kv("cas", cas.size()).kv("at", when.toString());
        for (StoredCa ca : cas) {
          describe(out, ca);
          boolean issuing = true;
          for (String service : DataDir.SERVICES) {
            issuing &= shomei.issuingCaAt(service, when).keyId().equals(ca.keyId());
          }
          out.kv("issuing-now", Out.bool(issuing));
        }
        return ShomeiCli.OK;
      }
    }
  }

  /** The lines that describe one CA. */
  static void describe(Out out, StoredCa ca) {
    X509Certificate c = ca.certificate();
    CaWindow w = ca.window();
    out.kv("label", ca.label())
        .kv("key-id", ca.keyId())
        .kv("subject", c.getSubjectX500Principal().getName())
        .kv("custody", ca.custodyKind())
        .kv("issuing-from", instant(w.issuingFrom()))
        .kv("issuing-until", instant(w.issuingUntil()))
        .kv("status-only", Out.bool(w.statusOnly()))
        .kv("not-before", c.getNotBefore().toInstant())
        .kv("not-after", c.getNotAfter().toInstant())
        .kv("sha256-fingerprint", InitCommand.fingerprint(c));
  }

  /** A window's end to the nanosecond, or {@code -} for an open one. */
  static String instant(@Nullable Instant i) {
    return i == null ? "-" : i.toString();
  }

  static String label(String label) {
    try {
      return StoredCa.checkLabel(label);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--label: " + e.getMessage());
    }
  }

}
