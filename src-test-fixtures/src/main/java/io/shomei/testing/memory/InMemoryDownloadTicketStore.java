package io.shomei.testing.memory;

import io.shomei.spi.AccountKey;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.DownloadTicketStore;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A strict in-memory {@link DownloadTicketStore}. Beyond the SPI it refuses a ticket that is already
 * used up ({@code downloadsLeft == 0}) at {@link #put}, since it could never be downloaded.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryDownloadTicketStore implements DownloadTicketStore {
  private final ConcurrentHashMap<String, DownloadTicket> tickets = new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemoryDownloadTicketStore() {}

  @Override
  public boolean put(DownloadTicket ticket) {
    if (ticket.downloadsLeft() == 0) {
      throw new IllegalArgumentException("a ticket without downloads left is useless");
    }
    return tickets.putIfAbsent(ticket.id(), ticket) == null;
  }

  @Override
  public Optional<DownloadTicket> find(String id) {
    return Optional.ofNullable(tickets.get(id));
  }

  @Override
  public List<DownloadTicket> findByAccount(AccountKey account) {
    return tickets.values().stream()
        .filter(t -> t.account().equals(account))
        .sorted(Comparator.comparing(DownloadTicket::createdAt).reversed()
            .thenComparing(DownloadTicket::id))
        .toList();
  }

  @Override
  public TakeResult take(String id, Instant now) {
    TakeResult[] result = new TakeResult[1];
    tickets.computeIfPresent(id, (k, t) -> {
      if (!now.isBefore(t.expiresAt())) {
        result[0] = new TakeResult.Expired(t.expiresAt());
        return null;
      }
      DownloadTicket after = t.withDownloadsLeft(t.downloadsLeft() - 1);
      result[0] = new TakeResult.Taken(after);
      return after.downloadsLeft() == 0 ? null : after;
    });
    TakeResult r = result[0];
    return r == null ? new TakeResult.NotFound() : r;
  }

  @Override
  public int deleteForCertificate(BigInteger serial) {
    int[] n = new int[1];
    tickets.values().removeIf(t -> {
      boolean hit = t.serial().equals(serial);
      if (hit) {
        n[0]++;
      }
      return hit;
    });
    return n[0];
  }

  @Override
  public int deleteExpired(Instant now) {
    int[] n = new int[1];
    tickets.values().removeIf(t -> {
      boolean hit = !now.isBefore(t.expiresAt());
      if (hit) {
        n[0]++;
      }
      return hit;
    });
    return n[0];
  }
}
