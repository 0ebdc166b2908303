package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.testing.ca.TestCa;
import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Spring Boot host's "renew my certificate" page: only the customer's own current certificate,
 * presented in the handshake on the certificate-login connector, renews, with no certificate
 * acquisition password; the file is protected by the password the customer chose.
 */
class RenewalPageTest extends HostTestSupport {

  @Test
  void onlyTheCustomersCurrentCertificateRenewsWithoutTheAcquisitionPassword() throws Exception {
    Letter letter = enroll("50000011", FORWARD);
    ClientCertificate old = acquire(letter, letter.temporaryPassword());
    String chosen = "Renew2026file";

    // the pages' connector sends the browser to the certificate-login connector
    Browser pages = new Browser(base(), DATA.resolve(ServerTls.CERTIFICATE_PEM), null, null);
    Browser.Page redirected = pages.get("/renew");
    assertThat(redirected.uri().getPort()).isEqualTo(loginPort().port());

    // without a certificate: refused, with the way to acquisition
    Browser none = new Browser(loginBase(), DATA.resolve(ServerTls.CERTIFICATE_PEM), null, null);
    assertThat(none.get("/renew").body()).contains("href=\"/acquire\"");
    Browser.Page noProof = renew(none, chosen);
    assertThat(noProof.status()).isEqualTo(403);
    assertThat(noProof.refusal()).hasValueSatisfying(r -> assertThat(r).startsWith("NO_PROOF"));

    // a foreign CA's certificate with the customer's CN: not accepted
    TestCa rogue = TestCa.root("Phishing Kit CA");
    TestCa.Issued leaf = rogue.leaf().commonName(letter.userId()).issue();
    KeyStore foreign = KeyStore.getInstance("PKCS12");
    foreign.load(null, null);
    foreign.setKeyEntry("client", leaf.keyPair().getPrivate(), "pw".toCharArray(),
        List.of(leaf.certificate(), rogue.rootCertificate()).toArray(new Certificate[0]));
    Browser.Page notAccepted = renew(browser(foreign, "pw".toCharArray()), chosen);
    assertThat(notAccepted.status()).isEqualTo(403);
    assertThat(notAccepted.refusal())
        .hasValueSatisfying(r -> assertThat(r).startsWith("CERTIFICATE_NOT_ACCEPTED"));

    // the customer's certificate: the form shows it and asks no acquisition password
    Browser customer = browser(old);
    String form = customer.get("/renew").body();
    assertThat(form).contains("<td class=\"cn\">" + letter.userId() + "</td>")
        .contains("name=\"filePassword\"").doesNotContain("acquisitionPassword");
    Browser.Page mismatch = customer.post("/renew",
        Map.of("service", FORWARD, "filePassword", chosen, "confirmFilePassword", chosen + "x"));
    assertThat(mismatch.refusal()).hasValueSatisfying(r -> assertThat(r).startsWith("MISMATCH"));
    Browser.Page issued = renew(customer, chosen);
    assertThat(issued.status()).as("%s", issued.refusal()).isEqualTo(200);
    assertThat(issued.body()).contains("id=\"issued\"")
        .contains(WebWords.both("download.steps.password.renewal", Map.of()).get(0));
    Browser.Page file = customer.post("/acquire/download", Map.of());
    assertThat(file.status()).isEqualTo(200);
    KeyStore fresh = KeyStore.getInstance("PKCS12");
    fresh.load(new ByteArrayInputStream(file.bytes()), chosen.toCharArray());
    X509Certificate renewed =
        (X509Certificate) fresh.getCertificate(fresh.aliases().nextElement());
    assertThat(renewed.getSerialNumber()).isNotEqualTo(old.certificate().getSerialNumber());
    assertThat(renewed.getSubjectX500Principal()).isEqualTo(
        old.certificate().getSubjectX500Principal());

    CertificateRecord before = shomei.operator("branch-001")
        .view(new AccountKey(letter.userId(), FORWARD)).orElseThrow().certificates().stream()
        .filter(c -> c.serial().equals(old.certificate().getSerialNumber())).findFirst()
        .orElseThrow();
    assertThat(before.status()).isEqualTo(CertificateStatus.SUPERSEDED);
    assertThat(before.supersededBy()).isEqualTo(renewed.getSerialNumber());

    // the superseded certificate renews no more
    Browser.Page again = renew(browser(old), chosen);
    assertThat(again.status()).isEqualTo(403);
    assertThat(again.refusal()).hasValueSatisfying(r -> assertThat(r).startsWith("SUPERSEDED"));
  }

  @Test
  void theLandingPageLinksToTheRenewalPage() {
    Letter letter = enroll("50000012", FORWARD);
    ClientCertificate cert = acquire(letter, letter.temporaryPassword());
    Browser.Page home = firstLogin(browser(cert), letter, "Kawase2026renew");
    assertThat(home.body()).contains("id=\"renew\" href=\"/renew\"");
  }

  private static Browser.Page renew(Browser b, String filePassword) {
    b.get("/renew");
    return b.post("/renew", Map.of("service", FORWARD, "filePassword", filePassword,
        "confirmFilePassword", filePassword));
  }
}
