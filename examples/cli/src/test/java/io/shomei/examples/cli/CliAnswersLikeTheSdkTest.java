package io.shomei.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.shomei.core.CertificateCheck;
import io.shomei.core.Refusal;
import io.shomei.examples.datadir.DataDir;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.gen.PresentedChains;
import io.shomei.testing.gen.PresentedChains.Hostility;
import io.shomei.testing.gen.UserIds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator CLI judges a presented certificate exactly as the SDK does: the chain in the order
 * given, the bytes as they are, the login's answer, the anchors each service was given.
 */
class CliAnswersLikeTheSdkTest {
  static final String FX = "fx-forward";
  static final String OTHER = "fx-other";
  static final String USER = "31234567";
  static final Instant AT = Instant.parse("2026-06-01T03:00:00Z");
  static final String AT_TEXT = "2026-06-01T12:00:00+09:00";
  static final TestCa ROOT = TestCa.root("CLI Bank Root");
  static final TestCa ISSUING = ROOT.intermediate("CLI Bank Issuing CA");
  static final TestCa OTHER_ISSUING = ROOT.intermediate("CLI Other Service Issuing CA");

  @TempDir Path tmp;
  Cli cli;
  int files;

  @BeforeEach
  void adoptTheBanksIssuingCa() throws Exception {
    Path p12 = tmp.resolve("issuing.p12");
    Files.write(p12, ISSUING.pkcs12("ca", "export-pw".toCharArray()));
    cli = new Cli(tmp.resolve("data")).env("CA_PW", "export-pw");
    cli.run("init", "--ca-p12", p12.toString(), "--ca-p12-password-env", "CA_PW")
        .expect(0, "result", "initialized");
    cli.run("rules", "install", "--rules", CliScriptTest.NOTICE_RULES.toString()).expect(0);
  }

