package io.shomei.core.identity;

import static io.shomei.core.identity.CertificateAcceptanceTest.EVIL_ISSUING;
import static io.shomei.core.identity.CertificateAcceptanceTest.FX;
import static io.shomei.core.identity.CertificateAcceptanceTest.ISSUING;
import static io.shomei.core.identity.CertificateAcceptanceTest.ROOT;
import static io.shomei.core.identity.CertificateAcceptanceTest.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * The verified-path cache changes the cost of an acceptance, never its answer: a
 * {@link CertificateAcceptance} that remembers paths (two at most, so entries are dropped and
 * refilled all the time) and one that verifies every path in full give the same answer to every
 * step of a random sequence of logins by the same few certificates, presented with or without
 * their intermediate, with an impostor CA or not, at instants before, during and after a
 * short-lived intermediate's validity.
 */
class VerifiedPathCacheProperties {
  private static final Instant SHORT_FROM = Instant.parse("2021-01-01T00:00:00Z");
  private static final Instant SHORT_TO = Instant.parse("2021-12-31T23:59:59Z");
  private static final TestCa SHORT = ROOT.intermediate("Short-lived Issuing CA", SHORT_FROM,
      SHORT_TO);
  /** CA certificates a client may present besides its own. */
  private static final List<X509Certificate> EXTRAS = List.of(ISSUING.certificate(),
      SHORT.certificate(), ROOT.rootCertificate(), EVIL_ISSUING.certificate());
  private static final List<Instant> INSTANTS = List.of(SHORT_FROM.minusSeconds(1), SHORT_FROM,
      Instant.parse("2021-06-01T00:00:00Z"), SHORT_TO, SHORT_TO.plusSeconds(1),
      Instant.parse("2024-06-01T03:00:00Z"));
  private static final List<String> USERS = List.of("11111111", "22222222", "33333333",
      "44444444");
  private static final List<TestCa> ISSUERS = List.of(ISSUING, SHORT, ROOT, EVIL_ISSUING);
  private static final List<X509Certificate> LEAVES = new ArrayList<>();
  private static final InMemoryCertificateStore STORE = new InMemoryCertificateStore();

  static {
    Instant at = Instant.parse("2020-01-01T00:00:00Z");
    for (int i = 0; i < USERS.size(); i++) {
      TestCa.Issued issued = ISSUERS.get(i).leaf().commonName(USERS.get(i)).issue();
      CertificateRecord r = issued.record(new AccountKey(USERS.get(i), FX), at);
      STORE.record(r);
      STORE.activate(r.serial(), null, at);
      LEAVES.add(issued.certificate());
    }
  }

  private static CertificateAcceptance acceptance(int cacheSize) {
    return CertificateAcceptance.builder().certificateStore(STORE)
        .trustAnchors(FX, List.of(ROOT.rootCertificate())).zone(TOKYO)
        .verifiedPathCache(cacheSize).build();
  }

  private static String answer(AcceptanceResult r) {
    return r instanceof AcceptanceResult.Refused x ? x.reason() + ": " + x.detail()
        : "accepted " + ((AcceptanceResult.Accepted) r).userId();
  }

  @Test
  void rememberingPathsNeverChangesAnAnswer() {
    Set<String> kinds = new java.util.concurrent.ConcurrentSkipListSet<>();
    qt().withExamples(120).withShrinkCycles(5)
        .forAll(Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE))
        .checkAssert(seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          CertificateAcceptance cached = acceptance(2);
          CertificateAcceptance full = acceptance(0);
          for (int step = 0; step < 16; step++) {
            List<X509Certificate> presented = new ArrayList<>();
            presented.add(LEAVES.get(r.nextInt(LEAVES.size())));
            int mask = r.nextInt(16);
            for (int i = 0; i < EXTRAS.size(); i++) {
              if ((mask & (1 << i)) != 0) {
                presented.add(EXTRAS.get(i));
              }
            }
            Instant now = INSTANTS.get(r.nextInt(INSTANTS.size()));
            String expected = answer(full.accept(presented, FX, now));
            String actual = answer(cached.accept(presented, FX, now));
            assertThat(actual).as("step %d: %s at %s", step, presented.size(), now)
                .isEqualTo(expected);
            kinds.add(expected.startsWith("accepted") ? "accepted"
                : expected.substring(0, expected.indexOf(':')));
          }
        });
    // the sequences met both answers the cache could get wrong
    assertThat(kinds).contains("accepted", AcceptanceRefusal.UNTRUSTED_CHAIN.name());
  }

  @Test
  void theWorldHasTheCasesTheCacheMustTellApart() {
    // each leaf's answer with its own chain at the instants that matter, verified in full
    CertificateAcceptance full = acceptance(0);
    Instant inside = Instant.parse("2021-06-01T00:00:00Z");
    Instant after = SHORT_TO.plusSeconds(1);
    Set<AcceptanceRefusal> refusals = EnumSet.noneOf(AcceptanceRefusal.class);
    assertThat(full.accept(List.of(LEAVES.get(1), SHORT.certificate()), FX, inside))
        .isInstanceOf(AcceptanceResult.Accepted.class);
    AcceptanceResult expired = full.accept(List.of(LEAVES.get(1), SHORT.certificate()), FX, after);
    assertThat(expired).isInstanceOfSatisfying(AcceptanceResult.Refused.class,
        x -> refusals.add(x.reason()));
    AcceptanceResult missing = full.accept(List.of(LEAVES.get(0)), FX, inside);
    assertThat(missing).isInstanceOfSatisfying(AcceptanceResult.Refused.class,
        x -> refusals.add(x.reason()));
    assertThat(refusals).containsExactly(AcceptanceRefusal.UNTRUSTED_CHAIN);
  }
}
