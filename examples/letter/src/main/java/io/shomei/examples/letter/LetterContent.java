package io.shomei.examples.letter;

import io.shomei.spi.Secret;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one letter says: to whom, which secrets (one or both), for which services, dated when.
 * {@link #toString()} names no secret. The secrets stay the caller's: destroy them after
 * rendering.
 *
 * @param userId the customer's user ID
 * @param services the services the letter is for (at least one), as the customer knows them
 * @param temporaryPassword the temporary login password, or {@code null} if this letter hands out none
 * @param acquisitionPassword the certificate acquisition password, or {@code null} if none
 * @param bankName the bank's name as printed
 * @param date the letter's date (the bank's calendar day)
 */
public record LetterContent(String userId, List<String> services,
    @Nullable Secret temporaryPassword, @Nullable Secret acquisitionPassword, String bankName,
    LocalDate date) {

  /** Checks that the letter hands out at least one secret and names a service. */
  public LetterContent {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(bankName, "bankName");
    Objects.requireNonNull(date, "date");
    services = List.copyOf(services);
    if (services.isEmpty()) {
      throw new IllegalArgumentException("a letter names at least one service");
    }
    if (temporaryPassword == null && acquisitionPassword == null) {
      throw new IllegalArgumentException("a letter hands out at least one password");
    }
  }

  @Override
  public String toString() {
    return "LetterContent[userId=" + userId + ", services=" + services
        + ", temporaryPassword=" + (temporaryPassword == null ? "none" : "<redacted>")
        + ", acquisitionPassword=" + (acquisitionPassword == null ? "none" : "<redacted>")
        + ", date=" + date + "]";
  }
}
