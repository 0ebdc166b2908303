package io.shomei.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.Shomei;
import io.shomei.core.issue.KeyType;
import io.shomei.spi.Secret;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.util.Set;
import io.shomei.examples.datadir.CaSource;
import io.shomei.examples.datadir.DataDir;
import io.shomei.testing.env.SoftHsm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shomei ca add} and {@code ca list}: a rollover to a new issuing CA at an instant in one
 * command, refused with nothing written when the windows would clash.
 */
class CaRolloverCliTest {
  static final String FX = DataDir.FX_FORWARD;

  @TempDir Path tmp;

  /** An hour from now, to the millisecond: customers enrolled now still hold valid letters then. */
  final Instant T = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS)
      .plusMillis(7);

  private Cli initialized() {
    Cli cli = new Cli(tmp.resolve("data"));
    cli.run("init").expect(0, "result", "initialized");
    return cli;
  }

  /** Every file of the directory outside the database, with its content. */
  private Map<String, String> files() throws Exception {
    Path dir = tmp.resolve("data");
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        if (!dir.relativize(p).startsWith("db")) {
          m.put(dir.relativize(p).toString(), java.util.HexFormat.of()
              .formatHex(Files.readAllBytes(p)));
        }
      }
    }
    return m;
  }

  @Test
  void caAddWithIssuingFromEndsTheCurrentCaThereAndCaListMarksTheCaIssuingAtEachInstant() {
    Cli cli = initialized();
    Cli.Result added = cli.run("ca", "add", "--label", "ca-2", "--issuing-from", T.toString())
        .expect(0, "result", "added").has("label", "ca-2").has("issuing-from", T.toString())
        .has("issuing-until", "-").has("status-only", "false").has("custody", "software")
        .has("ended-label", "initial").has("ended-issuing-until", T.toString())
        .has("subject", "CN=Shomei Example CA ca-2,O=Example Bank,C=JP");
    Cli.Result before = cli.run("ca", "list", "--at", T.minusMillis(1).toString())
        .expect(0, "result", "listed").has("cas", "2");
    assertThat(before.all("label")).containsExactly("initial", "ca-2");
    assertThat(before.all("issuing-now")).containsExactly("true", "false");
    assertThat(before.all("issuing-until")).containsExactly(T.toString(), "-");
    assertThat(before.all("key-id").get(1)).isEqualTo(added.get("key-id"));
    Cli.Result at = cli.run("ca", "list", "--at", T.toString()).expect(0);
    assertThat(at.all("issuing-now")).containsExactly("false", "true");
    // the new CA is a trust anchor of every service
    assertThat(cli.run("trust", "list").expect(0).all("anchor"))
        .anySatisfy(a -> assertThat(a).startsWith("fx-forward " + added.get("sha256-fingerprint")))
        .anySatisfy(a -> assertThat(a).startsWith("fx-other " + added.get("sha256-fingerprint")));
  }

  @Test
  void acquisitionsThroughTheSdkAtTMinusOneMillisecondAndAtTIssueFromTheOldAndTheNewCa()
      throws Exception {
    Cli cli = initialized();
    Cli.Result added = cli.run("ca", "add", "--label", "ca-2", "--issuing-from", T.toString())
        .expect(0, "result", "added");
    Cli.Result early = cli.run("user", "add", "--user-id", "31000001", "--service", FX)
        .expect(0, "result", "enrolled");
    Cli.Result late = cli.run("user", "add", "--user-id", "31000002", "--service", FX)
        .expect(0, "result", "enrolled");
    Instant justBefore = T.minusMillis(1);
    List<String> keyIds = cli.run("ca", "list").expect(0).all("key-id");
    assertThat(keyIds).hasSize(2).element(1).isEqualTo(added.get("key-id"));
    AcquisitionResult.Acquired first;
    AcquisitionResult.Acquired second;
    X509Certificate oldCa;
    X509Certificate newCa;
    try (DataDir dir = DataDir.open(tmp.resolve("data"))) {
      oldCa = dir.issuingCas().get(0).certificate();
      newCa = dir.issuingCas().get(1).certificate();
      Shomei before = dir.shomei(Clock.fixed(justBefore, ZoneOffset.UTC));
      assertThat(before.issuingCaAt(FX, justBefore).keyId()).isEqualTo(keyIds.get(0));
      assertThat(before.issuingCaAt(FX, T).keyId()).isEqualTo(keyIds.get(1));
      first = acquire(before, early);
      second = acquire(dir.shomei(Clock.fixed(T, ZoneOffset.UTC)), late);
    }
    assertThat(first.certificate().getIssuerX500Principal())
        .isEqualTo(oldCa.getSubjectX500Principal());
    first.certificate().verify(oldCa.getPublicKey());
    assertThat(first.caChain().get(0)).isEqualTo(oldCa);
    assertThat(second.certificate().getIssuerX500Principal())
        .isEqualTo(newCa.getSubjectX500Principal());
    second.certificate().verify(newCa.getPublicKey());
    assertThat(second.caChain().get(0)).isEqualTo(newCa);
    // ca list marks the CA the SDK issued through at each instant
    assertThat(cli.run("ca", "list", "--at", justBefore.toString()).expect(0).all("issuing-now"))
        .containsExactly("true", "false");
    assertThat(cli.run("ca", "list", "--at", T.toString()).expect(0).all("issuing-now"))
        .containsExactly("false", "true");

    // one revocation under each CA; crl writes one CRL per CA, each listing its own
    cli.run("operator", "revoke", "--user-id", "31000001", "--service", FX, "--operator", "b1",
        "--reason", "key-compromise").expect(0, "result", "revoked");
    cli.run("operator", "revoke", "--user-id", "31000002", "--service", FX, "--operator", "b1",
        "--reason", "key-compromise").expect(0, "result", "revoked");
    Path crls = tmp.resolve("crls");
    Cli.Result written = cli.run("crl", "--out-dir", crls.toString()).expect(0, "crls", "2");
    assertThat(written.all("result")).containsExactly("issued", "issued");
    assertThat(written.all("key-id")).containsExactlyElementsOf(keyIds);
    assertThat(written.all("out")).containsExactly(crls.resolve(keyIds.get(0) + ".crl").toString(),
        crls.resolve(keyIds.get(1) + ".crl").toString());
    X509CRL oldCrl = crl(crls.resolve(keyIds.get(0) + ".crl"));
    X509CRL newCrl = crl(crls.resolve(keyIds.get(1) + ".crl"));
    oldCrl.verify(oldCa.getPublicKey());
    newCrl.verify(newCa.getPublicKey());
    assertThat(oldCrl.getIssuerX500Principal()).isEqualTo(oldCa.getSubjectX500Principal());
    assertThat(newCrl.getIssuerX500Principal()).isEqualTo(newCa.getSubjectX500Principal());
    assertThat(serials(oldCrl)).containsExactly(first.certificate().getSerialNumber());
    assertThat(serials(newCrl)).containsExactly(second.certificate().getSerialNumber());
    // --issuer picks one, by label or key ID; --out alone is ambiguous with two CAs
    Path one = tmp.resolve("one.pem");
    cli.run("crl", "--issuer", "ca-2", "--out", one.toString(), "--format", "pem")
        .expect(0, "key-id", keyIds.get(1)).has("crls", "1").has("label", "ca-2");
    assertThat(serials(crl(one))).containsExactly(second.certificate().getSerialNumber());
    cli.run("crl", "--issuer", keyIds.get(0), "--out", one.toString())
        .expect(0, "label", "initial");
    cli.run("crl", "--out", one.toString()).expect(ShomeiCli.USAGE);
    cli.run("crl", "--issuer", "nobody", "--out", one.toString()).expect(ShomeiCli.USAGE);
    // --if-due: each CA's CRL was just issued, so neither is due
    Cli.Result cron = cli.run("crl", "--if-due", "--out-dir", crls.toString()).expect(0);
    assertThat(cron.all("result")).containsExactly("not-due", "not-due");
  }

  private static AcquisitionResult.Acquired acquire(Shomei shomei, Cli.Result letter) {
    AcquisitionResult r = shomei.acquisition().acquire(AcquisitionRequest.of(
        letter.get("user-id"), FX, Secret.of(letter.get("temporary-password")),
        Secret.of(letter.get("acquisition-password"))));
    assertThat(r).as("%s", r).isInstanceOf(AcquisitionResult.Acquired.class);
    return (AcquisitionResult.Acquired) r;
  }

  private static X509CRL crl(Path file) throws Exception {
    try (java.io.InputStream in = Files.newInputStream(file)) {
      return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
    }
  }

  private static List<java.math.BigInteger> serials(X509CRL crl) {
    Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
    return entries == null ? List.of()
        : entries.stream().map(X509CRLEntry::getSerialNumber).toList();
  }

  @Test
  void clashingWindowsAreRefusedWithExitOneAndNothingIsWritten() throws Exception {
    Cli cli = initialized();
    cli.run("ca", "add", "--label", "ca-2", "--issuing-from", T.toString()).expect(0);
    Map<String, String> before = files();
    Cli.Result overlap = cli.run("ca", "add", "--label", "ca-3", "--issuing-from", T.toString())
        .expect(ShomeiCli.REFUSED, "result", "refused").has("reason", "WINDOWS_OVERLAP")
        .has("label", "ca-3");
    assertThat(overlap.get("detail")).contains("'ca-2'").contains("'ca-3'")
        .contains(T.toString());
    Instant later = T.plus(30, ChronoUnit.DAYS);
    Cli.Result gap = cli.run("ca", "add", "--label", "ca-3", "--issuing-from", later.toString(),
        "--issuing-until", later.plusSeconds(1).toString())
        .expect(ShomeiCli.REFUSED, "reason", "WINDOWS_GAP");
    assertThat(gap.get("detail")).contains("no CA would issue from " + later.plusSeconds(1));
    cli.run("ca", "add", "--label", "ca-2", "--status-only")
        .expect(ShomeiCli.REFUSED, "reason", "LABEL_TAKEN");
    assertThat(files()).isEqualTo(before);
    assertThat(cli.run("ca", "list").expect(0).get("cas")).isEqualTo("2");
  }

  @Test
  void aWindowThatIsNotOneIsAUsageError() throws Exception {
    Cli cli = initialized();
    Map<String, String> before = files();
    List<String[]> usage = List.of(
        new String[] {"ca", "add", "--label", "x"},
        new String[] {"ca", "add", "--label", "x", "--status-only", "--issuing-from", T.toString()},
        new String[] {"ca", "add", "--label", "x", "--status-only", "--issuing-until",
            T.toString()},
        new String[] {"ca", "add", "--label", "x", "--issuing-from", T.toString(),
            "--issuing-until", T.toString()},
        new String[] {"ca", "add", "--label", "Not A Label", "--issuing-from", T.toString()},
        new String[] {"ca", "add", "--label", "x", "--issuing-from", "2031-02-24T00:00"},
        new String[] {"ca", "add", "--label", "x", "--issuing-from", T.toString(),
            "--pkcs11-alias", "a"},
        new String[] {"ca", "add", "--label", "x", "--issuing-from", T.toString(), "--ca-key",
            "dsa-1024"});
    for (String[] args : usage) {
      Cli.Result r = cli.run(args).expect(ShomeiCli.USAGE);
      assertThat(r.out()).as("%s", r).isEmpty();
      assertThat(r.err()).as("%s", r).isNotBlank();
    }
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void onATokenTheNewCaIsAnotherAliasOnTheSameToken() throws Exception {
    SoftHsm.Token token = SoftHsm.token();
    String unique = UUID.randomUUID().toString().substring(0, 8);
    Path data = tmp.resolve("token-data");
    DataDir.init(data, new CaSource.Pkcs11(token.pkcs11Config(), "HSM_PIN", "first-" + unique,
        true, KeyType.EC_P256, "CN=Token First CA,O=Example Bank,C=JP"), Clock.systemUTC(),
        new SecureRandom(), Map.of("HSM_PIN", token.pin())::get).close();
    Cli cli = new Cli(data).env("HSM_PIN", token.pin());
    Cli.Result added = cli.run("ca", "add", "--label", "next-" + unique, "--issuing-from",
        T.toString(), "--ca-key", "rsa-2048").expect(0, "result", "added")
        .has("custody", "pkcs11").has("ended-label", "initial");
    assertThat(Files.readString(data.resolve("shomei.properties")))
        .contains("ca.2.alias=shomei-ca-next-" + unique).doesNotContain(token.pin());
    assertThat(data.resolve("ca/ca-next-" + unique + ".p12")).doesNotExist();
    // reopened, both keys come from the token with the one PIN
    Cli.Result list = cli.run("ca", "list", "--at", T.toString()).expect(0, "cas", "2");
    assertThat(list.all("custody")).containsExactly("pkcs11", "pkcs11");
    assertThat(list.all("key-id").get(1)).isEqualTo(added.get("key-id"));
    assertThat(list.all("issuing-now")).containsExactly("false", "true");
    // the same key again is the same certificate
    cli.run("ca", "add", "--label", "again-" + unique, "--status-only", "--pkcs11-alias",
        "shomei-ca-next-" + unique, "--pkcs11-existing")
        .expect(ShomeiCli.REFUSED, "reason", "SAME_CA");
    for (Cli.Result r : cli.history()) {
      assertThat(r.out() + r.err()).doesNotContain(token.pin());
    }
  }
}
