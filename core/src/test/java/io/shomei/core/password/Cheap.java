package io.shomei.core.password;

import java.security.SecureRandom;

/** Cheap hashers so the suite stays fast; never for production. */
final class Cheap {
  static final HashParameters.Argon2id ARGON2 = new HashParameters.Argon2id(32, 1, 1);
  static final HashParameters.Pbkdf2Sha256 PBKDF2 = new HashParameters.Pbkdf2Sha256(10);

  private Cheap() {}

  static PasswordHasher argon2() {
    return PasswordHasher.insecureForTestsOnly(ARGON2, new SecureRandom());
  }

  static PasswordHasher pbkdf2() {
    return PasswordHasher.insecureForTestsOnly(PBKDF2, new SecureRandom());
  }
}
