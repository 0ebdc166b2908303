package io.shomei.core;

import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.account;
import static io.shomei.core.ShomeiBank.acquired;
import static io.shomei.core.ShomeiBank.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.password.LetterFields;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore.RevocationResult;
import io.shomei.spi.OperatorRecord;
import io.shomei.spi.OperatorRole;
import io.shomei.spi.Proposal;
import io.shomei.spi.ProposalStatus;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Secret;
import io.shomei.testing.contract.Concurrently;
import io.shomei.testing.memory.InMemoryStorage;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Dual control (maker-checker) of sensitive operator actions: a proposal by one operator, an
 * approval by another, refused with a typed reason for the proposer, an auditor, after expiry and
 * when replayed; both steps audited; only the approver receives the secret.
 */
class DualControlTest {
  static final Instant NOW = Instant.parse("2021-03-01T00:00:00Z");
  static final Duration EXPIRY = Duration.ofHours(4);
  final ShomeiBank bank = new ShomeiBank(NOW, b -> b.dualControl(
      new DualControl(Set.of(SensitiveAction.Kind.values()), EXPIRY)));
  final OperatorActions maker = bank.shomei.operator("branch-042/tanaka");
  final OperatorActions checker = bank.shomei.operator("branch-042/suzuki");
  final OperatorActions checker2 = bank.shomei.operator("branch-042/sato");
  final OperatorActions auditor = bank.shomei.operator("audit/kimura");
  final OperatorActions stranger = bank.shomei.operator("nobody");

  DualControlTest() {
    var store = bank.memory.operatorStore();
    store.saveOperator(new OperatorRecord("branch-042/tanaka",
        Set.of(OperatorRole.BRANCH_OPERATOR, OperatorRole.APPROVER), true));
    store.saveOperator(new OperatorRecord("branch-042/suzuki", Set.of(OperatorRole.APPROVER), true));
    store.saveOperator(new OperatorRecord("branch-042/sato", Set.of(OperatorRole.APPROVER), true));
    store.saveOperator(new OperatorRecord("audit/kimura", Set.of(OperatorRole.AUDITOR), true));
  }

  /**
   * A host reads an operator's roles through the SDK: the store's roles for an enabled operator,
   * none for an unknown or disabled one, a change in the store seen at the next read, and no audit
   * record for the read.
   */
  @Test
  void anOperatorsRolesAreTheStoresWhileEnabledAndNoneOtherwise() {
    long events = bank.audit().size();
    assertThat(maker.roles())
        .containsExactlyInAnyOrder(OperatorRole.BRANCH_OPERATOR, OperatorRole.APPROVER);
    assertThat(auditor.roles()).containsExactly(OperatorRole.AUDITOR);
    assertThat(stranger.roles()).isEmpty();
    bank.memory.operatorStore().saveOperator(new OperatorRecord("branch-042/suzuki",
        Set.of(OperatorRole.APPROVER), false));
    assertThat(checker.roles()).isEmpty();
    bank.memory.operatorStore().saveOperator(new OperatorRecord("branch-042/suzuki",
        Set.of(OperatorRole.BRANCH_OPERATOR), true));
    assertThat(checker.roles()).containsExactly(OperatorRole.BRANCH_OPERATOR);
    assertThat(bank.audit()).hasSize((int) events);
  }

  private Proposal proposed(ProposalResult r) {
    assertThat(r).isInstanceOf(ProposalResult.Proposed.class);
    return ((ProposalResult.Proposed) r).proposal();
  }

  private ApprovalResult.Reason refusal(ApprovalResult r) {
    assertThat(r).isInstanceOf(ApprovalResult.Refused.class);
    return ((ApprovalResult.Refused) r).reason();
  }

  private AuditRecord lastAudit() {
    return bank.memoryAudit.last().orElseThrow();
  }

