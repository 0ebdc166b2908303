package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.examples.datadir.DataDir;
import io.shomei.testing.env.BrowserWalks;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.TlsTerminator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manual in headless Chromium through real nginx and real HAProxy, each started from its
 * shipped configuration, to the web example started behind that proxy ({@code --behind-proxy
 * nginx|haproxy --trusted-peer 127.0.0.2}): the same walk as {@link ChromiumE2eTest}
 * ({@code manual.mjs}: acquisition, download, the file as the browser's certificate, certificate
 * login with wrong passwords and the last-attempt warning, the temporary password on the software
 * keyboard, the first-login change, the landing page), with the pages and certificate login both
 * at the proxy's origin. The browser presents the downloaded file to the proxy (Playwright's
 * client certificate for the proxy's origin); the proxy asks for it naming the services' CAs,
 * verifies it and forwards it in its header; the host, which speaks plain HTTP, takes it from the
 * proxy's address only. Screenshots in {@code target/e2e-screenshots-nginx/} and
 * {@code target/e2e-screenshots-haproxy/}.
 */
class ChromiumThroughProxiesTest {
  private static final Path E2E = Path.of("src", "test", "e2e");
  private static final Path WORK = Path.of("target", "e2e-run");

  @TempDir Path tmp;

  @Test
  void theManualInHeadlessChromiumThroughNginx() throws Exception {
    walkThrough("nginx", Component.NGINX);
  }

  @Test
  void theManualInHeadlessChromiumThroughHaproxy() throws Exception {
    walkThrough("haproxy", Component.HAPROXY);
  }

  private void walkThrough(String proxy, Component component) throws Exception {
    Components.require(component, Component.OPENSSL);
    BrowserWalks walks = BrowserWalks.prepare(E2E, WORK, List.of(E2E.resolve("walk-common.mjs"),
        E2E.resolve("manual.mjs")));
    Path shots = Path.of("target", "e2e-screenshots-" + proxy);
    BrowserWalks.clean(shots);
    try (FirstStart web = FirstStart.behindProxy(tmp.resolve("shomei-data"), proxy)) {
      DataDir data = web.running().data();
      int backend = web.running().server().port();
      Path dir = tmp.resolve(proxy);
      try (TlsTerminator terminator = proxy.equals("nginx")
          ? Proxies.nginx(dir, data, backend, c -> c)
          : Proxies.haproxy(dir, data, backend, c -> c)) {
        walks.run("manual.mjs", Map.of(
            "BASE_URL", terminator.base(),
            "LOGIN_URL", terminator.base(),
            "USER_ID", web.userId(),
            "TEMP_PASSWORD", web.temporaryPassword(),
            "ACQ_PASSWORD", web.acquisitionPassword(),
            "NEW_PASSWORD", "Proxied" + web.userId().substring(0, 3) + "Kawase",
            "SHOTS_DIR", shots.toAbsolutePath().toString(),
            "DOWNLOAD_DIR", tmp.resolve("downloads").toAbsolutePath().toString()), shots);
      }
      // the certificate reached the plain-HTTP host only in the proxy's header, and was taken
      List<String> types = new ArrayList<>();
      data.storage().auditLog().forEach(1, r -> types.add(r.type()));
      assertThat(types).contains("LOGIN_CERTIFICATE_ACCEPTED", "LOGIN_SUCCEEDED")
          .doesNotContain("FORWARDED_CERTIFICATE_REFUSED");
    }
    BrowserWalks.assertScreenshots(shots, List.of("01-login", "02-acquire", "04-download",
        "04a-downloads-used-up", "04b-acquired-again", "04c-download-en",
        "05a-last-attempt-warning", "05-password", "06-change-password",
        "06a-keyboard-new-password", "07-home", "08-home-en"));
  }
}
