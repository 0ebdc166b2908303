package io.shomei.core;

import static io.shomei.core.ShomeiBank.FX;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.password.LetterFields;
import io.shomei.spi.AccountKey;
import io.shomei.spi.OperatorRecord;
import io.shomei.spi.OperatorRole;
import io.shomei.spi.Proposal;
import io.shomei.spi.ProposalStatus;
import io.shomei.spi.Secret;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.testing.MutableClock;
import io.shomei.testing.contract.Concurrently;
import io.shomei.testing.env.PostgresServer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * Dual control on PostgreSQL across two engines (two "nodes", each with its own pool) on one
 * database: of eight concurrent approvals of one proposal, exactly one runs the action and receives
 * the password; the seven others are refused as {@code ALREADY_DECIDED}. Skipped without
 * postgresql-15 (failed under {@code CI=true}).
 */
class PostgresDualControlTest {
  static final Instant NOW = Instant.parse("2021-03-01T00:00:00Z");
  private final List<JdbcConnectionPool> pools = new ArrayList<>();

  private JdbcStorage node(PostgresServer server, String database) {
    PGConnectionPoolDataSource ds = new PGConnectionPoolDataSource();
    ds.setUrl(server.jdbcUrl(database));
    ds.setUser(server.user());
    ds.setPassword(server.password());
    JdbcConnectionPool pool = JdbcConnectionPool.create(ds);
    pool.setMaxConnections(8);
    pools.add(pool);
    return JdbcStorage.create(pool);
  }

  private static Shomei engine(JdbcStorage storage, MutableClock clock) {
    return Shomei.builder().storage(storage).keyCustody(ShomeiBank.CA).clock(clock)
        .zone(ShomeiBank.TOKYO).secureRandom(new SecureRandom())
        .passwordHasher(ShomeiBank.HASHER)
        .service(ShomeiBank.profile(FX), RuleSet.load(ShomeiBank.NOTICE_FILE))
        .dualControl(DualControl.all())
        .build();
  }

  @AfterEach
  void closePools() {
    pools.forEach(JdbcConnectionPool::dispose);
  }

  @Test
  void ofConcurrentApprovalsOnTwoNodesExactlyOneRunsTheReset() {
    PostgresServer server = PostgresServer.shared();
    String database = server.createDatabase();
    JdbcStorage first = node(server, database);
    first.migrate();
    JdbcStorage second = node(server, database);
    MutableClock clock = MutableClock.at(NOW);
    Shomei a = engine(first, clock);
    Shomei b = engine(second, clock);
    first.operatorStore().saveOperator(
        new OperatorRecord("maker", Set.of(OperatorRole.BRANCH_OPERATOR), true));
    for (int i = 0; i < 8; i++) {
      first.operatorStore().saveOperator(
          new OperatorRecord("checker" + i, Set.of(OperatorRole.APPROVER), true));
    }
    AccountKey account = new AccountKey("12345678", FX);
    EnrollmentResult enrolled = a.enrollment().enroll("12345678", FX);
    assertThat(enrolled).isInstanceOf(EnrollmentResult.Enrolled.class);
    try (LetterFields letter = ((EnrollmentResult.Enrolled) enrolled).letter()) {
      Secret last = null;
      for (int round = 0; round < 5; round++) {
        ProposalResult proposed = a.operator("maker")
            .propose(new SensitiveAction.ResetAcquisitionPassword(account));
        Proposal p = ((ProposalResult.Proposed) proposed).proposal();
        AtomicInteger approved = new AtomicInteger();
        AtomicInteger replays = new AtomicInteger();
        List<Secret> handedOut = java.util.Collections.synchronizedList(new ArrayList<>());
        Concurrently.run(8, Duration.ofMinutes(2), i -> {
          Shomei node = i % 2 == 0 ? a : b;
          ApprovalResult r = node.operator("checker" + i).approve(p.id());
          if (r instanceof ApprovalResult.Approved ok
              && ok.outcome() instanceof ApprovalResult.ActionOutcome.OnAccount on
              && on.outcome() instanceof OperatorOutcome.NewPassword pw) {
            approved.incrementAndGet();
            handedOut.add(pw.newPassword());
          } else if (r instanceof ApprovalResult.Refused f
              && f.reason() == ApprovalResult.Reason.ALREADY_DECIDED) {
            replays.incrementAndGet();
          }
        });
        assertThat(approved).as("round %d", round).hasValue(1);
        assertThat(replays).as("round %d", round).hasValue(7);
        assertThat(second.operatorStore().findProposal(p.id()).orElseThrow().status())
            .isEqualTo(ProposalStatus.APPROVED);
        if (last != null) {
          last.destroy();
        }
        last = handedOut.get(0);
      }
      long resets = countAudited(first, "OPERATOR_RESET_ACQUISITION_PASSWORD");
      assertThat(resets).isEqualTo(5);
      assertThat(countAudited(first, "OPERATOR_APPROVED")).isEqualTo(5);
      // the password the single winner received is the one that works
      try (Secret fresh = java.util.Objects.requireNonNull(last)) {
        assertThat(b.acquisition().acquire(AcquisitionRequest.of(account.userId(), FX,
            ShomeiBank.copy(letter.temporaryPassword()), ShomeiBank.copy(fresh))))
            .isInstanceOf(AcquisitionResult.Acquired.class);
      }
      assertThat(a.audit().verify().intact()).isTrue();
    }
  }

  private static long countAudited(JdbcStorage storage, String type) {
    AtomicInteger n = new AtomicInteger();
    storage.auditLog().forEach(1, r -> {
      if (r.type().equals(type)) {
        n.incrementAndGet();
      }
    });
    return n.get();
  }
}
