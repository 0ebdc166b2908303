package io.shomei.examples.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jspecify.annotations.Nullable;

/**
 * A test client over real TLS, like a browser: cookies, redirects, the CSRF token of the last page,
 * and optionally one client certificate, which it presents to whatever issuers the server asks for
 * (as a user who picks that certificate in the browser's dialog).
 */
final class Browser {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern REFUSAL =
      Pattern.compile("<div id=\"refusal\" data-reason=\"([^\"]*)\" data-detail=\"([^\"]*)\"");

  private final URI base;
  private final HttpClient client;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private @Nullable String csrf;
  private final AtomicInteger certificateRequests = new AtomicInteger();

  /** One page (or file) the server answered. */
  static final class Page {
    private final int status;
    private final URI uri;
    private final String body;
    private final byte[] bytes;
    private final java.net.http.HttpHeaders headers;

    Page(int status, URI uri, String body, byte[] bytes, java.net.http.HttpHeaders headers) {
      this.status = status;
      this.uri = uri;
      this.body = body;
      this.bytes = bytes.clone();
      this.headers = headers;
    }

    int status() {
      return status;
    }

    URI uri() {
      return uri;
    }

    String body() {
      return body;
    }

    byte[] bytes() {
      return bytes.clone();
    }

    java.net.http.HttpHeaders headers() {
      return headers;
    }

    String path() {
      return uri.getPath();
    }

    /** The refusal's reason code and detail, if the page shows one. */
    Optional<String> refusal() {
      Matcher m = REFUSAL.matcher(body);
      return m.find() ? Optional.of(m.group(1) + "/" + m.group(2)) : Optional.empty();
    }

    @Nullable String attribute(String elementId, String attribute) {
      Matcher m = Pattern.compile("id=\"" + Pattern.quote(elementId) + "\"[^>]*?"
          + Pattern.quote(attribute) + "=\"([^\"]*)\"").matcher(body);
      return m.find() ? m.group(1) : null;
    }

    @Override
    public String toString() {
      return status + " " + uri + "\n" + body;
    }
  }

  Browser(URI base, Path serverCertificatePem, @Nullable KeyStore clientKeys,
      char @Nullable [] clientKeyPassword) {
    this.base = base;
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (InputStream in = Files.newInputStream(serverCertificatePem)) {
        trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      KeyManager[] keys = clientKeys == null || clientKeyPassword == null
          ? new KeyManager[0]
          : new KeyManager[] {new OneCertificate(clientKeys, clientKeyPassword,
              certificateRequests)};
      tls.init(keys, tmf.getTrustManagers(), null);
      this.client = HttpClient.newBuilder().sslContext(tls).cookieHandler(cookies)
          .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10))
          .build();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Page get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  /** POSTs a form with the CSRF token of the last page this browser saw. */
  Page post(String path, Map<String, String> fields) {
    Map<String, String> form = new LinkedHashMap<>(fields);
    if (csrf != null) {
      form.put("_csrf", csrf);
    }
    return postRaw(path, form);
  }

  Page postRaw(String path, Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /**
   * How many TLS handshakes asked this browser for its certificate (each would pop a desktop
   * browser's certificate chooser); counted only when it holds one.
   */
  int certificateRequests() {
    return certificateRequests.get();
  }

  /** The CSRF token of the last page. */
  String csrfToken() {
    String token = csrf;
    if (token == null) {
      throw new AssertionError("no page with a CSRF token yet");
    }
    return token;
  }

  /** The value of a cookie this browser holds; fails if it holds none of that name. */
  String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue).findFirst()
        .orElseThrow(() -> new AssertionError("no cookie " + name));
  }

  /** Takes a cookie another browser holds (an attacker who obtained a session id). */
  void adoptCookie(String name, String value) {
    HttpCookie c = new HttpCookie(name, value);
    c.setPath("/");
    c.setSecure(true);
    c.setVersion(0);
    cookies.getCookieStore().add(base, c);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private Page send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> r = client.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      byte[] bytes = r.body();
      String contentType = r.headers().firstValue("Content-Type").orElse("");
      String text = contentType.startsWith("text/") ? new String(bytes, StandardCharsets.UTF_8) : "";
      Matcher m = CSRF.matcher(text);
      if (m.find()) {
        csrf = m.group(1);
      }
      return new Page(r.statusCode(), r.uri(), text, bytes, r.headers());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Presents its one certificate whatever issuers the server lists. */
  private static final class OneCertificate extends X509ExtendedKeyManager {
    private final PrivateKey key;
    private final X509Certificate[] chain;
    private final AtomicInteger requests;

    OneCertificate(KeyStore store, char[] password, AtomicInteger requests)
        throws GeneralSecurityException {
      this.requests = requests;
      String alias = store.aliases().nextElement();
      this.key = (PrivateKey) store.getKey(alias, password);
      Certificate[] certificates = store.getCertificateChain(alias);
      this.chain = new X509Certificate[certificates.length];
      for (int i = 0; i < certificates.length; i++) {
        chain[i] = (X509Certificate) certificates[i];
      }
    }

    @Override
    public String[] getClientAliases(String keyType, Principal @Nullable [] issuers) {
      return new String[] {"client"};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal @Nullable [] issuers,
        @Nullable Socket socket) {
      requests.incrementAndGet(); // the server sent a CertificateRequest
      return "client";
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal @Nullable [] issuers,
        @Nullable SSLEngine engine) {
      requests.incrementAndGet(); // the server sent a CertificateRequest
      return "client";
    }

    @Override
    public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
      return null;
    }

    @Override
    public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers,
        @Nullable Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return chain.clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return key;
    }
  }
}
