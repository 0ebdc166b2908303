package io.shomei.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.testing.ca.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bank's notice of 2021 replayed through the CLI alone (issue 12's last test): adopt the
 * bank's CA of 2019, import the certificates it issued in 2020, install the notice's rules, check a
 * certificate just before and at 2021-02-24 (Japan time), re-acquire, and see the old certificate
 * superseded.
 */
class NoticeReplayTest {
  static final String FX = "fx-forward";
  static final String OTHER = "fx-other";
  static final String EVE = "2021-02-23T23:59:59+09:00";
  static final String DAY = "2021-02-24T00:00:00+09:00";
  /** 2021-02-24T00:00+09:00: the notice's unusable-from and reacquire-from. */
  static final String CUTOFF_UTC = "2021-02-23T15:00:00Z";

  @TempDir Path tmp;

  private Path pem(X509Certificate c) throws java.io.IOException {
    Path file = Files.createTempFile(tmp, "cert", ".pem");
    Files.writeString(file, CertCommands.pem(c));
    return file;
  }

  private static Instant jst(String localDateTime) {
    return OffsetDateTime.parse(localDateTime + "+09:00").toInstant();
  }

  @Test
  void theNoticeOf2021ThroughTheCliAlone() throws Exception {
    // the bank's existing CA (2019) and its 2020 inventory
    LegacyCa bank = LegacyCa.root("C=JP,O=Example Bank,CN=Example Bank Customer CA 2019",
        jst("2019-04-01T00:00:00"));
    Path caP12 = tmp.resolve("bank-ca.p12");
    bank.writePkcs12(caP12, "bank-ca", "ca-export-pw");
    X509Certificate affected = bank.issue("10000001", jst("2020-06-01T10:00:00"),
        jst("2022-05-31T23:59:59"));
    X509Certificate unaffected = bank.issue("10000002", jst("2020-11-12T00:00:00"),
        jst("2022-11-11T23:59:59"));
    X509Certificate legacy = bank.issue("Yamada Taro", jst("2020-03-01T09:00:00"),
        jst("2022-02-28T23:59:59"));
    X509Certificate stranger = TestCa.root("Some Other CA").leaf().commonName("10000004")
        .issue().certificate();
    Path inventory = Files.createDirectories(tmp.resolve("inventory"));
    Files.writeString(inventory.resolve("0001.pem"), CertCommands.pem(affected));
    Files.write(inventory.resolve("0002.der"), unaffected.getEncoded());
    Files.writeString(inventory.resolve("0003-copy-of-0001.pem"), CertCommands.pem(affected));
    Files.writeString(inventory.resolve("0004.pem"), CertCommands.pem(stranger));
    Files.writeString(inventory.resolve("0005.txt"), "not a certificate\n");
    Path affectedPem = inventory.resolve("0001.pem");
    Path legacyPem = tmp.resolve("legacy.pem");
    Files.writeString(legacyPem, CertCommands.pem(legacy));

    Cli cli = new Cli(tmp.resolve("data")).env("CA_PW", "ca-export-pw");

    // adopt the CA
    cli.run("init", "--ca-p12", caP12.toString(), "--ca-p12-password-env", "CA_PW")
        .expect(0, "result", "initialized").has("ca-custody", "software")
        .has("ca-subject", "CN=Example Bank Customer CA 2019,O=Example Bank,C=JP")
        .has("ca-not-before", "2019-03-31T15:00:00Z")
        .has("ca-sha256-fingerprint", InitCommand.fingerprint(bank.certificate));

    // the customers are enrolled (their letters), then their certificates of 2020 are imported:
    // an ACTIVE certificate is registered only for an enrolled account
    Cli.Result letter = cli.run("user", "add", "--user-id", "10000001", "--service", FX)
        .expect(0, "result", "enrolled");
    for (String user : List.of("10000002", "10000003")) {
      cli.run("user", "add", "--user-id", user, "--service", FX).expect(0, "result", "enrolled");
    }
    cli.run("user", "add", "--user-id", "10000002", "--service", OTHER)
        .expect(0, "result", "enrolled");

    // import the 2020 inventory: twice, the second run imports nothing new
    Cli.Result first = cli.run("cert", "import", "--service", FX, "--dir", inventory.toString())
        .expect(1, "result", "done").has("files", "5").has("imported", "2")
        .has("duplicates", "1").has("refused", "2").has("refused-untrusted-chain", "1")
        .has("refused-unreadable", "1").has("refused-subject-not-mappable", "0")
        .has("imported-non-conforming", "0");
    assertThat(first.out()).contains("0004.pem: UNTRUSTED_CHAIN: ");
    Cli.Result rerun = cli.terminal(true)
        .run("cert", "import", "--service", FX, "--dir", inventory.toString())
        .expect(1, "result", "done").has("imported", "0").has("duplicates", "3")
        .has("refused", "2");
    assertThat(rerun.err()).contains("\r5/5 files: 0 imported, 3 duplicates, 2 refused");
    cli.terminal(false);
    cli.run("cert", "import", "--service", FX, "--cert", legacyPem.toString())
        .expect(1, "result", "refused").has("reason", "SUBJECT_NOT_MAPPABLE");
    cli.run("cert", "import", "--service", FX, "--cert", legacyPem.toString(), "--user-id",
        "10000003", "--operator", "migration-2021")
        .expect(0, "result", "imported").has("user-id", "10000003").has("status", "active")
        .has("conforming", "false");
    cli.run("cert", "import", "--service", FX, "--cert", affectedPem.toString())
        .expect(0, "result", "duplicate").has("user-id", "10000001");
    // fx-other: a revoked certificate, and a superseded one (which needs its successor first)
    Path revoked = pem(bank.issue("10000005", jst("2020-05-01T00:00:00"),
        jst("2022-04-30T23:59:59")));
    cli.run("cert", "import", "--service", OTHER, "--cert", revoked.toString(), "--status",
        "revoked", "--revocation-reason", "key-compromise", "--revoked-at",
        "2020-12-01T00:00:00+09:00")
        .expect(0, "result", "imported").has("status", "revoked")
        .has("revocation-reason", "key-compromise").has("service", OTHER);
    Path older = pem(bank.issue("10000002", jst("2019-10-01T00:00:00"),
        jst("2021-09-30T23:59:59")));
    Path newer = pem(bank.issue("10000002", jst("2020-10-01T00:00:00"),
        jst("2022-09-30T23:59:59")));
    cli.run("cert", "import", "--service", OTHER, "--cert", older.toString(), "--status",
        "superseded").expect(1, "result", "refused").has("reason", "NO_SUCCESSOR");
    cli.run("cert", "import", "--service", OTHER, "--cert", newer.toString())
        .expect(0, "result", "imported").has("status", "active");
    cli.run("cert", "import", "--service", OTHER, "--cert", older.toString(), "--status",
        "superseded").expect(0, "result", "imported").has("status", "superseded");

    // the notice's rules
    cli.run("rules", "install", "--rules", CliScriptTest.NOTICE_RULES.toString())
        .expect(0, "result", "installed");

    // 2021-02-23T23:59:59 JST: still usable, re-acquisition refused until the 24th
    Cli.Result eve = cli.run("cert", "check", "--service", FX, "--cert", affectedPem.toString(),
        "--at", EVE)
        .expect(0, "verdict", "accepted").has("evaluated-at", "2021-02-23T14:59:59Z")
        .has("user-id", "10000001").has("eligibility", "AFFECTED_WAIT").has("usable-now", "true")
        .has("unusable-from", CUTOFF_UTC).has("reacquire-from", CUTOFF_UTC)
        .has("suggested-window-start", CUTOFF_UTC).has("rule", "notice-2021-fx-forward")
        .has("explanation-code", "CA_STANDARD_CHANGE_2021").has("reacquisition", "not-yet");
    assertThat(eve.has("reacquire-until")).isFalse();
    assertThat(eve.keys()).containsSubsequence("eligibility", "usable-now", "unusable-from",
        "reacquire-from", "suggested-window-start", "suggested-window-end", "rule");

    // 2021-02-24T00:00 JST: unusable, re-acquire now
    cli.run("cert", "check", "--service", FX, "--cert", affectedPem.toString(), "--at", DAY)
        .expect(1, "verdict", "refused").has("evaluated-at", CUTOFF_UTC)
        .has("reason", "REACQUIRE_REQUIRED").has("refusal", "must-reacquire")
        .has("unusable-from", CUTOFF_UTC).has("reacquire-from", CUTOFF_UTC)
        .has("reacquire-now", "true").has("rule", "notice-2021-fx-forward");
    // a certificate starting 2020-11-12 is not affected
    cli.run("cert", "check", "--service", FX, "--cert", inventory.resolve("0002.der").toString(),
        "--at", DAY).expect(0, "eligibility", "UNAFFECTED").has("usable-now", "true");
    // the non-conforming one is recorded for its user but never accepted (its subject maps to
    // none, so the check names no account)
    Cli.Result legacyCheck = cli.run("cert", "check", "--service", FX, "--cert",
        legacyPem.toString(), "--at", EVE)
        .expect(1, "verdict", "refused").has("reason", "SUBJECT_NOT_MAPPABLE")
        .has("refusal", "certificate-rejected");
    assertThat(legacyCheck.has("user-id")).isFalse();

    // the customer's login, rehearsed on both sides of the cut-off
    cli.env("PW", letter.get("temporary-password"))
        .env("ACQ", letter.get("acquisition-password"));
    cli.run("login", "--service", FX, "--cert", affectedPem.toString(), "--password-env", "PW",
        "--at", EVE).expect(1, "result", "change-required");
    cli.run("login", "--service", FX, "--cert", affectedPem.toString(), "--password-env", "PW",
        "--at", DAY).expect(1, "result", "refused").has("step", "certificate")
        .has("reason", "REACQUIRE_REQUIRED").has("refusal", "must-reacquire")
        .has("unusable-from", CUTOFF_UTC).has("reacquire-from", CUTOFF_UTC)
        .has("reacquire-now", "true");

    // the campaign as of the 24th: the affected certificate and the non-conforming one are pending
    Path csv = tmp.resolve("campaign.csv");
    Cli.Result campaign = cli.terminal(true)
        .run("campaign", "report", "--at", DAY, "--csv", csv.toString())
        .expect(0, "result", "done").has("total", "6").has("affected", "2")
        .has("pending", "2").has("done", "0").has("non-conforming", "1")
        .has("verdict-eligible-now", "2").has("verdict-unaffected", "2")
        .has("verdict-superseded", "1").has("verdict-revoked", "1").has("csv-rows", "2");
    assertThat(campaign.err()).contains("\r[").contains(" ETA ")
        .containsPattern("\\] 100% 6/6 [0-9,]+/s in [0-9hms]+ *\n$");
    cli.terminal(false);
    List<String> rows = Files.readAllLines(csv);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1) + rows.get(2)).contains("10000001").contains("10000003");

    // re-acquisition (now, after the 24th): a new certificate from the adopted CA
    Path renewed = tmp.resolve("10000001.p12");
    Cli.Result acquired = cli.run("cert", "acquire", "--user-id", "10000001", "--service", FX,
        "--password-env", "PW", "--acquisition-password-env", "ACQ", "--out", renewed.toString())
        .expect(0, "result", "acquired")
        .has("superseded", affected.getSerialNumber().toString(16));
    List<X509Certificate> chain = CliScriptTest.pkcs12Chain(renewed,
        letter.get("acquisition-password"));
    assertThat(chain.get(0).getIssuerX500Principal()).isEqualTo(
        bank.certificate.getSubjectX500Principal());
    assertThat(chain.get(1)).isEqualTo(bank.certificate);

    // the old certificate is superseded by the new one, not revoked for cause: the store says
    // superseded, and so does the SDK
    cli.run("cert", "check", "--service", FX, "--cert", affectedPem.toString(), "--at", DAY)
        .expect(1, "verdict", "refused").has("reason", "SUPERSEDED")
        .has("refusal", "superseded").has("superseded-by", acquired.get("serial"));
    Cli.Result show = cli.run("operator", "show", "--user-id", "10000001", "--service", FX,
        "--operator", "branch-001").expect(0, "certificates", "2");
    assertThat(show.all("certificate")).anySatisfy(c -> assertThat(c).startsWith(
        "serial=" + affected.getSerialNumber().toString(16) + " status=superseded ").endsWith(
        " superseded-by=" + acquired.get("serial")))
        .anySatisfy(c -> assertThat(c).startsWith(
            "serial=" + acquired.get("serial") + " status=active"));
    cli.run("cert", "check", "--service", FX, "--cert", renewed.toString(),
        "--p12-password-env", "ACQ").expect(0, "verdict", "accepted")
        .has("eligibility", "UNAFFECTED");
    cli.run("campaign", "report", "--csv", csv.toString())
        .expect(0, "affected", "2").has("done", "1").has("pending", "1");
    cli.run("audit", "verify").expect(0, "result", "intact");
  }
}
