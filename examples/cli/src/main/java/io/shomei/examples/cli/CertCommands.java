package io.shomei.examples.cli;

import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.CertificateCheck;
import io.shomei.core.DownloadResult;
import io.shomei.core.DownloadTicketInfo;
import io.shomei.core.Refusal;
import io.shomei.core.RenewalChallenge;
import io.shomei.core.RenewalRequest;
import io.shomei.core.RenewalResult;
import io.shomei.core.Shomei;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.core.pkcs12.Pkcs12Profile;
import io.shomei.examples.datadir.DataDir;
import io.shomei.spi.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shomei cert ...}: acquire, check (and import) certificates. */
@Command(name = "cert", mixinStandardHelpOptions = true, description = "Customer certificates.",
    subcommands = {CertCommands.Acquire.class, CertCommands.Renew.class, CertCommands.Check.class,
        ImportCommand.class})
final class CertCommands {
  private CertCommands() {}

  /**
   * {@code shomei cert acquire}: the acquisition a customer makes on the web, run by an operator or
   * a script. Writes the PKCS#12 file (protected by the acquisition password), or with
   * {@code --csr} the certificate and its CA chain as PEM.
   */
  @Command(name = "acquire", mixinStandardHelpOptions = true,
      description = {"Acquires a certificate for a customer (user ID, login password, acquisition"
          + " password) and writes it to --out:",
          "  without --csr: the PKCS#12 file (key and chain), protected by the acquisition"
              + " password;",
          "  with --csr: PEM, the certificate followed by its CA chain (issuer first); there is"
              + " no key to protect.",
          "Secrets come from the environment variables the options name."})
  static final class Acquire extends CliCommand {
    @Option(names = "--user-id", required = true, paramLabel = "ID", description = "The user ID.")
    String userId = "";

    @Option(names = "--service", required = true, paramLabel = "SERVICE",
        description = "fx-forward or fx-other.")
    String service = "";

    @Option(names = "--password-env", required = true, paramLabel = "VAR",
        description = "Environment variable holding the login password (the temporary one before"
            + " the first login).")
    String passwordEnv = "";

    @Option(names = "--acquisition-password-env", required = true, paramLabel = "VAR",
        description = "Environment variable holding the acquisition password.")
    String acquisitionPasswordEnv = "";

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "Where to write the file (must not exist; written owner-only).")
    Path outFile = Path.of("");

    @Option(names = "--profile", paramLabel = "PROFILE",
        description = "PKCS#12 profile: compat (default; every Windows imports it) or modern"
            + " (AES-256, PBKDF2).")
    @Nullable String profile;

    @Option(names = "--csr", paramLabel = "FILE",
        description = "A PKCS#10 request (PEM or DER): certify its key instead of generating one.")
    @Nullable Path csr;

    @Mixin SharedOptions.RulesOverride rules = new SharedOptions.RulesOverride();

    Acquire(Context ctx) {
      super(ctx);
    }

