package io.shomei.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.custody.Pkcs11KeyCustody;
import io.shomei.testing.env.ProcessRunner;
import io.shomei.testing.env.SoftHsm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HSM disappears during issuance: a SoftHSM2 token holding the CA key is deleted after an
 * acquisition checked the passwords and generated the customer's key, just before the CA signature
 * ({@link io.shomei.testing.fault.Fault#before} on {@code KeyCustody.sign}). The acquisition fails
 * with a {@link io.shomei.spi.KeyCustodyException} and leaves nothing behind (no record, no ticket,
 * no signature, no counted failure, an intact audit trail); while the token is gone, acquisitions
 * and CRLs fail the same way and certificate login keeps working; once the token is restored, a
 * restarted host (the PKCS#11 library cannot re-attach a lost token in the same process) opens the
 * restored token and the same database, the retried acquisitions succeed, and every certificate the
 * HSM signed is recorded.
 *
 * <p>Runs in a separate JVM ({@link HsmVanishMain}) with a SoftHSM configuration and token directory
 * of its own: the PKCS#11 library reads its token list once per process, and deleting a token must
 * not disturb the token the other tests use. Skipped without softhsm2 (failed under {@code CI=true}).
 */
class HsmDisappearsTest {

  @Test
  void issuanceFailsCleanlyWhenTheTokenIsRemovedAndRecoversWhenItIsBack(@TempDir Path dir)
      throws Exception {
    SoftHsm.Token token = SoftHsm.privateToken(dir, "vanishing");
    Path tokens = dir.resolve("tokens");
    String pin = token.pin();
    Map<String, String> env = Map.of("SOFTHSM2_CONF", token.softhsmConf().toString());
    Path config = dir.resolve("pkcs11.cfg");
    Files.writeString(config, Pkcs11KeyCustody.recommendedConfig("Vanishing", SoftHsm.LIBRARY,
        token.slot()), StandardCharsets.UTF_8);

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String h2 = "jdbc:h2:file:" + dir.resolve("bank").toAbsolutePath()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    Path state = dir.resolve("state.txt");
    ProcessRunner.Result outage = child(java, env, pin, "outage", config.toString(),
        tokens.toString(), h2, state.toString());
    assertThat(outage.stdout()).contains("STEP token removed during issuance: KeyCustodyException",
        "STEP while the HSM is gone", "STEP token files restored", "STEP outage: all checks passed");
    ProcessRunner.Result recover = child(java, env, pin, "recover", config.toString(), h2,
        state.toString());
    assertThat(recover.stdout()).contains("STEP HSM restored", "STEP recover: all checks passed");
  }

  private static ProcessRunner.Result child(Path java, Map<String, String> env, String pin,
      String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-cp",
        System.getProperty("java.class.path"), HsmVanishMain.class.getName()));
    command.addAll(List.of(args));
    ProcessRunner.Result r = ProcessRunner.run(command, Duration.ofMinutes(3), null, env,
        (pin + "\n").getBytes(StandardCharsets.US_ASCII));
    r.stdout().lines().filter(l -> l.startsWith("STEP ")).forEach(l ->
        System.out.println("HsmDisappearsTest: " + l.substring(5)));
    assertThat(r.exitCode()).as("child JVM " + args[0] + ":\n" + r.stdout() + r.stderr()).isZero();
    return r;
  }
}
