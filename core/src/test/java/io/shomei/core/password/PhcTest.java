package io.shomei.core.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhcTest {
  private static final String SALT = "c2FsdHNhbHRzYWx0c2FsdA";
  private static final String HASH = "iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM";

  @Test
  void acceptsTheReferenceEncoding() {
    String ok = "$argon2id$v=19$m=19456,t=2,p=1$" + SALT + "$" + HASH;
    Phc.Parsed p = Phc.parse(ok).orElseThrow();
    assertThat(p.parameters()).isEqualTo(HashParameters.argon2idDefault());
    assertThat(Phc.encode(p.parameters(), p.salt(), p.hash())).isEqualTo(ok);
    assertThat(Phc.parse("$pbkdf2-sha256$i=600000$" + SALT + "$" + HASH)).isPresent();
  }

  @Test
  void rejectsEverythingElse() {
    List<String> bad = List.of(
        "",
        "$argon2i$v=19$m=19456,t=2,p=1$" + SALT + "$" + HASH,
        "$argon2d$v=19$m=19456,t=2,p=1$" + SALT + "$" + HASH,
        "$argon2id$v=16$m=19456,t=2,p=1$" + SALT + "$" + HASH,
        "$argon2id$m=19456,t=2,p=1$" + SALT + "$" + HASH,
        "$argon2id$v=19$t=2,m=19456,p=1$" + SALT + "$" + HASH,
        "$argon2id$v=19$m=019456,t=2,p=1$" + SALT + "$" + HASH,
        "$argon2id$v=19$m=19456,t=2,p=1$" + SALT + "==$" + HASH,
        "$argon2id$v=19$m=19456,t=2,p=1$" + SALT + "$" + HASH + "$",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$" + HASH,
        "$argon2id$v=19$m=19456,t=2,p=1$" + SALT + "$" + "c2FsdA",
        " $argon2id$v=19$m=19456,t=2,p=1$" + SALT + "$" + HASH,
        "$pbkdf2-sha256$i=0$" + SALT + "$" + HASH,
        "$pbkdf2-sha1$i=1000$" + SALT + "$" + HASH,
        "$pbkdf2-sha256$i=-5$" + SALT + "$" + HASH);
    for (String s : bad) {
      assertThat(Phc.parse(s)).as(s).isEmpty();
    }
  }

  @Test
  void rejectsNonCanonicalBase64() {
    // last char 'N' instead of 'M' sets unused low bits: same bytes, different text
    String s = "$argon2id$v=19$m=19456,t=2,p=1$" + SALT + "$" + HASH.replace("NoM", "NoN");
    assertThat(Phc.parse(s)).isEmpty();
  }

  @Test
  void hostileStoredHashCannotDemandHugeMemoryOrTime() {
    assertThat(Phc.parse("$argon2id$v=19$m=4194304,t=2,p=1$" + SALT + "$" + HASH)).isEmpty();
    assertThat(Phc.parse("$argon2id$v=19$m=19456,t=4000000,p=1$" + SALT + "$" + HASH)).isEmpty();
    assertThat(Phc.parse("$argon2id$v=19$m=19456,t=2,p=255$" + SALT + "$" + HASH)).isEmpty();
    assertThat(Phc.parse("$argon2id$v=19$m=99999999999,t=2,p=1$" + SALT + "$" + HASH)).isEmpty();
    assertThat(Phc.parse("$pbkdf2-sha256$i=2000000000$" + SALT + "$" + HASH)).isEmpty();
  }
}