    @Override
    int execute() throws IOException {
      service(service); // the user ID is the engine's to parse
      Pkcs12Profile p12Profile = profile == null ? null : pkcs12Profile(profile);
      if (p12Profile != null && csr != null) {
        throw new UsageException("--profile is for a PKCS#12 file; with --csr there is none");
      }
      if (Files.exists(outFile)) {
        throw new UsageException(outFile + " exists; --out never overwrites a file");
      }
      byte[] request = csr == null ? null : CertificateReader.readBytes(csr);
      Secret login = secret("--password-env", passwordEnv);
      Secret acquisition;
      try {
        acquisition = secret("--acquisition-password-env", acquisitionPasswordEnv);
      } catch (RuntimeException e) {
        login.destroy();
        throw e;
      }
      AcquisitionRequest req = AcquisitionRequest.of(userId, service, login, acquisition);
      if (p12Profile != null) {
        req = req.withPkcs12Profile(p12Profile);
      }
      if (request != null) {
        req = req.withCsr(request);
      }
      try (AcquisitionRequest r = req; DataDir dir = open()) {
        Shomei shomei = rules.shomei(dir, ctx.clock());
        AcquisitionResult result = shomei.acquisition().acquire(r);
        if (result instanceof AcquisitionResult.Refused refused) {
          out.kv("result", "refused")
              .kv("reason", refused.reason().name())
              .kvIf("available-from", refused.availableFrom());
          if (refused.issuanceRefusal() != null) {
            out.kv("issuance-refusal", refused.issuanceRefusal().name());
          }
          return ShomeiCli.REFUSED;
        }
        AcquisitionResult.Acquired a = (AcquisitionResult.Acquired) result;
        DownloadTicketInfo ticket = a.ticket();
        if (ticket == null) {
          writeNew(outFile, pemChain(a.certificate(), a.caChain()));
          acquired(a, "pem");
          out.extra("Wrote the certificate and its CA chain (PEM) to " + outFile + ".");
          return ShomeiCli.OK;
        }
        DownloadResult d = shomei.acquisition().download(ticket.id());
        if (!(d instanceof DownloadResult.Downloaded file)) {
          throw new CliFailure("the certificate " + a.serial().toString(16)
              + " was issued but its file could not be downloaded: "
              + ((DownloadResult.Refused) d).reason() + "; acquire again with the same"
              + " passwords to get it");
        }
        byte[] bytes = file.pkcs12();
        try {
          writeNew(outFile, bytes);
        } finally {
          Arrays.fill(bytes, (byte) 0);
        }
        acquired(a, "pkcs12");
        if (!a.resumed()) { // a resumed file keeps the profile it was packaged with
          out.kv("pkcs12-profile",
              Out.word(p12Profile == null ? Pkcs12Profile.COMPAT : p12Profile));
        }
        out.kv("downloads-left", file.downloadsLeft())
            .kv("download-expires-at", file.expiresAt());
        out.extra("Wrote " + outFile + ", protected by the acquisition password.");
        return ShomeiCli.OK;
      }
    }

    private void acquired(AcquisitionResult.Acquired a, String format) {
      out.kv("result", "acquired")
          .account(a.account())
          .kv("serial", a.serial().toString(16))
          .kv("not-before", a.certificate().getNotBefore().toInstant())
          .kv("not-after", a.certificate().getNotAfter().toInstant());
      if (a.superseded() != null) {
        out.kv("superseded", a.superseded().toString(16));
      }
      out.kv("resumed", Out.bool(a.resumed()))
          .kv("out", outFile)
          .kv("format", format);
    }

