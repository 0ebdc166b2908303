package io.shomei.core.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.Secret;
import io.shomei.spi.KeyCustodyException;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.ProcessRunner;
import io.shomei.testing.env.SoftHsm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adopting an existing CA key that was put on a PKCS#11 token outside Shomei: the issuing CA's key
 * made by openssl is imported into SoftHSM with {@code softhsm2-util --import}, and its certificate
 * written next to it with {@code pkcs11-tool} (same {@code CKA_ID}), as a bank's HSM tooling would.
 * The intermediate and root stay outside the token.
 */
class AdoptedHsmKeyTest {
  static final Path PKCS11_TOOL = Path.of("/usr/bin/pkcs11-tool");

  @TempDir Path dir;

  @Test
  void opensAnImportedTokenKeyAndCompletesItsChainFromOutside() throws Exception {
    SoftHsm.Token token = SoftHsm.token();
    if (!Files.isExecutable(PKCS11_TOOL)) {
      String message = "pkcs11-tool is not installed (Debian package opensc)";
      if (Components.underCi()) {
        Assertions.fail("CI=true but " + message);
      }
      Assumptions.abort(message);
    }
    OpensslCa ca = OpensslCa.create(dir);
    ca.run("x509", "-in", "issuing.pem", "-outform", "DER", "-out", "issuing.der");
    Map<String, String> env = Map.of("SOFTHSM2_CONF", token.softhsmConf().toString());
    ProcessRunner.run(List.of("softhsm2-util", "--import", ca.file("issuing.key").toString(),
        "--token", token.label(), "--label", "adopted-ca", "--id", "a0d0", "--pin", token.pin()),
        Duration.ofSeconds(30), dir, env, null).requireSuccess();
    ProcessRunner.run(List.of(PKCS11_TOOL.toString(), "--module", SoftHsm.LIBRARY.toString(),
        "--slot", String.valueOf(token.slot()), "--login", "--pin", token.pin(),
        "--write-object", ca.file("issuing.der").toString(), "--type", "cert",
        "--id", "a0d0", "--label", "adopted-ca"), Duration.ofSeconds(30), dir, env, null)
        .requireSuccess();

    // the token alone knows only the issuing CA's certificate
    Pkcs11KeyCustody alone = Pkcs11KeyCustody.open(token.pkcs11Config(), Secret.of(token.pin()),
        "adopted-ca");
    assertThat(alone.certificateChain()).containsExactly(ca.certificate("issuing"));

    Pkcs11KeyCustody custody = Pkcs11KeyCustody.open(token.pkcs11Config(),
        Secret.of(token.pin()), "adopted-ca",
        List.of(ca.certificate("inter"), ca.certificate("root")));
    assertThat(custody.certificateChain()).containsExactly(ca.certificate("issuing"),
        ca.certificate("inter"), ca.certificate("root"));
    AdoptedCaTest.issueAndImport(custody, ca);

    assertThatThrownBy(() -> Pkcs11KeyCustody.open(token.pkcs11Config(), Secret.of(token.pin()),
        "adopted-ca", List.of(ca.certificate("root"), ca.certificate("inter"))))
        .isInstanceOf(KeyCustodyException.class).hasMessageContaining("not issued by");
  }
}
