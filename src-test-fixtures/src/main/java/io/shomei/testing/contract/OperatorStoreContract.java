package io.shomei.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.spi.AccountKey;
import io.shomei.spi.OperatorRecord;
import io.shomei.spi.OperatorRole;
import io.shomei.spi.OperatorStore;
import io.shomei.spi.OperatorStore.DecisionResult;
import io.shomei.spi.Proposal;
import io.shomei.spi.ProposalStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Contract suite for {@link OperatorStore}. An implementation's test class implements this
 * interface and {@link #newStore()}; every default method is a test it inherits, concurrent
 * decisions on one proposal included.
 *
 * @since 0.2.0
 */
public interface OperatorStoreContract {

  /**
   * A new, empty store. Called once per test.
   *
   * @return the store under test
   */
  OperatorStore newStore();

  /**
   * A pending proposal by {@code proposer}, valid for one hour from {@code at}.
   *
   * @param proposer the proposing operator
   * @param at when it is proposed
   * @return the proposal with a random id
   */
  default Proposal pending(String proposer, Instant at) {
    return new Proposal(UUID.randomUUID().toString().replace("-", ""),
        "RESET_ACQUISITION_PASSWORD", new AccountKey("10000001", "fx-forward"),
        Map.of("note", "窓口で本人確認済み"), proposer, at, at.plusSeconds(3600),
        ProposalStatus.PENDING, null, null);
  }

  /**
   * A store with a branch operator {@code maker} and approvers {@code checker0..checker7}.
   *
   * @return the store
   */
  default OperatorStore withOperators() {
    OperatorStore store = newStore();
    store.saveOperator(new OperatorRecord("maker", Set.of(OperatorRole.BRANCH_OPERATOR), true));
    for (int i = 0; i < 8; i++) {
      store.saveOperator(new OperatorRecord("checker" + i, Set.of(OperatorRole.APPROVER), true));
    }
    return store;
  }

  @Test
  default void savesFindsAndReplacesOperators() {
    OperatorStore store = newStore();
    assertEquals(Optional.empty(), store.findOperator("alice"));
    OperatorRecord alice = new OperatorRecord("alice",
        Set.of(OperatorRole.BRANCH_OPERATOR, OperatorRole.APPROVER), true);
    store.saveOperator(alice);
    assertEquals(Optional.of(alice), store.findOperator("alice"));
    OperatorRecord demoted = new OperatorRecord("alice", Set.of(OperatorRole.AUDITOR), false);
    store.saveOperator(demoted);
    assertEquals(Optional.of(demoted), store.findOperator("alice"));
    OperatorRecord none = new OperatorRecord("支店 太郎", Set.of(), true);
    store.saveOperator(none);
    assertEquals(Optional.of(none), store.findOperator("支店 太郎"));
  }

  @Test
  default void proposesFindsAndRefusesADuplicateId() {
    OperatorStore store = withOperators();
    Instant now = ContractSupport.now();
    Proposal p = pending("maker", now);
    assertTrue(store.propose(p));
    assertFalse(store.propose(new Proposal(p.id(), "UNLOCK_LOGIN", null, Map.of(), "maker", now,
        now.plusSeconds(60), ProposalStatus.PENDING, null, null)));
    assertEquals(Optional.of(p), store.findProposal(p.id()));
    assertEquals(Optional.empty(), store.findProposal("unknown"));
  }

  @Test
  default void keepsAProposalWithoutAccountAndALongParameter() {
    OperatorStore store = withOperators();
    Instant now = ContractSupport.now();
    String rules = "rule \"notice-2021\"\n  service fx-forward\n".repeat(400) + "# 規則の変更";
    Proposal p = new Proposal("rules-1", "CHANGE_RULES", null,
        Map.of("service", "fx-forward", "rule_text", rules), "maker", now, now.plusSeconds(60),
        ProposalStatus.PENDING, null, null);
    assertTrue(store.propose(p));
    assertEquals(Optional.of(p), store.findProposal("rules-1"));
  }

  @Test
  default void refusesToStoreADecidedProposal() {
    OperatorStore store = withOperators();
    Instant now = ContractSupport.now();
    Proposal decided = pending("maker", now).decided(ProposalStatus.APPROVED, "checker0", now);
    assertThrows(IllegalArgumentException.class, () -> store.propose(decided));
    assertEquals(Optional.empty(), store.findProposal(decided.id()));
  }

  @Test
  default void decidesOnceAndRefusesTheReplay() {
    OperatorStore store = withOperators();
    Instant now = ContractSupport.now();
    Proposal p = pending("maker", now);
    store.propose(p);
    var decided = assertInstanceOf(DecisionResult.Decided.class,
        store.decide(p.id(), "checker0", ProposalStatus.APPROVED, now.plusSeconds(5)));
    assertEquals(p.decided(ProposalStatus.APPROVED, "checker0", now.plusSeconds(5)),
        decided.proposal());
    assertEquals(Optional.of(decided.proposal()), store.findProposal(p.id()));
    var replay = assertInstanceOf(DecisionResult.AlreadyDecided.class,
        store.decide(p.id(), "checker0", ProposalStatus.APPROVED, now.plusSeconds(6)));
    assertEquals(decided.proposal(), replay.proposal());
    assertInstanceOf(DecisionResult.AlreadyDecided.class,
        store.decide(p.id(), "checker1", ProposalStatus.REJECTED, now.plusSeconds(7)));
    assertEquals(Optional.of(decided.proposal()), store.findProposal(p.id()));
  }

  @Test
  default void rejectionIsADecisionToo() {
    OperatorStore store = withOperators();
    Instant now = ContractSupport.now();
    Proposal p = pending("maker", now);
    store.propose(p);
    var rejected = assertInstanceOf(DecisionResult.Decided.class,
        store.decide(p.id(), "checker1", ProposalStatus.REJECTED, now.plusSeconds(1)));
    assertEquals(ProposalStatus.REJECTED, rejected.proposal().status());
    assertInstanceOf(DecisionResult.AlreadyDecided.class,
        store.decide(p.id(), "checker2", ProposalStatus.APPROVED, now.plusSeconds(2)));
  }

  @Test
  default void neverDecidedByItsProposer() {
    OperatorStore store = withOperators();
    Instant now = ContractSupport.now();
    Proposal p = pending("maker", now);
    store.propose(p);
    assertInstanceOf(DecisionResult.SameOperator.class,
        store.decide(p.id(), "maker", ProposalStatus.APPROVED, now.plusSeconds(1)));
    assertEquals(Optional.of(p), store.findProposal(p.id()));
  }

  @Test
  default void neverDecidedAtOrAfterItsExpiry() {
    OperatorStore store = withOperators();
    Instant now = ContractSupport.now();
    Proposal p = pending("maker", now);
    Proposal q = pending("maker", now);
    store.propose(p);
    store.propose(q);
    assertInstanceOf(DecisionResult.Expired.class,
        store.decide(p.id(), "checker0", ProposalStatus.APPROVED, p.expiresAt()));
    assertEquals(Optional.of(p), store.findProposal(p.id()));
    assertInstanceOf(DecisionResult.Decided.class, store.decide(q.id(), "checker0",
        ProposalStatus.APPROVED, q.expiresAt().minus(Duration.ofNanos(1000))));
    assertInstanceOf(DecisionResult.NotFound.class,
        store.decide("missing", "checker0", ProposalStatus.APPROVED, now));
    assertThrows(IllegalArgumentException.class,
        () -> store.decide(q.id(), "checker0", ProposalStatus.PENDING, now));
  }

  @Test
  default void listsTheDecidableProposalsOldestFirst() {
    OperatorStore store = withOperators();
    Instant now = ContractSupport.now();
    Proposal first = pending("maker", now);
    Proposal second = pending("maker", now.plusSeconds(10));
    Proposal decided = pending("maker", now.plusSeconds(20));
    Proposal expiring = new Proposal("expiring", "UNLOCK_LOGIN",
        new AccountKey("10000002", "fx-forward"), Map.of(), "maker", now.plusSeconds(30),
        now.plusSeconds(40), ProposalStatus.PENDING, null, null);
    for (Proposal p : List.of(decided, second, expiring, first)) {
      store.propose(p);
    }
    store.decide(decided.id(), "checker0", ProposalStatus.APPROVED, now.plusSeconds(35));
    assertEquals(List.of(first, second, expiring), store.findPending(now.plusSeconds(35), 100));
    assertEquals(List.of(first), store.findPending(now.plusSeconds(35), 1));
    assertEquals(List.of(first, second), store.findPending(now.plusSeconds(40), 100));
  }

  @Test
  default void ofConcurrentApprovalsExactlyOneWins() {
    OperatorStore store = withOperators();
    Instant now = ContractSupport.now();
    for (int round = 0; round < 20; round++) {
      Proposal p = pending("maker", now);
      store.propose(p);
      AtomicInteger won = new AtomicInteger();
      AtomicInteger lost = new AtomicInteger();
      List<String> winners = Collections.synchronizedList(new ArrayList<>());
      Concurrently.run(8, Duration.ofSeconds(60), i -> {
        DecisionResult r = store.decide(p.id(), "checker" + i, ProposalStatus.APPROVED,
            now.plusSeconds(1 + i));
        if (r instanceof DecisionResult.Decided d) {
          won.incrementAndGet();
          winners.add(d.proposal().decidedBy());
        } else if (r instanceof DecisionResult.AlreadyDecided) {
          lost.incrementAndGet();
        }
      });
      assertEquals(1, won.get(), "round " + round + ": exactly one approval wins");
      assertEquals(7, lost.get(), "round " + round + ": every other one sees it decided");
      assertEquals(winners.get(0), store.findProposal(p.id()).orElseThrow().decidedBy());
    }
  }
}
