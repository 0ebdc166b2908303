package io.shomei.examples.web.http;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Where sessions live: in this process's memory ({@link #inMemory}, one node) or in rows of the
 * database every node shares ({@link JdbcSessionStore}). Either way the browser holds only the
 * session id (256 random bits) and the store keys the session by the id's SHA-256, so the secret
 * id is never compared and a database dump holds no usable id.
 */
public interface SessionStore {
  /** The session cookie's name; the {@code __Host-} prefix makes browsers insist on Secure, Path=/ and no Domain. */
  String COOKIE = "__Host-shomei-session";

  /**
   * A session and its (new) id, to be sent in the cookie.
   *
   * @param id the id for the cookie
   * @param session the session
   */
  record Created(String id, Session session) {}

  /**
   * The store of a single node: sessions in memory, bounded in number (see
   * {@link MemorySessionStore}).
   *
   * @param clock the clock timeouts are measured with
   * @param random the CSPRNG for ids and CSRF tokens
   * @param idleTimeout a session unused this long is gone
   * @param absoluteTimeout a session older than this is gone, however busy
   * @param maxSessions the most sessions kept
   * @return the store
   */
  static SessionStore inMemory(Clock clock, SecureRandom random, Duration idleTimeout,
      Duration absoluteTimeout, int maxSessions) {
    return new MemorySessionStore(clock, random, idleTimeout, absoluteTimeout, maxSessions);
  }

  /**
   * Finds a live session and marks it used.
   *
   * @param id the cookie's value
   * @return the session, or empty if unknown or expired
   */
  Optional<Session> find(String id);

  /**
   * Makes a new session with a new CSRF token.
   *
   * @return it and its id
   */
  Created create();

  /**
   * Gives a session a new id and CSRF token, keeping its attributes; the old id is dead after.
   *
   * @param oldId the current id
   * @param old the session
   * @return the session under its new id
   */
  Created rotate(String oldId, Session old);

  /**
   * Ends a session (logout): its id finds nothing afterwards, on any node.
   *
   * @param id the cookie's value
   */
  void invalidate(String id);

  /**
   * Removes expired sessions.
   *
   * @return how many were removed
   */
  int purgeExpired();

  /**
   * The number of sessions held (live or not yet purged).
   *
   * @return the count
   */
  int size();
}
