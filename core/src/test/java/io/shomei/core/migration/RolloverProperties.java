package io.shomei.core.migration;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.shomei.core.identity.AcceptanceResult;
import io.shomei.core.identity.CertificateAcceptance;
import io.shomei.core.identity.DatedTrustAnchor;
import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.IssuingCa;
import io.shomei.core.LoginResult;
import io.shomei.core.password.LetterFields;
import io.shomei.core.Shomei;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateStore;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.gen.Instants;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * A dated rollover changes, exactly at its cut-over instant and in whatever zone the JVM runs,
 * which anchors login accepts and which CA names the TLS layer requests. Instants come from the
 * fixtures' generator around the cut-over (the instant itself, ±1 ns, ±1 µs, ±1 ms, ±1 s, ±9 h,
 * ±1 day, or within a year); each example is checked with the JVM's default zone set to UTC,
 * Asia/Tokyo and America/Los_Angeles in turn.
 */
class RolloverProperties {
  static final List<String> ZONES = List.of("UTC", "Asia/Tokyo", "America/Los_Angeles");
  static final String FX = "fx-forward";
  static final TestCa OLD_CA = TestCa.root("Rollover Old CA");
  static final TestCa NEW_CA = TestCa.root("Rollover New CA");
  static final Instant EARLIEST = Instant.parse("2019-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("2025-01-01T00:00:00Z");
  static final X509Certificate OLD_LEAF = leaf(OLD_CA, "10000001");
  static final X509Certificate NEW_LEAF = leaf(NEW_CA, "10000002");
  static final CertificateStore STORE = store();

  static X509Certificate leaf(TestCa ca, String userId) {
    return ca.leaf().commonName(userId).validity(EARLIEST.minusSeconds(400L * 86_400),
        LATEST.plusSeconds(400L * 86_400)).issue().certificate();
  }

  static CertificateStore store() {
    CertificateStore s = new InMemoryCertificateStore();
    for (X509Certificate c : List.of(OLD_LEAF, NEW_LEAF)) {
      String user = c.equals(OLD_LEAF) ? "10000001" : "10000002";
      try {
        s.record(io.shomei.spi.CertificateRecord.issued(c.getSerialNumber(),
            new AccountKey(user, FX), c.getNotBefore().toInstant(), c.getNotAfter().toInstant(),
            c.getEncoded(), EARLIEST, true, "fx-client"));
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new IllegalStateException(e);
      }
      s.activate(c.getSerialNumber(), null, EARLIEST);
    }
    return s;
  }

  /** One example: a cut-over, an instant near it, the bank's zone for the details. */
  record Case(Instant cutOver, Instant at, ZoneId bankZone, long seed) {
    static Case of(long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      Instant cutOver = Instants.betweenSeconds(r, EARLIEST, LATEST);
      return new Case(cutOver, Instants.around(r, cutOver),
          ZoneId.of(ZONES.get(r.nextInt(ZONES.size()))), seed);
    }
  }

  static boolean accepted(CertificateAcceptance a, X509Certificate leaf, Instant at) {
    return a.accept(List.of(leaf), FX, at) instanceof AcceptanceResult.Accepted;
  }

  @Test
  void loginAndTheRequestedCaNamesChangeExactlyAtTheCutOverInEveryJvmZone() {
    TimeZone original = TimeZone.getDefault();
    try {
      qt().withExamples(400).forAll(longs().all()).checkAssert(seed -> {
        Case c = Case.of(seed);
        boolean before = c.at().isBefore(c.cutOver());
        for (String zone : ZONES) {
          TimeZone.setDefault(TimeZone.getTimeZone(ZoneId.of(zone)));
          CertificateAcceptance a = CertificateAcceptance.builder().certificateStore(STORE)
              .zone(c.bankZone()).verifiedPathCache(0)
              .datedTrustAnchors(FX, List.of(DatedTrustAnchor.until(OLD_CA.certificate(),
                  c.cutOver()), DatedTrustAnchor.from(NEW_CA.certificate(), c.cutOver())))
              .build();
          String where = c + " in JVM zone " + zone;
          if (accepted(a, OLD_LEAF, c.at()) != before) {
            throw new AssertionError("old CA's certificate accepted=" + !before + ": " + where);
          }
          if (accepted(a, NEW_LEAF, c.at()) == before) {
            throw new AssertionError("new CA's certificate accepted=" + before + ": " + where);
          }
          List<X509Certificate> named = a.trustAnchorsAt(c.at());
          List<X509Certificate> expected =
              List.of(before ? OLD_CA.certificate() : NEW_CA.certificate());
          if (!named.equals(expected) || !a.trustAnchorsAt(FX, c.at()).equals(expected)) {
            throw new AssertionError("named " + named + ": " + where);
          }
        }
      });
    } finally {
      TimeZone.setDefault(original);
    }
  }

  /** The same through the facade a host uses: its login and its TLS trust manager. */
  @Test
  void theFacadesLoginAndTrustManagerFollowTheCutOverInEveryJvmZone() {
    DatedTrustAnchorTest world = new DatedTrustAnchorTest();
    Shomei shomei = world.bank();
    DatedTrustAnchorTest.enroll(shomei, "10000001");
    DatedTrustAnchorTest.enroll(shomei, "10000002");
    X509Certificate old = leaf(DatedTrustAnchorTest.OLD_CA, "10000001");
    X509Certificate fresh = leaf(DatedTrustAnchorTest.NEW_CA, "10000002");
    for (X509Certificate c : List.of(old, fresh)) {
      if (!(shomei.inventory().importCertificate(ImportRequest.of(c, FX),
          ActiveConflictPolicy.REFUSE) instanceof ImportResult.Imported)) {
        throw new AssertionError("not imported: " + c.getSubjectX500Principal());
      }
    }
    var tm = shomei.clientTrustManager();
    TimeZone original = TimeZone.getDefault();
    try {
      qt().withExamples(150).forAll(longs().all()).checkAssert(seed -> {
        Instant at = Instants.around(new SplittableRandom(seed), DatedTrustAnchorTest.CUT_OVER);
        boolean before = at.isBefore(DatedTrustAnchorTest.CUT_OVER);
        for (String zone : ZONES) {
          TimeZone.setDefault(TimeZone.getTimeZone(ZoneId.of(zone)));
          world.clock.set(at);
          String where = "seed " + seed + " at " + at + " in JVM zone " + zone;
          boolean oldIn = shomei.login().presentCertificate(FX, List.of(old))
              instanceof LoginResult.PasswordRequired;
          if (oldIn != before) {
            throw new AssertionError("old CA's certificate accepted=" + oldIn + ": " + where);
          }
          boolean newIn = shomei.login().presentCertificate(FX, List.of(fresh))
              instanceof LoginResult.PasswordRequired;
          if (newIn == before) {
            throw new AssertionError("new CA's certificate accepted=" + newIn + ": " + where);
          }
          X509Certificate[] named = tm.getAcceptedIssuers();
          X509Certificate expected = before ? DatedTrustAnchorTest.OLD_CA.certificate()
              : DatedTrustAnchorTest.NEW_CA.certificate();
          if (named.length != 1 || !named[0].equals(expected)) {
            throw new AssertionError("named " + List.of(named) + ": " + where);
          }
        }
      });
    } finally {
      TimeZone.setDefault(original);
    }
  }

  /**
   * Which CA issues changes at the same instant as the anchors and the requested names: the old
   * CA issues until the cut-over, the new one from it, in every JVM zone. Each example enrols a
   * customer and acquires at an instant near the cut-over.
   */
  @Test
  void theIssuingCaChangesAtTheCutOverWithTheAnchorsInEveryJvmZone() {
    DatedTrustAnchorTest world = new DatedTrustAnchorTest();
    Shomei shomei = world.builder()
        .issuingCa(IssuingCa.of(DatedTrustAnchorTest.OLD_CA)
            .issuingUntil(DatedTrustAnchorTest.CUT_OVER))
        .issuingCa(IssuingCa.of(DatedTrustAnchorTest.NEW_CA)
            .issuingFrom(DatedTrustAnchorTest.CUT_OVER))
        .build();
    var tm = shomei.clientTrustManager();
    int[] next = {20_000_000};
    TimeZone original = TimeZone.getDefault();
    try {
      qt().withExamples(100).forAll(longs().all()).checkAssert(seed -> {
        Instant at = Instants.around(new SplittableRandom(seed), DatedTrustAnchorTest.CUT_OVER);
        boolean before = at.isBefore(DatedTrustAnchorTest.CUT_OVER);
        TestCa expected = before ? DatedTrustAnchorTest.OLD_CA : DatedTrustAnchorTest.NEW_CA;
        for (String zone : ZONES) {
          TimeZone.setDefault(TimeZone.getTimeZone(ZoneId.of(zone)));
          world.clock.set(at);
          String where = "seed " + seed + " at " + at + " in JVM zone " + zone;
          LetterFields l = DatedTrustAnchorTest.enroll(shomei, Integer.toString(next[0]++));
          AcquisitionResult r = shomei.acquisition().acquire(AcquisitionRequest.of(l.userId(),
              FX, l.temporaryPassword(), l.acquisitionPassword()));
          if (!(r instanceof AcquisitionResult.Acquired a)) {
            throw new AssertionError("not acquired: " + r + ": " + where);
          }
          if (!a.certificate().getIssuerX500Principal()
              .equals(expected.certificate().getSubjectX500Principal())
              || !a.caChain().equals(expected.certificateChain())) {
            throw new AssertionError("issued by " + a.certificate().getIssuerX500Principal()
                + ": " + where);
          }
          if (!shomei.issuingCaAt(FX, at).certificate().equals(expected.certificate())) {
            throw new AssertionError("issuingCaAt: " + where);
          }
          boolean in = shomei.login().presentCertificate(FX, List.of(a.certificate()))
              instanceof LoginResult.PasswordRequired;
          X509Certificate[] named = tm.getAcceptedIssuers();
          if (!in || named.length != 1 || !named[0].equals(expected.certificate())) {
            throw new AssertionError("login " + in + ", named " + List.of(named) + ": " + where);
          }
        }
      });
    } finally {
      TimeZone.setDefault(original);
    }
  }
}
