package io.shomei.core;

import static io.shomei.core.Bank.FX;
import static io.shomei.core.Bank.OTHER;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.spi.Secret;
import io.shomei.core.eligibility.LoginDecision;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.spi.AccountKey;
import io.shomei.testing.ca.TestCa;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The bank's notice of 2021 (MISSION R2-R5) at the login, from the shipped rule file. */
class NoticeLoginTest {
  static final Path NOTICE_FILE = Path.of("..", "examples", "rules", "notice-2021.rules");
  static final Instant ISSUED = OffsetDateTime.parse("2020-11-10T10:00:00+09:00").toInstant();
  static final Instant NOT_AFTER = OffsetDateTime.parse("2022-11-10T23:59:59+09:00").toInstant();
  static final Instant LAST_GOOD = OffsetDateTime.parse("2021-02-23T23:59:59+09:00").toInstant();
  static final Instant CHANGE = OffsetDateTime.parse("2021-02-24T00:00:00+09:00").toInstant();
  static final String PASSWORD = "Kx7mQ2vLp9";

  final Bank bank = new Bank(ISSUED);
  final AccountKey forward = new AccountKey("20201110", FX);
  final AccountKey other = new AccountKey("20201110", OTHER);
  final TestCa.Issued forwardCert;
  final TestCa.Issued otherCert;
  final LoginEngine flow = bank.flow(RuleSet.load(NOTICE_FILE));

  NoticeLoginTest() {
    bank.enrollPermanent(forward, PASSWORD, ISSUED);
    bank.enrollPermanent(other, PASSWORD, ISSUED);
    forwardCert = bank.issueActive(forward, ISSUED, NOT_AFTER);
    otherCert = bank.issueActive(other, ISSUED, NOT_AFTER);
  }

  @Test
  void forwardContractCertificateWorksUntilTheLastSecondOfFebruary23() {
    bank.clock.set(LAST_GOOD);
    LoginResult.CertificateStep step = flow.presentCertificate(FX, Bank.chain(forwardCert));
    assertThat(step).isInstanceOf(LoginResult.PasswordRequired.class);
    LoginResult.PasswordRequired p = (LoginResult.PasswordRequired) step;
    assertThat(p.unusableFrom()).as("warning for the host").isEqualTo(CHANGE);
    LoginResult.PasswordStep done = flow.password(p.pending(), Secret.of(PASSWORD));
    assertThat(done).isInstanceOf(LoginResult.Authenticated.class);
    assertThat(((LoginResult.Authenticated) done).certificateUnusableFrom()).isEqualTo(CHANGE);
  }

  @Test
  void forwardContractCertificateIsRefusedFromFebruary24WithAReacquireReason() {
    bank.clock.set(CHANGE);
    LoginResult.CertificateStep step = flow.presentCertificate(FX, Bank.chain(forwardCert));
    assertThat(step).isInstanceOf(LoginResult.Refused.class);
    LoginResult.Refused r = (LoginResult.Refused) step;
    assertThat(r.reason()).isEqualTo(LoginRefusal.REACQUIRE_REQUIRED);
    assertThat(r.account()).isEqualTo(forward);
    Refusal.MustReacquire m = (Refusal.MustReacquire) r.refusal();
    assertThat(m.since()).isEqualTo(CHANGE);
    assertThat(m.reacquireFrom()).isEqualTo(CHANGE);
    assertThat(m.reacquireNow()).isTrue();
    assertThat(m.branchOnly()).isFalse();
    assertThat(m.ruleId()).isEqualTo("notice-2021-fx-forward");
    assertThat(m.cause()).isEqualTo(LoginDecision.Reason.REACQUIRE_REQUIRED);
    assertThat(r.detail())
        .contains("2020-11-10T10:00:00+09:00")
        .contains("unusable from 2021-02-24T00:00:00+09:00")
        .contains("notice-2021-fx-forward")
        .contains("re-acquire a certificate now");
    assertThat(r.certificate()).isNotNull();
    assertThat(bank.auditOf("RULE_REFUSAL")).hasSize(1)
        .allSatisfy(a -> assertThat(a.details()).containsEntry("rule", "notice-2021-fx-forward"));
  }

  @Test
  void theRuleIsRecheckedAtThePasswordStepAcrossMidnight() {
    bank.clock.set(LAST_GOOD);
    PendingLogin pending =
        ((LoginResult.PasswordRequired) flow.presentCertificate(FX, Bank.chain(forwardCert)))
            .pending();
    bank.clock.set(CHANGE);
    LoginResult.PasswordStep r = flow.password(pending, Secret.of(PASSWORD));
    assertThat(r).isInstanceOf(LoginResult.Refused.class);
    assertThat(((LoginResult.Refused) r).reason()).isEqualTo(LoginRefusal.REACQUIRE_REQUIRED);
    assertThat(bank.credential(forward).lastLoginAt()).isEqualTo(ISSUED);
  }

  @Test
  void otherServiceCertificateIsUnaffected() {
    for (Instant at : new Instant[] {LAST_GOOD, CHANGE, CHANGE.plusSeconds(86_400 * 30)}) {
      bank.clock.set(at);
      LoginResult.CertificateStep step = flow.presentCertificate(OTHER, Bank.chain(otherCert));
      assertThat(step).as("at %s", at).isInstanceOf(LoginResult.PasswordRequired.class);
      LoginResult.PasswordRequired p = (LoginResult.PasswordRequired) step;
      assertThat(p.unusableFrom()).isNull();
      assertThat(flow.password(p.pending(), Secret.of(PASSWORD)))
          .isInstanceOf(LoginResult.Authenticated.class);
    }
  }

  @Test
  void perServiceRulesOverrideTheDefault() {
    LoginEngine perService = bank.builder().eligibility(FX, RuleSet.of()).build();
    bank.clock.set(CHANGE);
    assertThat(perService.presentCertificate(FX, Bank.chain(forwardCert)))
        .isInstanceOf(LoginResult.PasswordRequired.class);
    LoginEngine onlyForward = bank.builder().eligibility(FX, RuleSet.load(NOTICE_FILE)).build();
    assertThat(onlyForward.presentCertificate(FX, Bank.chain(forwardCert)))
        .isInstanceOf(LoginResult.Refused.class);
    assertThat(onlyForward.presentCertificate(OTHER, Bank.chain(otherCert)))
        .isInstanceOf(LoginResult.PasswordRequired.class);
  }
}
