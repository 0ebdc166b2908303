package io.shomei.examples.console;

import java.net.CookieManager;
import java.net.Socket;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.StringJoiner;
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
 * An operator's browser stand-in: the console's server CA as its only trust anchor, one client
 * certificate (or none) presented whenever asked, a cookie jar, no automatic redirects.
 */
final class ConsoleClient {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  /** A response. */
  // a test's view of one response: never compared, hashed or printed
  @SuppressWarnings("ArrayRecordComponent")
  record Page(int status, String body, byte[] bytes, String location, String contentType) {
    String csrf() {
      Matcher m = CSRF.matcher(body);
      if (!m.find()) {
        throw new AssertionError("no CSRF token on the page:\n" + body);
      }
      return m.group(1);
    }

    /** The typed code of the page's first notice box ({@code data-code}), or "". */
    String code() {
      Matcher m = Pattern.compile("class=\"notice [a-z]+\" role=\"status\" data-code=\"([^\"]*)\"")
          .matcher(body);
      return m.find() ? m.group(1) : "";
    }
  }

  private final URI base;
  private final HttpClient http;
  private final CookieManager cookies;

  ConsoleClient(URI base, X509Certificate serverCa, @Nullable PrivateKey key,
      X509Certificate... chain) {
    this(base, serverCa, new CookieManager(), key, chain);
  }

  /** A client that shares another's cookie jar (its session) but presents its own certificate. */
  ConsoleClient withCookiesOf(ConsoleClient other, X509Certificate serverCa, PrivateKey key,
      X509Certificate certificate) {
    return new ConsoleClient(base, serverCa, other.cookies, key, certificate);
  }

  private ConsoleClient(URI base, X509Certificate serverCa, CookieManager cookies,
      @Nullable PrivateKey key, X509Certificate... chain) {
    this.base = base;
    this.cookies = cookies;
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("server-ca", serverCa);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] pw = "test".toCharArray();
      if (key != null) {
        keys.setKeyEntry("me", key, pw, chain);
      }
      kmf.init(keys, pw);
      KeyManager[] km = key == null ? kmf.getKeyManagers()
          : new KeyManager[] {new Always((X509KeyManager) kmf.getKeyManagers()[0])};
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(km, tmf.getTrustManagers(), null);
      cookies.setCookiePolicy(CookiePolicy.ACCEPT_ALL);
      this.http = HttpClient.newBuilder().sslContext(ctx).cookieHandler(cookies)
          .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10)).build();
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Presents the one certificate whatever CAs the server names (a person choosing it in the
   * browser's dialog), as a customer trying the console would.
   */
  private static final class Always extends X509ExtendedKeyManager {
    private final X509KeyManager keys;

    Always(X509KeyManager keys) {
      this.keys = keys;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine e) {
      return "me";
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return "me";
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {"me"};
    }

    @Override
    public String @Nullable [] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public @Nullable String chooseServerAlias(String keyType, Principal[] issuers,
        Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return keys.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return keys.getPrivateKey(alias);
    }
  }

  Page get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  Page post(String path, String... fields) {
    StringJoiner form = new StringJoiner("&");
    for (int i = 0; i + 1 < fields.length; i += 2) {
      form.add(URLEncoder.encode(fields[i], StandardCharsets.UTF_8) + "="
          + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
    }
    return send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
  }

  private Page send(HttpRequest.Builder b) {
    try {
      HttpResponse<byte[]> r = http.send(b.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      return new Page(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r.body(),
          r.headers().firstValue("Location").orElse(""),
          r.headers().firstValue("Content-Type").orElse(""));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
