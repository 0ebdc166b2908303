package io.shomei.testing.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.spi.CrlStore;
import io.shomei.spi.PublishedCrl;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Contract suite for {@link CrlStore}. An implementation's test class implements this interface and
 * {@link #newStore()}; every default method is a test it inherits.
 *
 * @since 0.2.0
 */
public interface CrlStoreContract {

  /**
   * A new, empty store. Called once per test.
   *
   * @return the store under test
   */
  CrlStore newStore();

  /**
   * A CRL with recognisable bytes.
   *
   * @param issuer the issuer key id
   * @param number the CRL number
   * @param thisUpdate its thisUpdate (nextUpdate one day later)
   * @return the CRL
   */
  default PublishedCrl crl(String issuer, long number, Instant thisUpdate) {
    byte[] der = new byte[700 + (int) (number % 50)];
    for (int i = 0; i < der.length; i++) {
      der[i] = (byte) (number * 7 + i);
    }
    return new PublishedCrl(issuer, BigInteger.valueOf(number), thisUpdate,
        thisUpdate.plus(Duration.ofDays(1)), der);
  }

  @Test
  default void nothingIsPublishedUntilTheFirstCrl() {
    assertEquals(Optional.empty(), newStore().latest("a1b2"));
  }

  @Test
  default void theLatestIsWhatWasPublishedByteForByte() {
    CrlStore store = newStore();
    PublishedCrl c = crl("a1b2", 1_614_556_800_000L, ContractSupport.now());
    assertTrue(store.publish(c));
    PublishedCrl read = store.latest("a1b2").orElseThrow();
    assertEquals(c, read);
    assertArrayEquals(c.der(), read.der());
  }

  @Test
  default void aGreaterNumberReplacesTheLatestAndAnEqualOrSmallerOneChangesNothing() {
    CrlStore store = newStore();
    Instant now = ContractSupport.now();
    PublishedCrl first = crl("a1b2", 10, now);
    PublishedCrl second = crl("a1b2", 11, now.plusSeconds(60));
    assertTrue(store.publish(first));
    assertTrue(store.publish(second));
    assertFalse(store.publish(crl("a1b2", 11, now.plusSeconds(120))), "an equal number");
    assertFalse(store.publish(crl("a1b2", 3, now.plusSeconds(180))), "a smaller number");
    assertEquals(Optional.of(second), store.latest("a1b2"));
  }

  @Test
  default void issuersAreIndependent() {
    CrlStore store = newStore();
    Instant now = ContractSupport.now();
    assertTrue(store.publish(crl("a1b2", 100, now)));
    assertTrue(store.publish(crl("c3d4", 5, now)), "another issuer's numbers are its own");
    assertEquals(BigInteger.valueOf(100), store.latest("a1b2").orElseThrow().number());
    assertEquals(BigInteger.valueOf(5), store.latest("c3d4").orElseThrow().number());
  }

  @Test
  default void aNumberOf159BitsIsKept() {
    CrlStore store = newStore();
    BigInteger big = BigInteger.ONE.shiftLeft(159).subtract(BigInteger.ONE);
    PublishedCrl c = crl("a1b2", 9, ContractSupport.now());
    PublishedCrl wide = new PublishedCrl(c.issuer(), big, c.thisUpdate(), c.nextUpdate(), c.der());
    assertTrue(store.publish(wide));
    assertEquals(big, store.latest("a1b2").orElseThrow().number());
  }

  @Test
  default void ofConcurrentPublicationsOfOneNumberExactlyOneIsStored() {
    CrlStore store = newStore();
    Instant now = ContractSupport.now();
    store.publish(crl("a1b2", 1, now));
    for (int round = 2; round < 7; round++) {
      int number = round;
      AtomicInteger won = new AtomicInteger();
      Concurrently.run(8, Duration.ofSeconds(60), i -> {
        if (store.publish(crl("a1b2", number, now.plusSeconds(i)))) {
          won.incrementAndGet();
        }
      });
      assertEquals(1, won.get(), "round " + round);
      assertEquals(BigInteger.valueOf(number), store.latest("a1b2").orElseThrow().number());
    }
  }
}