  private Path pem(List<byte[]> encodings) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (byte[] der : encodings) {
      sb.append("-----BEGIN CERTIFICATE-----\n")
          .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der))
          .append("\n-----END CERTIFICATE-----\n");
    }
    Path file = tmp.resolve("presented-" + files++ + ".pem");
    Files.writeString(file, sb, StandardCharsets.US_ASCII);
    return file;
  }

  private Path der(byte[] encoding) throws Exception {
    Path file = tmp.resolve("presented-" + files++ + ".der");
    Files.write(file, encoding);
    return file;
  }

  /** Enrolls the user and registers the certificate as the account's active one. */
  private Cli.Result enrolledWith(String userId, List<byte[]> chain) throws Exception {
    Cli.Result letter = cli.run("user", "add", "--user-id", userId, "--service", FX).expect(0);
    cli.run("cert", "import", "--service", FX, "--cert", pem(withIssuing(chain)).toString())
        .expect(0, "result", "imported");
    return letter;
  }

  /** The leaf and the issuing CA's certificate: what an import needs under any anchor set. */
  private static List<byte[]> withIssuing(List<byte[]> chain) throws Exception {
    return List.of(chain.get(0), ISSUING.certificate().getEncoded());
  }

  private Cli.Result check(Path file) {
    return cli.run("cert", "check", "--service", FX, "--cert", file.toString(), "--at", AT_TEXT);
  }

  @Test
  void aChainPresentedCaFirstIsRefusedAsTheSdkRefusesIt() throws Exception {
    List<byte[]> chain = PresentedChains.wellFormed(new SplittableRandom(11), ISSUING, USER, AT)
        .encodings();
    enrolledWith(USER, chain);
    check(pem(chain)).expect(0, "verdict", "accepted");
    List<byte[]> caFirst = List.of(ISSUING.certificate().getEncoded(), chain.get(0));
    check(pem(caFirst)).expect(1, "verdict", "refused").has("reason", "CA_CERTIFICATE_AS_LEAF")
        .has("acceptance", "refused");
  }

  @Test
  void bytesAfterACertificateInAPemBlockAreRefusedLikeInADerFile() throws Exception {
    List<byte[]> chain = PresentedChains.wellFormed(new SplittableRandom(12), ISSUING, USER, AT)
        .encodings();
    enrolledWith(USER, chain);
    byte[] leaf = chain.get(0);
    byte[] withTrailer = java.util.Arrays.copyOf(leaf, leaf.length + 3);
    check(pem(List.of(withTrailer))).expect(1, "verdict", "refused")
        .has("reason", "MALFORMED_CERTIFICATE").has("format", "pem");
    check(der(withTrailer)).expect(1, "verdict", "refused")
        .has("reason", "MALFORMED_CERTIFICATE").has("format", "der");
    // a file to register is refused the same way: the failure names the extra bytes
    Cli.Result imported = cli.run("cert", "import", "--service", FX, "--cert",
        pem(List.of(withTrailer)).toString()).expect(ShomeiCli.FAILURE);
    assertThat(imported.err()).contains("followed by 3 other bytes");
  }

  @Test
  void aCertificateThatDoesNotParseIsARefusalNotAFailure() throws Exception {
    SplittableRandom random = new SplittableRandom(13);
    for (Hostility kind : List.of(Hostility.DUPLICATE_EXTENSION,
        Hostility.SIGNATURE_ALGORITHM_MISMATCH, Hostility.NON_MINIMAL_OID)) {
      byte[] leaf = PresentedChains.hostile(random, ISSUING, USER, AT, kind).encodings().get(0);
      check(der(leaf)).expect(1, "verdict", "refused").has("reason", "MALFORMED_CERTIFICATE")
          .has("refusal", "certificate-rejected").has("login", "refused")
          .has("login-reason", "CERTIFICATE_NOT_ACCEPTED");
      check(pem(List.of(leaf))).expect(1, "reason", "MALFORMED_CERTIFICATE");
    }
  }

  @Test
  void trustAnchorsAreExactlyWhatEachServiceWasGiven() throws Exception {
    Cli.Result list = cli.run("trust", "list").expect(0, "result", "listed")
        .has("anchors-fx-forward", "1").has("anchors-fx-other", "1");
    String issuing = InitCommand.fingerprint(ISSUING.certificate());
    assertThat(list.all("anchor")).allSatisfy(a -> assertThat(a).contains(issuing))
        .noneSatisfy(a -> assertThat(a).contains(InitCommand.fingerprint(ROOT.rootCertificate())));
    // the other service's issuing CA, under the same root, is trusted by that service only
    Path other = pem(List.of(OTHER_ISSUING.certificate().getEncoded()));
    cli.run("trust", "add", "--service", OTHER, "--cert", other.toString())
        .expect(0, "result", "added");
    List<byte[]> stranger = PresentedChains.wellFormed(new SplittableRandom(14), OTHER_ISSUING,
        USER, AT).encodings();
    cli.run("user", "add", "--user-id", USER, "--service", FX).expect(0);
    cli.run("cert", "import", "--service", FX, "--cert", pem(stranger.subList(0, 1)).toString())
        .expect(1, "result", "refused").has("reason", "UNTRUSTED_CHAIN");
    check(pem(stranger)).expect(1, "reason", "UNTRUSTED_CHAIN");
    // and an anchor can be removed from one service, never the last one
    String otherFp = InitCommand.fingerprint(OTHER_ISSUING.certificate());
    cli.run("trust", "remove", "--service", OTHER, "--sha256", otherFp)
        .expect(0, "result", "removed").has("anchors-fx-other", "1");
    cli.run("trust", "remove", "--service", FX, "--sha256", otherFp)
        .expect(1, "result", "not-trusted");
    cli.run("trust", "remove", "--service", FX, "--sha256", issuing)
        .expect(1, "result", "refused").has("reason", "LAST_TRUST_ANCHOR");
  }

  @Test
  void aDatedAnchorIsAcceptedUntilItsCutOverExactlyAsTheSdkDecides() throws Exception {
    List<byte[]> chain = PresentedChains.wellFormed(new SplittableRandom(16), ISSUING, USER, AT)
        .encodings();
    enrolledWith(USER, chain);
    String issuing = InitCommand.fingerprint(ISSUING.certificate());
    cli.run("trust", "window", "--service", FX, "--sha256", issuing, "--until", AT_TEXT)
        .expect(0, "result", "set").has("accepted-until", AT.toString())
        .has("accepted-from", "-");
    assertThat(cli.run("trust", "list", "--service", FX).expect(0).all("window"))
        .containsExactly(FX + " " + issuing + " from=- until=" + AT);
    cli.run("cert", "check", "--service", FX, "--cert", pem(chain).toString(), "--at",
        "2026-06-01T11:59:59+09:00").expect(0, "verdict", "accepted");
    check(pem(chain)).expect(1, "reason", "UNTRUSTED_CHAIN");
    try (DataDir dir = DataDir.open(tmp.resolve("data"))) {
      var sdk = dir.shomei(Clock.fixed(AT, ZoneOffset.UTC));
      assertThat(sdk.trustAnchorsAt(FX, AT.minusNanos(1))).containsExactly(ISSUING.certificate());
      assertThat(sdk.trustAnchorsAt(FX, AT)).isEmpty();
      assertThat(sdk.trustAnchorsAt(OTHER, AT)).containsExactly(ISSUING.certificate());
    }
    cli.run("trust", "window", "--service", FX, "--sha256", issuing, "--from", AT_TEXT,
        "--until", AT_TEXT).expect(ShomeiCli.USAGE);
    cli.run("trust", "window", "--service", FX, "--sha256",
        InitCommand.fingerprint(ROOT.rootCertificate()), "--until", AT_TEXT)
        .expect(1, "result", "not-trusted");
    cli.run("trust", "window", "--service", FX, "--sha256", issuing)
        .expect(0, "result", "cleared");
    assertThat(cli.run("trust", "list").expect(0).all("window")).isEmpty();
    check(pem(chain)).expect(0, "verdict", "accepted");
  }

  @Test
  void importingAnActiveCertificateForAUserNeverEnrolledIsRefused() throws Exception {
    List<byte[]> chain = PresentedChains.wellFormed(new SplittableRandom(15), ISSUING, USER, AT)
        .encodings();
    cli.run("cert", "import", "--service", FX, "--cert", pem(withIssuing(chain)).toString())
        .expect(1, "result", "refused").has("reason", "NOT_ENROLLED");
    cli.run("user", "add", "--user-id", USER, "--service", FX).expect(0);
    cli.run("cert", "import", "--service", FX, "--cert", pem(withIssuing(chain)).toString())
        .expect(0, "result", "imported");
  }

  @Test
  void certCheckAnswersWhatTheLoginAnswersForALockedAccount() throws Exception {
    List<byte[]> chain = PresentedChains.wellFormed(new SplittableRandom(16), ISSUING, USER, AT)
        .encodings();
    enrolledWith(USER, chain);
    Path file = pem(chain);
    check(file).expect(0, "verdict", "accepted").has("login", "password-required")
        .has("acceptance", "accepted");
    cli.env("WRONG", "not-the-password-1");
    for (int i = 0; i < 5; i++) {
      cli.run("login", "--service", FX, "--cert", file.toString(), "--password-env", "WRONG",
          "--at", AT_TEXT).expect(1, "result", "refused");
    }
    Cli.Result login = cli.run("login", "--service", FX, "--cert", file.toString(),
        "--password-env", "WRONG", "--at", AT_TEXT).expect(1, "step", "certificate")
        .has("reason", "ACCOUNT_LOCKED");
    Cli.Result locked = check(file).expect(1, "verdict", "refused")
        .has("login", "refused").has("login-reason", "ACCOUNT_LOCKED")
        .has("acceptance", "accepted").has("refusal", "contact-branch")
        .has("branch-action", "ACCOUNT_LOCKED").has("user-id", USER);
    assertThat(locked.get("login-reason")).isEqualTo(login.get("reason"));
    assertThat(locked.has("since")).isTrue();
  }

  @Test
  void certCheckShowsTheAdvisedWindowAndTheOverdueStateToTheSecond() throws Exception {
    List<byte[]> chain = PresentedChains.wellFormed(new SplittableRandom(18), ISSUING, USER, AT)
        .encodings();
    enrolledWith(USER, chain);
    Path rules = tmp.resolve("advised.rules");
    Files.writeString(rules, """
        shomei-rules 1
        zone = Asia/Tokyo
        [campaign advised-2026]
        service = fx-forward
        validity-start <= 2026-12-31
        reacquire-from = 2026-05-01
        advise-until = 2026-05-20
        unusable-from = 2026-07-01
        explanation-code = CA_CHANGE_2026
        """);
    Cli.Result overdue = cli.run("cert", "check", "--service", FX, "--cert",
        pem(chain).toString(), "--at", AT_TEXT, "--rules", rules.toString())
        .expect(0, "verdict", "accepted").has("eligibility", "ELIGIBLE_NOW")
        .has("usable-now", "true").has("reacquire-from", "2026-04-30T15:00:00Z")
        .has("advised-until", "2026-05-20T14:59:59Z").has("overdue", "true")
        .has("unusable-from", "2026-06-30T15:00:00Z")
        .has("suggested-window-start", "2026-04-30T15:00:00Z")
        .has("suggested-window-end", "2026-05-20T14:59:59Z");
    assertThat(overdue.keys()).containsSubsequence("reacquire-from", "advised-until", "overdue",
        "suggested-window-start");
  }

  @Test
  void theCliAndTheSdkGiveTheSameAnswerForTheSamePresentedBytes() throws Exception {
    List<byte[]> registered = PresentedChains.wellFormed(new SplittableRandom(17), ISSUING, USER,
        AT).encodings();
    enrolledWith(USER, registered);
    qt().withExamples(40).withShrinkCycles(0).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      PresentedChains.Presented p = switch (r.nextInt(4)) {
        case 0 -> PresentedChains.wellFormed(r, ISSUING, USER, AT);
        case 1 -> PresentedChains.hostile(r, ISSUING, USER, AT);
        case 2 -> PresentedChains.hostile(r, r.nextBoolean() ? ISSUING : OTHER_ISSUING,
            r.nextBoolean() ? USER : UserIds.valid(r), AT);
        default -> reordered(r, registered);
      };
      List<byte[]> encodings = p.encodings();
      if (encodings.isEmpty()) {
        return; // a file cannot present nothing
      }
      try {
        Path file = encodings.size() == 1 && r.nextBoolean() ? der(encodings.get(0))
            : pem(encodings);
        Cli.Result viaCli = check(file);
        CertificateCheck viaSdk;
        try (DataDir dir = DataDir.open(tmp.resolve("data"))) {
          viaSdk = dir.shomei(Clock.fixed(AT, ZoneOffset.UTC)).certificates()
              .checkEncoded(FX, encodings);
        }
        String what = "seed " + seed + ": " + p + "\n" + viaCli;
        if (viaSdk instanceof CertificateCheck.Usable) {
          assertThat(viaCli.code()).as(what).isEqualTo(ShomeiCli.OK);
          assertThat(viaCli.get("verdict")).as(what).isEqualTo("accepted");
        } else {
          Refusal refusal = ((CertificateCheck.Refused) viaSdk).refusal();
          assertThat(viaCli.code()).as(what).isEqualTo(ShomeiCli.REFUSED);
          assertThat(viaCli.get("verdict")).as(what).isEqualTo("refused");
          assertThat(viaCli.get("login-reason")).as(what).isEqualTo(refusal.code().name());
          if (refusal instanceof Refusal.CertificateRejected rejected) {
            assertThat(viaCli.get("reason")).as(what).isEqualTo(rejected.reason().name());
          }
        }
      } catch (Exception e) {
        throw new AssertionError("seed " + seed + ": " + p, e);
      }
    });
  }

  /** The registered chain in another order (the leaf sometimes not first). */
  private static PresentedChains.Presented reordered(SplittableRandom r, List<byte[]> chain) {
    List<byte[]> all = new java.util.ArrayList<>(chain);
    java.util.Collections.rotate(all, r.nextInt(all.size()));
    return new PresentedChains.Presented(all, "registered chain rotated");
  }
}
