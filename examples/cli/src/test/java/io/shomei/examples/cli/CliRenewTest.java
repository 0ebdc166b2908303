package io.shomei.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cert renew} (issue 23): the key in the current PKCS#12 file proves possession, no
 * acquisition password; the old certificate is superseded and cannot renew again.
 */
class CliRenewTest {
  static final String FX = "fx-forward";
  static final String USER = "10000001";

  @TempDir Path tmp;

  @Test
  void renewsWithTheKeyInTheCurrentFileAndTheOldFileCannotRenewAgain() throws Exception {
    Cli cli = new Cli(tmp.resolve("data"));
    cli.run("init").expect(0, "result", "initialized");
    Cli.Result user = cli.run("user", "add", "--user-id", USER, "--service", FX)
        .expect(0, "result", "enrolled");
    cli.env("LOGIN_PW", user.get("temporary-password"))
        .env("ACQ_PW", user.get("acquisition-password"));
    Path current = tmp.resolve("current.p12");
    cli.run("cert", "acquire", "--user-id", USER, "--service", FX, "--password-env", "LOGIN_PW",
        "--acquisition-password-env", "ACQ_PW", "--out", current.toString())
        .expect(0, "result", "acquired");
    X509Certificate old = CliScriptTest.pkcs12Chain(current, user.get("acquisition-password"))
        .get(0);

    // usable and no rule makes it eligible: renewal follows acquisition's eligibility
    Path early = tmp.resolve("early.p12");
    cli.run("cert", "renew", "--service", FX, "--cert", current.toString(),
        "--p12-password-env", "ACQ_PW", "--out", early.toString())
        .expect(1, "result", "refused").has("reason", "NOT_ELIGIBLE");
    assertThat(Files.exists(early)).isFalse();

    // a campaign cut the certificate off for login but lets it prove possession
    Path rules = tmp.resolve("cut.rules");
    Files.writeString(rules, """
        shomei-rules 1
        zone = Asia/Tokyo
        [campaign cut-2020]
        service = fx-forward
        unusable-from = 2020-01-01
        reacquire-from = 2020-01-01
        proof-after-unusable = allowed
        explanation-code = CA_STANDARD_CHANGE
        """);
    cli.run("rules", "install", "--rules", rules.toString()).expect(0, "result", "installed");

    Path next = tmp.resolve("next.p12");
    Cli.Result renewed = cli.run("cert", "renew", "--service", FX, "--cert", current.toString(),
        "--p12-password-env", "ACQ_PW", "--out", next.toString())
        .expect(0, "result", "renewed").has("user-id", USER).has("service", FX)
        .has("superseded", old.getSerialNumber().toString(16))
        .has("proof", "CAMPAIGN_ALLOWS_PROOF").has("out", next.toString());
    List<X509Certificate> chain = CliScriptTest.pkcs12Chain(next,
        user.get("acquisition-password"));
    assertThat(chain.get(0).getSerialNumber().toString(16)).isEqualTo(renewed.get("serial"));

    Path again = tmp.resolve("again.p12");
    cli.run("cert", "renew", "--service", FX, "--cert", current.toString(),
        "--p12-password-env", "ACQ_PW", "--out", again.toString())
        .expect(1, "result", "refused").has("reason", "SUPERSEDED");
    cli.run("audit", "verify").expect(0, "result", "intact");
  }
}
