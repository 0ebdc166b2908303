package io.shomei.testing.env;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real external component some tests need, with the Debian package that provides it.
 *
 * @since 0.1.0
 */
public enum Component {
  /** OpenSSL 3 command line. */
  OPENSSL("openssl", List.of("/usr/bin/openssl")),
  /** NSS {@code pk12util} and {@code certutil}. */
  NSS_TOOLS("libnss3-tools", List.of("/usr/bin/pk12util", "/usr/bin/certutil")),
  /** GnuTLS {@code certtool}. */
  GNUTLS_CERTTOOL("gnutls-bin", List.of("/usr/bin/certtool")),
  /** SoftHSM2 PKCS#11 module and its token tool. */
  SOFTHSM2("softhsm2", List.of("/usr/bin/softhsm2-util", "/usr/lib/softhsm/libsofthsm2.so")),
  /** PostgreSQL 15 server binaries ({@code initdb}, {@code pg_ctl}, {@code postgres}). */
  POSTGRESQL("postgresql-15",
      List.of("/usr/lib/postgresql/15/bin/initdb", "/usr/lib/postgresql/15/bin/pg_ctl",
          "/usr/lib/postgresql/15/bin/postgres")),
  /** curl. */
  CURL("curl", List.of("/usr/bin/curl")),
  /** Headless Chromium. */
  CHROMIUM("chromium", List.of("/usr/bin/chromium")),
  /**
   * Node.js with npm (for Playwright). Debian's {@code nodejs} leaves npm to the {@code npm}
   * package, which {@code scripts/test.sh} adds when it is missing; NodeSource's {@code nodejs}
   * bundles npm.
   */
  NODE("nodejs", List.of("/usr/bin/node", "/usr/bin/npm")),
  /** A Japanese font, so that browser screenshots of Japanese pages are legible. */
  JAPANESE_FONT("fonts-ipafont-gothic",
      List.of("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf")),
  /** The reference Argon2 command line. */
  ARGON2("argon2", List.of("/usr/bin/argon2")),
  /**
   * nginx as a TLS terminator that checks client certificates ({@code ssl_verify_client},
   * {@code ssl_ocsp}); tests start their own instance with their own configuration, never the
   * system service.
   *
   * @since 0.2.0
   */
  NGINX("nginx", List.of("/usr/sbin/nginx")),
  /**
   * HAProxy as a TLS terminator and load balancer ({@code ssl_c_der}, {@code option httpchk});
   * tests start their own instance in the foreground ({@code -db}), never the system service.
   *
   * @since 0.2.0
   */
  HAPROXY("haproxy", List.of("/usr/sbin/haproxy")),
  /**
   * rsyslog as the receiver of the audit export (RFC 5424 over TCP); tests start their own
   * instance in the foreground with their own configuration ({@link Rsyslog}), never the system
   * service.
   *
   * @since 0.2.0
   */
  RSYSLOG("rsyslog", List.of("/usr/sbin/rsyslogd")),
  /**
   * Poppler's {@code pdftotext} and {@code pdffonts}, to read back the text and fonts of a PDF.
   *
   * @since 0.2.0
   */
  POPPLER("poppler-utils", List.of("/usr/bin/pdftotext", "/usr/bin/pdffonts")),
  /**
   * Postfix's {@code smtp-sink}, a real SMTP receiver for tests of the mail channel.
   *
   * @since 0.2.0
   */
  SMTP_SINK("postfix", List.of("/usr/sbin/smtp-sink"));

  private final String debianPackage;
  @SuppressWarnings("ImmutableEnumChecker") // always List.of(...), which is immutable
  private final List<String> paths;

  Component(String debianPackage, List<String> paths) {
    this.debianPackage = debianPackage;
    this.paths = paths;
  }

  /**
   * The Debian package that provides this component.
   *
   * @return the package name
   */
  public String debianPackage() {
    return debianPackage;
  }

  /**
   * The files whose presence means the component is installed.
   *
   * @return absolute paths
   */
  public List<String> paths() {
    return paths;
  }

  /**
   * Whether every file of the component exists and executables (files in a {@code bin}
   * directory) are executable.
   *
   * @return {@code true} if installed
   */
  public boolean isInstalled() {
    for (String p : paths) {
      Path path = Path.of(p);
      if (!Files.exists(path) || (p.contains("/bin/") && !Files.isExecutable(path))) {
        return false;
      }
    }
    return true;
  }
}
