package io.shomei.testing.memory;

import io.shomei.spi.AccountKey;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.IssuerName;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A strict in-memory {@link DownloadTicketStore}. Beyond the SPI it refuses a ticket that is already
 * used up ({@code downloadsLeft == 0}) at {@link #put}, since it could never be downloaded. Atomic
 * under one lock (shared with the other stores of an {@link InMemoryStorage}).
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryDownloadTicketStore implements DownloadTicketStore {
  private final Object lock;
  private final Map<String, DownloadTicket> tickets = new HashMap<>();

  /** An empty store. */
  public InMemoryDownloadTicketStore() {
    this(new Object());
  }

  InMemoryDownloadTicketStore(Object lock) {
    this.lock = Objects.requireNonNull(lock, "lock");
  }

  @Override
  public boolean put(DownloadTicket ticket) {
    checkUsable(ticket);
    synchronized (lock) {
      return tickets.putIfAbsent(ticket.id(), ticket) == null;
    }
  }

  static void checkUsable(DownloadTicket ticket) {
    if (ticket.downloadsLeft() == 0) {
      throw new IllegalArgumentException("a ticket without downloads left is useless");
    }
  }

  /** Whether a ticket with this id is stored; for {@link InMemoryStorage}, under the lock. */
  boolean contains(String id) {
    synchronized (lock) {
      return tickets.containsKey(id);
    }
  }

  @Override
  public Optional<DownloadTicket> find(String id) {
    synchronized (lock) {
      return Optional.ofNullable(tickets.get(id));
    }
  }

  @Override
  public List<DownloadTicket> findByAccount(AccountKey account) {
    synchronized (lock) {
      return tickets.values().stream()
          .filter(t -> t.account().equals(account))
          .sorted(Comparator.comparing(DownloadTicket::createdAt).reversed()
              .thenComparing(DownloadTicket::id))
          .toList();
    }
  }

  @Override
  public TakeResult take(String id, Instant now) {
    synchronized (lock) {
      DownloadTicket t = tickets.get(id);
      if (t == null) {
        return new TakeResult.NotFound();
      }
      if (!now.isBefore(t.expiresAt())) {
        tickets.remove(id);
        return new TakeResult.Expired(t.expiresAt());
      }
      DownloadTicket after = t.withDownloadsLeft(t.downloadsLeft() - 1);
      if (after.downloadsLeft() == 0) {
        tickets.remove(id);
      } else {
        tickets.put(id, after);
      }
      return new TakeResult.Taken(after);
    }
  }

  @Override
  public int deleteForCertificate(IssuerName issuer, BigInteger serial) {
    synchronized (lock) {
      return removeIf(t -> t.issuer().equals(issuer) && t.serial().equals(serial));
    }
  }

  @Override
  public int deleteExpired(Instant now) {
    synchronized (lock) {
      return removeIf(t -> !now.isBefore(t.expiresAt()));
    }
  }

  private int removeIf(java.util.function.Predicate<DownloadTicket> which) {
    int before = tickets.size();
    tickets.values().removeIf(which);
    return before - tickets.size();
  }
}
