package io.shomei.core.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.audit.AuditTrail;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryAuditLog;
import io.shomei.testing.memory.InMemoryCertificateStore;
import io.shomei.testing.qt.Qt;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Properties of the import rules over random sequences of requests drawn from a fixed pool of
 * certificates: three users with four certificates each (some with the same notBefore), and two
 * legacy certificates whose subject the policy does not map.
 */
class ImportProperties {
  static final String FX = "fx-forward";
  static final TestCa CA = TestCa.root("Import Properties CA");
  static final String[] USERS = {"10000001", "10000002", "10000003"};
  static final Instant BASE = Instant.parse("2020-09-01T00:00:00Z");
  static final List<Entry> POOL = pool();

  /** One certificate of the pool and what the test knows of it. */
  record Entry(X509Certificate certificate, String owner, boolean mappable) {}

  /** One request of a sequence. */
  record Op(int entry, int status, int user) {
    ImportRequest request() {
      Entry e = POOL.get(entry);
      ImportStatus s = switch (status) {
        case 0, 1, 2 -> ImportStatus.active();
        case 3 -> ImportStatus.superseded();
        default -> ImportStatus.revoked(RevocationReason.CESSATION_OF_OPERATION);
      };
      String id = switch (user) {
        case 0 -> null;
        case 1 -> e.owner();
        default -> "99999999";
      };
      return ImportRequest.of(e.certificate(), FX).withStatus(s).withUserId(id)
          .withSource("entry " + entry + "/" + status + "/" + user);
    }
  }

  static List<Entry> pool() {
    List<Entry> out = new ArrayList<>();
    Random r = new Random(7);
    for (String u : USERS) {
      for (int i = 0; i < 4; i++) {
        // days 0..3, so two certificates of a user may share a notBefore (ties by serial)
        Instant from = BASE.plusSeconds(86_400L * r.nextInt(4));
        out.add(new Entry(CA.leaf().commonName(u).validity(from, from.plusSeconds(400L * 86_400))
            .issue().certificate(), u, true));
      }
    }
    for (int i = 0; i < 2; i++) {
      Instant from = BASE.plusSeconds(86_400L * i);
      out.add(new Entry(CA.leaf().commonName("LEGACY " + i).validity(from,
          from.plusSeconds(400L * 86_400)).issue().certificate(), USERS[i], false));
    }
    return List.copyOf(out);
  }

