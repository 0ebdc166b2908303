package io.shomei.examples.benchmarks;

import io.shomei.core.eligibility.LoginDecision;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.eligibility.Verdict;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.spi.CertificateRecord;
import io.shomei.testing.ca.TestCa;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Eligibility with the 2021 notice's rule file ({@code examples/rules/notice-2021.rules}): one
 * affected certificate judged on the cut-off day. There is no cryptographic floor here; the number is
 * the rule engine's own cost per certificate, to set beside the campaign scan's per-row time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EligibilityBenchmark {
  private final RuleSet rules =
      RuleSet.parse(Fixtures.resource("rules/notice-2021.rules"), "notice-2021.rules");
  private final Instant cutOff = Instant.parse("2021-02-24T00:00:00+09:00");
  private final CertificateRecord affected;

  /** Issues the certificate to judge. */
  public EligibilityBenchmark() {
    SecureRandom random = new SecureRandom();
    CertificateIssuer issuer = Fixtures.issuer(TestCa.root("Bench Rules CA"), random);
    affected = Fixtures.issued(issuer.issueForCsr(Fixtures.profile(), Fixtures.USER_ID,
        Fixtures.csr(Fixtures.ecKeyPair(random)))).toRecord(Fixtures.ISSUED_AT);
  }

  /**
   * {@link RuleSet#evaluate}.
   *
   * @return the verdict
   */
  @Benchmark
  public Verdict evaluate() {
    return rules.evaluate(affected, cutOff);
  }

  /**
   * {@link RuleSet#checkLogin}.
   *
   * @return the decision
   */
  @Benchmark
  public LoginDecision checkLogin() {
    return rules.checkLogin(affected, cutOff);
  }
}
