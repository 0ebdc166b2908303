package io.shomei.core.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.Secret;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.issue.IssuanceResult;
import io.shomei.core.issue.IssuedCertificate;
import io.shomei.core.migration.ActiveConflictPolicy;
import io.shomei.core.migration.CertificateInventory;
import io.shomei.core.migration.ImportRequest;
import io.shomei.core.migration.ImportResult;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.KeyCustodyException;
import io.shomei.testing.MutableClock;
import io.shomei.testing.memory.InMemoryAuditLog;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adopting an existing CA whose key and chain (issuing CA, intermediate, root) come from a PKCS#12
 * file made with the openssl command line.
 */
class AdoptedCaTest {
  static final String PASSWORD = "old-bank-ca-pw";
  @TempDir static Path dir;
  static OpensslCa ca;

  @BeforeAll
  static void createCa() throws Exception {
    ca = OpensslCa.create(dir);
  }

  @Test
  void loadsTheIssuingCaWithItsWholeChainByAlias() throws Exception {
    Path p12 = ca.pkcs12("named.p12", PASSWORD, "old-ca");
    SoftwareKeyCustody custody = SoftwareKeyCustody.load(p12, Secret.of(PASSWORD), "old-ca");
    assertThat(custody.certificateChain()).containsExactly(ca.certificate("issuing"),
        ca.certificate("inter"), ca.certificate("root"));
    assertThatThrownBy(() -> SoftwareKeyCustody.load(p12, Secret.of(PASSWORD), "other"))
        .isInstanceOf(KeyCustodyException.class).hasMessageContaining("other");
    assertThatThrownBy(() -> SoftwareKeyCustody.load(p12, Secret.of("wrong"), "old-ca"))
        .isInstanceOf(KeyCustodyException.class).hasMessageNotContaining("wrong");
  }

  @Test
  void loadsTheOnlyKeyEntryOfAFileWithoutFriendlyName() throws Exception {
    Path p12 = ca.pkcs12("unnamed.p12", PASSWORD, null);
    SoftwareKeyCustody custody = SoftwareKeyCustody.load(p12, Secret.of(PASSWORD));
    assertThat(custody.certificateChain()).hasSize(3);
    assertThat(custody.certificate()).isEqualTo(ca.certificate("issuing"));
  }

  @Test
  void refusesToGuessBetweenSeveralKeyEntries() throws Exception {
    Path p12 = ca.pkcs12("two-source.p12", PASSWORD, "old-ca");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    Key key = ks.getKey("old-ca", PASSWORD.toCharArray());
    Certificate[] chain = ks.getCertificateChain("old-ca");
    ks.setKeyEntry("second-ca", key, PASSWORD.toCharArray(), chain);
    Path two = dir.resolve("two.p12");
    try (OutputStream out = Files.newOutputStream(two)) {
      ks.store(out, PASSWORD.toCharArray());
    }
    assertThatThrownBy(() -> SoftwareKeyCustody.load(two, Secret.of(PASSWORD)))
        .isInstanceOf(KeyCustodyException.class)
        .hasMessageContaining("2 private key entries").hasMessageContaining("second-ca");
    assertThat(SoftwareKeyCustody.load(two, Secret.of(PASSWORD), "second-ca").certificateChain())
        .hasSize(3);
  }

  /** New certificates signed with the adopted key chain to the old root; old ones import. */
  @Test
  void issuesWithTheAdoptedKeyAndImportsTheOldCasCertificates() throws Exception {
    KeyCustody custody = SoftwareKeyCustody.load(ca.pkcs12("use.p12", PASSWORD, "old-ca"),
        Secret.of(PASSWORD));
    issueAndImport(custody, ca);
  }

  static void issueAndImport(KeyCustody custody, OpensslCa ca) throws Exception {
    MutableClock clock = MutableClock.at(Instant.now().plusSeconds(60));
    IssuanceResult r = CertificateIssuer.builder().keyCustody(custody).clock(clock).build()
        .issueWithGeneratedKey(CertificateProfile.builder("p", "fx-forward", "1.2.3.4").build(),
            "87654321");
    IssuedCertificate issued = ((IssuanceResult.Issued) r).certificate();
    X509Certificate leaf = issued.certificate();
    leaf.verify(custody.publicKey());
    assertThat(issued.caChain()).isEqualTo(custody.certificateChain());

    X509Certificate root = ca.certificate("root");
    CertificateInventory inventory = CertificateInventory.builder()
        .certificateStore(new InMemoryCertificateStore())
        .auditTrail(new AuditTrail(new InMemoryAuditLog(), clock)).clock(clock)
        .trustAnchors("fx-forward", List.of(root)).build();
    List<X509Certificate> intermediates = custody.certificateChain().subList(0, 2);
    // the certificate Shomei just issued, and the one the old CA issued with openssl
    for (X509Certificate c : List.of(leaf, ca.certificate("client"))) {
      ImportResult result = inventory.importCertificate(
          ImportRequest.of(c, "fx-forward").withIntermediates(intermediates),
          ActiveConflictPolicy.REFUSE);
      assertThat(result).isInstanceOf(ImportResult.Imported.class);
    }
  }
}
