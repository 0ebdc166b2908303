package io.shomei.core.testkit;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/** A deterministic "SecureRandom" for tests: the same seed gives the same bytes. Never in production. */
public final class FixedRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;
  private transient SplittableRandom random;

  /**
   * Creates a source.
   *
   * @param seed the seed
   */
  public FixedRandom(long seed) {
    this.random = new SplittableRandom(seed);
  }

  @Override
  public synchronized void nextBytes(byte[] bytes) {
    random.nextBytes(bytes);
  }

  @Override
  public byte[] generateSeed(int numBytes) {
    byte[] b = new byte[numBytes];
    nextBytes(b);
    return b;
  }

  @Override
  public synchronized void setSeed(long seed) {
    // SecureRandom's constructor calls this before the field is set; ignore all reseeding.
  }

  @Override
  public void setSeed(byte[] seed) {
    // ignored: the sequence depends on the constructor seed only
  }
}
