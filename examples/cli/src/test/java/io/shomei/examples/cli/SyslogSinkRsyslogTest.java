package io.shomei.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.audit.AuditAnchor;
import io.shomei.core.audit.AuditEvent;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.audit.AuditSyslog;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.audit.ChainVerification;
import io.shomei.core.audit.SyslogTcpAuditSink;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.testing.MutableClock;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.Rsyslog;
import io.shomei.testing.memory.InMemoryAuditLog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's {@link SyslogTcpAuditSink} against a real rsyslog: the largest record an
 * {@link AuditEvent} allows (32 details of 512 characters, every one escaped) and text full of the
 * characters syslog and JSON treat specially arrive unchanged and verify.
 */
class SyslogSinkRsyslogTest {
  @TempDir Path tmp;

  @Test
  void theLargestRecordsAndSpecialCharactersArriveUnchanged() throws Exception {
    Components.require(Component.RSYSLOG);
    InMemoryAuditLog log = new InMemoryAuditLog();
    MutableClock clock = MutableClock.at("2026-12-01T09:00:00+09:00");
    AuditTrail trail = new AuditTrail(log, clock, new SecretKeySpec(new byte[32], "HmacSHA256"));
    Map<String, String> largest = new TreeMap<>();
    for (int i = 0; i < AuditEvent.MAX_DETAILS; i++) {
      largest.put(("鍵" + i + "日本語の証明書\"]\\").repeat(80).substring(0,
          AuditEvent.MAX_DETAIL_LENGTH), "銀行口座証明書の失効理由\"]\\\n\uD83D\uDE00".repeat(40)
          .substring(0, AuditEvent.MAX_DETAIL_LENGTH));
    }
    AccountKey account = new AccountKey("12345678", "fx-forward");
    trail.append(AuditEvent.byOperator(AuditEventType.CERTIFICATE_REVOKED, "branch-042", account,
        largest));
    trail.append(AuditEvent.byOperator(AuditEventType.CERTIFICATE_REVOKED, "支店\"042\"", null,
        Map.of("reason", "key_compromise ] [shomei@32473 seq=\"9\"]")));
    trail.append(AuditEvent.byCustomer(AuditEventType.LOGIN_SUCCEEDED, account, Map.of()));
    List<AuditRecord> stored = new ArrayList<>();
    log.forEach(1, stored::add);
    int biggest = AuditSyslog.message(stored.get(0), "node", "shomei")
        .getBytes(StandardCharsets.US_ASCII).length;
    assertThat(biggest).as("the largest message").isGreaterThan(150_000).isLessThan(256 * 1024);

    try (Rsyslog rsyslog = Rsyslog.start(tmp.resolve("rsyslog"))) {
      AuditAnchor cursor;
      try (SyslogTcpAuditSink sink = SyslogTcpAuditSink.connect(
          new InetSocketAddress(
              InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), rsyslog.port()), "node", "shomei",
          Duration.ofSeconds(30))) {
        cursor = trail.export(new AuditAnchor(0, AuditRecord.GENESIS_HASH), 10, sink);
      }
      assertThat(cursor.sequence()).isEqualTo(3);
      List<AuditRecord> received = rsyslog.awaitLines(3, Duration.ofSeconds(30)).stream()
          .map(AuditSyslog::parse).toList();
      assertThat(received).isEqualTo(stored);
      assertThat(trail.verifyExported(received.iterator(), cursor))
          .isEqualTo(new ChainVerification.Intact(3, cursor.hash(), 0));
    }
  }
}
