package io.shomei.examples.springboot;

import io.shomei.spi.Secret;
import io.shomei.core.Shomei;
import io.shomei.core.EnrollmentResult;
import io.shomei.core.password.LetterFields;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * After start-up: prints the URL and, on the first start, enrolls a demo customer in every service
 * and prints the bank's letter once (user ID, temporary password, acquisition password), as the
 * bank mails it. The letter goes to standard output only, never to the log; only hashes are
 * stored, so it cannot be printed again.
 */
@Component
public class FirstStart implements ApplicationRunner {
  static final String DEMO_MARKER = "demo-customer.txt";

  private final Shomei shomei;
  private final ServiceCatalog services;
  private final DataDirectory dir;
  private final ShomeiProperties properties;
  private final SecureRandom random;
  private final Environment environment;
  private final ObjectProvider<CertificateLoginPort> loginPort;
  private final PrintStream out = System.out;

  /**
   * Creates the runner.
   *
   * @param shomei the engine
   * @param services the services
   * @param dir the data directory
   * @param properties the host's properties
   * @param random picks the demo user ID
   * @param environment has the port the server listens on
   * @param loginPort the certificate-login connector, if there is one
   */
  public FirstStart(Shomei shomei, ServiceCatalog services, DataDirectory dir,
      ShomeiProperties properties, SecureRandom random, Environment environment,
      ObjectProvider<CertificateLoginPort> loginPort) {
    this.shomei = shomei;
    this.services = services;
    this.dir = dir;
    this.properties = properties;
    this.random = random;
    this.environment = environment;
    this.loginPort = loginPort;
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    String address = environment.getProperty("server.address", "127.0.0.1");
    String port = environment.getProperty("local.server.port", "8443");
    out.println();
    out.println("Shomei Spring Boot example: https://" + address + ":" + port + "/");
    CertificateLoginPort login = loginPort.getIfAvailable();
    if (login != null && login.bound()) { // not bound in a context without a web server
      out.println("certificate login: " + login.origin() + "/ (the [電子証明書ログイン] button leads"
          + " here; only this port asks for a certificate)");
    }
    out.println("data directory: " + dir.root());
    out.println("server certificate (for curl --cacert): " + dir.file(ServerTls.CERTIFICATE_PEM));
    if (!properties.demoCustomer()) {
      return;
    }
    Path marker = dir.file(DEMO_MARKER);
    if (Files.exists(marker)) {
      out.println("demo customer: user-id " + Files.readString(marker, StandardCharsets.US_ASCII).strip()
          + " (its letter was printed at the first start)");
      return;
    }
    String userId = enrollDemoCustomer();
    Files.writeString(marker, userId + "\n", StandardCharsets.US_ASCII);
    DataDirectory.ownerOnly(marker);
  }

  private String enrollDemoCustomer() {
    for (int attempt = 0; attempt < 10; attempt++) {
      String userId = String.format(Locale.ROOT, "%08d", random.nextInt(100_000_000));
      boolean taken = false;
      for (String service : services.names()) {
        EnrollmentResult result = shomei.enrollment().enroll(userId, service);
        if (result instanceof EnrollmentResult.Enrolled enrolled) {
          try (LetterFields letter = enrolled.letter()) {
            out.println();
            out.println("== The bank's letter for " + service + " (printed once; only hashes are stored)");
            out.println("user-id: " + letter.userId());
            out.println("service: " + service);
            out.println("temporary-password: " + reveal(letter.temporaryPassword()));
            out.println("acquisition-password: " + reveal(letter.acquisitionPassword()));
          }
        } else if (result instanceof EnrollmentResult.AlreadyEnrolled) {
          taken = true;
          break;
        } else {
          throw new IllegalStateException("cannot enroll the demo customer: " + result);
        }
      }
      if (!taken) {
        return userId;
      }
    }
    throw new IllegalStateException("no free demo user ID found");
  }

  private static String reveal(Secret secret) {
    return secret.apply(CharSequence::toString);
  }
}
