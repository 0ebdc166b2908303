package io.shomei.examples.web.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;

/**
 * Server-side sessions in this process's memory, bounded in number, with an idle and an absolute
 * timeout: the store of a single node ({@link JdbcSessionStore} is the one nodes share).
 *
 * <ul>
 *   <li>Ids are 256 random bits (URL-safe base64). The map is keyed by the id's SHA-256, so the
 *       lookup never compares the secret id itself.
 *   <li>When the store is full, expired sessions are purged first; then the least recently used
 *       session that holds nothing (an anonymous visitor's: a CSRF token only) is dropped, and
 *       only when every session holds something (a login, a running acquisition, a download
 *       ticket) the least recently used of all. A flood of anonymous requests thus replaces other
 *       anonymous sessions, never a customer's login, and it can never exhaust memory. (The
 *       router also limits how many sessions one address may open: {@link EdgeLimits}.)
 *   <li>{@link #rotate} gives a session a new id and a new CSRF token (after a login step), so an
 *       id planted before the login is worthless afterwards (session fixation).
 * </ul>
 */
final class MemorySessionStore implements SessionStore {
  private final Clock clock;
  private final SecureRandom random;
  private final Duration idleTimeout;
  private final Duration absoluteTimeout;
  private final int maxSessions;
  private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>(64, 0.75f, true);

  /**
   * A store.
   *
   * @param clock the clock timeouts are measured with
   * @param random the CSPRNG for ids and CSRF tokens
   * @param idleTimeout a session unused this long is gone
   * @param absoluteTimeout a session older than this is gone, however busy
   * @param maxSessions the most sessions kept
   */
  MemorySessionStore(Clock clock, SecureRandom random, Duration idleTimeout,
      Duration absoluteTimeout, int maxSessions) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
    this.absoluteTimeout = Objects.requireNonNull(absoluteTimeout, "absoluteTimeout");
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be positive");
    }
    this.maxSessions = maxSessions;
  }

  /**
   * Finds a live session and marks it used.
   *
   * @param id the cookie's value
   * @return the session, or empty if unknown or expired
   */
  @Override
  public synchronized Optional<Session> find(String id) {
    if (id.length() != 43) {
      return Optional.empty();
    }
    String key = hash(id);
    Session s = sessions.get(key);
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(s, now)) {
      sessions.remove(key);
      return Optional.empty();
    }
    s.touch(now);
    return Optional.of(s);
  }

  @Override
  public synchronized Created create() {
    Instant now = clock.instant();
    if (sessions.size() >= maxSessions) {
      purgeExpired();
    }
    if (sessions.size() >= maxSessions) {
      evictOne();
    }
    String id = token(random);
    Session s = new Session(token(random), now, null);
    sessions.put(hash(id), s);
    return new Created(id, s);
  }

  /**
   * Makes room for one session: the least recently used session that holds nothing (an anonymous
   * visitor's, which only cost it a CSRF token), or, when every session holds something, the least
   * recently used of all.
   */
  private void evictOne() {
    Iterator<Session> eldest = sessions.values().iterator();
    while (eldest.hasNext()) {
      Session s = eldest.next();
      if (s.isEmpty()) {
        eldest.remove();
        return;
      }
    }
    Iterator<Session> any = sessions.values().iterator();
    if (any.hasNext()) {
      any.next().clear();
      any.remove();
    }
  }

  @Override
  public synchronized Created rotate(String oldId, Session old) {
    sessions.remove(hash(oldId));
    Created fresh = create();
    fresh.session().putAll(old.attributes());
    old.clear();
    return fresh;
  }

  @Override
  public synchronized void invalidate(String id) {
    Session s = sessions.remove(hash(id));
    if (s != null) {
      s.clear();
    }
  }

  /**
   * Removes expired sessions.
   *
   * @return how many were removed
   */
  @Override
  public synchronized int purgeExpired() {
    Instant now = clock.instant();
    int removed = 0;
    for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
      Session s = it.next();
      if (expired(s, now)) {
        s.clear();
        it.remove();
        removed++;
      }
    }
    return removed;
  }

  /**
   * The number of sessions held (live or not yet purged).
   *
   * @return the count
   */
  @Override
  public synchronized int size() {
    return sessions.size();
  }

  private boolean expired(Session s, Instant now) {
    return !now.isBefore(s.lastSeen().plus(idleTimeout))
        || !now.isBefore(s.createdAt().plus(absoluteTimeout));
  }

  static String token(SecureRandom random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String hash(String id) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(id.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "MemorySessionStore[size=" + size() + ", max=" + maxSessions + ", idle=" + idleTimeout + "]";
  }
}
