package io.shomei.core.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordPolicyTest {
  private final PasswordPolicy bank = PasswordPolicy.japaneseBank();
  private final PasswordPolicy nist = PasswordPolicy.nist80063b();

  private static List<ViolationCode> codes(PasswordValidation v) {
    return v.violations().stream().map(PasswordViolation::code).toList();
  }

  @Test
  void goodPasswordIsAccepted() {
    assertThat(bank.validate(Secret.of("Kx7mPq2Rz"), PasswordContext.forUser("12345678")))
        .isEqualTo(new PasswordValidation.Accepted());
    assertThat(nist.validate(Secret.of("correct horse battery staple")).accepted()).isTrue();
    assertThat(nist.validate(Secret.of("とても長い合言葉です")).accepted()).isTrue();
  }

  @Test
  void everyViolationIsReportedAtOnce() {
    PasswordValidation v = bank.validate(Secret.of("aaaa"), PasswordContext.forUser("12345678"));
    assertThat(codes(v)).containsExactly(ViolationCode.TOO_SHORT,
        ViolationCode.MISSING_CHARACTER_CLASS, ViolationCode.REPEATED_CHARACTERS);
    assertThat(v.violations().get(1).characterClass()).isEqualTo(CharacterClass.DIGIT);

    PasswordValidation w = bank.validate(Secret.of("x12345678\u3042abcd"),
        PasswordContext.forUser("12345678"));
    assertThat(codes(w)).containsExactly(ViolationCode.DISALLOWED_CHARACTER,
        ViolationCode.CONTAINS_USER_ID, ViolationCode.SEQUENTIAL_CHARACTERS);
  }

  @Test
  void lengthBoundsAreInclusive() {
    assertThat(bank.validate(Secret.of("Kx7mPq2R")).accepted()).isTrue();
    assertThat(codes(bank.validate(Secret.of("Kx7mPq2")))).containsExactly(ViolationCode.TOO_SHORT);
    assertThat(bank.validate(Secret.of("Kx7mPq2RKx7mPq2RKx7m")).accepted()).isTrue();
    assertThat(codes(bank.validate(Secret.of("Kx7mPq2RKx7mPq2RKx7mP"))))
        .containsExactly(ViolationCode.TOO_LONG);
    assertThat(bank.validate(Secret.of("Kx7mPq2RKx7mPq2RKx7mP")).violations().get(0).limit())
        .isEqualTo(20);
  }

  @Test
  void halfWidthOnly() {
    assertThat(codes(bank.validate(Secret.of("Ｋｘ７ｍＰｑ２Ｒ"))))
        .contains(ViolationCode.DISALLOWED_CHARACTER);
    assertThat(codes(bank.validate(Secret.of("Kx7m Pq2R"))))
        .as("space is not allowed by default").contains(ViolationCode.DISALLOWED_CHARACTER);
    assertThat(nist.validate(Secret.of("Kx7m Pq2R")).accepted()).isTrue();
    assertThat(codes(nist.validate(Secret.of("Kx7m\tPq2R"))))
        .containsExactly(ViolationCode.DISALLOWED_CHARACTER);
  }

  @Test
  void userIdAndItsReverseIgnoringCase() {
    PasswordPolicy p = PasswordPolicy.builder().length(1, 64).notContainingUserId().build();
    PasswordContext ctx = PasswordContext.forUser("Taro88");
    assertThat(codes(p.validate(Secret.of("xxTARO88yy"), ctx))).containsExactly(ViolationCode.CONTAINS_USER_ID);
    assertThat(codes(p.validate(Secret.of("xx88oratyy"), ctx))).containsExactly(ViolationCode.CONTAINS_USER_ID);
    assertThat(p.validate(Secret.of("xxTaro8yy"), ctx).accepted()).isTrue();
    assertThat(p.validate(Secret.of("xxTARO88yy")).accepted()).as("no user ID known").isTrue();
  }

  @Test
  void repeatsSequencesAndKeyboardRows() {
    PasswordPolicy p = PasswordPolicy.builder().length(1, 64).noRepeatedCharacters(4)
        .noSequences(4).build();
    for (String s : List.of("Zz1111x", "x1234Zz", "x9876Zz", "xABCDz9", "zyxwv9", "qwer55", "ASDF55",
        "zxcv55", "7890-q", "!@#$x9", "poiu5x", "/.,m5")) {
      assertThat(p.validate(Secret.of(s)).accepted()).as(s).isFalse();
    }
    for (String s : List.of("Zz111x", "x123Zz", "x1324Zz", "aBcE9", "qwe5rt", "1357")) {
      assertThat(p.validate(Secret.of(s)).accepted()).as(s).isTrue();
    }
  }

  @Test
  void blocklistIsCaseInsensitiveAndPluggable(@TempDir Path dir) throws IOException {
    assertThat(codes(bank.validate(Secret.of("PASSWORD123")))).contains(ViolationCode.BLOCKLISTED);
    assertThat(codes(nist.validate(Secret.of("Qwerty123")))).contains(ViolationCode.BLOCKLISTED);
    Path file = dir.resolve("list.txt");
    Files.writeString(file, "# comment\r\nShomeiBank7\r\n\r\nfx-forward9\n", StandardCharsets.UTF_8);
    Blocklist fromFile = Blocklist.fromFile(file);
    assertThat(fromFile.contains(Secret.of("shomeibank7"))).isTrue();
    assertThat(fromFile.contains(Secret.of("FX-FORWARD9"))).isTrue();
    assertThat(fromFile.contains(Secret.of("# comment"))).isFalse();
    PasswordPolicy p = PasswordPolicy.builder().length(8, 20)
        .blocklist(Blocklist.anyOf(Blocklist.builtIn(), fromFile)).build();
    assertThat(codes(p.validate(Secret.of("ShomeiBank7")))).containsExactly(ViolationCode.BLOCKLISTED);
    assertThat(codes(p.validate(Secret.of("password1")))).containsExactly(ViolationCode.BLOCKLISTED);
  }

  @Test
  void mustDifferFromTemporaryAndAcquisitionPasswords() {
    PasswordHasher h = Cheap.argon2();
    String temp = h.hash(Secret.of("Tmp7wK3xQ"));
    String acq = h.hash(Secret.of("Acq7wK3xQ9Zr4Mn2"));
    PasswordContext ctx = new PasswordContext("12345678", List.of(), temp, acq);
    assertThat(codes(bank.validate(Secret.of("Tmp7wK3xQ"), ctx)))
        .containsExactly(ViolationCode.SAME_AS_TEMPORARY_PASSWORD);
    assertThat(codes(bank.validate(Secret.of("Acq7wK3xQ9Zr4Mn2"), ctx)))
        .containsExactly(ViolationCode.SAME_AS_ACQUISITION_PASSWORD);
    assertThat(bank.validate(Secret.of("tmp7wK3xQ"), ctx).accepted()).as("case-sensitive").isTrue();
  }

  @Test
  void contextFromStoredRecordPutsCurrentPasswordFirstInHistory() {
    PasswordHasher h = Cheap.argon2();
    var account = new io.shomei.spi.AccountKey("12345678", "fx-forward");
    var now = java.time.Instant.parse("2021-02-24T00:00:00Z");
    var current = new io.shomei.spi.LoginPassword(h.hash(Secret.of("Current7x")), false, now, null);
    var record = io.shomei.spi.CredentialRecord.create(account, current, null)
        .withLogin(current, List.of(h.hash(Secret.of("Older7xyz"))), 0, null);
    PasswordContext ctx = PasswordContext.of(record);
    assertThat(ctx.passwordHistory()).hasSize(2);
    assertThat(ctx.temporaryPasswordHash()).isNull();
    assertThat(codes(bank.validate(Secret.of("Current7x"), ctx)))
        .containsExactly(ViolationCode.REUSED_PASSWORD);
    assertThat(codes(bank.validate(Secret.of("Older7xyz"), ctx)))
        .containsExactly(ViolationCode.REUSED_PASSWORD);
    var temporary = new io.shomei.spi.LoginPassword(h.hash(Secret.of("Temp7xyzw")), true, now, null);
    PasswordContext first = PasswordContext.of(io.shomei.spi.CredentialRecord.create(account, temporary, null));
    assertThat(first.passwordHistory()).isEmpty();
    assertThat(codes(bank.validate(Secret.of("Temp7xyzw"), first)))
        .containsExactly(ViolationCode.SAME_AS_TEMPORARY_PASSWORD);
  }

  @Test
  void messagesInJapaneseAndEnglishWhateverTheDefaultLocale() {
    PasswordValidation v = bank.validate(Secret.of("secret"));
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.JAPAN);
      assertThat(v.messages(Locale.ENGLISH).get(0)).isEqualTo("Use at least 8 characters.");
      assertThat(v.messages(Locale.FRENCH).get(0)).isEqualTo("Use at least 8 characters.");
      Locale.setDefault(Locale.US);
      assertThat(v.messages(Locale.JAPAN).get(0)).isEqualTo("8文字以上で入力してください。");
      assertThat(v.messages(Locale.JAPANESE).get(1)).isEqualTo("数字（0～9）を1文字以上含めてください。");
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void everyCodeHasBothMessagesAndNoneEchoesThePassword() {
    for (ViolationCode c : ViolationCode.values()) {
      PasswordViolation v = c == ViolationCode.MISSING_CHARACTER_CLASS
          ? new PasswordViolation(c, 0, CharacterClass.SYMBOL)
          : PasswordViolation.of(c, 5);
      for (Locale l : List.of(Locale.JAPANESE, Locale.ENGLISH)) {
        assertThat(v.message(l)).as(c + " " + l).isNotBlank().doesNotContain("{");
      }
      assertThat(v.message(Locale.JAPANESE)).isNotEqualTo(v.message(Locale.ENGLISH));
    }
    PasswordValidation v = bank.validate(Secret.of("zzzz1234zzzz"), PasswordContext.forUser("zzzz"));
    for (Locale l : List.of(Locale.JAPANESE, Locale.ENGLISH)) {
      assertThat(String.join(" ", v.messages(l))).doesNotContain("zzzz1234");
    }
    assertThat(v.toString()).doesNotContain("zzzz1234");
  }

  @Test
  void builderSettersAreSetOnceAndValidatedEagerly() {
    assertThatThrownBy(() -> PasswordPolicy.builder().length(8, 20).length(8, 20))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> PasswordPolicy.builder().length(8, 129))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PasswordPolicy.builder().noSequences(2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PasswordPolicy.builder().history(25))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PasswordPolicy.builder().require(CharacterClass.DIGIT).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> PasswordPolicy.builder().length(8, 20)
        .allowedCharacters(AllowedCharacters.of("abcdef")).require(CharacterClass.DIGIT).build())
        .isInstanceOf(IllegalStateException.class);
    assertThat(bank.lockoutThreshold()).isEqualTo(5);
    assertThat(nist.lockoutThreshold()).isEqualTo(10);
    assertThat(nist.requiredClasses()).isEmpty();
  }
}
