package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.web.http.SessionStore;
import io.shomei.testing.env.ProcessRunner;
import io.shomei.testing.env.TlsTerminator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One curl "browser" through HAProxy to web-host nodes: a cookie jar, optionally a client
 * certificate (presented to HAProxy, which forwards it), and the node the next request is forced
 * onto ({@link WebNode#NODE_HEADER}; none: HAProxy balances).
 */
final class ProxiedCurl {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private final Path tmp;
  private final TlsTerminator proxy;
  private final DataDir data;
  private final Path jar;
  private final Path body;
  private final List<String> extra = new ArrayList<>();
  private volatile @Nullable WebNode target;

  ProxiedCurl(Path tmp, TlsTerminator proxy, DataDir data, String jarName) {
    this.tmp = tmp;
    this.proxy = proxy;
    this.data = data;
    this.jar = tmp.resolve(jarName);
    this.body = tmp.resolve(jarName + ".body");
  }

  /** Presents this customer's certificate (the PKCS#12 file) at every handshake from now on. */
  ProxiedCurl certificate(Path p12, ClusterCustomer who) throws IOException {
    Path config = ClusterCustomer.secret(tmp, "curl-" + who.userId() + "-"
        + jar.getFileName() + ".cfg", "cert = \"" + p12 + ":" + who.acquisitionText()
        + "\"\ncert-type = \"P12\"\n");
    extra.addAll(List.of("-K", config.toString()));
    return this;
  }

  /** Forces the next requests onto {@code n}; {@code null}: HAProxy balances. */
  ProxiedCurl on(@Nullable WebNode n) {
    target = n;
    return this;
  }

  String run(String path, String... args) {
    return runTo(body, path, args);
  }

  String post(String path, String... fields) {
    List<String> args = new ArrayList<>();
    for (String f : fields) {
      args.add("--data-urlencode");
      args.add(f);
    }
    return run(path, args.toArray(String[]::new));
  }

  /** Runs curl; returns "STATUS REDIRECT-URL". */
  String runTo(Path out, String path, String... args) {
    WebNode n = target;
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60",
        "--cacert", proxy.siteCertificate().toString(),
        "-b", jar.toString(), "-c", jar.toString(), "-o", out.toString(),
        "-w", "%{http_code} %{redirect_url}"));
    if (n != null) {
      cmd.addAll(List.of("-H", WebNode.NODE_HEADER + ": " + n.name));
    }
    cmd.addAll(extra);
    cmd.addAll(List.of(args));
    cmd.add(proxy.base() + path.substring(1));
    return ProcessRunner.run(cmd, Duration.ofSeconds(90), tmp, Map.of(), null)
        .requireSuccess().stdout().trim();
  }

  String page(String path) throws IOException {
    String status = run(path);
    assertThat(status).as(path + "\n" + lastBody()).startsWith("200");
    return lastBody();
  }

  String lastBody() throws IOException {
    return Files.readString(body, StandardCharsets.UTF_8);
  }

  static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a CSRF field in:\n" + html).isTrue();
    return m.group(1);
  }

  /** The session id in the jar's cookie. */
  String sessionId() throws IOException {
    for (String line : Files.readAllLines(jar, StandardCharsets.UTF_8)) {
      String[] f = line.split("\t", -1);
      if (f.length == 7 && f[5].equals(SessionStore.COOKIE)) {
        return f[6];
      }
    }
    throw new AssertionError("no session cookie in " + jar);
  }

  /** When the shared store last saw this browser's session (-1 once it is gone or rotated). */
  long sessionMark() throws Exception {
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(sessionId().getBytes(StandardCharsets.US_ASCII)));
    try (Connection c = data.dataSource().getConnection();
         PreparedStatement p = c.prepareStatement(
             "SELECT last_seen FROM web_sessions WHERE id_hash = ?")) {
      p.setString(1, hash);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    }
  }

  /**
   * Waits until a node has started on this browser's request: it read the session (which marks
   * it used) or rotated it. The kill that follows lands while the node works on the request.
   */
  void awaitWorkOn(long before) throws Exception {
    for (int i = 0; i < 3000 && sessionMark() == before; i++) {
      Thread.sleep(5);
    }
    assertThat(sessionMark()).as("a node started on the request").isNotEqualTo(before);
  }
}
