package io.shomei.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.spi.AccountKey;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.DownloadTicketStore.TakeResult;
import io.shomei.spi.IssuerName;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Contract suite for {@link DownloadTicketStore}. An implementation's test class implements this
 * interface and {@link #newStore()}; every default method is a test it inherits.
 *
 * @since 0.1.0
 */
public interface DownloadTicketStoreContract {

  /**
   * A new, empty store. Called once per test.
   *
   * @return the store under test
   */
  DownloadTicketStore newStore();

  /**
   * A ticket with a random id for a certificate of the contract CA.
   *
   * @param account the account
   * @param serial the certificate serial
   * @param createdAt creation instant
   * @param downloads the allowance
   * @return the ticket, valid for one hour
   */
  default DownloadTicket newTicket(AccountKey account, long serial, Instant createdAt, int downloads) {
    return newTicket(account, IssuerName.ofCa(ContractSupport.CA.rootCertificate()), serial,
        createdAt, downloads);
  }

  /**
   * A ticket with a random id for a certificate of an issuer.
   *
   * @param account the account
   * @param issuer the certificate's issuer
   * @param serial the certificate serial
   * @param createdAt creation instant
   * @param downloads the allowance
   * @return the ticket, valid for one hour
   * @since 0.2.0
   */
  default DownloadTicket newTicket(AccountKey account, IssuerName issuer, long serial,
      Instant createdAt, int downloads) {
    byte[] p12 = new byte[1500];
    for (int i = 0; i < p12.length; i++) {
      p12[i] = (byte) (31L * i + serial);
    }
    return new DownloadTicket(UUID.randomUUID().toString().replace("-", ""), account, issuer,
        BigInteger.valueOf(serial), p12, createdAt, createdAt.plusSeconds(3600), downloads);
  }

  @Test
  default void putFindAndDuplicate() {
    DownloadTicketStore store = newStore();
    AccountKey acct = new AccountKey("10000001", "fx-forward");
    DownloadTicket t = newTicket(acct, 11, ContractSupport.now(), 3);
    assertTrue(store.put(t));
    assertFalse(store.put(t.withDownloadsLeft(9)));
    assertEquals(Optional.of(t), store.find(t.id()));
    assertEquals(List.of(t), store.findByAccount(acct));
    assertEquals(Optional.empty(), store.find("x".repeat(32)));
  }

  @Test
  default void takeCountsDownAndDeletesAtZero() {
    DownloadTicketStore store = newStore();
    Instant now = ContractSupport.now();
    DownloadTicket t = newTicket(new AccountKey("10000002", "fx-forward"), 12, now, 2);
    store.put(t);
    var first = assertInstanceOf(TakeResult.Taken.class, store.take(t.id(), now.plusSeconds(1)));
    assertEquals(1, first.ticket().downloadsLeft());
    assertEquals(t.withDownloadsLeft(1), first.ticket());
    var second = assertInstanceOf(TakeResult.Taken.class, store.take(t.id(), now.plusSeconds(2)));
    assertEquals(0, second.ticket().downloadsLeft());
    assertInstanceOf(TakeResult.NotFound.class, store.take(t.id(), now.plusSeconds(3)));
    assertEquals(Optional.empty(), store.find(t.id()));
  }

  @Test
  default void expiredTicketIsRefusedAndDeleted() {
    DownloadTicketStore store = newStore();
    Instant now = ContractSupport.now();
    DownloadTicket t = newTicket(new AccountKey("10000003", "fx-forward"), 13, now, 5);
    store.put(t);
    var e = assertInstanceOf(TakeResult.Expired.class, store.take(t.id(), t.expiresAt()));
    assertEquals(t.expiresAt(), e.expiredAt());
    assertEquals(Optional.empty(), store.find(t.id()));
  }

  @Test
  default void lastInstantBeforeExpiryStillWorks() {
    DownloadTicketStore store = newStore();
    Instant now = ContractSupport.now();
    DownloadTicket t = newTicket(new AccountKey("10000004", "fx-forward"), 14, now, 5);
    store.put(t);
    assertInstanceOf(TakeResult.Taken.class,
        store.take(t.id(), t.expiresAt().minus(Duration.ofNanos(1000))));
  }

  @Test
  default void deleteForCertificateAndExpired() {
    DownloadTicketStore store = newStore();
    Instant now = ContractSupport.now();
    AccountKey acct = new AccountKey("10000005", "fx-forward");
    DownloadTicket a = newTicket(acct, 21, now, 3);
    DownloadTicket b = newTicket(acct, 21, now.plusSeconds(1), 3);
    DownloadTicket c = newTicket(acct, 22, now.plusSeconds(2), 3);
    store.put(a);
    store.put(b);
    store.put(c);
    assertEquals(List.of(c, b, a), store.findByAccount(acct));
    assertEquals(2, store.deleteForCertificate(a.issuer(), BigInteger.valueOf(21)));
    assertEquals(List.of(c), store.findByAccount(acct));
    assertEquals(0, store.deleteExpired(c.expiresAt().minusSeconds(1)));
    assertEquals(1, store.deleteExpired(c.expiresAt()));
    assertEquals(List.of(), store.findByAccount(acct));
  }

  /**
   * Two issuers used one serial (an adopted CA beside the bank's new one), each with a ticket of
   * its certificate: deleting one certificate's tickets leaves the other's, whichever account
   * holds it; a ticket keeps the issuer it was stored with.
   */
  @Test
  default void twoIssuersWithOneSerialKeepTheirOwnTickets() {
    DownloadTicketStore store = newStore();
    Instant now = ContractSupport.now();
    IssuerName ours = IssuerName.ofCa(ContractSupport.CA.rootCertificate());
    IssuerName adopted = IssuerName.ofCa(ContractSupport.OTHER_CA.rootCertificate());
    AccountKey acct = new AccountKey("10000007", "fx-forward");
    AccountKey other = new AccountKey("10000008", "fx-forward");
    DownloadTicket mine = newTicket(acct, ours, 41, now, 3);
    DownloadTicket sameAccount = newTicket(acct, adopted, 41, now.plusSeconds(1), 3);
    DownloadTicket otherAccount = newTicket(other, adopted, 41, now.plusSeconds(2), 3);
    assertTrue(store.put(mine));
    assertTrue(store.put(sameAccount));
    assertTrue(store.put(otherAccount));
    assertEquals(Optional.of(sameAccount), store.find(sameAccount.id()));
    assertEquals(adopted, store.findByAccount(other).get(0).issuer());

    assertEquals(1, store.deleteForCertificate(ours, BigInteger.valueOf(41)));
    assertEquals(List.of(sameAccount), store.findByAccount(acct));
    assertEquals(List.of(otherAccount), store.findByAccount(other));
    assertEquals(0, store.deleteForCertificate(ours, BigInteger.valueOf(41)));
    assertEquals(0, store.deleteForCertificate(
        IssuerName.ofEncoded(new byte[] {0x30, 0x00}), BigInteger.valueOf(41)));
    assertEquals(2, store.deleteForCertificate(adopted, BigInteger.valueOf(41)));
    assertEquals(List.of(), store.findByAccount(acct));
    assertEquals(List.of(), store.findByAccount(other));
  }

  /** 32 threads race for a ticket with 5 downloads: exactly 5 succeed. */
  @Test
  default void concurrentTakesNeverExceedTheAllowance() {
    DownloadTicketStore store = newStore();
    Instant now = ContractSupport.now();
    DownloadTicket t = newTicket(new AccountKey("10000006", "fx-forward"), 31, now, 5);
    store.put(t);
    AtomicInteger taken = new AtomicInteger();
    Concurrently.run(32, Duration.ofSeconds(60), i -> {
      TakeResult r = store.take(t.id(), now.plusSeconds(1));
      if (r instanceof TakeResult.Taken) {
        taken.incrementAndGet();
      } else {
        assertInstanceOf(TakeResult.NotFound.class, r);
      }
    });
    assertEquals(5, taken.get());
    assertEquals(Optional.empty(), store.find(t.id()));
  }
}
