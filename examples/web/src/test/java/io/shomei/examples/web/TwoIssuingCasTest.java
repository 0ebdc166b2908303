package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.issue.KeyType;
import io.shomei.examples.datadir.CaAddition;
import io.shomei.examples.datadir.CaSource;
import io.shomei.examples.datadir.CaWindow;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.datadir.StoredCa;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web host on a data directory with two issuing CAs and a rollover between them: a customer
 * who acquires just before the cut-over gets a certificate of the old CA, one who acquires at it a
 * certificate of the new CA, and both log in with their certificates while both CAs are anchors.
 */
class TwoIssuingCasTest {
  @TempDir Path dir;

  @Test
  void certificatesOfTheOldAndTheNewCaBothLogInAcrossTheRollover() throws Exception {
    Instant cutOver = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    try (WebFixture fx = new WebFixture(dir.resolve("data"), data -> {
      CaAddition a = data.addIssuingCa("ca-2", new CaSource.Generate(KeyType.EC_P256,
          "CN=Web Test New CA,O=Example Bank,C=JP"), CaWindow.issuing(cutOver, null),
          java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofDays(-1)),
          new SecureRandom());
      assertThat(a).isInstanceOf(CaAddition.Added.class);
    }, b -> b)) {
      List<StoredCa> cas = fx.data.issuingCas();
      X509Certificate oldCa = cas.get(0).certificate();
      X509Certificate newCa = cas.get(1).certificate();

      fx.clock.set(cutOver.minusSeconds(1));
      WebFixture.Customer early = fx.enroll(DataDir.FX_FORWARD);
      byte[] earlyFile = fx.acquire(early);
      assertThat(leaf(earlyFile, early).getIssuerX500Principal())
          .isEqualTo(oldCa.getSubjectX500Principal());

      fx.clock.set(cutOver);
      WebFixture.Customer late = fx.enroll(DataDir.FX_FORWARD);
      byte[] lateFile = fx.acquire(late);
      X509Certificate lateLeaf = leaf(lateFile, late);
      assertThat(lateLeaf.getIssuerX500Principal()).isEqualTo(newCa.getSubjectX500Principal());
      lateLeaf.verify(newCa.getPublicKey());

      // after the cut-over both certificates log in: both CAs are anchors of the service
      TestClient lateClient = fx.withCertificate(lateFile, late.acquisitionPassword());
      fx.firstLogin(lateClient, late);
      TestClient earlyClient = fx.withCertificate(earlyFile, early.acquisitionPassword());
      fx.firstLogin(earlyClient, early);
    }
  }

  private static X509Certificate leaf(byte[] p12, WebFixture.Customer who) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(new ByteArrayInputStream(p12), who.acquisitionPassword().toCharArray());
    for (String alias : Collections.list(ks.aliases())) {
      if (ks.isKeyEntry(alias)) {
        return (X509Certificate) ks.getCertificate(alias);
      }
    }
    throw new AssertionError("no key entry");
  }
}
