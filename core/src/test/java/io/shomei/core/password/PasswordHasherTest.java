package io.shomei.core.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.Secret;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.ProcessRunner;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void defaultArgon2idUsesOwaspParametersAndRoundTrips() {
    PasswordHasher h = PasswordHasher.argon2id(random);
    try (Secret pw = Secret.of("Tokyo-2021-fx"); Secret wrong = Secret.of("tokyo-2021-fx")) {
      String encoded = h.hash(pw);
      assertThat(encoded).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
      assertThat(h.verify(pw, encoded)).isTrue();
      assertThat(h.verify(wrong, encoded)).as("case-sensitive").isFalse();
      assertThat(h.needsRehash(encoded)).isFalse();
    }
  }

  @Test
  void defaultPbkdf2UsesSixHundredThousandIterations() {
    PasswordHasher h = PasswordHasher.pbkdf2Sha256(random);
    try (Secret pw = Secret.of("Tokyo-2021-fx")) {
      String encoded = h.hash(pw);
      assertThat(encoded).startsWith("$pbkdf2-sha256$i=600000$");
      assertThat(h.verify(pw, encoded)).isTrue();
    }
  }

  @Test
  void cheapHashersRoundTripAndSaltIsFresh() {
    for (PasswordHasher h : List.of(Cheap.argon2(), Cheap.pbkdf2())) {
      try (Secret pw = Secret.of("パスワードpass1"); Secret other = Secret.of("パスワードpass2")) {
        String a = h.hash(pw);
        String b = h.hash(pw);
        assertThat(a).isNotEqualTo(b);
        assertThat(h.verify(pw, a)).isTrue();
        assertThat(h.verify(pw, b)).isTrue();
        assertThat(h.verify(other, a)).isFalse();
        assertThat(pw.isDestroyed()).as("hashing does not destroy the caller's secret").isFalse();
      }
    }
  }

  @Test
  void productionFactoryRefusesWeakParameters() {
    assertThatThrownBy(() -> PasswordHasher.of(Cheap.ARGON2, random))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PasswordHasher.of(new HashParameters.Pbkdf2Sha256(599_999), random))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PasswordHasher.of(new HashParameters.Argon2id(47104, 1, 1), random).parameters())
        .isEqualTo(new HashParameters.Argon2id(47104, 1, 1));
    assertThat(new HashParameters.Argon2id(19455, 2, 1).meetsOwaspMinimum()).isFalse();
    assertThat(new HashParameters.Argon2id(7168, 5, 1).meetsOwaspMinimum()).isTrue();
  }

  @Test
  void hashFloodingOverlongInputIsRefusedNotTruncated() {
    PasswordHasher h = Cheap.argon2();
    String max = "a".repeat(PasswordHasher.MAX_PASSWORD_LENGTH);
    try (Secret atMax = Secret.of(max); Secret over = Secret.of(max + "b")) {
      String encoded = h.hash(atMax);
      assertThatThrownBy(() -> h.hash(over)).isInstanceOf(IllegalArgumentException.class);
      assertThat(h.verify(over, encoded)).as("no truncation to the first 128 chars").isFalse();
      assertThat(h.verify(atMax, encoded)).isTrue();
    }
    try (Secret huge = Secret.of("x".repeat(1_000_000))) {
      assertThat(h.verify(huge, h.hash(Secret.of("x")))).isFalse();
    }
  }

  @Test
  void emptyAndUnpairedSurrogatesAreRefused() {
    PasswordHasher h = Cheap.argon2();
    assertThatThrownBy(() -> h.hash(Secret.of(""))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> h.hash(Secret.of("ab\uD800cd")))
        .isInstanceOf(IllegalArgumentException.class);
    String encoded = h.hash(Secret.of("ab?cd"));
    assertThat(h.verify(Secret.of("ab\uD800cd"), encoded))
        .as("an unpaired surrogate is not replaced by '?'").isFalse();
  }

  @Test
  void needsRehashWhenAlgorithmOrParametersDiffer() {
    PasswordHasher cheap = Cheap.argon2();
    PasswordHasher other = PasswordHasher.insecureForTestsOnly(
        new HashParameters.Argon2id(64, 1, 1), random);
    String encoded = cheap.hash(Secret.of("pw"));
    assertThat(cheap.needsRehash(encoded)).isFalse();
    assertThat(other.needsRehash(encoded)).isTrue();
    assertThat(Cheap.pbkdf2().needsRehash(encoded)).isTrue();
    assertThat(cheap.needsRehash("$2a$10$abcdefghijklmnopqrstuv")).isTrue();
  }

  @Test
  void verifyAndUpgradeRehashesOnlyOnMatch() {
    PasswordHasher old = Cheap.pbkdf2();
    PasswordHasher current = Cheap.argon2();
    try (Secret pw = Secret.of("upgrade-me-9"); Secret wrong = Secret.of("upgrade-me-8")) {
      String stored = old.hash(pw);
      assertThat(current.verifyAndUpgrade(wrong, stored)).isEqualTo(new Verification.Mismatch());
      Verification v = current.verifyAndUpgrade(pw, stored);
      assertThat(v).isInstanceOf(Verification.Match.class);
      String upgraded = ((Verification.Match) v).upgradedHash().orElseThrow();
      assertThat(upgraded).startsWith("$argon2id$");
      assertThat(current.verify(pw, upgraded)).isTrue();
      assertThat(current.verifyAndUpgrade(pw, upgraded))
          .isEqualTo(new Verification.Match(Optional.empty()));
    }
  }

  @Test
  void malformedStoredHashIsAnErrorWithoutEchoingIt() {
    PasswordHasher h = Cheap.argon2();
    String corrupt = "$argon2id$v=19$m=32,t=1,p=1$c2VjcmV0c2FsdA$";
    assertThatThrownBy(() -> h.verify(Secret.of("pw"), corrupt))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("c2VjcmV0c2FsdA");
  }

  @Test
  void dummyVerifyIsAlwaysFalse() {
    PasswordHasher h = Cheap.argon2();
    assertThat(h.dummyVerify(Secret.of("anything"))).isFalse();
    assertThat(h.dummyVerify(Secret.of("anything"))).isFalse();
    assertThat(h.dummyVerify(Secret.of(""))).isFalse();
  }

  @Test
  void toStringsCarryNoSecret() {
    PasswordHasher h = Cheap.argon2();
    String encoded = h.hash(Secret.of("hunter22"));
    assertThat(h.toString()).doesNotContain("hunter22");
    assertThat(new Verification.Match(Optional.of(encoded)).toString()).doesNotContain(encoded);
    Phc.Parsed p = Phc.parse(encoded).orElseThrow();
    assertThat(p.toString()).doesNotContain(encoded.substring(encoded.lastIndexOf('$') + 1));
  }

  @Test
  void pbkdf2MatchesRfc7914TestVector() {
    // RFC 7914 section 11: PBKDF2-HMAC-SHA256 (P="passwd", S="salt", c=1, dkLen=64)
    byte[] out = Kdf.derive(new HashParameters.Pbkdf2Sha256(1), Secret.of("passwd"),
        "salt".getBytes(StandardCharsets.US_ASCII), 64);
    assertThat(HexFormat.of().formatHex(out)).isEqualTo(
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
  }

  @Test
  void argon2idAgreesWithTheReferenceCli() {
    Components.require(Component.ARGON2);
    String salt = "shomei-salt-0001";
    for (String pw : List.of("Tokyo-2021-fx", "パスワード", "p")) {
      ProcessRunner.Result r = ProcessRunner.run(
          List.of("/usr/bin/argon2", salt, "-id", "-t", "2", "-k", "64", "-p", "1", "-l", "32", "-e"),
          Duration.ofSeconds(30), null, Map.of(), pw.getBytes(StandardCharsets.UTF_8))
          .requireSuccess();
      String cli = r.stdout().trim();
      assertThat(cli).startsWith("$argon2id$v=19$m=64,t=2,p=1$");
      PasswordHasher h = Cheap.argon2();
      assertThat(h.verify(Secret.of(pw), cli)).isTrue();
      assertThat(h.verify(Secret.of(pw + "x"), cli)).isFalse();
      HashParameters.Argon2id params = new HashParameters.Argon2id(64, 2, 1);
      byte[] saltBytes = salt.getBytes(StandardCharsets.US_ASCII);
      String ours = Phc.encode(params, saltBytes, Kdf.derive(params, Secret.of(pw), saltBytes, 32));
      assertThat(ours).isEqualTo(cli);
    }
  }
}