  private static Secret newPassword(ApprovalResult r) {
    assertThat(r).isInstanceOf(ApprovalResult.Approved.class);
    ApprovalResult.ActionOutcome outcome = ((ApprovalResult.Approved) r).outcome();
    assertThat(outcome).isInstanceOf(ApprovalResult.ActionOutcome.OnAccount.class);
    OperatorOutcome o = ((ApprovalResult.ActionOutcome.OnAccount) outcome).outcome();
    assertThat(o).isInstanceOf(OperatorOutcome.NewPassword.class);
    return ((OperatorOutcome.NewPassword) o).newPassword();
  }

  @Test
  void aResetProposedByOneOperatorRunsOnlyWhenAnotherApprovesAndOnlyTheApproverGetsThePassword() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      ProposalResult p = maker.propose(new SensitiveAction.ResetAcquisitionPassword(
          account("12345678")));
      Proposal proposal = proposed(p);
      assertThat(proposal.status()).isEqualTo(ProposalStatus.PENDING);
      assertThat(proposal.expiresAt()).isEqualTo(NOW.plus(EXPIRY));
      assertThat(lastAudit().type()).isEqualTo("OPERATOR_PROPOSED");
      assertThat(lastAudit().actor()).isEqualTo("operator:branch-042/tanaka");
      assertThat(lastAudit().details()).containsEntry("proposal", proposal.id())
          .containsEntry("action", "RESET_ACQUISITION_PASSWORD");
      // nothing ran yet: the letter's acquisition password still works
      assertThat(maker.pendingProposals()).containsExactly(proposal);

