package io.shomei.examples.datadir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.Secret;
import io.shomei.core.Shomei;
import io.shomei.core.custody.RootCaSpec;
import io.shomei.core.custody.SoftwareKeyCustody;
import io.shomei.core.eligibility.ReacquisitionDecision;
import io.shomei.core.eligibility.RuleFileException;
import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.DownloadResult;
import io.shomei.core.EnrollmentResult;
import io.shomei.core.LoginResult;
import io.shomei.core.issue.KeyType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {
  private static final Clock CLOCK = Clock.systemUTC();
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path tmp;

  private static CaSource generated() {
    return new CaSource.Generate(KeyType.EC_P256, "CN=Test Root,O=Example Bank,C=JP");
  }

  @Test
  void initCreatesTheLayoutAndKeepsTheCaPasswordOwnerOnly() throws Exception {
    Path dir = tmp.resolve("shomei-data");
    try (DataDir d = DataDir.init(dir, generated(), CLOCK, RANDOM)) {
      assertThat(d.custodyKind()).isEqualTo("software");
      assertThat(d.issuingCa().getSubjectX500Principal().getName())
          .isEqualTo("CN=Test Root,O=Example Bank,C=JP");
      assertThat(d.trustAnchors(DataDir.FX_FORWARD)).containsExactly(d.issuingCa());
    }
    assertThat(dir.resolve("shomei.properties")).isRegularFile();
    assertThat(dir.resolve("ca/ca.p12")).isRegularFile();
    assertThat(PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("ca/ca.password")))).isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve("rules/active.rules")))
        .contains("notice-2021-fx-forward");
  }

  @Test
  void closingOneDataDirLeavesAnotherOpenOnTheSameDirectoryInTheSameJvmWorking() {
    // ocsp serve keeps its directory open while operator commands open and close it beside it
    Path dir = tmp.resolve("shared");
    DataDir.init(dir, generated(), CLOCK, RANDOM).close();
    try (DataDir serving = DataDir.open(dir)) {
      DataDir.open(dir).close();
      assertThat(serving.storage().certificateStore().count()).isZero();
      DataDir twice = DataDir.open(dir);
      twice.close();
      twice.close(); // a second close does nothing
      assertThat(serving.storage().certificateStore().count()).isZero();
    }
    // the last one released the file lock: the directory opens again
    DataDir.open(dir).close();
  }

  @Test
  void dataDirectoryIsReadableByItsOwnerOnly() throws Exception {
    Path dir = tmp.resolve("data");
    DataDir.init(dir, generated(), CLOCK, RANDOM).close();
    assertOwnerOnly(dir);
    // a directory that an older version left open is closed at the next open
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(dir.resolve("shomei.properties"),
        PosixFilePermissions.fromString("rw-r--r--"));
    DataDir.open(dir).close();
    assertOwnerOnly(dir);
  }

  private static void assertOwnerOnly(Path dir) throws java.io.IOException {
    List<String> open = new java.util.ArrayList<>();
    try (var walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        if (!perms.equals(Files.isDirectory(p) ? "rwx------" : "rw-------")) {
          open.add(dir.relativize(p) + " " + perms);
        }
      }
    }
    assertThat(open).as("paths others can read or enter").isEmpty();
  }

  @Test
  void anUnusedTemporaryPasswordExpiresAndIsRefused() {
    Path dir = tmp.resolve("data");
    Instant enrolledAt = CLOCK.instant();
    try (DataDir d = DataDir.init(dir, generated(), CLOCK, RANDOM)) {
      EnrollmentResult.Enrolled e = (EnrollmentResult.Enrolled) d
          .shomei(Clock.fixed(enrolledAt, java.time.ZoneOffset.UTC))
          .enrollment().enroll("23456789", DataDir.FX_FORWARD);
      Instant late = enrolledAt.plus(DataDir.TEMPORARY_PASSWORD_VALIDITY).plusSeconds(1);
      AcquisitionResult a = d.shomei(Clock.fixed(late, java.time.ZoneOffset.UTC)).acquisition()
          .acquire(AcquisitionRequest.of("23456789", DataDir.FX_FORWARD,
              Secret.copyOf(e.letter().temporaryPassword().toCharArray()),
              Secret.copyOf(e.letter().acquisitionPassword().toCharArray())));
      assertThat(a).isInstanceOfSatisfying(AcquisitionResult.Refused.class, r ->
          assertThat(r.reason()).isEqualTo(io.shomei.core.AcquisitionRefusal.LOGIN_PASSWORD_EXPIRED));
    }
  }

  @Test
  void initRefusesAnExistingDirectoryAndOpenRefusesAMissingOne() {
    Path dir = tmp.resolve("d");
    DataDir.init(dir, generated(), CLOCK, RANDOM).close();
    assertThatThrownBy(() -> DataDir.init(dir, generated(), CLOCK, RANDOM))
        .isInstanceOf(DataDirException.class).hasMessageContaining("already exists");
    assertThatThrownBy(() -> DataDir.open(tmp.resolve("nothing")))
        .isInstanceOf(DataDirException.class).hasMessageContaining("run init first");
  }

  @Test
  void aCustomerEnrollsAcquiresDownloadsAndPresentsTheCertificateAfterAReopen() throws Exception {
    Path dir = tmp.resolve("d");
    String userId = "12345678";
    Secret temporary;
    Secret acquisition;
    try (DataDir d = DataDir.init(dir, generated(), CLOCK, RANDOM)) {
      EnrollmentResult e = d.shomei(CLOCK).enrollment().enroll(userId, DataDir.FX_FORWARD);
      assertThat(e).isInstanceOf(EnrollmentResult.Enrolled.class);
      EnrollmentResult.Enrolled enrolled = (EnrollmentResult.Enrolled) e;
      temporary = Secret.copyOf(enrolled.letter().temporaryPassword().toCharArray());
      acquisition = Secret.copyOf(enrolled.letter().acquisitionPassword().toCharArray());
    }
    try (DataDir d = DataDir.open(dir)) {
      Shomei shomei = d.shomei(CLOCK);
      char[] p12Password = acquisition.toCharArray();
      AcquisitionResult a = shomei.acquisition().acquire(
          AcquisitionRequest.of(userId, DataDir.FX_FORWARD, temporary, acquisition));
      assertThat(a).isInstanceOf(AcquisitionResult.Acquired.class);
      String ticket = ((AcquisitionResult.Acquired) a).downloadTicket().orElseThrow().id();
      DownloadResult dl = shomei.acquisition().download(ticket);
      assertThat(dl).isInstanceOf(DownloadResult.Downloaded.class);
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(new ByteArrayInputStream(((DownloadResult.Downloaded) dl).pkcs12()), p12Password);
      String alias = ks.aliases().nextElement();
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : ks.getCertificateChain(alias)) {
        chain.add((X509Certificate) c);
      }
      LoginResult.CertificateStep step =
          shomei.login().presentCertificate(DataDir.FX_FORWARD, chain);
      assertThat(step).isInstanceOf(LoginResult.PasswordRequired.class);
      // the certificate belongs to fx-forward: fx-other refuses it
      assertThat(shomei.login().presentCertificate(DataDir.FX_OTHER, chain))
          .isInstanceOf(LoginResult.Refused.class);
      assertThat(shomei.audit().verify().toString()).contains("Intact");
    }
  }

  @Test
  void anInvalidRuleFileChangesNothingAndAValidOneBecomesActive() throws Exception {
    Path dir = tmp.resolve("d");
    try (DataDir d = DataDir.init(dir, generated(), CLOCK, RANDOM)) {
      String before = Files.readString(d.rulesFile());
      Path bad = Files.writeString(tmp.resolve("bad.rules"), "shomei-rules 1\n[campaign x]\nnonsense\n");
      assertThatThrownBy(() -> d.installRules(bad)).isInstanceOf(RuleFileException.class);
      assertThat(Files.readString(d.rulesFile())).isEqualTo(before);

      Path good = Files.writeString(tmp.resolve("good.rules"), "shomei-rules 1\nzone = Asia/Tokyo\n",
          StandardCharsets.UTF_8);
      d.installRules(good);
      assertThat(Files.readString(d.rulesFile())).isEqualTo(Files.readString(good));
      assertThat(d.rules().checkReacquisition(null, CLOCK.instant()))
          .isInstanceOf(ReacquisitionDecision.Allowed.class);
    }
  }

  @Test
  void aSecondTrustAnchorIsKeptPerServiceAndSurvivesAReopen() throws Exception {
    Path dir = tmp.resolve("d");
    SoftwareKeyCustody old = SoftwareKeyCustody.createRoot(tmp.resolve("old.p12"),
        Secret.of("old-ca-password"), "old",
        RootCaSpec.of("CN=Old Issuing CA,O=Example Bank,C=JP"), CLOCK, RANDOM);
    X509Certificate oldRoot = old.certificateChain().get(0);
    try (DataDir d = DataDir.init(dir, generated(), CLOCK, RANDOM)) {
      assertThat(d.addTrustAnchor(DataDir.FX_FORWARD, oldRoot)).isTrue();
      assertThat(d.addTrustAnchor(DataDir.FX_FORWARD, oldRoot)).isFalse();
      assertThat(d.addTrustAnchor(DataDir.FX_FORWARD, d.issuingCa())).isFalse();
    }
    try (DataDir d = DataDir.open(dir)) {
      assertThat(d.trustAnchors(DataDir.FX_FORWARD)).containsExactly(d.issuingCa(), oldRoot);
      assertThat(d.trustAnchors(DataDir.FX_OTHER)).containsExactly(d.issuingCa());
      assertThatThrownBy(() -> d.trustAnchors("fx-unknown"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void anAdoptedChainsRootIsNoServicesAnchorAndEachServiceKeepsExactlyItsOwn() throws Exception {
    // the bank's root with two issuing CAs: this one, and the other service's
    io.shomei.testing.ca.TestCa root = io.shomei.testing.ca.TestCa.root("Bank Root");
    io.shomei.testing.ca.TestCa issuing = root.intermediate("Bank Issuing CA");
    io.shomei.testing.ca.TestCa otherIssuing = root.intermediate("Other Service Issuing CA");
    Path p12 = tmp.resolve("issuing.p12");
    Files.write(p12, issuing.pkcs12("ca", "export-pw".toCharArray()));
    Path dir = tmp.resolve("adopted");
    try (DataDir d = DataDir.init(dir,
        new CaSource.AdoptPkcs12(p12, Secret.of("export-pw"), null), CLOCK, RANDOM)) {
      for (String service : DataDir.SERVICES) {
        assertThat(d.trustAnchors(service)).as(service)
            .containsExactly(issuing.certificate()).doesNotContain(root.rootCertificate());
      }
      assertThat(d.addTrustAnchor(DataDir.FX_OTHER, otherIssuing.certificate())).isTrue();
      assertThat(d.trustAnchors(DataDir.FX_FORWARD)).containsExactly(issuing.certificate());
      String own = fingerprint(issuing.certificate());
      assertThat(d.removeTrustAnchor(DataDir.FX_FORWARD, own))
          .isEqualTo(DataDir.AnchorRemoval.LAST_ANCHOR);
      assertThat(d.removeTrustAnchor(DataDir.FX_FORWARD, fingerprint(otherIssuing.certificate())))
          .isEqualTo(DataDir.AnchorRemoval.NOT_TRUSTED);
      assertThat(d.removeTrustAnchor(DataDir.FX_OTHER, own))
          .isEqualTo(DataDir.AnchorRemoval.REMOVED);
    }
    try (DataDir d = DataDir.open(dir)) {
      assertThat(d.trustAnchors(DataDir.FX_OTHER)).containsExactly(otherIssuing.certificate());
      assertThat(d.trustAnchors(DataDir.FX_FORWARD)).containsExactly(issuing.certificate());
    }
  }

  private static String fingerprint(X509Certificate c) throws Exception {
    return java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
  }

  @Test
  void anExistingCaIsAdoptedFromPkcs12WhateverItsAlias() {
    SoftwareKeyCustody bank = SoftwareKeyCustody.createRoot(tmp.resolve("bank.p12"),
        Secret.of("bank-ca-password"), "bank-issuing-ca-2019",
        RootCaSpec.of("CN=Bank CA 2019,O=Example Bank,C=JP").withKeyType(KeyType.RSA_2048), CLOCK,
        RANDOM);
    Path dir = tmp.resolve("d");
    try (DataDir d = DataDir.init(dir, new CaSource.AdoptPkcs12(tmp.resolve("bank.p12"),
        Secret.of("bank-ca-password"), null), CLOCK, RANDOM)) {
      assertThat(d.issuingCa()).isEqualTo(bank.certificateChain().get(0));
    }
    try (DataDir d = DataDir.open(dir)) {
      assertThat(d.issuingCa()).isEqualTo(bank.certificateChain().get(0));
      assertThat(d.shomei(CLOCK).enrollment().enroll("87654321", DataDir.FX_OTHER))
          .isInstanceOf(EnrollmentResult.Enrolled.class);
    }
  }

  @Test
  void aWrongPkcs12PasswordLeavesNothingBehind() {
    SoftwareKeyCustody.createRoot(tmp.resolve("bank.p12"), Secret.of("right-password"), "ca",
        RootCaSpec.of("CN=Bank CA,C=JP"), CLOCK, RANDOM);
    Path dir = tmp.resolve("d");
    assertThatThrownBy(() -> DataDir.init(dir, new CaSource.AdoptPkcs12(tmp.resolve("bank.p12"),
        Secret.of("wrong-password"), null), CLOCK, RANDOM))
        .isInstanceOf(DataDirException.class)
        .hasMessageNotContaining("wrong-password").hasMessageNotContaining("right-password");
    assertThat(dir).doesNotExist();
  }

  @Test
  void aTokenCaNeedsItsPinInTheEnvironment() throws Exception {
    Path config = Files.writeString(tmp.resolve("p11.cfg"), "name = none\nlibrary = /nonexistent\n");
    Path dir = tmp.resolve("d");
    CaSource token = new CaSource.Pkcs11(config, "SHOMEI_TEST_PIN", "ca", true, KeyType.EC_P256,
        "CN=Token CA");
    assertThatThrownBy(() -> DataDir.init(dir, token, CLOCK, RANDOM, Map.<String, String>of()::get))
        .isInstanceOf(DataDirException.class).hasMessageContaining("SHOMEI_TEST_PIN");
    assertThat(dir).doesNotExist();
  }
}
