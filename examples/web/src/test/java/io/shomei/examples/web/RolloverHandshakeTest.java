package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.issue.KeyType;
import io.shomei.examples.datadir.CaSource;
import io.shomei.examples.datadir.DataDir;
import io.shomei.spi.CertificateRecord;
import io.shomei.testing.CertificateRequestProbe;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The web host's certificate-login port asks browsers for the CAs its services accept at the
 * instant of each handshake: across a dated rollover written in the data directory, the same
 * running server names the old CA before the cut-over and the new one from it.
 */
class RolloverHandshakeTest {
  static final TestCa NEW_CA = TestCa.root("Web Rollover New CA");

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void theLoginPortRequestsTheOldCaUntilTheCutOverAndTheNewOneFromIt(String protocol)
      throws Exception {
    MutableClock clock = MutableClock.at("2020-01-01T00:00:00Z");
    Instant cutOver = Instant.now().plusSeconds(86_400);
    X509Certificate old;
    try (DataDir data = DataDir.init(dir.resolve("data"), new CaSource.Generate(KeyType.EC_P256,
        "CN=Web Rollover Old CA,O=Example Bank,C=JP"), clock, new SecureRandom())) {
      old = data.issuingCa();
      for (String service : DataDir.SERVICES) {
        assertThat(data.addTrustAnchor(service, NEW_CA.certificate())).isTrue();
        assertThat(data.setAnchorWindow(service, fingerprint(old), null, cutOver)).isTrue();
        assertThat(data.setAnchorWindow(service, fingerprint(NEW_CA.certificate()), cutOver,
            null)).isTrue();
      }
    }
    clock.set(cutOver.minusSeconds(1));
    try (DataDir data = DataDir.open(dir.resolve("data"));
        WebServer server = WebServer.builder(data).port(0).loginPort(0).clock(clock)
            .identity(ServerIdentity.loadOrCreate(dir.resolve("web"), Clock.systemUTC(),
                new SecureRandom()))
            .start()) {
      InetSocketAddress login = new InetSocketAddress(
          InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), server.loginPort());
      assertThat(CertificateRequestProbe.requestedCaNames(login, protocol))
          .containsExactly(old.getSubjectX500Principal());
      clock.set(cutOver);
      assertThat(CertificateRequestProbe.requestedCaNames(login, protocol))
          .containsExactly(NEW_CA.certificate().getSubjectX500Principal());
    }
  }

  static String fingerprint(X509Certificate c) throws Exception {
    return CertificateRecord.fingerprintOf(c.getEncoded());
  }
}
