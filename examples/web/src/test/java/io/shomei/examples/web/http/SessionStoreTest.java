package io.shomei.examples.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionStoreTest {
  private static final Session.Key<String> K = new Session.Key<>("k", String.class);

  private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
  private final SessionStore store = SessionStore.inMemory(clock, new SecureRandom(),
      Duration.ofMinutes(10), Duration.ofHours(1), 3);

  @Test
  void idsAndTokensAreRandomAndDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      SessionStore.Created c = store.create();
      assertThat(c.id()).matches("[A-Za-z0-9_-]{43}");
      assertThat(c.session().csrfToken()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(c.id());
      assertThat(seen.add(c.id())).isTrue();
      assertThat(seen.add(c.session().csrfToken())).isTrue();
    }
  }

  @Test
  void idleAndAbsoluteTimeouts() {
    SessionStore.Created c = store.create();
    clock.advance(Duration.ofMinutes(9));
    assertThat(store.find(c.id())).isPresent();
    clock.advance(Duration.ofMinutes(9));
    assertThat(store.find(c.id())).isPresent();
    clock.advance(Duration.ofMinutes(10));
    assertThat(store.find(c.id())).isEmpty();

    SessionStore.Created busy = store.create();
    for (int i = 0; i < 7; i++) {
      clock.advance(Duration.ofMinutes(9));
      store.find(busy.id());
    }
    assertThat(store.find(busy.id())).as("older than the absolute timeout").isEmpty();
  }

  @Test
  void boundedDroppingTheLeastRecentlyUsed() {
    SessionStore.Created a = store.create();
    SessionStore.Created b = store.create();
    SessionStore.Created c = store.create();
    store.find(a.id());
    SessionStore.Created d = store.create();
    assertThat(store.size()).isEqualTo(3);
    assertThat(store.find(b.id())).isEmpty();
    assertThat(store.find(a.id())).isPresent();
    assertThat(store.find(c.id())).isPresent();
    assertThat(store.find(d.id())).isPresent();
  }

  @Test
  void aFloodOfEmptySessionsNeverEvictsOneThatHoldsALogin() {
    SessionStore.Created signedIn = store.create();
    signedIn.session().put(K, "signed-in");
    for (int i = 0; i < 50; i++) {
      store.create(); // anonymous GETs: a CSRF token and nothing else
    }
    assertThat(store.size()).isEqualTo(3);
    assertThat(store.find(signedIn.id())).as("the customer's session survives the flood")
        .isPresent();
  }

  @Test
  void whenEverySessionHoldsSomethingTheLeastRecentlyUsedGoes() {
    SessionStore.Created a = store.create();
    SessionStore.Created b = store.create();
    SessionStore.Created c = store.create();
    a.session().put(K, "a");
    b.session().put(K, "b");
    c.session().put(K, "c");
    store.find(a.id());
    SessionStore.Created d = store.create();
    assertThat(store.find(b.id())).isEmpty();
    assertThat(store.find(a.id())).isPresent();
    assertThat(store.find(c.id())).isPresent();
    assertThat(store.find(d.id())).isPresent();
  }

  @Test
  void rotationMovesTheAttributesToANewIdAndToken() {
    SessionStore.Created old = store.create();
    old.session().put(K, "v");
    SessionStore.Created fresh = store.rotate(old.id(), old.session());
    assertThat(store.find(old.id())).isEmpty();
    assertThat(fresh.id()).isNotEqualTo(old.id());
    assertThat(fresh.session().csrfToken()).isNotEqualTo(old.session().csrfToken());
    assertThat(store.find(fresh.id()).orElseThrow().get(K)).isEqualTo("v");
    assertThat(old.session().get(K)).isNull();
  }

  @Test
  void csrfComparison() {
    Session s = store.create().session();
    assertThat(s.csrfMatches(s.csrfToken())).isTrue();
    assertThat(s.csrfMatches(null)).isFalse();
    assertThat(s.csrfMatches("")).isFalse();
    assertThat(s.csrfMatches(s.csrfToken() + "x")).isFalse();
    assertThat(s.csrfMatches(s.csrfToken().substring(1))).isFalse();
  }

  @Test
  void unknownOrMalformedIdsFindNothing() {
    assertThat(store.find("")).isEmpty();
    assertThat(store.find("x".repeat(43))).isEmpty();
    assertThat(store.find("x".repeat(1000))).isEmpty();
  }
}
