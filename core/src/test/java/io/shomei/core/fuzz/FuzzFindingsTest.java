package io.shomei.core.fuzz;

import static io.shomei.core.fuzz.FuzzWorld.ISSUER;
import static io.shomei.core.fuzz.FuzzWorld.PROFILE;
import static io.shomei.core.fuzz.FuzzWorld.VALID_CSR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.Secret;
import io.shomei.core.eligibility.RuleFileException;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.identity.AcceptanceResult;
import io.shomei.core.identity.CertificateAcceptance;
import io.shomei.core.identity.CertificateMapper;
import io.shomei.core.identity.MappingRefusal;
import io.shomei.core.identity.MappingResult;
import io.shomei.core.issue.IssuanceResult;
import io.shomei.core.issue.IssuedCertificate;
import io.shomei.core.password.PasswordContext;
import io.shomei.core.password.PasswordPolicy;
import io.shomei.core.password.PasswordValidation;
import io.shomei.core.password.PasswordViolation;
import io.shomei.core.password.ViolationCode;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for what fuzzing found, each named after the attack or the broken contract.
 * The fuzzer's own inputs are also replayed by the fuzz tests (regression mode).
 */
class FuzzFindingsTest {

  // CsrFuzzTest#userId: Bouncy Castle's X500NameBuilder.addRDN(oid, String) parses RFC 4514 text,
  // so a user ID starting with '#' was decoded as hex DER and one starting with '\' lost it.

  @Test
  void userIdInHexDerFormIsNotDecodedIntoAnotherUsersCommonName() {
    // #13 08 "12345678": a PrintableString 12345678 in RFC 4514 hex form
    IssuedCertificate c = issued("#130831323334353637");
    assertThat(commonName(c)).isEqualTo(new DERUTF8String("#130831323334353637"));
    MappingResult mapped = CertificateMapper.standard().map(c.certificate());
    assertThat(mapped).isInstanceOf(MappingResult.Refused.class);
    assertThat(((MappingResult.Refused) mapped).reason()).isEqualTo(MappingRefusal.INVALID_USER_ID);
  }

  @Test
  void userIdWithHashAndNonHexDigitsIsIssuedLiterallyInsteadOfThrowing() {
    // the first fuzzer finding: "#99" made issueForCsr throw ASN1ParsingException
    assertThat(commonName(issued("#99"))).isEqualTo(new DERUTF8String("#99"));
  }

  @Test
  void userIdWithLeadingBackslashKeepsIt() {
    assertThat(commonName(issued("\\12345678"))).isEqualTo(new DERUTF8String("\\12345678"));
  }

  // RuleFileFuzzTest#ruleFile: an invalid rule id was reported, and then the rule was built anyway,
  // so its constructor's IllegalArgumentException escaped RuleSet.parse.

  @Test
  void ruleFileWithAnInvalidRuleIdIsRefusedAsARuleFileNotAnIllegalArgument() {
    String text = """
        shomei-rules 1
        [campaign bad!id]
        service = fx-forward
        unusable-from = 2021-02-24[Asia/Tokyo]
        reacquire-from = 2021-02-24[Asia/Tokyo]
        explanation-code = X
        """;
    assertThatThrownBy(() -> RuleSet.parse(text, "bad.rules"))
        .isInstanceOfSatisfying(RuleFileException.class, e -> {
          assertThat(e.problems()).hasSize(1);
          assertThat(e.problems().get(0).line()).isEqualTo(2);
          assertThat(e.problems().get(0).message()).contains("bad!id");
        });
  }

  // Path building tried every ordering of certificates that name each other as issuer:
  // ten presented certificates meant about 600,000 candidate paths (a second of CPU per login).

  @Test
  void certificatesNamingEachOtherAsIssuersCannotMakeThePathSearchTryEveryOrdering() {
    List<TestCa> loop = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      loop.add(TestCa.root("Loop CA")); // same name, self-issued, ten keys
    }
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(loop.get(0).leaf().issue().certificate());
    loop.forEach(ca -> chain.add(ca.rootCertificate()));
    CertificateAcceptance acceptance = CertificateAcceptance.builder()
        .certificateStore(new InMemoryCertificateStore())
        .trustAnchors(FuzzWorld.SERVICE, List.of(FuzzWorld.ROOT.rootCertificate()))
        .zone(FuzzWorld.TOKYO)
        .build();

