package io.shomei.notify.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.Notices;
import io.shomei.core.Shomei;
import io.shomei.core.eligibility.Campaign;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.spi.NoticeStore.Status;
import io.shomei.spi.NoticeStore.StoredNotice;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.PostgresServer;
import io.shomei.testing.env.ProcessRunner;
import io.shomei.testing.env.SmtpSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Issue 22's must-show: three JVMs on one PostgreSQL deliver exactly one campaign notice per
 * affected customer to a real SMTP receiver (Postfix's smtp-sink), although one node halts right
 * after the receiver acknowledged a message and before the outbox recorded it; re-running the
 * campaign and the delivery sends nothing more. Skipped without postgresql-15 or postfix (failed
 * under CI=true).
 */
class ThreeNodesCampaignMailTest {
  static final int CUSTOMERS = 8;
  static final Pattern RCPT = Pattern.compile("(?m)^X-Rcpt-Args: <c(\\d{8})@customers\\.example>$");

  @TempDir Path dir;

  @Test
  void threeNodesDeliverOneCampaignMailPerAffectedCustomerDespiteANodeDyingAfterTheSend()
      throws Exception {
    Components.require(Component.POSTGRESQL, Component.SMTP_SINK);
    PostgresServer server = PostgresServer.shared();
    String url = server.jdbcUrl(server.createDatabase());
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url);
    ds.setUser(server.user());
    ds.setPassword(server.password());
    JdbcStorage storage = JdbcStorage.create(ds);
    storage.migrate();

    // customers who got their certificates in October 2020: the notice's campaign affects them
    Clock october = Clock.fixed(Instant.parse("2020-10-01T01:00:00Z"), ZoneOffset.UTC);
    Shomei enrolling = MailBank.builder(storage, october).build();
    List<String> users = IntStream.range(0, CUSTOMERS).mapToObj(i -> "2000000" + i).toList();
    users.forEach(u -> MailBank.customer(enrolling, u));
    Clock december = Clock.fixed(Instant.parse("2020-12-01T00:00:00Z"), ZoneOffset.UTC);
    Shomei announcing = MailBank.withNotices(storage, december);
    assertThat(campaign(storage, announcing)).isEqualTo(new Notices.ScheduleRun(CUSTOMERS, 0));

    try (SmtpSink sink = SmtpSink.start(dir.resolve("smtp"))) {
      List<ProcessRunner.Result> first = nodes(url, server, sink.port(),
          List.of("node-1:1", "node-2:0", "node-3:0"), 30);
      assertThat(first.get(0).exitCode()).as("node-1 halts after its first acknowledged mail:\n"
          + first.get(0).stdout() + first.get(0).stderr()).isEqualTo(3);
      for (int i = 1; i < 3; i++) {
        assertThat(first.get(i).exitCode()).as(first.get(i).stderr()).isZero();
        assertThat(first.get(i).stdout()).contains("DONE");
      }

      List<String> mails = sink.messages();
      assertThat(recipients(mails)).as("exactly one mail per affected customer; outbox: "
          + storage.noticeStore().list(Status.HELD, 100) + " " + first)
          .containsExactlyInAnyOrderElementsOf(users);
      List<StoredNotice> sent = storage.noticeStore().list(Status.SENT, 100);
      List<StoredNotice> held = storage.noticeStore().list(Status.HELD, 100);
      assertThat(sent).hasSize(CUSTOMERS - 1);
      assertThat(held).singleElement().satisfies(h -> {
        assertThat(h.holder()).isEqualTo("node-1");
        assertThat(h.lastError()).isEqualTo("claim expired while sending, without an outcome");
      });
      assertThat(storage.noticeStore().list(Status.PENDING, 100)).isEmpty();
      assertThat(storage.noticeStore().list(Status.CLAIMED, 100)).isEmpty();
      assertThat(storage.noticeStore().list(Status.SENDING, 100)).isEmpty();

      // re-running the campaign writes nothing, and the nodes deliver nothing more
      assertThat(campaign(storage, announcing)).isEqualTo(new Notices.ScheduleRun(0, CUSTOMERS));
      List<ProcessRunner.Result> again = nodes(url, server, sink.port(),
          List.of("node-1:0", "node-2:0", "node-3:0"), 4);
      again.forEach(r -> assertThat(r.stdout()).as(r.stderr()).contains("DONE sent=0"));
      assertThat(recipients(sink.messages())).hasSize(CUSTOMERS);
      System.out.println("ThreeNodesCampaignMailTest: " + mails.size() + " mails for " + CUSTOMERS
          + " customers; SENT " + sent.size() + ", HELD " + held.size() + "; node stdout: "
          + first.stream().map(r -> r.stdout().strip()).toList());
    }
  }

  private static Notices.ScheduleRun campaign(JdbcStorage storage, Shomei shomei) {
    Notices.CampaignNotices sink = shomei.notices().campaign();
    Campaign.scan(storage.certificateStore(), RuleSet.load(MailBank.RULES))
        .at(Instant.parse("2020-12-01T00:00:00Z")).onAffected(sink).run();
    return sink.counts();
  }

  private static List<String> recipients(List<String> mails) {
    List<String> out = new ArrayList<>();
    for (String m : mails) {
      Matcher r = RCPT.matcher(m);
      while (r.find()) {
        out.add(r.group(1));
      }
    }
    return out;
  }

  /** Runs one JVM per {@code name:dieAfter}, all at once, and waits for them. */
  private static List<ProcessRunner.Result> nodes(String url, PostgresServer server, int port,
      List<String> specs, int seconds) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    byte[] stdin = (server.password() + "\n").getBytes(StandardCharsets.UTF_8);
    List<CompletableFuture<ProcessRunner.Result>> running = new ArrayList<>();
    for (String spec : specs) {
      String[] s = spec.split(":", -1);
      List<String> command = List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
          MailNodeMain.class.getName(), url, server.user(), Integer.toString(port),
          Integer.toString(seconds), s[1], s[0]);
      running.add(CompletableFuture.supplyAsync(() ->
          ProcessRunner.run(command, Duration.ofMinutes(3), null, Map.of(), stdin)));
    }
    List<ProcessRunner.Result> results = new ArrayList<>();
    for (CompletableFuture<ProcessRunner.Result> r : running) {
      results.add(r.get());
    }
    return results;
  }
}
