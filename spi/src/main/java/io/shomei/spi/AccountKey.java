package io.shomei.spi;

/**
 * A customer's account for one service: the key under which credentials, certificates and download
 * tickets are kept. A customer using two services has two accounts with the same user ID.
 *
 * <p>Both parts are compared exactly as strings (no trimming, no case folding, no normalisation).
 *
 * <p>Only the structural checks a store needs are made here (not blank, at most
 * {@value #MAX_LENGTH} chars, so every store can index the key, and {@link StorableText storable}
 * text: no U+0000, no unpaired surrogate, which some stores refuse or alter). The syntax of a user ID is the
 * configured user-ID policy's ({@code io.shomei.core.identity.UserIdPolicy}, default eight ASCII
 * digits): the engine parses a user ID there, once, where it comes in, before it builds an
 * {@code AccountKey}. A host that builds one itself (for example for an operator action) parses the
 * typed text with the same policy first.
 *
 * @param userId the user ID (for example eight ASCII digits); not blank, at most 64 characters
 * @param service the service identifier (for example {@code fx-forward}); not blank, at most 64
 *     characters
 * @since 0.1.0
 */
public record AccountKey(String userId, String service) {
  /** Largest length of either part, in chars. */
  public static final int MAX_LENGTH = 64;

  /** Validates both parts. */
  public AccountKey {
    check("userId", userId);
    check("service", service);
  }

  private static void check(String what, String value) {
    if (value.isEmpty() || value.length() > MAX_LENGTH || value.isBlank()) {
      throw new IllegalArgumentException(what + " must be 1.." + MAX_LENGTH + " non-blank chars");
    }
    StorableText.check(what, value);
  }

  @Override
  public String toString() {
    return userId + "@" + service;
  }
}
