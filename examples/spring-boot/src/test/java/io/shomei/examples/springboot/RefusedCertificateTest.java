package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.testing.ca.TestCa;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Certificates the bank must refuse at the certificate step, whatever Spring's TLS layer let by. */
class RefusedCertificateTest extends HostTestSupport {

  @Test
  void certificateFromAnUnknownCaIsRefusedEvenWithTheVictimsUserId() throws GeneralSecurityException,
      java.io.IOException {
    enroll("30000001", FORWARD);
    TestCa rogue = TestCa.root("Shomei Spring Example Root CA");
    TestCa.Issued leaf = rogue.leaf().commonName("30000001").issue();
    char[] password = "changeit".toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    List<Certificate> chain = List.of(leaf.certificate(), rogue.rootCertificate());
    keys.setKeyEntry("client", leaf.keyPair().getPrivate(), password, chain.toArray(new Certificate[0]));

    Browser.Page refused = certificateStep(browser(keys, password), FORWARD);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.refusal()).hasValue("CERTIFICATE_NOT_ACCEPTED/UNTRUSTED_CHAIN");
  }

  @Test
  void supersededCertificateIsRefusedThenRevokedAtTheFirstLoginWithItsSuccessor() {
    Letter letter = enroll("30000002", FORWARD);
    ClientCertificate first = acquire(letter, letter.temporaryPassword());
    // the first login with a certificate ends its download ticket; then the customer re-acquires
    firstLogin(browser(first), letter, "Kawase2026ok");
    ClientCertificate second = acquire(letter, "Kawase2026ok");
    assertThat(second.certificate().getSerialNumber())
        .isNotEqualTo(first.certificate().getSerialNumber());

    Browser.Page refused = certificateStep(browser(first), FORWARD);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.refusal()).hasValue("CERTIFICATE_NOT_ACCEPTED/SUPERSEDED");
    assertThat(refused.body()).contains("最新の電子証明書を選択してください");

    Browser b = browser(second);
    assertThat(certificateStep(b, FORWARD).path()).isEqualTo("/login/password");
    assertThat(b.post("/login/password", Map.of("password", "Kawase2026ok")).path())
        .isEqualTo("/home");

    // the first login with the successor revoked the superseded one (AT_FIRST_LOGIN); Shomei's
    // refusal still says why (Refusal.Superseded), so the customer is told to use the newer one
    Browser.Page revoked = certificateStep(browser(first), FORWARD);
    assertThat(revoked.status()).isEqualTo(403);
    assertThat(revoked.refusal()).hasValue("CERTIFICATE_NOT_ACCEPTED/SUPERSEDED");
    assertThat(revoked.body()).contains("最新の電子証明書を選択してください");
  }
}
