package io.shomei.spi;

/** Shape checks for encoded password hashes. */
final class Hashes {
  static final int MAX_LENGTH = 512;

  private Hashes() {}

  static void check(String hash) {
    if (hash.isEmpty() || hash.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("hash must be 1.." + MAX_LENGTH + " chars");
    }
    for (int i = 0; i < hash.length(); i++) {
      char c = hash.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException("hash must be printable ASCII without spaces");
      }
    }
  }
}
