package io.shomei.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shomei.core.eligibility.LoginDecision;
import io.shomei.core.eligibility.Rule;
import io.shomei.core.eligibility.RuleFileException;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.eligibility.Verdict;
import io.shomei.spi.CertificateRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Fuzzes rule-file loading ({@link RuleSet#load} and {@link RuleSet#parse}) with arbitrary bytes,
 * seeded with the notice-2021 rules and hostile variants.
 *
 * <p>Properties: loading either returns a rule set or throws {@link RuleFileException} (never
 * another exception, never a partial set) whose problems are sorted and point at lines of the
 * file; a file that is not UTF-8 is refused as such; a loaded rule set has unique identifiers,
 * loads the same twice, and evaluates every stored certificate at every instant (the extremes of
 * the instant range included) without throwing, with a login decision that never goes from refused
 * back to allowed once the certificate's validity has started.
 */
class RuleFileFuzzTest {
  private static final Path FILE = tempFile();
  private static final List<CertificateRecord> RECORDS = records();
  private static final List<Instant> INSTANTS = List.of(
      Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("2000-01-01T00:00:00Z"),
      Instant.parse("2020-11-11T14:59:59Z"), Instant.parse("2021-02-23T15:00:00Z"),
      FuzzWorld.NOW, Instant.parse("2030-01-01T00:00:00Z"),
      Instant.parse("9999-12-31T23:59:59Z"), Instant.MAX);

  /** Arbitrary bytes as a rule file. */
  @FuzzTest
  void ruleFile(byte[] bytes) {
    String text = strictUtf8(bytes);
    RuleSet rules;
    if (text == null) {
      RuleFileException e = loadFails(bytes);
      Check.that(e.problems().get(0).message().contains("UTF-8"), "non-UTF-8 refused as such");
      return;
    }
    try {
      rules = RuleSet.parse(text, "fuzz.rules");
    } catch (RuleFileException e) {
      checkProblems(e, text);
      return;
    }
    Set<String> ids = new HashSet<>();
    for (Rule r : rules.rules()) {
      Check.that(ids.add(r.id()), "rule ids are unique", r.id());
    }
    Check.that(RuleSet.parse(text, "fuzz.rules").rules().equals(rules.rules()),
        "parsing is deterministic");
    for (CertificateRecord record : RECORDS) {
      boolean refusedSinceStart = false;
      for (Instant now : INSTANTS) {
        Verdict v = rules.evaluate(record, now);
        Check.that(v != null, "a verdict");
        LoginDecision d = rules.checkLogin(record, now);
        rules.checkReacquisition(record, now);
        if (!now.isBefore(record.notBefore())) {
          if (refusedSinceStart) {
            Check.that(d instanceof LoginDecision.Refused,
                "a certificate that became unusable never becomes usable again", now);
          }
          refusedSinceStart |= d instanceof LoginDecision.Refused;
        }
      }
    }
  }

  private static void checkProblems(RuleFileException e, String text) {
    Check.that(!e.problems().isEmpty(), "a refusal lists its problems");
    Check.that(e.source().equals("fuzz.rules"), "the source is named");
    int lines = text.split("\r\n|\n|\r", -1).length;
    int previous = 0;
    for (RuleFileException.Problem p : e.problems()) {
      Check.that(p.line() >= 0 && p.line() <= lines, "a problem points at a line of the file", p);
      Check.that(p.line() >= previous, "problems are in line order");
      previous = p.line();
    }
  }

  private static RuleFileException loadFails(byte[] bytes) {
    try {
      Files.write(FILE, bytes);
      RuleSet.load(FILE);
    } catch (RuleFileException e) {
      return e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("property violated: a file that is not UTF-8 loaded");
  }

  private static @Nullable String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static List<CertificateRecord> records() {
    List<CertificateRecord> out = new ArrayList<>();
    FuzzWorld.STORE.forEach(out::add);
    return List.copyOf(out);
  }

  private static Path tempFile() {
    try {
      Path p = Files.createTempFile("shomei-fuzz-", ".rules");
      p.toFile().deleteOnExit();
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
