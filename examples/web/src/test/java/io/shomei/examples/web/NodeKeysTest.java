package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys nodes share come from configuration, and a node refuses to start without them. */
class NodeKeysTest {
  @TempDir Path tmp;

  private Path keyFile(String content, String permissions) throws Exception {
    Path f = tmp.resolve("pending-login.key");
    Files.writeString(f, content, StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(permissions));
    return f;
  }

  @Test
  void aSharedDatabaseWithoutTheSharedKeyRefusesToStart() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ShomeiWeb.start(new String[] {"--data", tmp.resolve("d").toString(),
        "--database", "jdbc:postgresql://127.0.0.1:1/shomei"}, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--pending-login-key");
    assertThat(tmp.resolve("d")).doesNotExist();
  }

  @Test
  void readsAnOwnerOnlyFileOfThirtyTwoRandomBytes() throws Exception {
    byte[] raw = new byte[32];
    new java.security.SecureRandom().nextBytes(raw);
    SecretKey k = NodeKeys.read(keyFile(Base64.getEncoder().encodeToString(raw) + "\n", "rw-------"));
    assertThat(k.getEncoded()).isEqualTo(raw);
    assertThat(k.getAlgorithm()).isEqualTo("HmacSHA256");
  }

  @Test
  void refusesAKeyFileOthersCanRead() throws Exception {
    Path f = keyFile(Base64.getEncoder().encodeToString(new byte[32]), "rw-r--r--");
    assertThatThrownBy(() -> NodeKeys.read(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chmod 600");
  }

  @Test
  void refusesAShortKeyWithoutShowingIt() throws Exception {
    String shortKey = Base64.getEncoder().encodeToString("sixteen-bytes-ab".getBytes(
        StandardCharsets.US_ASCII));
    Path f = keyFile(shortKey, "rw-------");
    assertThatThrownBy(() -> NodeKeys.read(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds 16 bytes").hasMessageNotContaining(shortKey);
  }

  @Test
  void refusesAFileThatIsNotBase64() throws Exception {
    Path f = keyFile("not base64 at all!", "rw-------");
    assertThatThrownBy(() -> NodeKeys.read(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("base64").hasMessageNotContaining("at all");
  }
}
