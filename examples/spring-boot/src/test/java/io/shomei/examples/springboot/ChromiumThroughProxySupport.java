package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.store.jdbc.JdbcStorage;
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
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The manual in headless Chromium through a real TLS terminator (the web example's shipped
 * nginx.conf or haproxy.cfg) to the Spring Boot host behind it: {@code walk.mjs}, the walk
 * {@link ChromiumWalkTest} runs against the host directly, with the pages and certificate login
 * both at the proxy's origin. The browser presents the downloaded file to the proxy (Playwright's
 * client certificate for the proxy's origin); the proxy verifies it against the services' CAs and
 * forwards it in its header; the host, on plain HTTP, takes it from 127.0.0.2 only. A subclass
 * names the proxy and sets the matching {@code shomei.behind-proxy.*} properties. Screenshots in
 * {@code target/e2e-screenshots-<proxy>/}.
 */
abstract class ChromiumThroughProxySupport extends HostTestSupport {
  private static final Path WEB_E2E = Path.of("..", "web", "src", "test", "e2e");
  private static final Path E2E = Path.of("src", "test", "e2e");
  private static final Path WORK = Path.of("target", "e2e-run");
  private static final Path PROXY_CONFIGS = Path.of("..", "web", "proxy");

  @TempDir Path tmp;
  @Autowired JdbcStorage storage;

  /** {@code nginx} or {@code haproxy}. */
  abstract String proxy();

  /** A user ID of its own (the contexts may share a database). */
  abstract String userId();

  @Test
  void theManualInHeadlessChromiumThroughTheProxy() throws Exception {
    boolean nginx = proxy().equals("nginx");
    Components.require(nginx ? Component.NGINX : Component.HAPROXY, Component.OPENSSL);
    BrowserWalks walks = BrowserWalks.prepare(WEB_E2E, WORK, List.of(
        WEB_E2E.resolve("walk-common.mjs"), E2E.resolve("walk.mjs")));
    Path shots = Path.of("target", "e2e-screenshots-" + proxy());
    BrowserWalks.clean(shots);
    // the context may be shared with tests that forge headers on purpose: this walk's records only
    long before = storage.auditLog().last().map(r -> r.sequence()).orElse(0L);
    Letter letter = enroll(userId(), FORWARD);
    Path dir = tmp.resolve(proxy());
    Map<String, String> values = Map.of("@CLIENT_CA@", clientCas(dir).toString(),
        "@BACKEND_PORT@", Integer.toString(port), "@SOURCE_ADDRESS@", "127.0.0.2");
    Path template = PROXY_CONFIGS.resolve(nginx ? "nginx.conf" : "haproxy.cfg");
    try (TlsTerminator terminator = nginx
        ? TlsTerminator.nginx(template, values, c -> c, dir)
        : TlsTerminator.haproxy(template, values, c -> c, dir)) {
      walks.run("walk.mjs", Map.of(
          "BASE_URL", terminator.base(),
          "LOGIN_URL", terminator.base(),
          "USER_ID", letter.userId(),
          "TEMP_PASSWORD", letter.temporaryPassword(),
          "ACQ_PASSWORD", letter.acquisitionPassword(),
          "NEW_PASSWORD", "Proxied" + letter.userId().substring(0, 3) + "Kawase",
          "SHOTS_DIR", shots.toAbsolutePath().toString(),
          "DOWNLOAD_DIR", tmp.resolve("downloads").toAbsolutePath().toString()), shots);
    }
    // the certificate reached the plain-HTTP host only in the proxy's header, and was taken
    List<String> types = new ArrayList<>();
    storage.auditLog().forEach(before + 1, r -> types.add(r.type()));
    assertThat(types).contains("LOGIN_CERTIFICATE_ACCEPTED", "LOGIN_SUCCEEDED")
        .doesNotContain("FORWARDED_CERTIFICATE_REFUSED");
    BrowserWalks.assertScreenshots(shots, List.of("01-login", "02-acquire", "03-download",
        "04-attempts-left", "05-password-keyboard", "06-change-keyboard", "07-home"));
  }
}
