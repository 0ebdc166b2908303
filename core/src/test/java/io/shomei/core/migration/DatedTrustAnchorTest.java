package io.shomei.core.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.EnrollmentResult;
import io.shomei.core.LoginResult;
import io.shomei.core.ServiceSettings;
import io.shomei.core.Shomei;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.identity.ClientCertificateTrustManager;
import io.shomei.core.identity.DatedTrustAnchor;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.password.HashParameters;
import io.shomei.core.password.LetterFields;
import io.shomei.core.password.PasswordHasher;
import io.shomei.core.Refusal;
import io.shomei.testing.CertificateRequestProbe;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryStorage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A dated rollover of a service's trust anchors: the old CA is accepted until the cut-over instant,
 * the new one from it, at login and in the CA names the TLS server asks browsers for.
 */
class DatedTrustAnchorTest {
  static final String FX = "fx-forward";
  static final TestCa OLD_CA = TestCa.root("Old Issuing CA");
  static final TestCa NEW_CA = TestCa.root("New Issuing CA");
  /** 2021-02-24 00:00 in Japan: the notice's cut-over. */
  static final Instant CUT_OVER = Instant.parse("2021-02-23T15:00:00Z");
  static final CertificateProfile PROFILE =
      CertificateProfile.builder("fx-client", FX, "1.3.6.1.4.1.99999.1.1").build();

  final MutableClock clock = MutableClock.at(CUT_OVER.minusSeconds(86_400));

  Shomei bank() {
    return builder().keyCustody(NEW_CA).build();
  }

  /** The bank without its CA: the old CA's anchor until the cut-over, the new one's from it. */
  Shomei.Builder builder() {
    return Shomei.builder()
        .storage(new InMemoryStorage())
        .clock(clock)
        .zone(ZoneId.of("Asia/Tokyo"))
        .secureRandom(new SecureRandom())
        .passwordHasher(PasswordHasher.insecureForTestsOnly(
            new HashParameters.Argon2id(32, 1, 1), new SecureRandom()))
        .service(new ServiceSettings(FX, PROFILE,
            List.of(OLD_CA.certificate(), NEW_CA.certificate()), RuleSet.of())
            .acceptUntil(OLD_CA.certificate(), CUT_OVER)
            .acceptFrom(NEW_CA.certificate(), CUT_OVER));
  }

  static LetterFields enroll(Shomei shomei, String userId) {
    return ((EnrollmentResult.Enrolled) shomei.enrollment().enroll(userId, FX)).letter();
  }

  static X509Certificate oldCertificate(String userId) {
    return OLD_CA.leaf().commonName(userId).validity(Instant.parse("2020-06-01T00:00:00Z"),
        Instant.parse("2022-05-31T23:59:59Z")).issue().certificate();
  }

  static @Nullable String refusalDetail(LoginResult.CertificateStep step) {
    if (step instanceof LoginResult.Refused r
        && r.refusal() instanceof Refusal.CertificateRejected c
        && c.reason() == AcceptanceRefusal.UNTRUSTED_CHAIN) {
      return r.detail();
    }
    return null;
  }

  @Test
  void theOldCaLogsInUntilTheCutOverAndTheNewCaFromItToTheNanosecond() {
    Shomei shomei = bank();
    enroll(shomei, "10000001");
    LetterFields b = enroll(shomei, "10000002");
    X509Certificate old = oldCertificate("10000001");
    assertThat(shomei.inventory().importCertificate(ImportRequest.of(old, FX),
        ActiveConflictPolicy.REFUSE)).isInstanceOf(ImportResult.Imported.class);
    X509Certificate fresh = ((AcquisitionResult.Acquired) shomei.acquisition().acquire(
        AcquisitionRequest.of(b.userId(), FX, b.temporaryPassword(), b.acquisitionPassword())))
        .certificate();
    assertThat(fresh.getIssuerX500Principal())
        .isEqualTo(NEW_CA.certificate().getSubjectX500Principal());

    clock.set(CUT_OVER.minusNanos(1));
    assertThat(shomei.login().presentCertificate(FX, List.of(old)))
        .isInstanceOf(LoginResult.PasswordRequired.class);
    assertThat(refusalDetail(shomei.login().presentCertificate(FX, List.of(fresh))))
        .contains("New Issuing CA").contains("only from 2021-02-24T00:00+09:00[Asia/Tokyo]");

    clock.set(CUT_OVER);
    assertThat(refusalDetail(shomei.login().presentCertificate(FX, List.of(old))))
        .contains("Old Issuing CA").contains("no longer accepts")
        .contains("2021-02-24T00:00+09:00[Asia/Tokyo]");
    assertThat(shomei.login().presentCertificate(FX, List.of(fresh)))
        .isInstanceOf(LoginResult.PasswordRequired.class);
  }