  static List<Op> ops(RandomGenerator g) {
    int n = 1 + g.nextInt(20);
    List<Op> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Op(g.nextInt(POOL.size()), g.nextInt(5), g.nextInt(10) < 6 ? 0
          : g.nextInt(10) < 8 ? 1 : 2));
    }
    return out;
  }

  static final Gen<List<Op>> SEQUENCES = Qt.gen(ImportProperties::ops);

  /** A fresh bank for one example. */
  static final class Run {
    final InMemoryCertificateStore store = new InMemoryCertificateStore();
    final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    final CertificateInventory inventory = CertificateInventory.builder().certificateStore(store)
        .auditTrail(new AuditTrail(new InMemoryAuditLog(), clock)).clock(clock)
        .trustAnchors(FX, List.of(CA.certificate())).build();
    final Map<String, Op> byLabel = new HashMap<>();
    final List<Map.Entry<String, ImportResult>> results = new ArrayList<>();

    ImportSummary importAll(List<Op> ops, ActiveConflictPolicy policy) {
      results.clear();
      ops.forEach(o -> byLabel.put(o.request().label(), o));
      List<ImportRequest> requests = ops.stream().map(Op::request).toList();
      return inventory.importAll(requests.iterator(), policy,
          (source, result, soFar) -> results.add(Map.entry(source, result)));
    }

    /** Calls back with the request and the record of every Imported result of the last run. */
    void imported(java.util.function.BiConsumer<Op, CertificateRecord> action) {
      for (Map.Entry<String, ImportResult> e : results) {
        if (e.getValue() instanceof ImportResult.Imported i) {
          action.accept(java.util.Objects.requireNonNull(byLabel.get(e.getKey())), i.record());
        }
      }
    }

    Map<BigInteger, CertificateRecord> snapshot() {
      Map<BigInteger, CertificateRecord> m = new TreeMap<>();
      store.forEach(r -> m.put(r.serial(), r));
      return m;
    }
  }

  @Test
  void importingASequenceTwiceImportsNothingNew() {
    Qt.qt().forAll(SEQUENCES, Qt.gen(g -> g.nextBoolean())).checkAssert((ops, refuse) -> {
      ActiveConflictPolicy policy =
          refuse ? ActiveConflictPolicy.REFUSE : ActiveConflictPolicy.SUPERSEDE_OLDER;
      Run run = new Run();
      ImportSummary first = run.importAll(ops, policy);
      assertThat(first.total()).isEqualTo(ops.size());
      Map<BigInteger, CertificateRecord> before = run.snapshot();
      assertThat(before).hasSize((int) first.imported());
      ImportSummary second = run.importAll(ops, policy);
      assertThat(second.imported()).isZero();
      assertThat(second.duplicates()).isEqualTo(ops.stream()
          .filter(o -> before.containsKey(POOL.get(o.entry()).certificate().getSerialNumber()))
          .count());
      assertThat(run.snapshot()).isEqualTo(before);
    });
  }

  @Test
  void afterAnySequenceTheNewestActiveRequestIsTheOneActiveCertificate() {
    Qt.qt().forAll(SEQUENCES).checkAssert(ops -> {
      Run run = new Run();
      run.importAll(ops, ActiveConflictPolicy.SUPERSEDE_OLDER);
      // the newest certificate (by notBefore, then serial) imported by an ACTIVE request
      Map<AccountKey, X509Certificate> newest = new HashMap<>();
      run.imported((op, record) -> {
        if (op.status() <= 2) {
          newest.merge(record.account(), POOL.get(op.entry()).certificate(),
              ImportProperties::newer);
        }
      });
      Map<AccountKey, Integer> actives = new HashMap<>();
      run.store.forEach(r -> {
        if (r.status() == CertificateStatus.ACTIVE) {
          actives.merge(r.account(), 1, Integer::sum);
        }
      });
      assertThat(actives.values()).allMatch(n -> n == 1);
      assertThat(actives.keySet()).isEqualTo(newest.keySet());
      newest.forEach((account, cert) -> assertThat(
          run.store.findActive(account).orElseThrow().serial()).isEqualTo(cert.getSerialNumber()));
    });
  }

  @Test
  void theOutcomeDoesNotDependOnTheOrderOfTheInput() {
    Qt.qt().forAll(SEQUENCES, Qt.gen(g -> g.nextLong())).checkAssert((ops, seed) -> {
      List<Op> once = new ArrayList<>();
      Set<Integer> seen = new HashSet<>();
      for (Op o : ops) {
        if (seen.add(o.entry())) {
          once.add(o);
        }
      }
      List<Op> shuffled = new ArrayList<>(once);
      Collections.shuffle(shuffled, new Random(seed));
      Run a = new Run();
      Run b = new Run();
      a.importAll(once, ActiveConflictPolicy.SUPERSEDE_OLDER);
      b.importAll(shuffled, ActiveConflictPolicy.SUPERSEDE_OLDER);
      assertThat(statuses(b)).isEqualTo(statuses(a));
    });
  }

  @Test
  void aCertificateIsNonConformingOnlyWhenItsUserWasGivenExplicitly() {
    Qt.qt().forAll(SEQUENCES).checkAssert(ops -> {
      Run run = new Run();
      run.importAll(ops, ActiveConflictPolicy.SUPERSEDE_OLDER);
      run.imported((op, record) -> {
        Entry entry = POOL.get(op.entry());
        assertThat(record.conforming()).isEqualTo(entry.mappable());
        if (entry.mappable()) {
          assertThat(op.user()).isNotEqualTo(2); // a wrong explicit user never imports
          assertThat(record.account().userId()).isEqualTo(entry.owner());
        } else {
          assertThat(op.user()).isNotZero();
          assertThat(record.account().userId()).isEqualTo(op.request().userId());
        }
      });
      run.store.forEach(r -> assertThat(r.conforming()).isEqualTo(POOL.stream()
          .filter(e -> e.certificate().getSerialNumber().equals(r.serial()))
          .findFirst().orElseThrow().mappable()));
    });
  }

  static X509Certificate newer(X509Certificate a, X509Certificate b) {
    int byTime = a.getNotBefore().toInstant().compareTo(b.getNotBefore().toInstant());
    if (byTime != 0) {
      return byTime > 0 ? a : b;
    }
    return a.getSerialNumber().compareTo(b.getSerialNumber()) > 0 ? a : b;
  }

  static Map<BigInteger, CertificateStatus> statuses(Run run) {
    Map<BigInteger, CertificateStatus> m = new TreeMap<>();
    run.store.forEach(r -> m.put(r.serial(), r.status()));
    return m;
  }
}
