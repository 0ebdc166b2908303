package io.shomei.core.reliability;

import io.shomei.core.CrlRun;
import io.shomei.core.Shomei;
import io.shomei.core.custody.SoftwareKeyCustody;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.password.HashParameters;
import io.shomei.core.password.PasswordHasher;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.spi.Secret;
import io.shomei.store.jdbc.JdbcStorage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One node of {@link CrlTwoNodesTest}, in a JVM of its own: {@code <jdbc-url> <user> <ca.p12>
 * <seconds> <start-at-epoch-millis>}, the database password and the PKCS#12 password on standard input. It calls
 * {@code publishIfDue()} every 20 ms for the given time on a schedule that makes a CRL due every
 * second, and prints one line per outcome: {@code PUBLISHED <number> <thisUpdate>},
 * {@code NOT_DUE} or {@code HELD_ELSEWHERE}, then {@code DONE}.
 */
public final class CrlNodeMain {
  private CrlNodeMain() {}

  public static void main(String[] args) throws Exception {
    try {
      BufferedReader in = new BufferedReader(
          new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String dbPassword = Objects.requireNonNull(in.readLine());
      String p12Password = Objects.requireNonNull(in.readLine());
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setUrl(args[0]);
      ds.setUser(args[1]);
      ds.setPassword(dbPassword);
      Shomei shomei = Shomei.builder()
          .storage(JdbcStorage.create(ds))
          .keyCustody(SoftwareKeyCustody.load(Path.of(args[2]),
              Secret.wrap(p12Password.toCharArray()), "ca"))
          .clock(Clock.systemUTC())
          .zone(ZoneId.of("Asia/Tokyo"))
          .secureRandom(new SecureRandom())
          .passwordHasher(PasswordHasher.insecureForTestsOnly(
              new HashParameters.Argon2id(32, 1, 1), new SecureRandom()))
          .service(CertificateProfile.builder("fx", "fx-forward", "1.3.6.1.4.1.99999.1.1").build(),
              RuleSet.load(Path.of("..", "examples", "rules", "notice-2021.rules")))
          // nextUpdate two minutes after thisUpdate, renewed 1 min 59 s before: due every second
          .crlNextUpdate(Duration.ofMinutes(2))
          .crlRenewBefore(Duration.ofSeconds(119))
          .build();
      // both nodes start together (at the instant given, or as soon as they are ready after it)
      Thread.sleep(Math.max(0, Long.parseLong(args[4]) - System.currentTimeMillis()));
      long end = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
      while (System.nanoTime() < end) {
        CrlRun run = shomei.crl().publishIfDue();
        if (run instanceof CrlRun.Published p) {
          System.out.println("PUBLISHED " + p.crl().crlNumber() + " " + p.crl().thisUpdate());
        } else if (run instanceof CrlRun.NotDue) {
          System.out.println("NOT_DUE");
        } else {
          System.out.println("HELD_ELSEWHERE");
        }
        Thread.sleep(20);
      }
      System.out.println("DONE");
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }
}
