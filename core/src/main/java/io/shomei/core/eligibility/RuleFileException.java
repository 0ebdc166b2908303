package io.shomei.core.eligibility;

import io.shomei.spi.ShomeiException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A rule file could not be loaded. Lists every problem found, each with its line and field; nothing
 * of the file was loaded.
 *
 * @since 0.1.0
 */
public final class RuleFileException extends ShomeiException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final List<Problem> problems;

  /**
   * Creates the exception.
   *
   * @param source the file's name
   * @param problems the problems, at least one
   * @param cause an underlying failure (for example an I/O error), or {@code null}
   */
  public RuleFileException(String source, List<Problem> problems, @Nullable Throwable cause) {
    super(message(source, problems), cause);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a rule file exception has a problem");
    }
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  private static String message(String source, List<Problem> problems) {
    return problems.size() + " problem(s) in " + source + ":\n" + problems.stream()
        .map(p -> "  " + source + ":" + p).collect(Collectors.joining("\n"));
  }

  /**
   * The file's name as given to the loader.
   *
   * @return the source name
   */
  public String source() {
    return source;
  }

  /**
   * Every problem, in line order.
   *
   * @return an immutable list
   */
  public List<Problem> problems() {
    return problems;
  }

  /**
   * One problem in a rule file.
   *
   * @param line 1-based line number, or 0 for the file as a whole
   * @param field the field (key) concerned, or an empty string
   * @param message what is wrong
   * @since 0.1.0
   */
  public record Problem(int line, String field, String message) {
    /** Checks for nulls and a non-negative line. */
    public Problem {
      if (line < 0) {
        throw new IllegalArgumentException("line must not be negative");
      }
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(message, "message");
    }

    /**
     * {@code 7: validity-start: message}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
      return line + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }
  }
}
