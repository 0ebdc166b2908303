package io.shomei.testing.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A SoftHSM2 token for tests, reached through the JDK's SunPKCS11 provider.
 *
 * <p>SoftHSM reads its configuration file from the environment variable {@code SOFTHSM2_CONF}, which
 * must be set before the JVM starts (a running JVM cannot change its environment). Shomei's surefire
 * configuration sets it to {@code target/softhsm/softhsm2.conf}; this class writes that file (token
 * directory {@code target/softhsm/tokens}), initializes one token per JVM with a random user PIN,
 * takes the slot ID from softhsm2-util's "reassigned to slot N" line (SoftHSM renumbers slots, so
 * {@code slotListIndex} is not reliable) and writes a SunPKCS11 configuration whose key template
 * keeps generated private keys sensitive and non-extractable.
 *
 * <p>Call {@link #token()} before anything in the JVM configures a SunPKCS11 provider for SoftHSM:
 * the PKCS#11 library reads its token list when it is first initialized.
 *
 * @since 0.1.0
 */
public final class SoftHsm {
  /** The SoftHSM2 PKCS#11 module. */
  public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

  private static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");
  private static @Nullable Token shared;

  private SoftHsm() {}

  /**
   * An initialized token.
   *
   * @param pkcs11Config the SunPKCS11 configuration file for the token's slot
   * @param pin the user PIN
   * @param slot the slot ID
   * @param label the token label
   * @param softhsmConf the SoftHSM2 configuration file ({@code SOFTHSM2_CONF})
   */
  public record Token(Path pkcs11Config, String pin, long slot, String label, Path softhsmConf) {
    @Override
    public String toString() {
      return "SoftHsm.Token[label=" + label + ", slot=" + slot + ", config=" + pkcs11Config + "]";
    }
  }

  /**
   * The token of this JVM, initialized on first use. Skips the calling test (fails it under
   * {@code CI=true}) when SoftHSM2 is not installed or {@code SOFTHSM2_CONF} is not set.
   *
   * @return the token
   */
  public static synchronized Token token() {
    Components.require(Component.SOFTHSM2);
    String conf = System.getenv("SOFTHSM2_CONF");
    if (conf == null || conf.isBlank()) {
      String message = "SOFTHSM2_CONF is not set in the test JVM's environment (run the tests"
          + " through Maven: surefire sets it)";
      if (Components.underCi()) {
        Assertions.fail("CI=true but " + message);
      }
      Assumptions.abort(message);
    }
    Token t = shared;
    if (t == null) {
      t = initialize(Path.of(conf).toAbsolutePath(), "shomei-" + ProcessHandle.current().pid());
      shared = t;
    }
    return t;
  }

  /**
   * A new token of its own, in {@code dir} ({@code softhsm2.conf} and the token files under
   * {@code tokens/}), for a test that removes or damages it. Children that use it need
   * {@code SOFTHSM2_CONF} set to {@link Token#softhsmConf()}. Skips the calling test (fails it under
   * {@code CI=true}) when SoftHSM2 is not installed.
   *
   * @param dir an empty directory
   * @param label the token label
   * @return the token
   */
  public static Token privateToken(Path dir, String label) {
    Components.require(Component.SOFTHSM2);
    return initialize(dir.toAbsolutePath().resolve("softhsm2.conf"), label);
  }

  /**
   * A copy of a token's files in {@code dir} ({@code softhsm2.conf} and the copied token files
   * under {@code tokens/}): the same keys, PIN, label and slot ID (SoftHSM derives the slot ID from
   * the token's serial, which the copy keeps), so the original's SunPKCS11 configuration opens it
   * too. For a child process that stands for one node of several sharing a CA key, and whose
   * token a test removes without disturbing the original or the other copies. The child needs
   * {@code SOFTHSM2_CONF} set to the copy's {@link Token#softhsmConf()}. Copy a token while no
   * process writes to it.
   *
   * @param original the token to copy (its files are those under its configuration's
   *     {@code tokens/} directory)
   * @param dir an empty directory
   * @return the copy; its {@link Token#pkcs11Config()} is a copy of the original's
   * @since 0.2.0
   */
  public static Token copy(Token original, Path dir) {
    Path from = tokenDirectory(original);
    Path home = dir.toAbsolutePath();
    Path to = home.resolve("tokens");
    try {
      Files.createDirectories(to);
      try (Stream<Path> walk = Files.walk(from)) {
        for (Path p : walk.toList()) {
          Path target = to.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.copy(p, target);
          }
        }
      }
      Path conf = home.resolve("softhsm2.conf");
      writeConf(conf, to);
      Path config = home.resolve(original.pkcs11Config().getFileName().toString());
      Files.copy(original.pkcs11Config(), config);
      return new Token(config, original.pin(), original.slot(), original.label(), conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + original + " to " + dir, e);
    }
  }

  /**
   * Deletes a token's files (what is under its configuration's {@code tokens/} directory, which
   * stays), as an HSM that disappears: a process that had the token open fails its next
   * operation on it.
   *
   * @param token the token
   * @since 0.2.0
   */
  public static void delete(Token token) {
    Path tokens = tokenDirectory(token);
    try (Stream<Path> walk = Files.walk(tokens)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(tokens)) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the files of " + token, e);
    }
  }

  private static Path tokenDirectory(Token token) {
    Path dir = token.softhsmConf().toAbsolutePath().getParent();
    if (dir == null) {
      throw new IllegalStateException("SOFTHSM2_CONF must name a file in a directory");
    }
    return dir.resolve("tokens");
  }

  private static void writeConf(Path conf, Path tokens) throws IOException {
    Files.writeString(conf, "directories.tokendir = " + tokens + "\n"
        + "objectstore.backend = file\n"
        + "log.level = ERROR\n"
        + "slots.removable = false\n", StandardCharsets.UTF_8);
  }

  private static Token initialize(Path conf, String label) {
    try {
      Path dir = conf.getParent();
      if (dir == null) {
        throw new IllegalStateException("SOFTHSM2_CONF must name a file in a directory");
      }
      Path tokens = dir.resolve("tokens");
      deleteRecursively(tokens);
      Files.createDirectories(tokens);
      writeConf(conf, tokens);
      SecureRandom random = new SecureRandom();
      String pin = String.format("%08d", random.nextInt(100_000_000));
      String soPin = String.format("%08d", random.nextInt(100_000_000));
      ProcessRunner.Result r = ProcessRunner.run(
          List.of("softhsm2-util", "--init-token", "--free", "--label", label,
              "--pin", pin, "--so-pin", soPin),
          Duration.ofSeconds(30), null, Map.of("SOFTHSM2_CONF", conf.toString()), null)
          .requireSuccess();
      Matcher m = SLOT.matcher(r.stdout() + r.stderr());
      if (!m.find()) {
        throw new IllegalStateException("no slot in softhsm2-util output: " + r.stdout());
      }
      long slot = Long.parseLong(m.group(1));
      Path config = dir.resolve("pkcs11-" + label + ".cfg");
      Files.writeString(config, "name = SoftHSM\n"
          + "library = " + LIBRARY + "\n"
          + "slot = " + slot + "\n"
          + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n"
          + "  CKA_SENSITIVE = true\n"
          + "  CKA_EXTRACTABLE = false\n"
          + "  CKA_PRIVATE = true\n"
          + "  CKA_DECRYPT = false\n"
          + "  CKA_UNWRAP = false\n"
          + "}\n", StandardCharsets.UTF_8);
      return new Token(config, pin, slot, label, conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up SoftHSM2 for " + conf, e);
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
