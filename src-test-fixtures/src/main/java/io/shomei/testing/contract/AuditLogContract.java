package io.shomei.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.shomei.spi.AuditLog;
import io.shomei.spi.AuditLog.AppendResult;
import io.shomei.spi.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Contract suite for {@link AuditLog}. An implementation's test class implements this interface and
 * {@link #newLog()}; every default method is a test it inherits. (The hashes here are the suite's own;
 * a store only keeps and compares them.)
 *
 * @since 0.1.0
 */
public interface AuditLogContract {

  /**
   * A new, empty log. Called once per test.
   *
   * @return the log under test
   */
  AuditLog newLog();

  /**
   * A record that continues {@code previous}.
   *
   * @param previous the current tail, or {@code null} for an empty log
   * @param type the event type
   * @param details event details
   * @return the record
   */
  default AuditRecord next(@Nullable AuditRecord previous, String type, Map<String, String> details) {
    long seq = previous == null ? 1 : previous.sequence() + 1;
    String prev = previous == null ? AuditRecord.GENESIS_HASH : previous.hash();
    Instant at = ContractSupport.now();
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update((seq + "|" + prev + "|" + type + "|" + at + "|" + details)
          .getBytes(StandardCharsets.UTF_8));
      return new AuditRecord(seq, at, type, "system", "10000001", "fx-forward", details, prev,
          HexFormat.of().formatHex(md.digest()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  default void emptyLogHasNoTail() {
    AuditLog log = newLog();
    assertEquals(Optional.empty(), log.last());
    List<AuditRecord> seen = new ArrayList<>();
    log.forEach(1, seen::add);
    assertEquals(List.of(), seen);
  }

  @Test
  default void appendsAndReadsBackInOrder() {
    AuditLog log = newLog();
    AuditRecord a = next(null, "LOGIN_SUCCEEDED", Map.of("serial", "0a1b", "step", "certificate"));
    assertEquals(new AppendResult.Appended(a), log.append(a));
    AuditRecord b = next(a, "LOGIN_FAILED", Map.of());
    log.append(b);
    AuditRecord c = next(b, "OPERATOR_UNLOCK", Map.of("operator", "branch-12"));
    log.append(c);
    assertEquals(Optional.of(c), log.last());
    List<AuditRecord> all = new ArrayList<>();
    log.forEach(1, all::add);
    assertEquals(List.of(a, b, c), all);
    List<AuditRecord> tail = new ArrayList<>();
    log.forEach(2, tail::add);
    assertEquals(List.of(b, c), tail);
  }

  @Test
  default void appendThatDoesNotContinueTheTailIsAConflict() {
    AuditLog log = newLog();
    AuditRecord a = next(null, "A", Map.of());
    log.append(a);
    AuditRecord b = next(a, "B", Map.of());
    // same sequence again
    AuditRecord dup = next(null, "A2", Map.of());
    assertEquals(new AppendResult.Conflict(Optional.of(a)), log.append(dup));
    // right sequence, wrong previous hash
    AuditRecord forged = new AuditRecord(2, b.at(), "B", "system", null, null, Map.of(),
        "f".repeat(64), b.hash());
    assertEquals(new AppendResult.Conflict(Optional.of(a)), log.append(forged));
    // a gap
    AuditRecord gap = new AuditRecord(3, b.at(), "C", "system", null, null, Map.of(), a.hash(),
        b.hash());
    assertEquals(new AppendResult.Conflict(Optional.of(a)), log.append(gap));
    assertEquals(new AppendResult.Appended(b), log.append(b));
  }

  /** 16 threads × 40 appends with retry: a gap-free chain of 640 records. */
  @Test
  default void concurrentAppendsFormOneChain() {
    AuditLog log = newLog();
    int threads = 16;
    int perThread = 40;
    Concurrently.run(threads, Duration.ofMinutes(2), i -> {
      for (int n = 0; n < perThread; n++) {
        while (true) {
          AuditRecord tail = log.last().orElse(null);
          AppendResult r = log.append(next(tail, "T" + i, Map.of("n", Integer.toString(n))));
          if (r instanceof AppendResult.Appended) {
            break;
          }
          assertInstanceOf(AppendResult.Conflict.class, r);
        }
      }
    });
    List<AuditRecord> all = new ArrayList<>();
    log.forEach(1, all::add);
    assertEquals(threads * perThread, all.size());
    String prev = AuditRecord.GENESIS_HASH;
    for (int i = 0; i < all.size(); i++) {
      assertEquals(i + 1, all.get(i).sequence());
      assertEquals(prev, all.get(i).previousHash());
      prev = all.get(i).hash();
    }
  }
}
