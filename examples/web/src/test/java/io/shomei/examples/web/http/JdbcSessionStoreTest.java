package io.shomei.examples.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two stores on one database stand for two nodes behind a round-robin balancer: what one node
 * writes, the other reads at the next request; a logout on one ends the session on both.
 */
class JdbcSessionStoreTest {
  private static final Session.Key<String> K = new Session.Key<>("k", String.class);
  private static final Session.Key<String> J = new Session.Key<>("j", String.class);

  /** Strings as UTF-8. */
  private static final SessionCodec STRINGS = new SessionCodec() {
    @Override
    public Session.@Nullable Key<?> key(String name) {
      return name.equals("k") ? K : name.equals("j") ? J : null;
    }

    @Override
    public byte[] encode(Session.Key<?> key, Object value) {
      return ((String) value).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object decode(Session.Key<?> key, byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  };

  private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
  private final JdbcConnectionPool db = JdbcConnectionPool.create(
      "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
  private final SessionStore nodeA = store(3);
  private final SessionStore nodeB = store(3);

  private SessionStore store(int max) {
    return new JdbcSessionStore(db, clock, new SecureRandom(), Duration.ofMinutes(10),
        Duration.ofHours(1), max, STRINGS);
  }

  @AfterEach
  void close() {
    db.dispose();
  }

  @Test
  void whatOneNodeWritesTheOtherReadsAtTheNextRequest() {
    SessionStore.Created c = nodeA.create();
    c.session().put(K, "ticket");
    Session onB = nodeB.find(c.id()).orElseThrow();
    assertThat(onB.get(K)).isEqualTo("ticket");
    assertThat(onB.csrfToken()).isEqualTo(c.session().csrfToken());
    assertThat(onB.csrfMatches(c.session().csrfToken())).isTrue();
    onB.remove(K);
    onB.put(J, "pending");
    Session againOnA = nodeA.find(c.id()).orElseThrow();
    assertThat(againOnA.get(K)).isNull();
    assertThat(againOnA.get(J)).isEqualTo("pending");
  }

  @Test
  void twoNodesChangingDifferentAttributesDoNotUndoEachOther() {
    SessionStore.Created c = nodeA.create();
    Session onA = nodeA.find(c.id()).orElseThrow();
    Session onB = nodeB.find(c.id()).orElseThrow();
    onA.put(K, "from A");
    onB.put(J, "from B");
    Session seen = nodeA.find(c.id()).orElseThrow();
    assertThat(seen.get(K)).isEqualTo("from A");
    assertThat(seen.get(J)).isEqualTo("from B");
  }

  @Test
  void aCookieCopiedBeforeLogoutFindsNothingOnAnyNodeAfterIt() {
    SessionStore.Created c = nodeA.create();
    c.session().put(K, "signed in");
    Session onB = nodeB.find(c.id()).orElseThrow();
    nodeA.invalidate(c.id());
    assertThat(nodeA.find(c.id())).isEmpty();
    assertThat(nodeB.find(c.id())).isEmpty();
    // a request that was running on B when A logged out cannot bring the session back
    onB.put(J, "late write");
    assertThat(nodeB.find(c.id())).isEmpty();
    assertThat(nodeA.size()).isZero();
  }

  @Test
  void rotationKillsTheOldIdOnEveryNodeAndKeepsTheAttributes() {
    SessionStore.Created old = nodeA.create();
    old.session().put(K, "job");
    SessionStore.Created fresh = nodeA.rotate(old.id(), old.session());
    assertThat(fresh.id()).isNotEqualTo(old.id());
    assertThat(fresh.session().csrfToken()).isNotEqualTo(old.session().csrfToken());
    assertThat(nodeB.find(old.id())).isEmpty();
    Session onB = nodeB.find(fresh.id()).orElseThrow();
    assertThat(onB.get(K)).isEqualTo("job");
    assertThat(fresh.session().get(K)).isEqualTo("job");
  }

  @Test
  void idleAndAbsoluteTimeoutsHoldOnEveryNode() {
    SessionStore.Created c = nodeA.create();
    clock.advance(Duration.ofMinutes(9));
    assertThat(nodeB.find(c.id())).isPresent();
    clock.advance(Duration.ofMinutes(9));
    assertThat(nodeA.find(c.id())).as("the use on B counts on A").isPresent();
    clock.advance(Duration.ofMinutes(10));
    assertThat(nodeB.find(c.id())).isEmpty();

    SessionStore.Created busy = nodeA.create();
    for (int i = 0; i < 7; i++) {
      clock.advance(Duration.ofMinutes(9));
      (i % 2 == 0 ? nodeA : nodeB).find(busy.id());
    }
    assertThat(nodeB.find(busy.id())).as("older than the absolute timeout").isEmpty();
  }

  @Test
  void boundedDroppingAnEmptySessionBeforeACustomersOne() {
    SessionStore.Created customer = nodeA.create();
    customer.session().put(K, "signed in");
    clock.advance(Duration.ofSeconds(1));
    SessionStore.Created anonymous = nodeB.create();
    clock.advance(Duration.ofSeconds(1));
    SessionStore.Created other = nodeA.create();
    clock.advance(Duration.ofSeconds(1));
    SessionStore.Created flood = nodeB.create();
    assertThat(nodeA.size()).isEqualTo(3);
    assertThat(nodeA.find(customer.id())).isPresent();
    assertThat(nodeA.find(anonymous.id())).isEmpty();
    assertThat(nodeA.find(other.id())).isPresent();
    assertThat(nodeA.find(flood.id())).isPresent();
  }

  @Test
  void twoNodesWritingTheSameNewAttributeAtOnceBothSucceedAndTheLaterWins() throws Exception {
    SessionStore.Created c = nodeA.create();
    Session onA = nodeA.find(c.id()).orElseThrow();
    // node B's write of the same attribute lands between node A's update (no row yet) and its
    // insert: the insert meets B's row
    javax.sql.DataSource racing = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class},
        (proxy, method, args) -> {
          Object result = method.invoke(db, args);
          if (!method.getName().equals("getConnection")) {
            return result;
          }
          java.sql.Connection real = (java.sql.Connection) result;
          return java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
              new Class<?>[] {java.sql.Connection.class}, (p, m, a) -> {
                if (m.getName().equals("prepareStatement")
                    && ((String) a[0]).startsWith("INSERT INTO web_session_attributes")) {
                  nodeB.find(c.id()).orElseThrow().put(K, "from B");
                }
                try {
                  return m.invoke(real, a);
                } catch (java.lang.reflect.InvocationTargetException e) {
                  throw e.getCause();
                }
              });
        });
    SessionStore nodeARacing = new JdbcSessionStore(racing, clock, new SecureRandom(),
        Duration.ofMinutes(10), Duration.ofHours(1), 3, STRINGS);
    Session racingA = nodeARacing.find(c.id()).orElseThrow();
    assertThat(onA.get(K)).isNull();
    racingA.put(K, "from A");
    assertThat(nodeB.find(c.id()).orElseThrow().get(K)).isEqualTo("from A");
  }

  @Test
  void aForgedOrMalformedIdFindsNothing() {
    nodeA.create();
    assertThat(nodeB.find("short")).isEmpty();
    assertThat(nodeB.find("A".repeat(43))).isEmpty();
    assertThat(nodeB.find("' OR '1'='1' --" + "x".repeat(28))).isEmpty();
  }

  @Test
  void purgeRemovesExpiredRowsForAllNodes() {
    nodeA.create().session().put(K, "v");
    nodeB.create();
    clock.advance(Duration.ofMinutes(11));
    assertThat(nodeB.purgeExpired()).isEqualTo(2);
    assertThat(nodeA.size()).isZero();
  }
}