    AcceptanceResult r = acceptance.accept(chain, FuzzWorld.SERVICE, FuzzWorld.NOW);

    assertThat(r).isInstanceOfSatisfying(AcceptanceResult.Refused.class, refused -> {
      assertThat(refused.reason()).isEqualTo(AcceptanceRefusal.UNTRUSTED_CHAIN);
      assertThat(refused.detail()).contains("within 64 path-building steps");
    });
  }

  @Test
  void aValidChainIsStillFoundAmongLoopingDecoys() {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(FuzzWorld.ACTIVE_NOW);
    for (int i = 0; i < 9; i++) {
      chain.add(TestCa.root("Loop CA").rootCertificate());
    }
    chain.add(FuzzWorld.ISSUING.certificate());

    assertThat(FuzzWorld.ACCEPTANCE.accept(chain, FuzzWorld.SERVICE, FuzzWorld.NOW))
        .isInstanceOf(AcceptanceResult.Accepted.class);
  }

  // Unbounded work found by measuring while writing the fuzz targets (libFuzzer's inputs stop at
  // 4 KiB): a 2 MB rule file of bad lines took 11 s to refuse, a 1 MB password seconds to check.

  @Test
  void ruleFileOfJunkLinesStopsAfterAHundredProblems() {
    String junk = "shomei-rules 1\n" + "zone = Nowhere/Land\n".repeat(10_000);
    assertThatThrownBy(() -> RuleSet.parse(junk, "junk.rules"))
        .isInstanceOfSatisfying(RuleFileException.class, e -> {
          assertThat(e.problems()).hasSize(101);
          assertThat(e.problems().get(100).message()).contains("stopped reading");
        });
  }

  @Test
  void ruleFileLargerThanOneMebibyteIsRefusedUnread(@TempDir Path dir) throws IOException {
    String big = "shomei-rules 1\n" + "#".repeat(RuleSet.MAX_FILE_LENGTH);
    assertThatThrownBy(() -> RuleSet.parse(big, "big.rules"))
        .isInstanceOfSatisfying(RuleFileException.class,
            e -> assertThat(e.problems().get(0).message()).contains("larger than"));
    Path file = dir.resolve("big.rules");
    Files.writeString(file, big);
    assertThatThrownBy(() -> RuleSet.load(file))
        .isInstanceOfSatisfying(RuleFileException.class,
            e -> assertThat(e.problems().get(0).message()).contains("larger than"));
  }

  @Test
  void megabytePasswordIsRefusedAsTooLongAloneWithoutRunningTheOtherRules() {
    char[] huge = new char[1 << 20];
    Arrays.fill(huge, 'a');
    try (Secret candidate = Secret.wrap(huge)) {
      for (PasswordPolicy policy : List.of(PasswordPolicy.japaneseBank(),
          PasswordPolicy.nist80063b())) {
        PasswordValidation v = policy.validate(candidate, PasswordContext.forUser("aaaaaaaa"));
        // without the cap this also reported CONTAINS_USER_ID, REPEATED_CHARACTERS, ...
        assertThat(v.violations()).containsExactly(
            PasswordViolation.of(ViolationCode.TOO_LONG, policy.maxLength()));
      }
    }
  }

  private static IssuedCertificate issued(String userId) {
    IssuanceResult r = ISSUER.issueForCsr(PROFILE, userId, VALID_CSR);
    assertThat(r).isInstanceOf(IssuanceResult.Issued.class);
    return ((IssuanceResult.Issued) r).certificate();
  }

  private static ASN1Encodable commonName(IssuedCertificate c) {
    X500Name subject = X500Name.getInstance(c.certificate().getSubjectX500Principal().getEncoded());
    assertThat(subject.getRDNs(BCStyle.CN)).hasSize(1);
    return subject.getRDNs(BCStyle.CN)[0].getFirst().getValue();
  }
}