  @Test
  void theAcceptedIssuersOfOneTrustManagerChangeAtTheCutOver() {
    Shomei shomei = bank();
    ClientCertificateTrustManager all = shomei.clientTrustManager();
    ClientCertificateTrustManager fx = shomei.clientTrustManager(FX);
    clock.set(CUT_OVER.minusNanos(1));
    assertThat(all.getAcceptedIssuers()).containsExactly(OLD_CA.certificate());
    assertThat(fx.getAcceptedIssuers()).containsExactly(OLD_CA.certificate());
    assertThat(shomei.trustAnchorsAt(FX, CUT_OVER.minusNanos(1)))
        .containsExactly(OLD_CA.certificate());
    clock.set(CUT_OVER);
    assertThat(all.getAcceptedIssuers()).containsExactly(NEW_CA.certificate());
    assertThat(fx.getAcceptedIssuers()).containsExactly(NEW_CA.certificate());
    assertThat(shomei.trustAnchorsAt(FX, CUT_OVER)).containsExactly(NEW_CA.certificate());
    assertThatThrownBy(() -> shomei.clientTrustManager("fx-spot"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * What a browser is told: the JDK's TLS server asks the trust manager at every handshake, so
   * the CA names of the certificate request follow the cut-over on one SSLContext.
   */
  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void theCertificateRequestNamesTheCurrentAnchorsOnOneSslContext(String protocol)
      throws Exception {
    Shomei shomei = bank();
    SSLContext server = serverContext(shomei.clientTrustManager());
    clock.set(CUT_OVER.minusSeconds(1));
    assertThat(requestedNames(server, protocol))
        .containsExactly(OLD_CA.certificate().getSubjectX500Principal());
    clock.set(CUT_OVER);
    assertThat(requestedNames(server, protocol))
        .containsExactly(NEW_CA.certificate().getSubjectX500Principal());
  }

  @Test
  void aWindowMustNameAnAnchorOfTheServiceOnceAndMustNotBeEmpty() {
    ServiceSettings s = new ServiceSettings(FX, PROFILE, List.of(NEW_CA.certificate()),
        RuleSet.of());
    assertThatThrownBy(() -> s.acceptUntil(OLD_CA.certificate(), CUT_OVER))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a trust anchor");
    assertThatThrownBy(() -> s.acceptFrom(NEW_CA.certificate(), CUT_OVER)
        .acceptUntil(NEW_CA.certificate(), CUT_OVER.plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two windows");
    assertThatThrownBy(() -> new DatedTrustAnchor(NEW_CA.certificate(), CUT_OVER, CUT_OVER))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(s.acceptFrom(NEW_CA.certificate(), CUT_OVER).datedTrustAnchors())
        .containsExactly(DatedTrustAnchor.from(NEW_CA.certificate(), CUT_OVER));
    assertThat(s.datedTrustAnchors()).containsExactly(DatedTrustAnchor.always(NEW_CA.certificate()));
  }

  @Test
  void betweenTwoWindowsNoCertificateLogsInAndNoCaIsNamed() {
    Shomei shomei = Shomei.builder()
        .storage(new InMemoryStorage()).keyCustody(NEW_CA).clock(clock)
        .zone(ZoneId.of("Asia/Tokyo")).secureRandom(new SecureRandom())
        .passwordHasher(PasswordHasher.insecureForTestsOnly(
            new HashParameters.Argon2id(32, 1, 1), new SecureRandom()))
        .service(new ServiceSettings(FX, PROFILE,
            List.of(OLD_CA.certificate(), NEW_CA.certificate()), RuleSet.of())
            .acceptUntil(OLD_CA.certificate(), CUT_OVER)
            .acceptFrom(NEW_CA.certificate(), CUT_OVER.plusSeconds(3600)))
        .build();
    enroll(shomei, "10000001");
    X509Certificate old = oldCertificate("10000001");
    shomei.inventory().importCertificate(ImportRequest.of(old, FX), ActiveConflictPolicy.REFUSE);
    clock.set(CUT_OVER.plusSeconds(60));
    assertThat(shomei.clientTrustManager().getAcceptedIssuers()).isEmpty();
    assertThat(refusalDetail(shomei.login().presentCertificate(FX, List.of(old))))
        .contains("no longer accepts");
  }

  // ------------------------------------------------------------------ a TLS handshake on 127.0.0.1

  static SSLContext serverContext(X509ExtendedTrustManager clients) throws Exception {
    TestCa.Issued server = NEW_CA.leaf().commonName("localhost")
        .extendedKeyUsages("1.3.6.1.5.5.7.3.1").issue();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] none = new char[0];
    ks.setKeyEntry("server", server.keyPair().getPrivate(), none,
        new X509Certificate[] {server.certificate(), NEW_CA.certificate()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, none);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), new TrustManager[] {clients}, new SecureRandom());
    return ctx;
  }

  /** One handshake on 127.0.0.1; the CA names the server's certificate request carried. */
  static List<X500Principal> requestedNames(SSLContext server, String protocol) throws Exception {
    ExecutorService accept = Executors.newSingleThreadExecutor();
    try (SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      listening.setWantClientAuth(true);
      listening.setEnabledProtocols(new String[] {protocol});
      listening.setSoTimeout(10_000);
      Future<?> served = accept.submit(() -> {
        try (SSLSocket s = (SSLSocket) listening.accept()) {
          s.setSoTimeout(10_000);
          s.startHandshake();
        }
        return null;
      });
      List<X500Principal> named = CertificateRequestProbe.requestedCaNames(
          new InetSocketAddress(listening.getInetAddress(), listening.getLocalPort()), protocol);
      served.get(10, TimeUnit.SECONDS);
      return named;
    } finally {
      accept.shutdownNow();
    }
  }
}
