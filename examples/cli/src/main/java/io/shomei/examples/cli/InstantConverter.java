package io.shomei.examples.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/**
 * Parses {@code --at}: an ISO-8601 date-time <em>with</em> its offset
 * ({@code 2021-02-23T23:59:59+09:00}, {@code 2021-02-23T14:59:59Z}). A date-time without an offset
 * is refused: it would have to be read in some zone, and the CLI never guesses one.
 */
final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException("'" + Out.oneLine(value)
          + "' is not an ISO-8601 date-time with an offset, such as 2021-02-23T23:59:59+09:00");
    }
  }
}
