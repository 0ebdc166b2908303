package io.shomei.core.ocsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Two CAs whose serials overlap: whatever each CA recorded under a serial, and in whichever order
 * the CAs were given to the builder, the answer under a CA says what that CA's record says
 * (unknown when it has none), and is signed by that CA.
 */
class SeveralCasProperties {
  static final TestCa A = SeveralCasTest.OLD;
  static final TestCa B = SeveralCasTest.NEW;
  static final Instant T0 = SeveralCasTest.T0;
  static final RevocationReason[] REASONS = RevocationReason.values();
  /** One leaf key for every certificate: the property is about serials and issuers. */
  static final java.security.KeyPair LEAF_KEY = io.shomei.testing.ca.KeyType.EC_P256.generate();

  /** Serials 1..6 with, under each CA, no record or a record in a random state. */
  record World(InMemoryCertificateStore store, Map<TestCa, Map<BigInteger, CertificateRecord>> records,
      boolean newFirst, boolean sha256) {}

  static World world(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    InMemoryCertificateStore store = new InMemoryCertificateStore();
    Map<TestCa, Map<BigInteger, CertificateRecord>> records = new LinkedHashMap<>();
    int user = 10_000_000;
    for (TestCa ca : List.of(A, B)) {
      Map<BigInteger, CertificateRecord> mine = new LinkedHashMap<>();
      for (int s = 1; s <= 6; s++) {
        int state = random.nextInt(4); // 0 none, 1 issued, 2 active, 3 revoked
        if (state == 0) {
          continue;
        }
        BigInteger serial = BigInteger.valueOf(0x5e000 + s);
        AccountKey account = new AccountKey(Integer.toString(user++), "fx-forward");
        CertificateRecord r = ca.leaf().commonName(account.userId()).serial(serial).keyPair(LEAF_KEY).issue()
            .record(account, T0);
        store.record(r);
        if (state >= 2) {
          store.activate(r.issuer(), serial, null, T0);
        }
        if (state == 3) {
          store.revoke(r.issuer(), serial, REASONS[random.nextInt(REASONS.length)], T0);
        }
        mine.put(serial, store.findBySerial(r.issuer(), serial).orElseThrow());
      }
      records.put(ca, mine);
    }
    return new World(store, records, random.nextBoolean(), random.nextBoolean());
  }

  @Test
  void eachCaAnswersFromItsOwnRecordsAndSignsItsOwnAnswers() {
    qt().withExamples(60).forAll(longs().all()).checkAssert(seed -> {
      World w = world(seed);
      OcspResponder.Builder b = OcspResponder.builder().certificateStore(w.store())
          .clock(MutableClock.at(T0.plusSeconds(60)));
      if (w.newFirst()) {
        b.keyCustody(B).keyCustody(A);
      } else {
        b.keyCustody(A).keyCustody(B);
      }
      OcspResponder ocsp = b.build();
      try {
        for (TestCa ca : List.of(A, B)) {
          for (int s = 1; s <= 6; s++) {
            BigInteger serial = BigInteger.valueOf(0x5e000 + s);
            byte[] req = new OCSPReqBuilder().addRequest(Ocsp.id(ca.certificate(), serial,
                w.sha256())).build().getEncoded();
            SingleResp r = Ocsp.single(ocsp.post(req), ca.publicKey());
            Optional<CertificateRecord> rec =
                Optional.ofNullable(w.records().getOrDefault(ca, Map.of()).get(serial));
            assertThat(describe(r.getCertStatus()))
                .as("seed %d, serial %s under %s", seed, serial, ca)
                .isEqualTo(expected(rec));
          }
        }
      } catch (Exception e) {
        throw new AssertionError("seed " + seed, e);
      }
    });
  }

  static String expected(Optional<CertificateRecord> rec) {
    if (rec.isEmpty()) {
      return "unknown";
    }
    CertificateRecord r = rec.get();
    if (r.status() == io.shomei.spi.CertificateStatus.REVOKED
        || r.status() == io.shomei.spi.CertificateStatus.SUPERSEDED) {
      RevocationReason reason = r.revocationReason();
      return reason == null || reason == RevocationReason.UNSPECIFIED ? "revoked"
          : "revoked:" + reason.code();
    }
    return "good";
  }

  static String describe(@Nullable CertificateStatus s) {
    if (s == null) {
      return "good";
    }
    if (s instanceof UnknownStatus) {
      return "unknown";
    }
    RevokedStatus r = (RevokedStatus) s;
    return r.hasRevocationReason() ? "revoked:" + r.getRevocationReason() : "revoked";
  }
}