    static Pkcs12Profile pkcs12Profile(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "compat" -> Pkcs12Profile.COMPAT;
        case "modern" -> Pkcs12Profile.MODERN;
        default -> throw new UsageException("--profile must be compat or modern, not '"
            + Out.oneLine(name) + "'");
      };
    }
  }

  /**
   * {@code shomei cert renew}: renewal with the current certificate (SDK {@code Renewal}): the key
   * in the current PKCS#12 file signs the engine's challenge; no acquisition password. The new
   * file is protected by the current file's password.
   */
  @Command(name = "renew", mixinStandardHelpOptions = true,
      description = {"Renews a customer's certificate with the current one: the private key in"
          + " --cert proves possession by signing a challenge (no user ID, login password or"
          + " acquisition password). Writes the new PKCS#12 file to --out, protected by the same"
          + " password as --cert; the current certificate is superseded."})
  static final class Renew extends CliCommand {
    @Option(names = "--service", required = true, paramLabel = "SERVICE",
        description = "fx-forward or fx-other.")
    String service = "";

    @Option(names = "--cert", required = true, paramLabel = "FILE",
        description = "The current certificate's PKCS#12 file (key and chain).")
    Path cert = Path.of("");

    @Option(names = "--p12-password-env", required = true, paramLabel = "VAR",
        description = "Environment variable holding the password of --cert (also protects the"
            + " new file).")
    String p12PasswordEnv = "";

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "Where to write the new file (must not exist; written owner-only).")
    Path outFile = Path.of("");

    @Mixin SharedOptions.RulesOverride rules = new SharedOptions.RulesOverride();

    Renew(Context ctx) {
      super(ctx);
    }

    @Override
    int execute() throws IOException {
      service(service);
      if (Files.exists(outFile)) {
        throw new UsageException(outFile + " exists; --out never overwrites a file");
      }
      Secret password = secret("--p12-password-env", p12PasswordEnv);
      try (DataDir dir = open()) {
        CertificateReader.KeyEntry held = CertificateReader.keyEntry(cert, password);
        List<byte[]> chain = new ArrayList<>();
        for (X509Certificate c : held.chain()) {
          try {
            chain.add(c.getEncoded());
          } catch (CertificateEncodingException e) {
            throw new CliFailure(cert + " holds a certificate that does not encode", e);
          }
        }
        // which account the challenge names; the engine maps the certificate itself and refuses
        // a challenge for any other account
        String userId = CertificateSummary.of(held.chain().get(0), ZoneOffset.UTC).commonName();
        if (userId == null) {
          throw new CliFailure(cert + " holds a certificate without a common name");
        }
        Shomei shomei = rules.shomei(dir, ctx.clock());
        RenewalChallenge challenge = shomei.renewal().challenge(service, userId);
        RenewalResult result = shomei.renewal().renew(RenewalRequest.signedChallenge(challenge,
            chain, challenge.signWith(held.key()), Secret.wrap(password.toCharArray())));
        if (result instanceof RenewalResult.Refused refused) {
          out.kv("result", "refused")
              .kv("reason", refused.reason().name())
              .kvIf("available-from", refused.availableFrom());
          if (refused.certificateRefusal() != null) {
            out.kv("certificate-refusal", refused.certificateRefusal().name());
          }
          if (refused.proof() != null) {
            out.kv("proof", refused.proof().reason().name());
          }
          return ShomeiCli.REFUSED;
        }
        RenewalResult.Renewed renewed = (RenewalResult.Renewed) result;
        AcquisitionResult.Acquired a = renewed.acquired();
        DownloadResult d = shomei.acquisition().download(
            a.downloadTicket().orElseThrow().id());
        if (!(d instanceof DownloadResult.Downloaded file)) {
          throw new CliFailure("the certificate " + a.serial().toString(16)
              + " was issued but its file could not be downloaded: "
              + ((DownloadResult.Refused) d).reason());
        }
        byte[] bytes = file.pkcs12();
        try {
          writeNew(outFile, bytes);
        } finally {
          Arrays.fill(bytes, (byte) 0);
        }
        out.kv("result", "renewed")
            .account(a.account())
            .kv("serial", a.serial().toString(16))
            .kv("not-before", a.certificate().getNotBefore().toInstant())
            .kv("not-after", a.certificate().getNotAfter().toInstant());
        if (a.superseded() != null) {
          out.kv("superseded", a.superseded().toString(16));
        }
        out.kv("proof", renewed.proof().basis().name())
            .kv("out", outFile)
            .kv("downloads-left", file.downloadsLeft());
        out.extra("Wrote " + outFile + ", protected by the password of " + cert + ".");
        return ShomeiCli.OK;
      } finally {
        password.destroy();
      }
    }
  }

  /**
   * {@code shomei cert check}: would this certificate pass the certificate step of a login for the
   * service (at {@code --at}), as the SDK's {@code Certificates.check} decides it.
   */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Checks a certificate (PEM, DER or PKCS#12) for a service exactly as the"
          + " certificate step of a login would (chain, user-ID mapping, binding to the account's"
          + " active certificate, the service's rules, the account: enrolled, not locked), without"
          + " passwords and without logging in: the verdict and the login's answer (login:,"
          + " login-reason:), whether the certificate itself was accepted (acceptance:), the"
          + " certificate's summary, the account, and then either the rules' eligibility verdict"
          + " (accepted) or what the customer must be told (refused). The certificates are"
          + " judged in the file's order, as they are: the customer's certificate comes first.",
          "Exit code 0 when it would be accepted at that instant, 1 otherwise."})
  static final class Check extends CliCommand {
    @Option(names = "--service", required = true, paramLabel = "SERVICE",
        description = "fx-forward or fx-other.")
    String service = "";

    @Mixin SharedOptions.PresentedCertificate cert = new SharedOptions.PresentedCertificate();

    @Option(names = "--at", paramLabel = "INSTANT", converter = InstantConverter.class,
        description = "Evaluate as of this instant (ISO-8601 with offset, e.g."
            + " 2021-02-23T23:59:59+09:00) instead of now.")
    @Nullable Instant at;

    @Mixin SharedOptions.RulesOverride rules = new SharedOptions.RulesOverride();

    Check(Context ctx) {
      super(ctx);
    }

    @Override
    int execute() {
      service(service);
      CertificateReader.Read read = cert.read(this);
      Instant now = now(at);
      try (DataDir dir = open()) {
        Shomei shomei = rules.shomei(dir, Clock.fixed(now, ZoneOffset.UTC));
        CertificateCheck result = shomei.certificates().checkEncoded(service, read.encodings());
        if (result instanceof CertificateCheck.Usable usable) {
          out.kv("verdict", "accepted")
              .kv("login", "password-required")
              .kv("acceptance", "accepted");
          common(now, read);
          out.account(usable.account());
          Lines.eligibility(out, usable.login().verdict());
          out.extra(Lines.validityInZone(usable.certificate()));
          return ShomeiCli.OK;
        }
        CertificateCheck.Refused refused = (CertificateCheck.Refused) result;
        Refusal refusal = refused.refusal();
        // the certificate itself was refused (chain, binding), or it passed and the rules or the
        // account refused the login
        boolean acceptanceRefused = refusal instanceof Refusal.CertificateRejected
            || refusal instanceof Refusal.Superseded;
        out.kv("verdict", "refused").kv("reason", reason(refusal))
            .kv("login", "refused")
            .kv("login-reason", refusal.code().name())
            .kv("acceptance", acceptanceRefused ? "refused" : "accepted");
        common(now, read);
        if (refused.account() != null) {
          out.account(refused.account());
        }
        Lines.refusal(out, refusal);
        CertificateSummary summary = refused.certificate();
        if (summary != null) {
          out.extra(Lines.validityInZone(summary));
        }
        out.extra(refused.detail());
        return ShomeiCli.REFUSED;
      }
    }

    private void common(Instant now, CertificateReader.Read read) {
      out.kv("evaluated-at", now).kv("format", Out.word(read.format()))
          .kv("chain-length", read.encodings().size());
      @Nullable X509Certificate first = read.firstOrNull();
      if (first != null) { // a malformed certificate has no summary to print
        Lines.summary(out, first);
      }
    }

    /** The most precise code of a refused certificate. */
    private static String reason(Refusal refusal) {
      if (refusal instanceof Refusal.CertificateRejected r) {
        return r.reason().name();
      }
      if (refusal instanceof Refusal.Superseded) {
        return AcceptanceRefusal.SUPERSEDED.name();
      }
      if (refusal instanceof Refusal.MustReacquire m) {
        return m.cause().name();
      }
      return refusal.code().name();
    }
  }

  /** PEM of a certificate followed by its CA chain. */
  static byte[] pemChain(X509Certificate certificate, List<X509Certificate> chain) {
    List<X509Certificate> all = new ArrayList<>();
    all.add(certificate);
    all.addAll(chain);
    StringBuilder sb = new StringBuilder();
    for (X509Certificate c : all) {
      sb.append(pem(c));
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static String pem(X509Certificate c) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new CliFailure("a certificate cannot be encoded", e);
    }
  }

  /** Writes a new file, owner read/write only; never replaces an existing one. */
  static void writeNew(Path file, byte[] content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // not a POSIX file system: default permissions
    }
    try (OutputStream o = Files.newOutputStream(file, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      o.write(content);
    }
  }
}
