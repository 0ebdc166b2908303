package io.shomei.core.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shomei.core.eligibility.RuleFileException.Problem;
import io.shomei.spi.CertificateStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileTest {
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  static List<Problem> problems(String text) {
    RuleFileException e = catchThrowableOfType(RuleFileException.class,
        () -> RuleSet.parse(text, "t.rules"));
    assertThat(e).as("expected the file to be refused").isNotNull();
    return e.problems();
  }

  @Test
  void everyFieldParses() {
    String text = """
        # all the fields
        shomei-rules 1
        zone = Asia/Tokyo

        [campaign weak]
        service = fx-forward, fx-spot
        status = active, issued
        validity-start >= 2019-01-01
        validity-start < 2020-11-12[Asia/Tokyo]
        validity-end <= 2030-01-01T00:00:00Z
        issuer-dn = CN=Old CA,O=Bank
        issuer-key-id = 0A:0b:0C
        policy = 1.2.392.1, 1.2.392.2
        key-algorithm = RSA
        key-size < 2048
        signature-algorithm = SHA1withRSA, 1.2.840.10045.4.1
        unusable-from = 2026-07-01T00:00:00+09:00
        reacquire-from = 2026-04-01
        reacquire-until = 2026-12-31
        explanation-code = WEAK_KEY
        explanation-url = https://bank.example/notice#weak

        [renewal standard]
        renew-before-days = 30
        grace-days = 14
        explanation-code = RENEWAL\
        """;
    RuleSet rules = RuleSet.parse(text, "t.rules");
    CertificateSelector expected = CertificateSelector.builder()
        .services("fx-spot", "fx-forward")
        .statuses(CertificateStatus.ISSUED, CertificateStatus.ACTIVE)
        .validityStart(TimeRange.onOrAfter(ZonedDate.of("2019-01-01", TOKYO))
            .intersect(TimeRange.before(ZonedDate.of("2020-11-12", TOKYO))))
        .validityEnd(TimeRange.onOrBefore(Instant.parse("2030-01-01T00:00:00Z")))
        .issuerDn("CN=Old CA,O=Bank")
        .issuerKeyId("0a0b0c")
        .policyOids("1.2.392.1", "1.2.392.2")
        .keyAlgorithm("RSA")
        .keySizes(0, 2047)
        .signatureAlgorithms("SHA1withRSA", "1.2.840.10045.4.1")
        .build();
    assertThat(rules.rules()).containsExactly(
        new ReacquisitionRule("weak", expected, Instant.parse("2026-06-30T15:00:00Z"),
            Instant.parse("2026-03-31T15:00:00Z"),
            Instant.parse("2026-12-31T14:59:59.999999999Z"), "WEAK_KEY",
            URI.create("https://bank.example/notice#weak")),
        new RenewalRule("standard", CertificateSelector.any(), Duration.ofDays(30),
            Duration.ofDays(14), "RENEWAL", null));
  }

  @Test
  void aDateWithoutAZoneIsRefusedWithItsLineAndField() {
    List<Problem> p = problems("""
        shomei-rules 1
        [campaign c]
        validity-start <= 2020-11-11
        unusable-from = 2021-02-24T00:00:00+09:00
        reacquire-from = 2021-02-24[Asia/Tokyo]
        explanation-code = X
        """);
    assertThat(p).hasSize(1);
    assertThat(p.get(0).line()).isEqualTo(3);
    assertThat(p.get(0).field()).isEqualTo("validity-start");
    assertThat(p.get(0).message()).contains("date without a zone");
  }

  @Test
  void aLocalDateTimeWithoutOffsetIsRefused() {
    List<Problem> p = problems("""
        shomei-rules 1
        [campaign c]
        unusable-from = 2021-02-24T00:00:00
        reacquire-from = 2021-02-24T00:00:00Z
        explanation-code = X
        """);
    assertThat(p).extracting(Problem::line, Problem::field)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(3, "unusable-from"));
  }

  @Test
  void everyProblemIsReportedWithLineAndField() {
    String text = String.join("\n",
        "shomei-rules 1",                       // 1
        "zone = Mars/Olympus",                  // 2
        "[campaign a]",                         // 3
        "service = fx-forward",                 // 4
        "service = fx-spot",                    // 5  twice
        "colour = blue",                        // 6  unknown field
        "service <= x",                         // 7  wrong operator (after duplicate check? no: op)
        "validity-start = 2020-01-01T00:00:00Z",// 8  '=' on a range
        "unusable-from = yesterday",            // 9  not a time
        "reacquire-from = 2021-02-24T00:00:00Z",// 10
        "reacquire-until = 2021-01-01T00:00:00Z",// 11 before reacquire-from
        "policy = 1.2.x",                       // 12 bad OID
        "signature-algorithm = ROT13withRSA",   // 13 unknown algorithm
        "[campaign a]",                         // 14 duplicate id; missing fields
        "[renewal r]",                          // 15
        "renew-before-days = -3",               // 16
        "explanation-code = R",                 // 17
        "[frobnicate f]",                       // 18 unknown kind
        "this is not a field");                 // 19
    List<Problem> p = problems(text);
    assertThat(p).extracting(Problem::line, Problem::field).contains(
        org.assertj.core.groups.Tuple.tuple(2, "zone"),
        org.assertj.core.groups.Tuple.tuple(5, "service"),
        org.assertj.core.groups.Tuple.tuple(6, "colour"),
        org.assertj.core.groups.Tuple.tuple(7, "service"),
        org.assertj.core.groups.Tuple.tuple(8, "validity-start"),
        org.assertj.core.groups.Tuple.tuple(9, "unusable-from"),
        org.assertj.core.groups.Tuple.tuple(11, "reacquire-until"),
        org.assertj.core.groups.Tuple.tuple(3, "explanation-code"),
        org.assertj.core.groups.Tuple.tuple(14, ""),
        org.assertj.core.groups.Tuple.tuple(14, "unusable-from"),
        org.assertj.core.groups.Tuple.tuple(16, "renew-before-days"),
        org.assertj.core.groups.Tuple.tuple(18, ""),
        org.assertj.core.groups.Tuple.tuple(19, ""));
    // sorted by line
    assertThat(p).extracting(Problem::line).isSorted();
    // bad OID and unknown algorithm are reported too (rule a has several problems)
    assertThat(p).anySatisfy(x -> assertThat(x.message()).contains("1.2.x"));
    assertThat(p).anySatisfy(x -> assertThat(x.message()).contains("ROT13withRSA"));
  }

  @Test
  void theExceptionMessageNamesFileLineAndField() {
    assertThatThrownBy(() -> RuleSet.parse("""
        shomei-rules 1
        [renewal r]
        explanation-code = R
        grace-days = soon
        """, "mine.rules"))
        .isInstanceOf(RuleFileException.class)
        .hasMessageContaining("mine.rules:2: renew-before-days: missing")
        .hasMessageContaining("mine.rules:4: grace-days: expected a whole number of days");
  }

  @Test
  void aMissingOrWrongHeaderIsRefused() {
    assertThat(problems("")).extracting(Problem::line).containsExactly(0);
    assertThat(problems("# only a comment\n[renewal r]\n")).extracting(Problem::line)
        .containsExactly(2);
    assertThat(problems("shomei-rules 2\n")).extracting(Problem::line).containsExactly(1);
  }

  @Test
  void boundsThatLeaveNothingAreRefused() {
    List<Problem> p = problems("""
        shomei-rules 1
        [renewal r]
        renew-before-days = 1
        explanation-code = R
        validity-start >= 2021-01-01T00:00:00Z
        validity-start < 2020-01-01T00:00:00Z
        """);
    assertThat(p).extracting(Problem::line, Problem::field)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(6, "validity-start"));
    List<Problem> twice = problems("""
        shomei-rules 1
        [renewal r]
        renew-before-days = 1
        explanation-code = R
        validity-start >= 2021-01-01T00:00:00Z
        validity-start > 2020-01-01T00:00:00Z
        """);
    assertThat(twice).extracting(Problem::message).singleElement().asString()
        .contains("second lower bound");
  }

  @Test
  void oneBadRuleLoadsNothing(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("two.rules");
    Files.writeString(file, """
        shomei-rules 1
        [renewal good]
        renew-before-days = 30
        explanation-code = R
        [renewal bad]
        renew-before-days = 30
        """, StandardCharsets.UTF_8);
    RuleFileException e = catchThrowableOfType(RuleFileException.class, () -> RuleSet.load(file));
    assertThat(e.source()).isEqualTo("two.rules");
    assertThat(e.problems()).extracting(Problem::line, Problem::field).containsExactly(
        org.assertj.core.groups.Tuple.tuple(5, "explanation-code"));
  }

  @Test
  void aFileThatIsNotUtf8IsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.rules");
    Files.write(file, new byte[] {'s', 'h', (byte) 0xE9, '\n'});
    assertThatThrownBy(() -> RuleSet.load(file)).isInstanceOf(RuleFileException.class)
        .hasMessageContaining("not UTF-8");
  }

  @Test
  void aByteOrderMarkAndCrLfLineEndsAreAccepted() {
    RuleSet rules = RuleSet.parse("""
        \uFEFFshomei-rules 1\r
        [renewal r]\r
        renew-before-days = 30\r
        explanation-code = R\r
        """, "w.rules");
    assertThat(rules.rules()).hasSize(1);
  }

  @Test
  void aCampaignMayDeclareARevocationReasonAndOnlyANonCompromiseOne() {
    String base = """
        shomei-rules 1
        [campaign c]
        service = fx-forward
        unusable-from = 2021-02-24[Asia/Tokyo]
        reacquire-from = 2021-02-24[Asia/Tokyo]
        explanation-code = X
        """;
    ReacquisitionRule declared = (ReacquisitionRule) RuleSet.parse(
        base + "revocation-reason = superseded\n", "r.rules").rules().get(0);
    assertThat(declared.revocationReason()).isEqualTo(io.shomei.spi.RevocationReason.SUPERSEDED);
    ReacquisitionRule silent = (ReacquisitionRule) RuleSet.parse(base, "r.rules").rules().get(0);
    assertThat(silent.revocationReason()).isNull();
    RuleFileException e = catchThrowableOfType(RuleFileException.class,
        () -> RuleSet.parse(base + "revocation-reason = keyCompromise\n", "r.rules"));
    assertThat(e.problems()).extracting(Problem::line).containsExactly(7);
    assertThat(e.problems().get(0).message()).contains("cessationOfOperation");
    assertThatThrownBy(() -> new ReacquisitionRule("c", CertificateSelector.any(),
        Instant.EPOCH, Instant.EPOCH, null, "X", null, null,
        io.shomei.spi.RevocationReason.KEY_COMPROMISE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
