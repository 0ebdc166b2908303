package io.shomei.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.testing.ca.TestCa;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted run of every subcommand against one temporary data directory, asserting the exact
 * key: value lines and exit codes, and that no secret shows up in any output except the letter
 * fields.
 */
class CliScriptTest {
  static final Path NOTICE_RULES = Path.of("../rules/notice-2021.rules");
  static final String USER = "12345678";
  static final String FX = "fx-forward";

  @TempDir Path tmp;

  @Test
  void everySubcommandOnOneDataDirectory() throws Exception {
    Cli cli = new Cli(tmp.resolve("data"));

    // init
    Cli.Result init = cli.run("init").expect(0, "result", "initialized");
    assertThat(init.keys()).containsExactly("result", "data", "ca-custody", "ca-subject",
        "ca-serial", "ca-not-before", "ca-not-after", "ca-sha256-fingerprint", "ca-chain-length",
        "services", "rules");
    init.has("ca-custody", "software")
        .has("ca-subject", "CN=Shomei Example Root CA,O=Example Bank,C=JP")
        .has("ca-chain-length", "1")
        .has("services", "fx-forward,fx-other");
    Cli.Result again = cli.run("init").expect(ShomeiCli.FAILURE);
    assertThat(again.err()).startsWith("error: a data directory already exists at ");
    assertThat(again.out()).isEmpty();

    // rules
    Cli.Result valid = cli.run("rules", "check", "--rules", NOTICE_RULES.toString())
        .expect(0, "result", "valid").has("rules", "1");
    assertThat(valid.all("rule")).containsExactly(
        "notice-2021-fx-forward campaign CA_STANDARD_CHANGE_2021");
    Path bad = tmp.resolve("bad.rules");
    Files.writeString(bad, "shomei-rules 1\n[campaign x]\nunusable-from = tomorrow\n");
    Cli.Result invalid = cli.run("rules", "check", "--rules", bad.toString())
        .expect(1, "result", "invalid");
    assertThat(invalid.all("problem")).isNotEmpty()
        .allSatisfy(p -> assertThat(p).matches("\\d+: [a-z-]+: .+"));
    assertThat(invalid.get("problems")).isEqualTo(
        String.valueOf(invalid.all("problem").size()));
    cli.run("rules", "install", "--rules", bad.toString()).expect(1, "result", "invalid");
    cli.run("rules", "install", "--rules", NOTICE_RULES.toString())
        .expect(0, "result", "installed").has("rules", "1");

    // user add
    Cli.Result user = cli.run("user", "add", "--user-id", USER, "--service", FX)
        .expect(0, "result", "enrolled").has("user-id", USER).has("service", FX);
    assertThat(user.keys()).containsExactly("result", "user-id", "service", "temporary-password",
        "acquisition-password");
    String temporary = user.get("temporary-password");
    String acquisition = user.get("acquisition-password");
    assertThat(temporary).isNotBlank().isNotEqualTo(acquisition);
    cli.run("user", "add", "--user-id", USER, "--service", FX)
        .expect(1, "result", "refused").has("reason", "ALREADY_ENROLLED");
    cli.run("user", "add", "--user-id", "12ab", "--service", FX)
        .expect(1, "result", "refused").has("reason", "INVALID_USER_ID");
    cli.env("LOGIN_PW", temporary).env("ACQ_PW", acquisition);

    // cert acquire (PKCS#12)
    Path p12 = tmp.resolve("out/customer.p12");
    Cli.Result acquired = cli.run("cert", "acquire", "--user-id", USER, "--service", FX,
        "--password-env", "LOGIN_PW", "--acquisition-password-env", "ACQ_PW",
        "--out", p12.toString(), "--profile", "modern")
        .expect(0, "result", "acquired").has("user-id", USER).has("service", FX)
        .has("resumed", "false").has("format", "pkcs12").has("pkcs12-profile", "modern")
        .has("out", p12.toString()).has("downloads-left", "2");
    assertThat(acquired.has("superseded")).isFalse();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p12)))
        .isEqualTo("rw-------");
    List<X509Certificate> chain = pkcs12Chain(p12, acquisition);
    X509Certificate leaf = chain.get(0);
    String serial = leaf.getSerialNumber().toString(16);
    acquired.has("serial", serial)
        .has("not-before", leaf.getNotBefore().toInstant().toString());
    // before the first login the download ticket is live: acquiring again hands back the same file
    Path second = tmp.resolve("second.p12");
    Cli.Result resumed = cli.run("cert", "acquire", "--user-id", USER, "--service", FX,
        "--password-env", "LOGIN_PW", "--acquisition-password-env", "ACQ_PW",
        "--out", second.toString())
        .expect(0, "result", "acquired").has("serial", serial).has("resumed", "true")
        .has("downloads-left", "1");
    assertThat(resumed.has("pkcs12-profile")).isFalse();
    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(p12));
    cli.run("cert", "acquire", "--user-id", USER, "--service", FX, "--password-env", "LOGIN_PW",
        "--acquisition-password-env", "ACQ_PW", "--out", p12.toString())
        .expect(ShomeiCli.USAGE);

    // cert check: PKCS#12, PEM and DER give the same verdict
    Path pem = tmp.resolve("customer.pem");
    Files.writeString(pem, "issued to the customer\n" + CertCommands.pem(leaf)
        + CertCommands.pem(chain.get(1)), StandardCharsets.US_ASCII);
    Path der = tmp.resolve("customer.der");
    Files.write(der, leaf.getEncoded());
    cli.env("P12_PW", acquisition);
    List<String> checkKeys = null;
    for (String[] source : List.of(
        new String[] {"--cert", p12.toString(), "--p12-password-env", "P12_PW"},
        new String[] {"--cert", pem.toString()},
        new String[] {"--cert", der.toString()})) {
      List<String> args = new ArrayList<>(List.of("cert", "check", "--service", FX));
      args.addAll(List.of(source));
      Cli.Result check = cli.run(args.toArray(new String[0]))
          .expect(0, "verdict", "accepted").has("serial", serial)
          .has("user-id", USER).has("service", FX)
          .has("eligibility", "UNAFFECTED").has("usable-now", "true")
          .has("reacquisition", "not-needed").has("subject-cn", USER)
          .has("issuer", "CN=Shomei Example Root CA,O=Example Bank,C=JP");
      assertThat(check.has("rule")).isFalse();
      assertThat(check.has("unusable-from")).isFalse();
      if (checkKeys == null) {
        checkKeys = check.keys();
      }
      assertThat(check.keys()).isEqualTo(checkKeys);
    }
    assertThat(checkKeys).containsExactly("verdict", "login", "acceptance", "evaluated-at",
        "format", "chain-length",
        "subject-cn", "issuer", "serial", "not-before", "not-after", "sha256-fingerprint",
        "policies", "user-id", "service", "eligibility", "usable-now", "suggested-window-start",
        "suggested-window-end", "reacquisition");
    cli.run("cert", "check", "--service", FX, "--cert", p12.toString())
        .expect(ShomeiCli.USAGE);
    cli.env("WRONG", "not-the-password");
    Cli.Result wrongP12 = cli.run("cert", "check", "--service", FX, "--cert", p12.toString(),
        "--p12-password-env", "WRONG").expect(ShomeiCli.FAILURE);
    assertThat(wrongP12.err()).contains("cannot read").contains("PKCS#12");
    cli.run("cert", "check", "--service", "fx-other", "--cert", pem.toString())
        .expect(1, "verdict", "refused").has("reason", "OTHER_ACCOUNT");

    // login: temporary password, then the change
    cli.run("login", "--service", FX, "--cert", pem.toString(), "--password-env", "LOGIN_PW")
        .expect(1, "result", "change-required").has("reason", "TEMPORARY_PASSWORD")
        .has("user-id", USER);
    cli.env("NEW_PW", "Kawase2021x");
    cli.env("BAD_NEW_PW", "12345678");
    Cli.Result policy = cli.run("login", "--service", FX, "--cert", pem.toString(),
        "--password-env", "LOGIN_PW", "--new-password-env", "BAD_NEW_PW")
        .expect(1, "result", "refused").has("step", "change").has("reason", "PASSWORD_POLICY");
    assertThat(policy.all("violation")).isNotEmpty();
    Cli.Result login = cli.run("login", "--service", FX, "--cert", p12.toString(),
        "--p12-password-env", "P12_PW", "--password-env", "LOGIN_PW",
        "--new-password-env", "NEW_PW")
        .expect(0, "result", "authenticated").has("user-id", USER).has("serial", serial)
        .has("first-login", "true").has("password-changed", "true");
    assertThat(login.has("certificate-unusable-from")).isFalse();
    cli.run("login", "--service", FX, "--cert", der.toString(), "--password-env", "LOGIN_PW")
        .expect(1, "result", "refused").has("step", "password")
        .has("reason", "INVALID_CREDENTIALS");
    cli.run("login", "--service", FX, "--cert", der.toString(), "--password-env", "NEW_PW")
        .expect(0, "result", "authenticated").has("first-login", "false")
        .has("password-changed", "false");
    cli.run("login", "--service", FX, "--cert", der.toString(), "--password-env", "UNSET_PW")
        .expect(ShomeiCli.USAGE);
    // the first login deleted the ticket; a usable certificate no rule affects: no second one
    Path third = tmp.resolve("third.p12");
    cli.run("cert", "acquire", "--user-id", USER, "--service", FX, "--password-env", "NEW_PW",
        "--acquisition-password-env", "ACQ_PW", "--out", third.toString())
        .expect(1, "result", "refused").has("reason", "NOT_ELIGIBLE");
    assertThat(third).doesNotExist();

    // operator
    cli.run("login", "--service", FX, "--cert", der.toString(), "--password-env", "WRONG")
        .expect(1, "reason", "INVALID_CREDENTIALS");
    Cli.Result show = cli.run("operator", "show", "--user-id", USER, "--service", FX,
        "--operator", "branch-042").expect(0, "result", "found").has("login-failures", "1")
        .has("login-locked", "false").has("login-password-temporary", "false")
        .has("certificates", "1").has("live-download-tickets", "0");
    assertThat(show.all("certificate")).singleElement().asString()
        .startsWith("serial=" + serial + " status=active not-before=")
        .endsWith(" conforming=true");
    cli.run("operator", "unlock", "--user-id", USER, "--service", FX, "--operator", "branch-042")
        .expect(0, "result", "done").has("login-failures", "0").has("operator", "branch-042");
    Cli.Result reset = cli.run("operator", "reset-acquisition-password", "--user-id", USER,
        "--service", FX, "--operator", "branch-042").expect(0, "result", "done");
    String newAcquisition = reset.get("acquisition-password");
    assertThat(newAcquisition).isNotBlank().isNotEqualTo(acquisition);
    Cli.Result resetTemporary = cli.run("operator", "reset-temporary-password", "--user-id",
        USER, "--service", FX, "--operator", "branch-042").expect(0, "result", "done")
        .has("login-password-temporary", "true");
    String newTemporary = resetTemporary.get("temporary-password");
    assertThat(newTemporary).isNotBlank().isNotEqualTo(temporary);
    cli.run("operator", "show", "--user-id", "87654321", "--service", FX, "--operator", "b")
        .expect(1, "result", "refused").has("reason", "NO_ACCOUNT");

    // campaign report, crl, audit, trust
    Path csv = tmp.resolve("report/affected.csv");
    Cli.Result report = cli.run("campaign", "report", "--csv", csv.toString())
        .expect(0, "result", "done").has("total", "1").has("scanned", "1").has("affected", "0")
        .has("verdict-unaffected", "1").has("csv-rows", "0");
    assertThat(report.keys()).contains("verdict-affected-wait", "verdict-eligible-now",
        "non-conforming", "unreadable");
    assertThat(Files.readString(csv)).startsWith("user_id,service,serial,");
    Path crl = tmp.resolve("ca.crl");
    // the first CRL: due at once, even for --if-due
    cli.run("crl", "--if-due", "--out", crl.toString()).expect(0, "result", "issued")
        .has("entries", "0")
        .has("format", "der");
    X509CRL parsed = (X509CRL) CertificateFactory.getInstance("X.509")
        .generateCRL(new ByteArrayInputStream(Files.readAllBytes(crl)));
    parsed.verify(chain.get(1).getPublicKey());
    Cli.Result audit = cli.run("audit", "verify").expect(0, "result", "intact")
        .has("unkeyed", "0"); // the data directory keys its trail from the start
    assertThat(Long.parseLong(audit.get("records"))).isGreaterThan(5);
    cli.run("audit", "verify", "--anchor-sequence", "1").expect(ShomeiCli.USAGE);
    Path anchor = tmp.resolve("audit-anchor.txt");
    cli.run("audit", "verify", "--save-anchor", anchor.toString()).expect(0, "result", "intact");
    assertThat(Files.readString(anchor)).startsWith(audit.get("records") + " ");
    cli.run("audit", "verify", "--anchor", anchor.toString()).expect(0, "result", "intact");
    Files.writeString(anchor, (Long.parseLong(audit.get("records")) + 1000) + " "
        + "0".repeat(64));
    cli.run("audit", "verify", "--anchor", anchor.toString()).expect(1, "result", "broken")
        .has("reason", "TRUNCATED");

    cli.run("trust", "list").expect(0, "result", "listed").has("anchors-fx-forward", "1")
        .has("anchors-fx-other", "1");
    TestCa previous = TestCa.root("Previous Bank CA");
    Path previousPem = tmp.resolve("previous-ca.pem");
    Files.writeString(previousPem, CertCommands.pem(previous.certificate()));
    cli.run("trust", "add", "--service", FX, "--cert", previousPem.toString())
        .expect(0, "result", "added").has("service", FX)
        .has("subject", previous.certificate().getSubjectX500Principal().getName());
    cli.run("trust", "add", "--service", FX, "--cert", previousPem.toString())
        .expect(0, "result", "already-trusted");
    cli.run("trust", "add", "--service", FX, "--cert", der.toString())
        .expect(1, "result", "refused").has("reason", "NOT_A_CA_CERTIFICATE");
    Cli.Result anchors = cli.run("trust", "list", "--service", FX)
        .expect(0, "anchors-fx-forward", "2");
    assertThat(anchors.has("anchors-fx-other")).isFalse();
    assertThat(anchors.all("anchor")).hasSize(2).last().asString()
        .startsWith(FX + " " + InitCommand.fingerprint(previous.certificate()) + " CN=");

    // revoke the active certificate, then acquire with a CSR on the other service
    cli.run("operator", "revoke", "--user-id", USER, "--service", FX, "--operator", "branch-042",
        "--reason", "key-compromise").expect(0, "result", "revoked").has("serial", serial)
        .has("revocation-reason", "key-compromise");
    cli.run("operator", "revoke", "--user-id", USER, "--service", FX, "--operator", "branch-042")
        .expect(1, "result", "refused").has("reason", "NO_ACTIVE_CERTIFICATE");
    cli.run("cert", "check", "--service", FX, "--cert", der.toString())
        .expect(1, "verdict", "refused").has("reason", "REVOKED")
        .has("refusal", "certificate-rejected").has("user-id", USER);
    Cli.Result issued1 = cli.run("crl", "--out", crl.toString(), "--format", "pem")
        .expect(0, "entries", "1");
    assertThat(Files.readString(crl)).startsWith("-----BEGIN X509 CRL-----");
    // cron on every node: the CRL just issued is fresh, so nothing is signed, and the file is
    // rewritten with the newest CRL all the same
    Path fromCron = tmp.resolve("cron.crl");
    cli.run("crl", "--if-due", "--out", fromCron.toString(), "--format", "pem")
        .expect(0, "result", "not-due").has("crl-number", issued1.get("crl-number"))
        .has("entries", "1");
    assertThat(Files.readString(fromCron)).isEqualTo(Files.readString(crl));

    Cli.Result other = cli.run("user", "add", "--user-id", "23456789", "--service", "fx-other")
        .expect(0, "result", "enrolled");
    cli.env("OTHER_PW", other.get("temporary-password"))
        .env("OTHER_ACQ", other.get("acquisition-password"));
    Path csr = tmp.resolve("request.csr");
    Files.writeString(csr, Csrs.pem("23456789"));
    Path issued = tmp.resolve("issued.pem");
    cli.run("cert", "acquire", "--user-id", "23456789", "--service", "fx-other",
        "--password-env", "OTHER_PW", "--acquisition-password-env", "OTHER_ACQ",
        "--csr", csr.toString(), "--out", issued.toString())
        .expect(0, "result", "acquired").has("format", "pem").has("service", "fx-other");
    assertThat(Files.readString(issued).split("-----BEGIN CERTIFICATE-----", -1)).hasSize(3);
    cli.run("cert", "check", "--service", "fx-other", "--cert", issued.toString())
        .expect(0, "verdict", "accepted").has("user-id", "23456789");

    // secrets: only the letter fields carry them, and only on their own lines
    List<String> secrets = List.of(temporary, acquisition, newAcquisition, newTemporary,
        "Kawase2021x",
        other.get("temporary-password"), other.get("acquisition-password"), "not-the-password");
    for (Cli.Result r : cli.history()) {
      String text = r.out() + r.err();
      for (String secret : secrets) {
        if (!text.contains(secret)) {
          continue;
        }
        List<String> carrying = text.lines().filter(l -> l.contains(secret)).toList();
        assertThat(carrying).as("lines with a secret in %s", r).allSatisfy(l ->
            assertThat(l).matches("(temporary-password|acquisition-password): \\S+"));
        assertThat(r.args().subList(0, 2)).as("a command that printed a secret: %s", r)
            .isIn(List.of("user", "add"), List.of("operator", "reset-acquisition-password"),
                List.of("operator", "reset-temporary-password"));
      }
      assertThat(String.join(" ", r.args())).as("argv").doesNotContain(temporary)
          .doesNotContain(acquisition);
    }
  }

  static List<X509Certificate> pkcs12Chain(Path p12, String password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, password.toCharArray());
    }
    List<String> aliases = Collections.list(ks.aliases());
    assertThat(aliases).hasSize(1);
    assertThat(ks.isKeyEntry(aliases.get(0))).isTrue();
    List<X509Certificate> chain = new ArrayList<>();
    for (java.security.cert.Certificate c : ks.getCertificateChain(aliases.get(0))) {
      chain.add((X509Certificate) c);
    }
    return chain;
  }
}
