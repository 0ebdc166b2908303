package io.shomei.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.Rsyslog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shomei audit export} to a JSON lines file and to a real rsyslog, and
 * {@code shomei audit verify --export} on what was received.
 */
class AuditExportCliTest {
  static final String FX = "fx-forward";

  @TempDir Path tmp;

  /** A data directory with some audit records; returns the trail's record count. */
  static long enroll(Cli cli, int from, int users) {
    for (int i = from; i < from + users; i++) {
      cli.run("user", "add", "--user-id", Integer.toString(10_000_000 + i), "--service", FX)
          .expect(0, "result", "enrolled");
    }
    return Long.parseLong(cli.run("audit", "verify").expect(0, "result", "intact")
        .get("records"));
  }

  static List<String> lines(Path file) throws Exception {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  static Path write(Path file, List<String> lines) throws Exception {
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void syslogExportReceivedByRsyslogVerifiesEndToEndAndATamperedLineIsFound() throws Exception {
    Components.require(Component.RSYSLOG);
    Cli cli = new Cli(tmp.resolve("data"));
    cli.run("init").expect(0, "result", "initialized");
    long records = enroll(cli, 0, 5);
    Path cursor = tmp.resolve("syslog.cursor");
    try (Rsyslog rsyslog = Rsyslog.start(tmp.resolve("rsyslog"))) {
      String target = "127.0.0.1:" + rsyslog.port();
      // a first run stops after 4 records; the trail grows; a second run resumes at the cursor
      cli.run("audit", "export", "--syslog", target, "--cursor", cursor.toString(), "--max", "4",
          "--batch", "3", "--hostname", "bank-node-1").expect(0, "result", "exported")
          .has("records", "4");
      assertThat(Files.readString(cursor)).startsWith("4 ");
      long more = enroll(cli, 5, 3);
      assertThat(more).isGreaterThan(records);
      Cli.Result second = cli.run("audit", "export", "--syslog", target, "--cursor",
          cursor.toString(), "--batch", "3", "--hostname", "bank-node-1").expect(0, "result", "exported")
          .has("records", Long.toString(more - 4));
      cli.run("audit", "export", "--syslog", target, "--cursor", cursor.toString(),
          "--hostname", "bank-node-1").expect(0, "result", "exported").has("records", "0")
          .has("cursor", second.get("cursor"));

      List<String> received = rsyslog.awaitLines((int) more, Duration.ofSeconds(30));
      assertThat(received).hasSize((int) more).allSatisfy(l -> assertThat(l)
          .startsWith("<110>1 ").contains(" bank-node-1 shomei - audit [shomei@32473 seq=\""));
      Path capture = write(tmp.resolve("capture.log"), received);
      Cli.Result intact = cli.run("audit", "verify", "--export", capture.toString())
          .expect(0, "result", "intact").has("records", Long.toString(more))
          .has("unkeyed", "0");
      assertThat(intact.get("anchor")).isEqualTo(second.get("cursor"));

      // a run that died after its flush but before its cursor update: the next run repeats
      // records 5.., identical, and the receiver's stream still verifies
      Files.writeString(cursor, lines(capture).get(3)
          .replaceAll(".*seq=\"(\\d+)\" hash=\"([0-9a-f]{64})\".*", "$1 $2") + "\n");
      assertThat(Files.readString(cursor)).startsWith("4 ");
      cli.run("audit", "export", "--syslog", target, "--cursor", cursor.toString(),
          "--hostname", "bank-node-1").expect(0, "result", "exported")
          .has("records", Long.toString(more - 4)).has("cursor", second.get("cursor"));
      List<String> withRepeats = rsyslog.awaitLines((int) (2 * more - 4), Duration.ofSeconds(30));
      cli.run("audit", "verify", "--export",
          write(tmp.resolve("repeats.log"), withRepeats).toString())
          .expect(0, "result", "intact").has("records", Long.toString(more));
      cli.run("audit", "verify", "--export", capture.toString(), "--anchor-sequence", "2",
          "--anchor-hash", "0".repeat(64)).expect(1, "result", "broken")
          .has("reason", "REWRITTEN");

      // an edited message: the user ID of the third record
      List<String> tampered = new ArrayList<>(received);
      String third = tampered.get(2);
      assertThat(third).contains("\"user\":\"10000002\"");
      tampered.set(2, third.replace("\"user\":\"10000002\"", "\"user\":\"10000009\""));
      cli.run("audit", "verify", "--export", write(tmp.resolve("t1.log"), tampered).toString())
          .expect(1, "result", "broken").has("sequence", "3").has("reason", "CONTENT_CHANGED");
      // a dropped message
      List<String> dropped = new ArrayList<>(received);
      dropped.remove(4);
      cli.run("audit", "verify", "--export", write(tmp.resolve("t2.log"), dropped).toString())
          .expect(1, "result", "broken").has("sequence", "5").has("reason", "SEQUENCE_GAP");
      // structured data that no longer matches the record
      List<String> relabeled = new ArrayList<>(received);
      relabeled.set(1, relabeled.get(1).replace("seq=\"2\"", "seq=\"7\""));
      cli.run("audit", "verify", "--export", write(tmp.resolve("t3.log"), relabeled).toString())
          .expect(1, "result", "broken").has("line", "2").has("reason", "UNREADABLE");
    }
  }

  @Test
  void jsonLinesExportResumesAfterACutLineWithoutRepeats() throws Exception {
    Cli cli = new Cli(tmp.resolve("data"));
    cli.run("init").expect(0, "result", "initialized");
    long records = enroll(cli, 0, 6);
    Path out = tmp.resolve("siem/audit.jsonl");
    cli.run("audit", "export", "--out", out.toString(), "--max", "3")
        .expect(0, "result", "exported").has("records", "3");
    // a run that died while writing leaves half a line behind
    String fourth = lines(out).get(2).replace("\"seq\":3,", "\"seq\":4,");
    Files.writeString(out, fourth.substring(0, fourth.length() / 2), StandardOpenOption.APPEND);
    Cli.Result rest = cli.run("audit", "export", "--out", out.toString(), "--batch", "2")
        .expect(0, "result", "exported").has("records", Long.toString(records - 3));
    List<String> exported = lines(out);
    assertThat(exported).hasSize((int) records);
    for (int i = 0; i < exported.size(); i++) {
      assertThat(exported.get(i)).startsWith("{\"seq\":" + (i + 1) + ",");
    }
    cli.run("audit", "verify", "--export", out.toString()).expect(0, "result", "intact")
        .has("records", Long.toString(records)).has("anchor", rest.get("cursor"));
    cli.run("audit", "export", "--out", out.toString()).expect(0, "result", "exported")
        .has("records", "0");

    List<String> tampered = new ArrayList<>(exported);
    tampered.set(1, exported.get(1).replace("\"actor\":\"", "\"actor\":\"x"));
    cli.run("audit", "verify", "--export", write(tmp.resolve("t.jsonl"), tampered).toString())
        .expect(1, "result", "broken").has("sequence", "2").has("reason", "CONTENT_CHANGED");
    List<String> garbage = new ArrayList<>(exported);
    garbage.add(1, "");
    garbage.add(3, "not json");
    cli.run("audit", "verify", "--export", write(tmp.resolve("g.jsonl"), garbage).toString())
        .expect(1, "result", "broken").has("line", "4").has("reason", "UNREADABLE");

    // an export file that belongs to another trail is not continued
    Cli other = new Cli(tmp.resolve("other"));
    other.run("init").expect(0, "result", "initialized");
    enroll(other, 0, 3);
    other.run("audit", "export", "--out", out.toString()).expect(1, "result", "refused")
        .has("reason", "CURSOR_MISMATCH");
    assertThat(lines(out)).isEqualTo(exported);

    cli.run("audit", "export").expect(ShomeiCli.USAGE);
    cli.run("audit", "export", "--out", out.toString(), "--syslog", "127.0.0.1:1")
        .expect(ShomeiCli.USAGE);
    cli.run("audit", "export", "--syslog", "127.0.0.1:1").expect(ShomeiCli.USAGE);
    cli.run("audit", "export", "--out", out.toString(), "--cursor", "c")
        .expect(ShomeiCli.USAGE);
    cli.run("audit", "export", "--syslog", "127.0.0.1:1", "--cursor", "c", "--hostname", "a b")
        .expect(ShomeiCli.USAGE);
  }
}
