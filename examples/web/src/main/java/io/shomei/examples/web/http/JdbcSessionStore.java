package io.shomei.examples.web.http;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Sessions in rows of the database every node shares, so that each request of a customer may
 * reach another node behind a round-robin load balancer (H2 or PostgreSQL).
 *
 * <ul>
 *   <li>{@code web_sessions}: the SHA-256 of the id (never the id), the CSRF token, when it was
 *       made and last used. {@code web_session_attributes}: one row per attribute, encoded by the
 *       pages' {@link SessionCodec}. A change is written through at once ({@link Session#put}), and
 *       per attribute, so two nodes changing different attributes of a session do not undo each
 *       other.
 *   <li>Logout deletes the rows: the id is dead on every node at once, and a copy of the cookie
 *       taken before the logout finds nothing afterwards.
 *   <li>No key: the rows hold what the memory store held, the session id is the only secret and
 *       stays in the browser. (The values that need a key to move between nodes, the SDK's pending
 *       logins and password proofs, are sealed by the SDK under the pending-login key the nodes
 *       share.)
 *   <li>Bounded as the memory store is: when the table holds {@code maxSessions}, expired rows go
 *       first, then the least recently used empty session, and only then the least recently used
 *       of all.
 * </ul>
 */
public final class JdbcSessionStore implements SessionStore {
  private static final String[] SCHEMA = {
    "CREATE TABLE IF NOT EXISTS web_sessions (id_hash CHAR(64) PRIMARY KEY,"
        + " csrf VARCHAR(64) NOT NULL, created_at BIGINT NOT NULL, last_seen BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS web_session_attributes (id_hash CHAR(64) NOT NULL"
        + " REFERENCES web_sessions (id_hash) ON DELETE CASCADE, name VARCHAR(64) NOT NULL,"
        + " content BYTEA NOT NULL, PRIMARY KEY (id_hash, name))",
    "CREATE INDEX IF NOT EXISTS web_sessions_last_seen ON web_sessions (last_seen)",
  };

  private final DataSource db;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration idleTimeout;
  private final Duration absoluteTimeout;
  private final int maxSessions;
  private final SessionCodec codec;