      bank.clock.advance(Duration.ofMinutes(5));
      ApprovalResult approved = checker.approve(proposal.id());
      try (Secret fresh = newPassword(approved)) {
        Proposal decided = ((ApprovalResult.Approved) approved).proposal();
        assertThat(decided.status()).isEqualTo(ProposalStatus.APPROVED);
        assertThat(decided.decidedBy()).isEqualTo("branch-042/suzuki");
        List<AuditRecord> tail = bank.audit().subList(bank.audit().size() - 2, bank.audit().size());
        assertThat(tail).extracting(AuditRecord::type)
            .containsExactly("OPERATOR_APPROVED", "OPERATOR_RESET_ACQUISITION_PASSWORD");
        assertThat(tail).extracting(AuditRecord::actor)
            .containsOnly("operator:branch-042/suzuki");
        assertThat(tail.get(0).details()).containsEntry("proposed_by", "branch-042/tanaka");
        assertThat(refused(bank.acquire(letter, FX)).reason())
            .isEqualTo(AcquisitionRefusal.AUTHENTICATION_FAILED);
        acquired(bank.acquire("12345678", FX, letter.temporaryPassword(), fresh));
      }
      assertThat(maker.pendingProposals()).isEmpty();
    }
  }

  @Test
  void actionsUnderDualControlCannotBePerformedDirectly() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult.Acquired a = acquired(bank.acquire(letter, FX));
      int before = bank.audit().size();
      assertThatThrownBy(() -> maker.resetAcquisitionPassword(account("12345678")))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("dual control");
      assertThatThrownBy(() -> maker.resetTemporaryPassword(account("12345678")))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> maker.unlockLogin(account("12345678")))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> maker.revoke(a.serial(), RevocationReason.KEY_COMPROMISE))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> maker.revokeActive(account("12345678"),
          RevocationReason.KEY_COMPROMISE)).isInstanceOf(IllegalStateException.class);
      assertThat(bank.memoryCertificates.findBySerial(a.serial()).orElseThrow().status())
          .isEqualTo(CertificateStatus.ACTIVE);
      assertThat(bank.audit()).hasSize(before);
      // viewing is no sensitive action
      assertThat(maker.view(account("12345678"))).isPresent();
    }
  }

  @Test
  void approvalByTheProposerIsRefused() {
    bank.enroll("12345678", FX).close();
    var before = bank.memoryCredentials.find(account("12345678")).orElseThrow().loginPassword();
    // tanaka holds both roles, and still cannot approve his own proposal
    Proposal p = proposed(maker.propose(new SensitiveAction.ResetTemporaryPassword(
        account("12345678"))));
    assertThat(refusal(maker.approve(p.id()))).isEqualTo(ApprovalResult.Reason.PROPOSER);
    assertThat(refusal(maker.reject(p.id()))).isEqualTo(ApprovalResult.Reason.PROPOSER);
    assertThat(lastAudit().type()).isEqualTo("OPERATOR_DUAL_CONTROL_REFUSED");
    assertThat(lastAudit().details()).containsEntry("reason", "PROPOSER");
    assertThat(bank.memory.operatorStore().findProposal(p.id()).orElseThrow().status())
        .isEqualTo(ProposalStatus.PENDING);
    // the temporary password of the letter was not replaced
    assertThat(bank.memoryCredentials.find(account("12345678")).orElseThrow().loginPassword())
        .isEqualTo(before);
    assertThat(bank.auditTypes()).doesNotContain("OPERATOR_RESET_TEMPORARY_PASSWORD");
  }

  @Test
  void approvalByAnAuditorOrAnUnknownOperatorIsRefusedWithoutShowingTheProposal() {
    bank.enroll("12345678", FX).close();
    Proposal p = proposed(maker.propose(new SensitiveAction.UnlockLogin(account("12345678"))));
    ApprovalResult byAuditor = auditor.approve(p.id());
    assertThat(refusal(byAuditor)).isEqualTo(ApprovalResult.Reason.ROLE_NOT_ALLOWED);
    assertThat(((ApprovalResult.Refused) byAuditor).proposal()).isNull();
    assertThat(lastAudit().actor()).isEqualTo("operator:audit/kimura");
    assertThat(refusal(stranger.approve(p.id())))
        .isEqualTo(ApprovalResult.Reason.UNKNOWN_OPERATOR);
    bank.memory.operatorStore().saveOperator(
        new OperatorRecord("branch-042/sato", Set.of(OperatorRole.APPROVER), false));
    assertThat(refusal(checker2.approve(p.id())))
        .isEqualTo(ApprovalResult.Reason.UNKNOWN_OPERATOR);
    assertThat(bank.auditTypes()).doesNotContain("OPERATOR_UNLOCKED_LOGIN");
    assertThat(checker.approve(p.id())).isInstanceOf(ApprovalResult.Approved.class);
    assertThat(lastAudit().type()).isEqualTo("OPERATOR_UNLOCKED_LOGIN");
  }

  @Test
  void onlyABranchOperatorProposes() {
    bank.enroll("12345678", FX).close();
    SensitiveAction reset = new SensitiveAction.ResetAcquisitionPassword(account("12345678"));
    assertThat(auditor.propose(reset)).isEqualTo(
        new ProposalResult.Refused(ProposalResult.Reason.ROLE_NOT_ALLOWED));
    assertThat(checker.propose(reset)).isEqualTo(
        new ProposalResult.Refused(ProposalResult.Reason.ROLE_NOT_ALLOWED));
    assertThat(stranger.propose(reset)).isEqualTo(
        new ProposalResult.Refused(ProposalResult.Reason.UNKNOWN_OPERATOR));
    assertThat(maker.propose(new SensitiveAction.ResetAcquisitionPassword(account("99999999"))))
        .isEqualTo(new ProposalResult.Refused(ProposalResult.Reason.NO_SUCH_TARGET));
    assertThat(lastAudit().type()).isEqualTo("OPERATOR_DUAL_CONTROL_REFUSED");
    assertThat(maker.pendingProposals()).isEmpty();
  }

  @Test
  void approvalAfterExpiryIsRefused() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      Proposal p = proposed(maker.propose(new SensitiveAction.ResetAcquisitionPassword(
          account("12345678"))));
      Proposal q = proposed(maker.propose(new SensitiveAction.ResetAcquisitionPassword(
          account("12345678"))));
      bank.clock.advance(EXPIRY.minusSeconds(1));
      assertThat(maker.pendingProposals()).containsExactlyInAnyOrder(p, q);
      bank.clock.advance(Duration.ofSeconds(1));
      assertThat(refusal(checker.approve(p.id()))).isEqualTo(ApprovalResult.Reason.EXPIRED);
      assertThat(refusal(checker.reject(q.id()))).isEqualTo(ApprovalResult.Reason.EXPIRED);
      assertThat(maker.pendingProposals()).isEmpty();
      assertThat(bank.auditTypes()).doesNotContain("OPERATOR_RESET_ACQUISITION_PASSWORD");
      acquired(bank.acquire(letter, FX));
    }
  }

  @Test
  void aReplayedApprovalIsRefusedAndRunsNothingTwice() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      Proposal p = proposed(maker.propose(new SensitiveAction.ResetAcquisitionPassword(
          account("12345678"))));
      try (Secret fresh = newPassword(checker.approve(p.id()))) {
        ApprovalResult replay = checker.approve(p.id());
        assertThat(refusal(replay)).isEqualTo(ApprovalResult.Reason.ALREADY_DECIDED);
        Proposal seen = java.util.Objects.requireNonNull(
            ((ApprovalResult.Refused) replay).proposal());
        assertThat(seen.decidedBy()).isEqualTo("branch-042/suzuki");
        assertThat(refusal(checker2.approve(p.id())))
            .isEqualTo(ApprovalResult.Reason.ALREADY_DECIDED);
        assertThat(refusal(checker2.reject(p.id())))
            .isEqualTo(ApprovalResult.Reason.ALREADY_DECIDED);
        assertThat(bank.auditTypes().stream()
            .filter("OPERATOR_RESET_ACQUISITION_PASSWORD"::equals)).hasSize(1);
        // the password the approval handed out is still the one that works
        acquired(bank.acquire("12345678", FX, letter.temporaryPassword(), fresh));
      }
      assertThat(refusal(checker.approve("does-not-exist")))
          .isEqualTo(ApprovalResult.Reason.NOT_FOUND);
      assertThat(refusal(checker.approve("../../etc")))
          .isEqualTo(ApprovalResult.Reason.NOT_FOUND);
    }
  }

  @Test
  void ofConcurrentApprovalsExactlyOneRunsTheAction() {
    var store = bank.memory.operatorStore();
    for (int i = 0; i < 8; i++) {
      store.saveOperator(new OperatorRecord("checker" + i, Set.of(OperatorRole.APPROVER), true));
    }
    bank.enroll("12345678", FX).close();
    for (int round = 0; round < 10; round++) {
      Proposal p = proposed(maker.propose(new SensitiveAction.ResetAcquisitionPassword(
          account("12345678"))));
      AtomicInteger approved = new AtomicInteger();
      AtomicInteger replays = new AtomicInteger();
      Concurrently.run(8, Duration.ofSeconds(60), i -> {
        ApprovalResult r = bank.shomei.operator("checker" + i).approve(p.id());
        if (r instanceof ApprovalResult.Approved a) {
          approved.incrementAndGet();
          newPassword(a).destroy();
        } else if (r instanceof ApprovalResult.Refused f
            && f.reason() == ApprovalResult.Reason.ALREADY_DECIDED) {
          replays.incrementAndGet();
        }
      });
      assertThat(approved).hasValue(1);
      assertThat(replays).hasValue(7);
    }
    assertThat(bank.auditTypes().stream()
        .filter("OPERATOR_RESET_ACQUISITION_PASSWORD"::equals)).hasSize(10);
  }

  @Test
  void aRejectedProposalRunsNothing() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult.Acquired a = acquired(bank.acquire(letter, FX));
      Proposal p = proposed(maker.propose(new SensitiveAction.Revoke(account("12345678"),
          a.serial(), RevocationReason.KEY_COMPROMISE)));
      ApprovalResult r = checker.reject(p.id());
      assertThat(r).isInstanceOf(ApprovalResult.Rejected.class);
      assertThat(lastAudit().type()).isEqualTo("OPERATOR_REJECTED");
      assertThat(refusal(checker2.approve(p.id())))
          .isEqualTo(ApprovalResult.Reason.ALREADY_DECIDED);
      assertThat(bank.memoryCertificates.findBySerial(a.serial()).orElseThrow().status())
          .isEqualTo(CertificateStatus.ACTIVE);
    }
  }

  @Test
  void aRevocationIsProposedForTheAccountsOwnCertificateAndRunsOnApproval() {
    bank.enroll("87654321", FX).close();
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult.Acquired a = acquired(bank.acquire(letter, FX));
      // a serial that is not this account's (a typo at the counter) is refused when proposed
      assertThat(maker.propose(new SensitiveAction.Revoke(account("87654321"), a.serial(),
          RevocationReason.KEY_COMPROMISE)))
          .isEqualTo(new ProposalResult.Refused(ProposalResult.Reason.NO_SUCH_TARGET));
      assertThat(maker.propose(new SensitiveAction.Revoke(account("12345678"), BigInteger.TEN,
          RevocationReason.KEY_COMPROMISE)))
          .isEqualTo(new ProposalResult.Refused(ProposalResult.Reason.NO_SUCH_TARGET));
      Proposal p = proposed(maker.propose(new SensitiveAction.Revoke(account("12345678"),
          a.serial(), RevocationReason.KEY_COMPROMISE)));
      assertThat(p.parameters()).containsEntry("serial", a.serial().toString(16))
          .containsEntry("reason", "KEY_COMPROMISE");
      ApprovalResult r = checker.approve(p.id());
      assertThat(r).isInstanceOf(ApprovalResult.Approved.class);
      assertThat(((ApprovalResult.Approved) r).outcome())
          .isInstanceOf(ApprovalResult.ActionOutcome.Revocation.class);
      assertThat(((ApprovalResult.ActionOutcome.Revocation) ((ApprovalResult.Approved) r)
          .outcome()).result()).isInstanceOf(RevocationResult.Revoked.class);
      assertThat(lastAudit().type()).isEqualTo("CERTIFICATE_REVOKED");
      assertThat(lastAudit().actor()).isEqualTo("operator:branch-042/suzuki");
    }
  }

  /**
   * An adopted CA's certificate of another account carries the serial of the account's own: the
   * proposal names the account, so it is accepted and its approval revokes the account's
   * certificate, not the other issuer's.
   */
  @Test
  void aRevocationOfASerialAnotherIssuerAlsoUsedRevokesTheAccountsOwnCertificate() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult.Acquired a = acquired(bank.acquire(letter, FX));
      io.shomei.spi.CertificateRecord theirs = io.shomei.testing.ca.TestCa.root("Adopted CA")
          .leaf().commonName("87654321").serial(a.serial()).issue()
          .record(account("87654321"), NOW);
      bank.memoryCertificates.record(theirs);
      Proposal p = proposed(maker.propose(new SensitiveAction.Revoke(account("12345678"),
          a.serial(), RevocationReason.KEY_COMPROMISE)));
      ApprovalResult r = checker.approve(p.id());
      assertThat(((ApprovalResult.ActionOutcome.Revocation) ((ApprovalResult.Approved) r)
          .outcome()).result()).isInstanceOf(RevocationResult.Revoked.class);
      assertThat(bank.memoryCertificates.findActive(account("12345678"))).isEmpty();
      assertThat(bank.memoryCertificates.findBySerial(theirs.issuer(), a.serial()).orElseThrow()
          .status()).isEqualTo(CertificateStatus.ISSUED);
    }
  }

  @Test
  void aRuleChangeIsApprovedAsTheExactTextProposed() throws IOException {
    String rules = Files.readString(rulesFile());
    assertThat(maker.propose(new SensitiveAction.ChangeRules(FX, "shomei-rules 1\n[nonsense")))
        .isEqualTo(new ProposalResult.Refused(ProposalResult.Reason.INVALID_RULES));
    assertThat(maker.propose(new SensitiveAction.ChangeRules("no-such-service", rules)))
        .isEqualTo(new ProposalResult.Refused(ProposalResult.Reason.INVALID_RULES));
    SensitiveAction.ChangeRules change = new SensitiveAction.ChangeRules(FX, rules);
    Proposal p = proposed(maker.propose(change));
    assertThat(p.account()).isNull();
    assertThat(lastAudit().details()).containsEntry("rule_sha256", change.sha256())
        .doesNotContainKey("rule_text");
    ApprovalResult r = checker.approve(p.id());
    assertThat(r).isInstanceOf(ApprovalResult.Approved.class);
    var approved = (ApprovalResult.ActionOutcome.Rules) ((ApprovalResult.Approved) r).outcome();
    assertThat(approved.ruleText()).isEqualTo(rules);
    assertThat(approved.sha256()).isEqualTo(change.sha256());
    assertThat(approved.rules().rule("notice-2021-fx-forward")).isPresent();
    assertThat(approved.toString()).doesNotContain("validity-start");
  }

  private static Path rulesFile() {
    Path p = Path.of("..", "examples", "rules", "notice-2021.rules");
    assertThat(p).exists();
    return p;
  }

  @Test
  void withoutDualControlTheActionsRunDirectlyAndMayStillBeProposed() {
    ShomeiBank plain = new ShomeiBank(NOW);
    plain.memory.operatorStore().saveOperator(
        new OperatorRecord("maker", Set.of(OperatorRole.BRANCH_OPERATOR), true));
    plain.memory.operatorStore().saveOperator(
        new OperatorRecord("checker", Set.of(OperatorRole.APPROVER), true));
    plain.enroll("12345678", FX).close();
    OperatorOutcome direct = plain.shomei.operator("maker").unlockLogin(account("12345678"));
    assertThat(direct).isInstanceOf(OperatorOutcome.Done.class);
    Proposal p = proposed(plain.shomei.operator("maker").propose(
        new SensitiveAction.UnlockLogin(account("12345678"))));
    assertThat(p.expiresAt()).isEqualTo(NOW.plus(DualControl.DEFAULT_EXPIRY));
    assertThat(plain.shomei.operator("checker").approve(p.id()))
        .isInstanceOf(ApprovalResult.Approved.class);
  }

  @Test
  void dualControlNeedsAStorageThatKeepsOperators() {
    InMemoryStorage memory = new InMemoryStorage();
    io.shomei.spi.Storage withoutOperators = memory.wrapped(c -> c, c -> c, t -> t, a -> a);
    io.shomei.spi.Storage legacy = new io.shomei.spi.Storage() {
      @Override
      public io.shomei.spi.CertificateStore certificateStore() {
        return withoutOperators.certificateStore();
      }

      @Override
      public io.shomei.spi.CredentialStore credentialStore() {
        return withoutOperators.credentialStore();
      }

      @Override
      public io.shomei.spi.DownloadTicketStore downloadTicketStore() {
        return withoutOperators.downloadTicketStore();
      }

      @Override
      public io.shomei.spi.AuditLog auditLog() {
        return withoutOperators.auditLog();
      }

      @Override
      public io.shomei.spi.CrlStore crlStore() {
        return withoutOperators.crlStore();
      }

      @Override
      public io.shomei.spi.LeaseStore leaseStore() {
        return withoutOperators.leaseStore();
      }

      @Override
      public CommitResult commitAcquisition(io.shomei.spi.AcquisitionCommit commit) {
        return withoutOperators.commitAcquisition(commit);
      }
    };
    assertThatThrownBy(() -> legacy.operatorStore())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new DualControl(Set.of(), Duration.ofSeconds(30)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DualControl.all().requires(SensitiveAction.Kind.CHANGE_RULES)).isTrue();
  }

  @Test
  void aStoredProposalNamesItsActionAndNoSecret() {
    SensitiveAction.Revoke revoke = new SensitiveAction.Revoke(account("12345678"),
        BigInteger.valueOf(0xabcdef), RevocationReason.SUPERSEDED);
    Proposal p = new Proposal("p1", revoke.kind().name(), revoke.account(), revoke.parameters(),
        "maker", NOW, NOW.plusSeconds(60), ProposalStatus.PENDING, null, null);
    assertThat(SensitiveAction.of(p)).contains(revoke);
    assertThat(SensitiveAction.of(new Proposal("p2", "FLAG_PC_LOST", account("12345678"),
        java.util.Map.of(), "maker", NOW, NOW.plusSeconds(60), ProposalStatus.PENDING, null,
        null))).isEmpty();
    assertThat(SensitiveAction.of(new Proposal("p3", "REVOKE", account("12345678"),
        java.util.Map.of("serial", "zz", "reason", "SUPERSEDED"), "maker", NOW,
        NOW.plusSeconds(60), ProposalStatus.PENDING, null, null))).isEmpty();
  }

  @Test
  void flaggingAPcLostCannotRevokeAroundTheDualControlOfRevocations() {
    ShomeiBank revokeOnly = new ShomeiBank(NOW, b -> b.dualControl(
        new DualControl(Set.of(SensitiveAction.Kind.REVOKE), EXPIRY)));
    try (LetterFields letter = revokeOnly.enroll("12345678", FX)) {
      AcquisitionResult.Acquired a = acquired(revokeOnly.acquire(letter, FX));
      int before = revokeOnly.audit().size();
      assertThatThrownBy(() -> revokeOnly.shomei.operator("branch-042/tanaka")
          .flagDeviceLostOrReplaced(account("12345678")))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("dual control");
      assertThat(revokeOnly.audit()).as("nothing happened, nothing is recorded").hasSize(before);
      assertThat(revokeOnly.memoryCertificates.findBySerial(a.serial()).orElseThrow().status())
          .isEqualTo(io.shomei.spi.CertificateStatus.ACTIVE);
    }
  }

  @Test
  void aPcFlaggedLostIsProposedByOneOperatorAndTakesEffectWhenAnotherApproves() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult.Acquired a = acquired(bank.acquire(letter, FX));
      Proposal p = proposed(maker.propose(
          new SensitiveAction.FlagDeviceLostOrReplaced(account("12345678"))));
      assertThat(bank.memoryCertificates.findBySerial(a.serial()).orElseThrow().status())
          .isEqualTo(io.shomei.spi.CertificateStatus.ACTIVE);
      assertThat(refusal(maker.approve(p.id()))).isEqualTo(ApprovalResult.Reason.PROPOSER);
      ApprovalResult approved = checker.approve(p.id());
      assertThat(approved).isInstanceOf(ApprovalResult.Approved.class);
      io.shomei.spi.CertificateRecord revoked =
          bank.memoryCertificates.findBySerial(a.serial()).orElseThrow();
      assertThat(revoked.status()).isEqualTo(io.shomei.spi.CertificateStatus.REVOKED);
      assertThat(revoked.revocationReason()).isEqualTo(RevocationReason.CESSATION_OF_OPERATION);
      assertThat(bank.audit()).extracting(AuditRecord::type)
          .contains("OPERATOR_APPROVED", "OPERATOR_FLAGGED_DEVICE_LOST_OR_REPLACED");
      // an account without an active certificate has nothing to flag
      assertThat(maker.propose(new SensitiveAction.FlagDeviceLostOrReplaced(account("12345678"))))
          .isEqualTo(new ProposalResult.Refused(ProposalResult.Reason.NO_SUCH_TARGET));
    }
  }
}
