package io.shomei.notify.mail;

import io.shomei.core.NoticeDispatcher;
import io.shomei.core.Shomei;
import io.shomei.spi.NotificationChannel;
import io.shomei.store.jdbc.JdbcStorage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One node of {@link ThreeNodesCampaignMailTest}, in a JVM of its own:
 * {@code <jdbc-url> <user> <smtp-port> <seconds> <die-after-sends> <node>}, the database password on
 * standard input. It dispatches the outbox by mail every 50 ms for the given time. With
 * {@code die-after-sends} > 0 the JVM halts right after the relay acknowledged that many messages
 * and before the outbox records it (the fault between send and acknowledgement); otherwise it
 * prints {@code DONE sent=<n>}.
 */
public final class MailNodeMain {
  private MailNodeMain() {}

  public static void main(String[] args) throws Exception {
    try {
      BufferedReader in = new BufferedReader(
          new InputStreamReader(System.in, StandardCharsets.UTF_8));
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setUrl(args[0]);
      ds.setUser(args[1]);
      ds.setPassword(Objects.requireNonNull(in.readLine()));
      Shomei shomei = MailBank.withNotices(JdbcStorage.create(ds), Clock.systemUTC());
      MailChannel mail = MailChannel.builder().relay("127.0.0.1", Integer.parseInt(args[2]))
          .from("notice@bank.example").addresses(MailBank::addressOf)
          .timeout(Duration.ofSeconds(20)).build();
      int dieAfter = Integer.parseInt(args[4]);
      AtomicInteger accepted = new AtomicInteger();
      NotificationChannel channel = message -> {
        NotificationChannel.Outcome o = mail.send(message);
        if (o instanceof NotificationChannel.Outcome.Accepted
            && accepted.incrementAndGet() == dieAfter) {
          System.out.println("HALTING after " + dieAfter + " acknowledged");
          System.out.flush();
          Runtime.getRuntime().halt(3);
        }
        return o;
      };
      NoticeDispatcher d = shomei.notices().dispatcher(channel).node(args[5])
          .claimFor(Duration.ofSeconds(3)).batch(2)
          .messageDomain("bank.example").build();
      long end = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
      int sent = 0;
      while (System.nanoTime() < end) {
        sent += d.runOnce().sent();
        Thread.sleep(50);
      }
      System.out.println("DONE sent=" + sent);
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }
}
