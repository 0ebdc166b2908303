package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The host offers TLS 1.2 with ECDHE and AEAD suites only, as the README says (issue 18, item 13):
 * every TLS 1.2 suite this JDK's client supports is offered alone, and only ECDHE with GCM or
 * ChaCha20-Poly1305 may complete a handshake, on the pages' port and on the certificate-login port.
 */
class ServerTlsSuitesTest extends HostTestSupport {

  @Test
  void tls12HandshakesSucceedOnlyWithEcdheAndAeadSuites() throws Exception {
    onlyEcdheAndAead(port);
  }

  @Test
  void theCertificateLoginPortHasTheSameSuites() throws Exception {
    onlyEcdheAndAead(loginPort().port());
  }

  private void onlyEcdheAndAead(int port) throws IOException {
    SSLContext tls = trustingServer();
    List<String> accepted = new ArrayList<>();
    for (String suite : tls.getSupportedSSLParameters().getCipherSuites()) {
      if (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")
          || suite.contains("SCSV")) {
        continue; // TLS 1.3 suites, or signalling values
      }
      if (handshake(tls, port, "TLSv1.2", suite)) {
        accepted.add(suite);
      }
    }
    System.out.println("TLS 1.2 suites the host accepts on " + port + ": " + accepted);
    assertThat(accepted).isNotEmpty().allSatisfy(s -> assertThat(s)
        .startsWith("TLS_ECDHE_").containsAnyOf("_GCM_", "_CHACHA20_POLY1305_"));
    assertThat(accepted).contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    assertThat(handshake(tls, port, "TLSv1.1", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")).isFalse();
  }

  private static boolean handshake(SSLContext tls, int port, String protocol, String suite)
      throws IOException {
    try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(5_000);
      s.setEnabledProtocols(new String[] {protocol});
      s.setEnabledCipherSuites(new String[] {suite});
      s.startHandshake();
      return suite.equals(s.getSession().getCipherSuite());
    } catch (javax.net.ssl.SSLException e) {
      return false;
    } catch (IllegalArgumentException e) {
      return false; // the client cannot offer it at all
    }
  }
}
