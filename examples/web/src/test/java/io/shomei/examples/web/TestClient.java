package io.shomei.examples.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.jspecify.annotations.Nullable;

/**
 * A browser stand-in on java.net.http: a cookie jar, no automatic redirects, the server's CA as
 * the only trust anchor, and optionally one client certificate that it always presents (like a
 * customer choosing it in the selection dialog, whatever CAs the server names).
 */
final class TestClient {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private final URI base;
  private final HttpClient http;
  private final CookieManager cookies;
  /** How many times a server asked this client for its certificate (TLS CertificateRequest). */
  private final java.util.concurrent.atomic.AtomicInteger asked =
      new java.util.concurrent.atomic.AtomicInteger();

  TestClient(URI base, X509Certificate serverCa, @Nullable KeyStore clientKeys, char[] password,
      CookieManager cookies) {
    this.base = base;
    this.cookies = cookies;
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("server-ca", serverCa);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManager[] km = null;
      if (clientKeys != null) {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(clientKeys, password);
        String alias = null;
        for (String a : Collections.list(clientKeys.aliases())) {
          if (clientKeys.isKeyEntry(a)) {
            alias = a;
          }
        }
        km = new KeyManager[] {new ChosenAlias((X509KeyManager) kmf.getKeyManagers()[0],
            Objects.requireNonNull(alias, "no key entry"), asked)};
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(km, tmf.getTrustManagers(), null);
      this.http = HttpClient.newBuilder()
          .sslContext(ctx)
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .cookieHandler(cookies)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static TestClient anonymous(URI base, X509Certificate serverCa) {
    return new TestClient(base, serverCa, null, new char[0], newJar());
  }

  static TestClient withPkcs12(URI base, X509Certificate serverCa, byte[] p12, String password) {
    return withPkcs12(base, serverCa, p12, password, newJar());
  }

  static TestClient withPkcs12(URI base, X509Certificate serverCa, byte[] p12, String password,
      CookieManager jar) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(new ByteArrayInputStream(p12), password.toCharArray());
      return new TestClient(base, serverCa, ks, password.toCharArray(), jar);
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the PKCS#12 file", e);
    }
  }

  static TestClient withKeyStore(URI base, X509Certificate serverCa, KeyStore ks, char[] pw) {
    return new TestClient(base, serverCa, ks, pw, newJar());
  }

  static CookieManager newJar() {
    return new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  }

  /**
   * How many TLS handshakes asked for this client's certificate (what makes a browser open its
   * certificate chooser).
   */
  int certificateRequests() {
    return asked.get();
  }

  CookieManager jar() {
    return cookies;
  }

  /** A response. */
  // a test value that is read, never compared or hashed
  @SuppressWarnings("ArrayRecordComponent")
  record Page(int status, HttpHeaders headers, byte[] bytes) {
    String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    String location() {
      return headers.firstValue("Location").orElse("");
    }

    String csrf() {
      Matcher m = CSRF.matcher(body());
      if (!m.find()) {
        throw new AssertionError("no CSRF field in:\n" + body());
      }
      return m.group(1);
    }

    String header(String name) {
      return headers.firstValue(name).orElse("");
    }

    List<String> headerValues(String name) {
      return headers.allValues(name);
    }

    @Override
    public String toString() {
      return "Page[" + status + " " + location() + "]";
    }
  }

  Page get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  Page post(String path, Map<String, String> form) {
    return send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
  }

  Page postRaw(String path, String contentType, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return send(b);
  }

  static Map<String, String> form(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static String encode(Map<String, String> form) {
    List<String> parts = new ArrayList<>();
    form.forEach((k, v) -> parts.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return String.join("&", parts);
  }

  private Page send(HttpRequest.Builder b) {
    try {
      HttpResponse<byte[]> r = http.send(b.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      return new Page(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Always presents one certificate, like a customer who picked it in the dialog. */
  private static final class ChosenAlias extends X509ExtendedKeyManager {
    private final X509KeyManager delegate;
    private final String alias;
    private final java.util.concurrent.atomic.AtomicInteger asked;

    ChosenAlias(X509KeyManager delegate, String alias,
        java.util.concurrent.atomic.AtomicInteger asked) {
      this.delegate = delegate;
      this.alias = alias;
      this.asked = asked;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {alias};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      asked.incrementAndGet();
      return alias;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      asked.incrementAndGet();
      return alias;
    }

    @Override
    public String @Nullable [] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public @Nullable String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String a) {
      return delegate.getCertificateChain(a);
    }

    @Override
    public PrivateKey getPrivateKey(String a) {
      return delegate.getPrivateKey(a);
    }
  }
}
