package io.shomei.core.internal.x509;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Certificate serial numbers: 128 bits from the CSPRNG with the top bit cleared (127 random bits,
 * always positive). The DER INTEGER is at most 16 octets, within RFC 5280's 20, and carries far more
 * than the CA/Browser Forum's 64 random bits.
 */
public final class SerialNumbers {
  /** Random bits in every serial. */
  public static final int RANDOM_BITS = 127;

  private SerialNumbers() {}

  /**
   * A fresh serial.
   *
   * @param random the CSPRNG
   * @return a positive serial of at most 127 bits
   */
  public static BigInteger next(SecureRandom random) {
    while (true) {
      BigInteger s = new BigInteger(RANDOM_BITS, random);
      // Zero is not a valid serial; a value below 2^63 is astronomically unlikely but also refused
      // so every serial has at least 64 significant bits.
      if (s.bitLength() >= 64) {
        return s;
      }
    }
  }
}
