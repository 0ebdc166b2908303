package io.shomei.examples.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.testing.MutableClock;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Nodes that start at the same moment on a fresh PostgreSQL database each create the session
 * tables "if not exists": PostgreSQL lets two such creations race, and the loser fails on the
 * catalogue's unique index. Every node must start.
 */
class JdbcSessionStoreStartTest {
  private static final SessionCodec NONE = new SessionCodec() {
    @Override
    public Session.@Nullable Key<?> key(String name) {
      return null;
    }

    @Override
    public byte[] encode(Session.Key<?> key, Object value) {
      return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object decode(Session.Key<?> key, byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  };

  @Test
  void nodesStartingAtOnceOnAFreshDatabaseAllStart() throws Exception {
    Components.require(Component.POSTGRESQL);
    PostgresServer pg = PostgresServer.shared();
    int nodes = 6;
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    try {
      // a few fresh databases: the race is a matter of timing
      for (int round = 0; round < 5; round++) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(pg.jdbcUrl(pg.createDatabase()));
        ds.setUser(pg.user());
        ds.setPassword(pg.password());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SessionStore>> started = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
          started.add(pool.submit(() -> {
            go.await();
            return new JdbcSessionStore(ds, MutableClock.at("2026-01-01T00:00:00Z"),
                new SecureRandom(), Duration.ofMinutes(10), Duration.ofHours(1), 100, NONE);
          }));
        }
        go.countDown();
        List<SessionStore> stores = new ArrayList<>();
        for (Future<SessionStore> f : started) {
          stores.add(f.get(60, TimeUnit.SECONDS));
        }
        SessionStore.Created s = stores.get(0).create();
        assertThat(stores.get(nodes - 1).find(s.id())).isPresent();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
