package io.shomei.testing.gen;

import io.shomei.testing.ca.KeyType;
import io.shomei.testing.ca.TestCa;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * Seeded generators of certificates issued by a {@link TestCa}.
 *
 * @since 0.1.0
 */
public final class Certificates {
  private Certificates() {}

  /**
   * A well-formed client certificate for a random user ID with validity starting within a year of
   * {@code around} and lasting 1 day to 3 years.
   *
   * @param random the source of randomness
   * @param ca the issuing CA
   * @param around the instant validity starts near
   * @return the certificate and its key pair
   */
  public static TestCa.Issued clientCertificate(RandomGenerator random, TestCa ca, Instant around) {
    Instant start = Instants.around(random, around).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Instant end = start.plus(Duration.ofDays(1 + random.nextInt(3 * 365)));
    KeyType kt = random.nextInt(4) == 0 ? KeyType.EC_P384 : KeyType.EC_P256;
    return ca.leaf().commonName(UserIds.valid(random)).validity(start, end).keyType(kt).issue();
  }
}
