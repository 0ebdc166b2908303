package io.shomei.examples.datadir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.IssuingCa;
import io.shomei.core.Shomei;
import io.shomei.core.issue.KeyType;
import io.shomei.spi.Secret;
import io.shomei.testing.ca.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory with several issuing CAs: kept, reopened, and refused when windows clash. */
class SeveralCasTest {
  static final Clock CLOCK = Clock.systemUTC();
  static final SecureRandom RANDOM = new SecureRandom();
  static final Instant T = Instant.parse("2031-02-23T15:00:00Z");
  static final Instant U = Instant.parse("2032-02-23T15:00:00Z");

  @TempDir Path tmp;

  private static CaSource generated(String cn) {
    return new CaSource.Generate(KeyType.EC_P256, "CN=" + cn + ",O=Example Bank,C=JP");
  }

  private Path init() {
    Path dir = tmp.resolve("data");
    DataDir.init(dir, generated("First CA"), CLOCK, RANDOM).close();
    return dir;
  }

  /** Every file under the directory with its bytes, to prove that nothing was written. */
  private static Map<Path, String> snapshot(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.toString().contains("/db/")) // the database's own files
          .collect(Collectors.toMap(p -> p, p -> {
            try {
              return java.util.HexFormat.of().formatHex(Files.readAllBytes(p));
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }));
    }
  }

  @Test
  void anExistingDataDirectoryOpensUnchangedWithItsOneCaIssuingAlways() throws Exception {
    Path dir = init();
    String before = Files.readString(dir.resolve("shomei.properties"));
    assertThat(before).doesNotContain("ca.label").doesNotContain("ca.2.");
    try (DataDir d = DataDir.open(dir)) {
      assertThat(d.issuingCas()).hasSize(1);
      StoredCa only = d.issuingCas().get(0);
      assertThat(only.label()).isEqualTo(StoredCa.FIRST_LABEL);
      assertThat(only.window()).isEqualTo(CaWindow.always());
      assertThat(only.custodyKind()).isEqualTo("software");
      assertThat(only.certificate()).isEqualTo(d.issuingCa());
      assertThat(only.keyId()).matches("[0-9a-f]{40}");
    }
    assertThat(Files.readString(dir.resolve("shomei.properties"))).isEqualTo(before);
  }

  @Test
  void aRolloverEndsTheCurrentCaAtTheNewOnesStartAndSurvivesAReopen() throws Exception {
    Path dir = init();
    StoredCa next;
    try (DataDir d = DataDir.open(dir)) {
      CaAddition a = d.addIssuingCa("ca-2031", generated("Next CA"), CaWindow.issuing(T, null),
          CLOCK, RANDOM);
      assertThat(a).isInstanceOf(CaAddition.Added.class);
      CaAddition.Added added = (CaAddition.Added) a;
      next = added.added();
      StoredCa ended = java.util.Objects.requireNonNull(added.ended());
      assertThat(ended.label()).isEqualTo(StoredCa.FIRST_LABEL);
      assertThat(ended.window()).isEqualTo(CaWindow.issuing(null, T));
      assertThat(d.issuingCas()).extracting(StoredCa::label)
          .containsExactly(StoredCa.FIRST_LABEL, "ca-2031");
      for (String service : DataDir.SERVICES) {
        assertThat(d.trustAnchors(service)).containsExactly(d.issuingCa(), next.certificate());
      }
    }
    assertThat(dir.resolve("ca/ca-ca-2031.p12")).isRegularFile();
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
        dir.resolve("ca/ca-ca-2031.password")))).isEqualTo("rw-------");
    try (DataDir d = DataDir.open(dir)) {
      List<StoredCa> cas = d.issuingCas();
      assertThat(cas).extracting(StoredCa::label).containsExactly(StoredCa.FIRST_LABEL, "ca-2031");
      assertThat(cas).extracting(StoredCa::window)
          .containsExactly(CaWindow.issuing(null, T), CaWindow.issuing(T, null));
      assertThat(cas.get(1).certificate()).isEqualTo(next.certificate());
      assertThat(cas.get(1).keyId()).isEqualTo(next.keyId()).isNotEqualTo(cas.get(0).keyId());
      assertThat(cas.get(0).window().issuesAt(T.minusMillis(1))).isTrue();
      assertThat(cas.get(1).window().issuesAt(T.minusMillis(1))).isFalse();
      assertThat(cas.get(0).window().issuesAt(T)).isFalse();
      assertThat(cas.get(1).window().issuesAt(T)).isTrue();
      // the SDK is built with the same CAs and windows
      Shomei shomei = d.shomei(CLOCK);
      assertThat(shomei.issuingCas()).extracting(IssuingCa::keyId)
          .containsExactly(cas.get(0).keyId(), cas.get(1).keyId());
      assertThat(shomei.issuingCas().get(0).issuesUntil()).isEqualTo(T);
      assertThat(shomei.issuingCas().get(1).issuesFrom()).isEqualTo(T);
      for (String service : DataDir.SERVICES) {
        assertThat(shomei.issuingCaAt(service, T.minusNanos(1)).certificate())
            .isEqualTo(cas.get(0).certificate());
        assertThat(shomei.issuingCaAt(service, T).certificate())
            .isEqualTo(cas.get(1).certificate());
      }
      assertThat(shomei.crls()).hasSize(2);
    }
  }

  @Test
  void clashingWindowsAreRefusedAndNothingIsWritten() throws Exception {
    Path dir = init();
    try (DataDir d = DataDir.open(dir)) {
      assertThat(d.addIssuingCa("ca-2031", generated("Next CA"), CaWindow.issuing(T, null), CLOCK,
          RANDOM)).isInstanceOf(CaAddition.Added.class);
    }
    Map<Path, String> before = snapshot(dir);
    try (DataDir d = DataDir.open(dir)) {
      // a second CA from the same instant: both would issue at T
      assertThat(d.addIssuingCa("twin", generated("Twin"), CaWindow.issuing(T, null), CLOCK,
          RANDOM)).isEqualTo(new CaAddition.Refused(CaAddition.Reason.WINDOWS_OVERLAP,
              "CA 'ca-2031' [" + T + ", +inf) and CA 'twin' [" + T + ", +inf) would both issue"
                  + " at " + T));
      // a window with an end and nothing after it
      CaAddition gap = d.addIssuingCa("short", generated("Short"), CaWindow.issuing(U, U.plusSeconds(60)),
          CLOCK, RANDOM);
      assertThat(gap).isInstanceOf(CaAddition.Refused.class);
      assertThat(((CaAddition.Refused) gap).reason()).isEqualTo(CaAddition.Reason.WINDOWS_GAP);
      assertThat(((CaAddition.Refused) gap).detail()).contains(U.plusSeconds(60).toString());
      // a start before the issuing CA's own start would leave it an empty window
      CaAddition early = d.addIssuingCa("early", generated("Early"),
          CaWindow.issuing(T.minusSeconds(1), T.plusSeconds(1)), CLOCK, RANDOM);
      assertThat(((CaAddition.Refused) early).reason())
          .isEqualTo(CaAddition.Reason.WINDOWS_OVERLAP);
      assertThat(d.addIssuingCa("ca-2031", generated("Again"), CaWindow.statusOnlyWindow(), CLOCK,
          RANDOM)).isInstanceOf(CaAddition.Refused.class)
          .extracting(r -> ((CaAddition.Refused) r).reason())
          .isEqualTo(CaAddition.Reason.LABEL_TAKEN);
      assertThat(d.issuingCas()).hasSize(2);
    }
    assertThat(snapshot(dir)).isEqualTo(before);
    assertThatThrownBy(() -> CaWindow.issuing(T, T)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStatusOnlyCaAdoptedFromPkcs12ChangesNoWindowAndIsTrusted() throws Exception {
    Path dir = init();
    TestCa legacy = TestCa.root("Legacy Status Only CA");
    Path p12 = tmp.resolve("legacy.p12");
    Files.write(p12, legacy.pkcs12("legacy", "legacy-pw".toCharArray()));
    try (DataDir d = DataDir.open(dir)) {
      CaAddition a = d.addIssuingCa("legacy", new CaSource.AdoptPkcs12(p12,
          Secret.of("legacy-pw"), null), CaWindow.statusOnlyWindow(), CLOCK, RANDOM);
      assertThat(((CaAddition.Added) a).ended()).isNull();
      // the same certificate again, under another label
      assertThat(d.addIssuingCa("legacy-again", new CaSource.AdoptPkcs12(p12,
          Secret.of("legacy-pw"), null), CaWindow.statusOnlyWindow(), CLOCK, RANDOM))
          .extracting(r -> ((CaAddition.Refused) r).reason())
          .isEqualTo(CaAddition.Reason.SAME_CA);
    }
    assertThat(dir.resolve("ca/ca-legacy-again.p12")).doesNotExist();
    try (DataDir d = DataDir.open(dir)) {
      assertThat(d.issuingCas()).extracting(StoredCa::window)
          .containsExactly(CaWindow.always(), CaWindow.statusOnlyWindow());
      assertThat(d.issuingCas().get(1).certificate()).isEqualTo(legacy.certificate());
      assertThat(d.trustAnchors(DataDir.FX_FORWARD)).contains(legacy.certificate());
      IssuingCa statusOnly = d.shomei(CLOCK).issuingCas().get(1);
      assertThat(statusOnly.isStatusOnly()).isTrue();
      assertThat(d.shomei(CLOCK).issuingCaAt(DataDir.FX_FORWARD, T).certificate())
          .isEqualTo(d.issuingCa());
    }
  }

  @Test
  void aMalformedLabelIsRefusedBeforeAnythingHappens() {
    Path dir = init();
    try (DataDir d = DataDir.open(dir)) {
      for (String bad : List.of("", "Upper", "../x", "-lead", "a".repeat(33), "with space")) {
        assertThatThrownBy(() -> d.addIssuingCa(bad, generated("X"), CaWindow.issuing(T, null),
            CLOCK, RANDOM)).as(bad).isInstanceOf(IllegalArgumentException.class);
      }
      assertThatThrownBy(() -> d.tokenCa("x", true, KeyType.EC_P256, "CN=X"))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
