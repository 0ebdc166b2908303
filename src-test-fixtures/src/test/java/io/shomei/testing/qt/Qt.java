package io.shomei.testing.qt;

import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Bridges Shomei's seeded generators (plain functions of a {@link RandomGenerator}) to QuickTheories.
 *
 * <p>QuickTheories draws a 64-bit seed and the generator turns it into a value; a falsified property
 * prints the seed ("Seed was ...") and the failing value. Re-run one case with
 * {@code -DQT_SEED=<seed>}.
 */
public final class Qt {
  /** Examples per property unless a test asks for more. */
  public static final int EXAMPLES = 300;

  private Qt() {}

  /**
   * A QuickTheories generator from a seeded generator function.
   *
   * @param generator the function
   * @param <T> the value type
   * @return the generator
   */
  public static <T> Gen<T> gen(Function<RandomGenerator, T> generator) {
    return longs().all().map(seed -> generator.apply(new SplittableRandom(seed)));
  }

  /**
   * {@code qt()} with {@link #EXAMPLES} examples.
   *
   * @return the theory builder
   */
  public static QuickTheory qt() {
    return QuickTheory.qt().withExamples(EXAMPLES);
  }
}
