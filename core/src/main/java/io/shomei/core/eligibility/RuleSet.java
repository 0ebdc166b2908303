package io.shomei.core.eligibility;

import io.shomei.core.identity.CertificatePolicy;
import io.shomei.spi.CertificateRecord;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, ordered set of eligibility rules, and the evaluator for them.
 *
 * <h2>Precedence (fixed)</h2>
 *
 * <p>For a certificate and an instant {@code now}, the first step that applies decides:
 *
 * <ol>
 *   <li>The certificate's state: SUPERSEDED, or REVOKED with reason {@code superseded} and a
 *       successor (a replaced certificate, never revoked for cause), gives
 *       {@link Verdict.Superseded}; any other REVOKED gives {@link Verdict.Revoked}. State beats
 *       every rule.
 *   <li>{@code now < notBefore} gives {@link Verdict.NotYetValid}.
 *   <li>The <b>first</b> {@link ReacquisitionRule} (campaign), in rule-set order, whose selector
 *       matches: before {@code reacquireFrom} {@link Verdict.AffectedWaitUntil}; after
 *       {@code reacquireUntil} {@link Verdict.OperatorRequired} ({@code REACQUISITION_CLOSED});
 *       otherwise {@link Verdict.EligibleNow}. A campaign beats every renewal rule: its "not before"
 *       holds even when a renewal window is open or the certificate expired (an open renewal
 *       window is then only added to the eligible verdict's reasons).
 *   <li>The <b>first</b> {@link RenewalRule}, in rule-set order, whose selector matches: before the
 *       window {@link Verdict.RenewalNotDueUntil}; in the window {@link Verdict.EligibleNow}; expired
 *       within the grace {@link Verdict.ExpiredSelfServiceUntil}; later
 *       {@link Verdict.OperatorRequired}.
 *   <li>No rule: expired ({@code now > notAfter}) gives {@link Verdict.OperatorRequired}
 *       ({@code EXPIRED}); otherwise {@link Verdict.Unaffected}.
 * </ol>
 *
 * <p>Every comparison is on instants; X.509 validity is inclusive at both ends. Which rule matches
 * does not depend on {@code now}, so a verdict only moves forward in time: a campaign without
 * {@code reacquireUntil} never closes re-acquisition once it opened, and a certificate that became
 * unusable never becomes usable again. Nothing depends on the JVM default time zone.
 *
 * <p>Rules come from code ({@link #of(List)}) or from a rule file ({@link #parse}, {@link #load});
 * the file format is described in {@code examples/rules/README.md} and on
 * {@link RuleFileException}.
 *
 * @since 0.1.0
 */
public final class RuleSet implements Eligibility {
  /**
   * Largest rule file accepted, in bytes for {@link #load} and in chars for {@link #parse} (1 MiB;
   * a real rule file is a few kilobytes). Larger input is refused without being parsed.
   */
  public static final int MAX_FILE_LENGTH = 1024 * 1024;

  private final List<Rule> rules;
  private final CertificatePolicy policy;
  private final Evaluator evaluator;

  private RuleSet(List<Rule> rules, CertificatePolicy policy) {
    this.rules = List.copyOf(rules);
    this.policy = policy;
    Set<String> ids = new HashSet<>();
    for (Rule r : this.rules) {
      if (!ids.add(r.id())) {
        throw new IllegalArgumentException("duplicate rule id: " + r.id());
      }
    }
    this.evaluator = new Evaluator(this.rules, policy);
  }

  /**
   * A rule set of the given rules, in this order.
   *
   * @param rules the rules, with unique identifiers
   * @return the rule set
   * @throws IllegalArgumentException on a duplicate identifier
   */
  public static RuleSet of(List<? extends Rule> rules) {
    return new RuleSet(List.copyOf(rules), CertificatePolicy.bankDefault());
  }

  /**
   * A rule set of the given rules, in this order.
   *
   * @param rules the rules, with unique identifiers
   * @return the rule set
   * @throws IllegalArgumentException on a duplicate identifier
   */
  public static RuleSet of(Rule... rules) {
    return of(List.of(rules));
  }

  /**
   * Parses a rule file's text. All or nothing: either every rule is valid and the set is returned,
   * or a {@link RuleFileException} lists every problem found (line and field) and nothing is
   * loaded.
   *
   * <p>Bounded: text longer than {@link #MAX_FILE_LENGTH} chars is refused unread, and parsing
   * stops after 100 problems.
   *
   * @param text the file's content
   * @param source a name for messages (for example the file name)
   * @return the rule set
   * @throws RuleFileException if the text is not a valid rule file
   */
  public static RuleSet parse(String text, String source) {
    if (text.length() > MAX_FILE_LENGTH) {
      throw tooLarge(source, null);
    }
    return of(RuleFileParser.parse(text, source));
  }

  private static RuleFileException tooLarge(String source, @Nullable Throwable cause) {
    return new RuleFileException(source, List.of(new RuleFileException.Problem(0, "",
        "larger than " + MAX_FILE_LENGTH + " bytes: not a rule file")), cause);
  }

  /**
   * Reads and parses a UTF-8 rule file (see {@link #parse}).
   *
   * @param file the file
   * @return the rule set
   * @throws RuleFileException if the file cannot be read, is larger than {@link #MAX_FILE_LENGTH}
   *     bytes, is not UTF-8, or is not a valid rule file
   */
  public static RuleSet load(Path file) {
    String source = String.valueOf(file.getFileName());
    String text;
    try {
      if (Files.size(file) > MAX_FILE_LENGTH) {
        throw tooLarge(source, null);
      }
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      throw new RuleFileException(source,
          List.of(new RuleFileException.Problem(0, "", "file is not UTF-8")), e);
    } catch (IOException e) {
      throw new RuleFileException(source,
          List.of(new RuleFileException.Problem(0, "", "cannot read the file")), e);
    }
    return parse(text, source);
  }

  /**
   * This rule set under another certificate policy: the policy that
   * {@link CertificateSelector#keyRefusedByPolicy()} selectors ask. Rules are evaluated under
   * {@link CertificatePolicy#bankDefault()} until this is called; {@code Shomei.builder()} calls it
   * with its own policy.
   *
   * @param certificatePolicy the policy
   * @return a rule set with the same rules
   * @since 0.2.0
   */
  @Override
  public RuleSet withCertificatePolicy(CertificatePolicy certificatePolicy) {
    return certificatePolicy.equals(policy) ? this
        : new RuleSet(rules, Objects.requireNonNull(certificatePolicy, "certificatePolicy"));
  }

  /**
   * The certificate policy of {@link CertificateSelector#keyRefusedByPolicy()} selectors.
   *
   * @return the policy
   * @since 0.2.0
   */
  public CertificatePolicy certificatePolicy() {
    return policy;
  }

  /**
   * The rules, in order.
   *
   * @return an immutable list
   */
  public List<Rule> rules() {
    return rules;
  }

  /**
   * The rule with an identifier.
   *
   * @param id the identifier
   * @return the rule, or empty
   */
  public Optional<Rule> rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  @Override
  public Verdict evaluate(CertificateRecord certificate, Instant now) {
    return evaluator.evaluate(certificate, now);
  }

  /** The first campaign whose selector matches, whatever the time; for campaign reports. */
  @Nullable ReacquisitionRule matchingCampaign(CertificateRecord certificate) {
    return evaluator.matchingCampaign(certificate);
  }

  @Override
  public String toString() {
    return "RuleSet" + rules.stream().map(Rule::id).toList() + " under " + policy;
  }
}