  /**
   * A store on {@code db}; creates its two tables if they are missing.
   *
   * @param db the shared database
   * @param clock the clock timeouts are measured with (the nodes' clocks must agree)
   * @param random the CSPRNG for ids and CSRF tokens
   * @param idleTimeout a session unused this long is gone
   * @param absoluteTimeout a session older than this is gone, however busy
   * @param maxSessions the most sessions kept
   * @param codec the pages' attribute encoding
   */
  public JdbcSessionStore(DataSource db, Clock clock, SecureRandom random, Duration idleTimeout,
      Duration absoluteTimeout, int maxSessions, SessionCodec codec) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
    this.absoluteTimeout = Objects.requireNonNull(absoluteTimeout, "absoluteTimeout");
    this.codec = Objects.requireNonNull(codec, "codec");
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be positive");
    }
    this.maxSessions = maxSessions;
    createTables(db);
  }

  /**
   * Creates the tables and the index if they are missing. Nodes that start together race: on
   * PostgreSQL two {@code CREATE TABLE IF NOT EXISTS} of one name can both pass the check, and the
   * later fails on the catalogue's unique index (SQLState 23505) or as a duplicate (42P07, 42710). The
   * loser tries again, and then finds what the winner made.
   */
  private static void createTables(DataSource db) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
        for (String ddl : SCHEMA) {
          s.execute(ddl);
        }
        return;
      } catch (SQLException e) {
        String state = e.getSQLState();
        boolean lostRace = "23505".equals(state) || "42P07".equals(state) || "42710".equals(state);
        if (!lostRace || attempt == 5) {
          throw new IllegalStateException("cannot create the session tables: " + e.getMessage(),
              e);
        }
      }
    }
  }

  @Override
  public Optional<Session> find(String id) {
    if (id.length() != 43) {
      return Optional.empty();
    }
    String hash = MemorySessionStore.hash(id);
    Instant now = clock.instant();
    try (Connection c = db.getConnection()) {
      String csrf;
      long createdAt;
      try (PreparedStatement p = c.prepareStatement(
          "SELECT csrf, created_at, last_seen FROM web_sessions WHERE id_hash = ?")) {
        p.setString(1, hash);
        try (ResultSet rs = p.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          csrf = rs.getString(1);
          createdAt = rs.getLong(2);
          if (expired(createdAt, rs.getLong(3), now)) {
            delete(c, hash);
            return Optional.empty();
          }
        }
      }
      try (PreparedStatement p = c.prepareStatement(
          "UPDATE web_sessions SET last_seen = ? WHERE id_hash = ?")) {
        p.setLong(1, now.toEpochMilli());
        p.setString(2, hash);
        p.executeUpdate();
      }
      Session s = new Session(csrf, Instant.ofEpochMilli(createdAt), new Rows(hash));
      s.touch(now);
      try (PreparedStatement p = c.prepareStatement(
          "SELECT name, content FROM web_session_attributes WHERE id_hash = ?")) {
        p.setString(1, hash);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            Session.Key<?> key = codec.key(rs.getString(1));
            if (key != null) {
              s.load(key, codec.decode(key, rs.getBytes(2)));
            }
          }
        }
      }
      return Optional.of(s);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read a session: " + e.getMessage(), e);
    }
  }

  @Override
  public Created create() {
    Instant now = clock.instant();
    String id = MemorySessionStore.token(random);
    String hash = MemorySessionStore.hash(id);
    String csrf = MemorySessionStore.token(random);
    try (Connection c = db.getConnection()) {
      if (count(c) >= maxSessions) {
        purge(c, now);
        if (count(c) >= maxSessions) {
          evictOne(c);
        }
      }
      try (PreparedStatement p = c.prepareStatement(
          "INSERT INTO web_sessions (id_hash, csrf, created_at, last_seen) VALUES (?, ?, ?, ?)")) {
        p.setString(1, hash);
        p.setString(2, csrf);
        p.setLong(3, now.toEpochMilli());
        p.setLong(4, now.toEpochMilli());
        p.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot make a session: " + e.getMessage(), e);
    }
    return new Created(id, new Session(csrf, now, new Rows(hash)));
  }

  @Override
  public Created rotate(String oldId, Session old) {
    Instant now = clock.instant();
    String id = MemorySessionStore.token(random);
    String hash = MemorySessionStore.hash(id);
    String csrf = MemorySessionStore.token(random);
    String oldHash = MemorySessionStore.hash(oldId);
    try (Connection c = db.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO web_sessions"
            + " (id_hash, csrf, created_at, last_seen) VALUES (?, ?, ?, ?)")) {
          p.setString(1, hash);
          p.setString(2, csrf);
          p.setLong(3, now.toEpochMilli());
          p.setLong(4, now.toEpochMilli());
          p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement(
            "UPDATE web_session_attributes SET id_hash = ? WHERE id_hash = ?")) {
          p.setString(1, hash);
          p.setString(2, oldHash);
          p.executeUpdate();
        }
        delete(c, oldHash);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot rotate a session: " + e.getMessage(), e);
    }
    Session fresh = new Session(csrf, now, new Rows(hash));
    old.attributes().forEach(fresh::load);
    return new Created(id, fresh);
  }

  @Override
  public void invalidate(String id) {
    try (Connection c = db.getConnection()) {
      delete(c, MemorySessionStore.hash(id));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot end a session: " + e.getMessage(), e);
    }
  }

  @Override
  public int purgeExpired() {
    try (Connection c = db.getConnection()) {
      return purge(c, clock.instant());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot purge sessions: " + e.getMessage(), e);
    }
  }

  @Override
  public int size() {
    try (Connection c = db.getConnection()) {
      return count(c);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count sessions: " + e.getMessage(), e);
    }
  }

  private boolean expired(long createdAt, long lastSeen, Instant now) {
    long t = now.toEpochMilli();
    return t >= lastSeen + idleTimeout.toMillis() || t >= createdAt + absoluteTimeout.toMillis();
  }

  private static int count(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM web_sessions")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private int purge(Connection c, Instant now) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "DELETE FROM web_sessions WHERE last_seen <= ? OR created_at <= ?")) {
      p.setLong(1, now.toEpochMilli() - idleTimeout.toMillis());
      p.setLong(2, now.toEpochMilli() - absoluteTimeout.toMillis());
      return p.executeUpdate();
    }
  }

  /** The least recently used session without attributes, else the least recently used of all. */
  private static void evictOne(Connection c) throws SQLException {
    String victim = null;
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT id_hash FROM web_sessions w WHERE NOT EXISTS"
             + " (SELECT 1 FROM web_session_attributes a WHERE a.id_hash = w.id_hash)"
             + " ORDER BY last_seen LIMIT 1")) {
      if (rs.next()) {
        victim = rs.getString(1);
      }
    }
    if (victim == null) {
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery(
               "SELECT id_hash FROM web_sessions ORDER BY last_seen LIMIT 1")) {
        if (rs.next()) {
          victim = rs.getString(1);
        }
      }
    }
    if (victim != null) {
      delete(c, victim);
    }
  }

  private static void delete(Connection c, String hash) throws SQLException {
    // attributes first: the cascade is there too, but H2 and PostgreSQL then agree on the order
    try (PreparedStatement p = c.prepareStatement(
        "DELETE FROM web_session_attributes WHERE id_hash = ?")) {
      p.setString(1, hash);
      p.executeUpdate();
    }
    try (PreparedStatement p = c.prepareStatement("DELETE FROM web_sessions WHERE id_hash = ?")) {
      p.setString(1, hash);
      p.executeUpdate();
    }
  }

  /** One session's rows: each change is one statement (an upsert or a delete). */
  private final class Rows implements Session.WriteThrough {
    private final String hash;

    Rows(String hash) {
      this.hash = hash;
    }

    @Override
    public void put(Session.Key<?> key, Object value) {
      byte[] content = codec.encode(key, value);
      try (Connection c = db.getConnection()) {
        if (update(c, key, content) == 0) {
          // a session deleted meanwhile (logout on another node) gets no row: the insert takes
          // the id from the live session row, so a dead session stays dead
          try (PreparedStatement p = c.prepareStatement("INSERT INTO web_session_attributes"
              + " (id_hash, name, content) SELECT id_hash, ?, ? FROM web_sessions"
              + " WHERE id_hash = ?")) {
            p.setString(1, key.name());
            p.setBytes(2, content);
            p.setString(3, hash);
            p.executeUpdate();
          } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
              throw e;
            }
            update(c, key, content); // another node inserted it first: this write comes after
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot write a session: " + e.getMessage(), e);
      }
    }

    private int update(Connection c, Session.Key<?> key, byte[] content) throws SQLException {
      try (PreparedStatement p = c.prepareStatement("UPDATE web_session_attributes"
          + " SET content = ? WHERE id_hash = ? AND name = ?")) {
        p.setBytes(1, content);
        p.setString(2, hash);
        p.setString(3, key.name());
        return p.executeUpdate();
      }
    }

    @Override
    public void remove(Session.Key<?> key) {
      try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(
          "DELETE FROM web_session_attributes WHERE id_hash = ? AND name = ?")) {
        p.setString(1, hash);
        p.setString(2, key.name());
        p.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException("cannot write a session: " + e.getMessage(), e);
      }
    }

    @Override
    public void clear() {
      try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(
          "DELETE FROM web_session_attributes WHERE id_hash = ?")) {
        p.setString(1, hash);
        p.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException("cannot write a session: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcSessionStore[max=" + maxSessions + ", idle=" + idleTimeout + "]";
  }
}
