package io.shomei.core.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.Secret;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretGeneratorTest {

  private static SecureRandom seeded(long seed) throws Exception {
    SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
    r.setSeed(seed);
    return r;
  }

  @Test
  void sameSeedSameSecrets() throws Exception {
    try (Secret a = new SecretGenerator(seeded(42)).acquisitionPassword();
        Secret b = new SecretGenerator(seeded(42)).acquisitionPassword();
        Secret c = new SecretGenerator(seeded(43)).acquisitionPassword()) {
      assertThat(a.matches(b)).isTrue();
      assertThat(a.matches(c)).isFalse();
      assertThat(a.length()).isEqualTo(16);
    }
  }

  @Test
  void acquisitionPasswordIsAtLeastSixteenCharsAndEightyBits() {
    SecretGenerator g = new SecretGenerator(new SecureRandom());
    assertThatThrownBy(() -> g.acquisitionPassword(15)).isInstanceOf(IllegalArgumentException.class);
    assertThat(SecretGenerator.entropyBits(56, 16)).isGreaterThan(92.0).isLessThan(93.0);
  }

  @Test
  void temporaryPasswordHonoursSymbolRequirementAndLength() {
    PasswordPolicy p = PasswordPolicy.builder().length(12, 16)
        .require(CharacterClass.UPPERCASE, CharacterClass.LOWERCASE, CharacterClass.DIGIT,
            CharacterClass.SYMBOL)
        .build();
    SecretGenerator g = new SecretGenerator(new SecureRandom());
    for (int i = 0; i < 50; i++) {
      try (Secret t = g.temporaryPassword(p, PasswordContext.none())) {
        assertThat(t.length()).isEqualTo(12);
        assertThat(p.validate(t).accepted()).isTrue();
      }
    }
  }

  @Test
  void unsatisfiablePolicyFailsLoudly() {
    PasswordPolicy onlyAmbiguous = PasswordPolicy.builder().length(8, 8)
        .allowedCharacters(AllowedCharacters.of("0O1lI")).build();
    SecretGenerator g = new SecretGenerator(new SecureRandom());
    assertThatThrownBy(() -> g.temporaryPassword(onlyAmbiguous, PasswordContext.none()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void letterFieldsConformAndAreRedacted() {
    SecretGenerator g = new SecretGenerator(new SecureRandom());
    LetterFields f = g.letter("12345678", PasswordPolicy.japaneseBank());
    try (f) {
      assertThat(PasswordPolicy.japaneseBank()
          .validate(f.temporaryPassword(), PasswordContext.forUser("12345678")).accepted()).isTrue();
      assertThat(f.temporaryPassword().matches(f.acquisitionPassword())).isFalse();
      String shown = f.toString();
      assertThat(shown).contains("12345678").contains("<redacted>");
      assertThat(shown).doesNotContain(new String(f.temporaryPassword().toCharArray()));
      assertThat(shown).doesNotContain(new String(f.acquisitionPassword().toCharArray()));
    }
    assertThat(f.temporaryPassword().isDestroyed()).isTrue();
    assertThat(f.acquisitionPassword().isDestroyed()).isTrue();
  }
}
