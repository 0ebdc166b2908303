package io.shomei.core;

import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.acquired;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.password.LetterFields;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.KeyCustodyException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link Shomei#health()}: every check UP on a working node; a lost HSM session makes the node not
 * ready while certificate login keeps working; CA ends within the horizon warn and past ends are
 * DOWN; an edited audit record in the tail is DOWN without costing readiness; the next campaign
 * instant is the notice's date.
 */
class HealthTest {
  private static final Instant JAN = Instant.parse("2021-01-10T00:00:00Z");
  private static final String USER = "12345678";

  /** Custody that loses its session (as an HSM does) when told to. */
  private static final class LosableCustody implements KeyCustody {
    final AtomicBoolean lost = new AtomicBoolean();

    @Override
    public List<X509Certificate> certificateChain() {
      return ShomeiBank.CA.certificateChain();
    }

    @Override
    public Set<String> signatureAlgorithms() {
      return ShomeiBank.CA.signatureAlgorithms();
    }

    @Override
    public byte[] sign(String algorithm, byte[] data) {
      if (lost.get()) {
        throw new KeyCustodyException("session lost (test)", new java.io.IOException("token gone"));
      }
      return ShomeiBank.CA.sign(algorithm, data);
    }
  }

  @Test
  void aWorkingNodeIsReadyWithEveryCheckUpAndTheNoticeDateAsNextCampaignInstant() {
    ShomeiBank bank = new ShomeiBank(JAN);
    assertThat(bank.shomei.crl().publishIfDue()).isInstanceOf(CrlRun.Published.class);
    Health h = bank.shomei.health();
    assertThat(h.ready()).isTrue();
    assertThat(h.checks()).extracting(Health.Check::kind).containsExactly(Health.Kind.values());
    assertThat(h.checks()).allSatisfy(c -> assertThat(c.status()).as(c.toString())
        .isEqualTo(Health.Status.UP));
    // the notice: unusable from 2021-02-24 00:00 in Tokyo
    assertThat(h.check(Health.Kind.NEXT_CAMPAIGN_INSTANT).orElseThrow().instant())
        .isEqualTo(Instant.parse("2021-02-23T15:00:00Z"));
  }

  @Test
  void aLostHsmSessionMakesTheNodeNotReadyWhileCertificateLoginKeepsWorking() {
    LosableCustody custody = new LosableCustody();
    ShomeiBank bank = new ShomeiBank(JAN, b -> b, null, custody);
    List<X509Certificate> chain;
    try (LetterFields letter = bank.enroll(USER, FX)) {
      chain = CertificatesTest.chain(acquired(bank.acquire(letter, FX)));
    }
    custody.lost.set(true);

    Health h = bank.shomei.health();
    assertThat(h.ready()).isFalse();
    assertThat(h.check(Health.Kind.KEY_CUSTODY).orElseThrow().status())
        .isEqualTo(Health.Status.DOWN);
    assertThat(h.check(Health.Kind.KEY_CUSTODY).orElseThrow().detail())
        .contains("KeyCustodyException").doesNotContain("session lost");
    assertThat(h.check(Health.Kind.DATABASE).orElseThrow().status()).isEqualTo(Health.Status.UP);
    assertThat(bank.shomei.login().presentCertificate(FX, chain))
        .isInstanceOf(LoginResult.PasswordRequired.class);

    custody.lost.set(false);
    assertThat(bank.shomei.health().ready()).isTrue();
  }

  @Test
  void aCaEndingWithinTheHorizonWarnsAndAnEndedOneIsDown() {
    Instant end = ShomeiBank.CA.certificateChain().get(0).getNotAfter().toInstant();
    ShomeiBank bank = new ShomeiBank(end.minus(Duration.ofDays(10)));
    Health.Check soon = bank.shomei.health().check(Health.Kind.CA_EXPIRY).orElseThrow();
    assertThat(soon.status()).isEqualTo(Health.Status.WARN);
    assertThat(soon.instant()).isEqualTo(end);
    assertThat(bank.shomei.health(Duration.ofDays(5)).check(Health.Kind.CA_EXPIRY).orElseThrow()
        .status()).isEqualTo(Health.Status.UP);
    assertThat(bank.shomei.health().ready()).isTrue();

    bank.clock.set(end.plusSeconds(1));
    Health after = bank.shomei.health();
    assertThat(after.check(Health.Kind.CA_EXPIRY).orElseThrow().status())
        .isEqualTo(Health.Status.DOWN);
    assertThat(after.ready()).isFalse();
  }

  @Test
  void anEditedRecordInTheAuditTailIsDownButTheNodeStaysReady() {
    ShomeiBank bank = new ShomeiBank(JAN);
    try (LetterFields letter = bank.enroll(USER, FX)) {
      acquired(bank.acquire(letter, FX));
    }
    List<AuditRecord> all = new ArrayList<>(bank.audit());
    AuditRecord r = all.get(all.size() - 1);
    bank.memoryAudit.tamper(r.sequence(), new AuditRecord(r.sequence(), r.at(), r.type(),
        r.actor(), "99999999", r.service(), r.details(), r.previousHash(), r.hash()));

    Health h = bank.shomei.health();
    assertThat(h.check(Health.Kind.AUDIT_CHAIN).orElseThrow())
        .satisfies(c -> assertThat(c.status()).isEqualTo(Health.Status.DOWN))
        .satisfies(c -> assertThat(c.detail()).contains("CONTENT_CHANGED"));
    assertThat(h.ready()).isTrue();
  }

  @Test
  void theCrlIsReportedMissingThenFreshThenOverdueThenExpiredWithoutChangingReadiness() {
    ShomeiBank bank = new ShomeiBank(JAN, b -> b.crlNextUpdate(Duration.ofDays(2)));
    assertThat(bank.shomei.health().check(Health.Kind.CRL_FRESHNESS).orElseThrow().status())
        .isEqualTo(Health.Status.WARN);
    Crl crl = ((CrlRun.Published) bank.shomei.crl().publishIfDue()).crl();
    Health.Check fresh = bank.shomei.health().check(Health.Kind.CRL_FRESHNESS).orElseThrow();
    assertThat(fresh.status()).isEqualTo(Health.Status.UP);
    assertThat(fresh.instant()).isEqualTo(crl.nextUpdate());

    bank.clock.set(crl.thisUpdate().plus(Duration.ofDays(1))); // due: half the interval before
    assertThat(bank.shomei.health().check(Health.Kind.CRL_FRESHNESS).orElseThrow().status())
        .isEqualTo(Health.Status.WARN);
    bank.clock.set(crl.nextUpdate());
    Health expired = bank.shomei.health();
    assertThat(expired.check(Health.Kind.CRL_FRESHNESS).orElseThrow().status())
        .isEqualTo(Health.Status.DOWN);
    assertThat(expired.ready()).isTrue();
  }
}
