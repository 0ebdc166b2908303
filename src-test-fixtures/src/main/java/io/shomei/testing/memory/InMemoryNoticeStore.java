package io.shomei.testing.memory;

import io.shomei.spi.Notice;
import io.shomei.spi.NoticeStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A strict in-memory {@link NoticeStore}: one map of notices under one lock (an
 * {@link InMemoryStorage}'s, so a commit's notices appear together with its certificates).
 *
 * <p>Thread-safe.
 *
 * @since 0.2.0
 */
public final class InMemoryNoticeStore implements NoticeStore {
  private static final Comparator<StoredNotice> OLDEST_FIRST =
      Comparator.comparing((StoredNotice n) -> n.notice().createdAt()).thenComparing(
          StoredNotice::key);

  private static final String CLAIM_EXPIRED = "claim expired before sending";
  private static final String SENDING_EXPIRED = "claim expired while sending, without an outcome";

  private final Object lock;
  private final Map<String, StoredNotice> notices = new LinkedHashMap<>();

  /** An empty store with a lock of its own. */
  public InMemoryNoticeStore() {
    this(new Object());
  }

  InMemoryNoticeStore(Object lock) {
    this.lock = lock;
  }

  @Override
  public boolean enqueue(Notice notice) {
    Objects.requireNonNull(notice, "notice");
    synchronized (lock) {
      if (notices.containsKey(notice.key())) {
        return false;
      }
      notices.put(notice.key(), new StoredNotice(notice, Status.PENDING, notice.createdAt(), 0,
          null, null, null, null));
      return true;
    }
  }

  @Override
  public List<StoredNotice> claim(String holder, Instant now, Instant until, int max) {
    NoticeStore.checkClaim(holder, now, until, max);
    synchronized (lock) {
      for (StoredNotice n : List.copyOf(notices.values())) {
        Instant end = n.claimedUntil();
        if (end == null || end.isAfter(now)) {
          continue;
        }
        if (n.status() == Status.CLAIMED) {
          put(n, Status.PENDING, n.dueAt(), n.attempts(), n.holder(), end, null,
              CLAIM_EXPIRED);
        } else if (n.status() == Status.SENDING) {
          put(n, Status.HELD, n.dueAt(), n.attempts(), n.holder(), end, null, SENDING_EXPIRED);
        }
      }
      List<StoredNotice> due = new ArrayList<>();
      for (StoredNotice n : notices.values()) {
        if (n.status() == Status.PENDING && !n.dueAt().isAfter(now)) {
          due.add(n);
        }
      }
      due.sort(OLDEST_FIRST);
      List<StoredNotice> claimed = new ArrayList<>();
      for (StoredNotice n : due.subList(0, Math.min(max, due.size()))) {
        claimed.add(put(n, Status.CLAIMED, n.dueAt(), n.attempts() + 1, holder, until, null,
            n.lastError()));
      }
      return List.copyOf(claimed);
    }
  }

  @Override
  public boolean markSending(String key, String holder, Instant at, Instant until) {
    NoticeStore.checkUntil(at, until);
    synchronized (lock) {
      StoredNotice n = notices.get(key);
      Instant end = n == null ? null : n.claimedUntil();
      if (n == null || n.status() != Status.CLAIMED || !holder.equals(n.holder()) || end == null
          || !end.isAfter(at)) {
        return false;
      }
      put(n, Status.SENDING, n.dueAt(), n.attempts(), holder, until, null, n.lastError());
      return true;
    }
  }

  @Override
  public boolean markSent(String key, String holder, Instant at) {
    Objects.requireNonNull(at, "at");
    synchronized (lock) {
      StoredNotice n = notices.get(key);
      if (n == null || !holder.equals(n.holder())
          || (n.status() != Status.SENDING && n.status() != Status.HELD)) {
        return false;
      }
      put(n, Status.SENT, n.dueAt(), n.attempts(), holder, n.claimedUntil(), at, null);
      return true;
    }
  }

  @Override
  public boolean retry(String key, String holder, Instant dueAt, String reason) {
    Objects.requireNonNull(dueAt, "dueAt");
    synchronized (lock) {
      StoredNotice n = claimedBy(key, holder);
      if (n == null) {
        return false;
      }
      put(n, Status.PENDING, dueAt, n.attempts(), holder, n.claimedUntil(), null, reason);
      return true;
    }
  }

  @Override
  public boolean hold(String key, String holder, String reason) {
    synchronized (lock) {
      StoredNotice n = claimedBy(key, holder);
      if (n == null) {
        return false;
      }
      put(n, Status.HELD, n.dueAt(), n.attempts(), holder, n.claimedUntil(), null, reason);
      return true;
    }
  }

  @Override
  public boolean requeue(String key, Instant dueAt) {
    Objects.requireNonNull(dueAt, "dueAt");
    synchronized (lock) {
      StoredNotice n = notices.get(key);
      if (n == null || n.status() != Status.HELD) {
        return false;
      }
      put(n, Status.PENDING, dueAt, n.attempts(), n.holder(), n.claimedUntil(), null,
          n.lastError());
      return true;
    }
  }

  @Override
  public Optional<StoredNotice> find(String key) {
    synchronized (lock) {
      return Optional.ofNullable(notices.get(key));
    }
  }

  @Override
  public List<StoredNotice> list(Status status, int max) {
    if (max < 1 || max > 10_000) {
      throw new IllegalArgumentException("max must be 1..10000");
    }
    synchronized (lock) {
      return notices.values().stream().filter(n -> n.status() == status).sorted(OLDEST_FIRST)
          .limit(max).toList();
    }
  }

  private StoredNotice put(StoredNotice n, Status status, Instant dueAt, int attempts,
      @Nullable String holder, @Nullable Instant claimedUntil, @Nullable Instant sentAt,
      @Nullable String lastError) {
    StoredNotice next = new StoredNotice(n.notice(), status, dueAt, attempts, holder,
        claimedUntil, sentAt, lastError);
    notices.put(n.key(), next);
    return next;
  }

  /** The notice if {@code holder} holds its claim, CLAIMED or SENDING (expired or not). */
  private @Nullable StoredNotice claimedBy(String key, String holder) {
    StoredNotice n = notices.get(key);
    return n != null && (n.status() == Status.CLAIMED || n.status() == Status.SENDING)
        && holder.equals(n.holder()) ? n : null;
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "InMemoryNoticeStore[notices=" + notices.size() + "]";
    }
  }
}
