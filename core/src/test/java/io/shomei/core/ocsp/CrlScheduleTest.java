package io.shomei.core.ocsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.Crl;
import io.shomei.core.CrlRun;
import io.shomei.core.Shomei;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.password.HashParameters;
import io.shomei.core.password.PasswordHasher;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryStorage;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;

/**
 * CRLs published on a schedule: due at {@code nextUpdate - renewBefore}, or at a cut-over that cut
 * the CRL short; published by one node at a time (the issuer's lease); served by every node.
 */
class CrlScheduleTest {
  static final TestCa CA = OcspResponderTest.CA;
  static final Instant CUT_OVER = RuleAwareStatusProperties.CUT_OVER;

  final InMemoryStorage storage = new InMemoryStorage();
  final MutableClock clock = MutableClock.at(CUT_OVER.minus(Duration.ofDays(20)));

  Shomei node(UnaryOperator<Shomei.Builder> options) {
    return options.apply(Shomei.builder().storage(storage).keyCustody(CA).clock(clock)
        .zone(ZoneId.of("Asia/Tokyo")).secureRandom(new SecureRandom())
        .passwordHasher(PasswordHasher.insecureForTestsOnly(
            new HashParameters.Argon2id(32, 1, 1), new SecureRandom()))
        .service(CertificateProfile.builder("fx", "fx-forward", "1.3.6.1.4.1.99999.1.1").build(),
            RuleAwareStatusProperties.DECLARING)
        .crlNextUpdate(Duration.ofDays(1))).build();
  }

  Shomei node() {
    return node(b -> b);
  }

  static String issuerKeyId() {
    byte[] ski = CA.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId());
    return HexFormat.of().formatHex(SubjectKeyIdentifier.getInstance(
        ASN1OctetString.getInstance(ski).getOctets()).getKeyIdentifier());
  }

  long crlIssuedEvents() {
    List<AuditRecord> out = new ArrayList<>();
    storage.audit().forEach(1, out::add);
    return out.stream().filter(r -> r.type().equals("CRL_ISSUED")).count();
  }

  @Test
  void theFirstRunPublishesAndTheNextIsDueHalfAnIntervalBeforeNextUpdate() {
    Shomei shomei = node();
    assertThat(shomei.crl().latest()).isEmpty();
    Crl first = ((CrlRun.Published) shomei.crl().publishIfDue()).crl();
    assertThat(shomei.crl().latest()).contains(first);

    CrlRun again = shomei.crl().publishIfDue();
    assertThat(again).isEqualTo(new CrlRun.NotDue(first, first.thisUpdate().plus(Duration.ofHours(12))));
    clock.set(first.thisUpdate().plus(Duration.ofHours(12)).minusSeconds(1));
    assertThat(shomei.crl().publishIfDue()).isInstanceOf(CrlRun.NotDue.class);
    clock.advance(Duration.ofSeconds(1));
    Crl second = ((CrlRun.Published) shomei.crl().publishIfDue()).crl();
    assertThat(second.crlNumber()).isGreaterThan(first.crlNumber());
    assertThat(second.nextUpdate()).isAfter(first.nextUpdate());
    assertThat(crlIssuedEvents()).isEqualTo(2);
  }

  @Test
  void theRenewalMarginIsConfigurableAndMustBeShorterThanTheInterval() {
    Shomei shomei = node(b -> b.crlRenewBefore(Duration.ofHours(2)));
    Crl first = ((CrlRun.Published) shomei.crl().publishIfDue()).crl();
    assertThat(((CrlRun.NotDue) shomei.crl().publishIfDue()).dueAt())
        .isEqualTo(first.nextUpdate().minus(Duration.ofHours(2)));
    assertThatThrownBy(() -> node(b -> b.crlRenewBefore(Duration.ofDays(1))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("crlRenewBefore");
  }

  @Test
  void aCrlCutShortByACutOverIsDueAtTheCutOverAndTheNextListsWhatTheRuleRevokes() {
    TestCa.Issued c = CA.leaf().commonName("20000001")
        .validity(Instant.parse("2020-10-01T00:00:00Z"), Instant.parse("2022-10-01T00:00:00Z"))
        .issue();
    storage.certificates().record(c.record(new AccountKey("20000001", "fx-forward"),
        Instant.parse("2020-10-01T00:00:00Z")));
    storage.certificates().activate(c.certificate().getSerialNumber(), null,
        Instant.parse("2020-10-01T00:00:00Z"));
    Shomei shomei = node();
    clock.set(CUT_OVER.minus(Duration.ofHours(6)));
    Crl before = ((CrlRun.Published) shomei.crl().publishIfDue()).crl();
    assertThat(before.nextUpdate()).isEqualTo(CUT_OVER);
    assertThat(before.entries()).isZero();

    // half an interval before nextUpdate has passed, but nothing new could be listed before the cut-over
    clock.set(CUT_OVER.minusSeconds(1));
    assertThat(shomei.crl().publishIfDue()).isEqualTo(new CrlRun.NotDue(before, CUT_OVER));
    clock.set(CUT_OVER);
    Crl after = ((CrlRun.Published) shomei.crl().publishIfDue()).crl();
    assertThat(after.entries()).isEqualTo(1);
    assertThat(after.nextUpdate()).isEqualTo(CUT_OVER.plus(Duration.ofDays(1)));
    assertThat(crlIssuedEvents()).isEqualTo(2);
  }

  @Test
  void whileAnotherNodeHoldsTheIssuersLeaseThisOneSignsNothing() {
    Shomei shomei = node();
    Instant until = clock.instant().plus(Duration.ofMinutes(5));
    assertThat(storage.leaseStore().acquire("crl:" + issuerKeyId(), "node-other",
        clock.instant(), until)).isTrue();
    assertThat(shomei.crl().publishIfDue()).isEqualTo(new CrlRun.HeldElsewhere("node-other", until));
    assertThat(shomei.crl().latest()).isEmpty();
    assertThat(crlIssuedEvents()).isZero();

    clock.set(until); // the other node died: its lease runs out
    assertThat(shomei.crl().publishIfDue()).isInstanceOf(CrlRun.Published.class);
    assertThat(storage.leaseStore().find("crl:" + issuerKeyId())).isEmpty(); // released after
  }

  @Test
  void everyNodeServesTheCrlOneNodePublishedAndOnlyOnePublishesWhenBothFindItDue()
      throws Exception {
    Shomei a = node();
    Shomei b = node();
    Crl published = ((CrlRun.Published) a.crl().publishIfDue()).crl();
    assertThat(b.crl().publishIfDue()).isEqualTo(
        new CrlRun.NotDue(published, published.thisUpdate().plus(Duration.ofHours(12))));
    assertThat(b.crl().latest()).contains(published);
    X509CRL x = (X509CRL) CertificateFactory.getInstance("X.509")
        .generateCRL(new ByteArrayInputStream(b.crl().latest().orElseThrow().der()));
    x.verify(CA.publicKey());
    assertThat(crlIssuedEvents()).isEqualTo(1);
  }

  @Test
  void anOnDemandCrlIsPublishedTooAndNumberedAboveTheScheduledOnes() {
    Shomei shomei = node();
    Crl scheduled = ((CrlRun.Published) shomei.crl().publishIfDue()).crl();
    Crl onDemand = node().crl().issue();
    assertThat(onDemand.crlNumber()).isGreaterThan(scheduled.crlNumber());
    assertThat(shomei.crl().latest()).contains(onDemand);
    assertThat(onDemand.crlNumber()).isEqualTo(scheduled.crlNumber().add(BigInteger.ONE));
  }
}
