package io.shomei.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.testing.memory.InMemoryAuditLog;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link AuditTrail#recordsOf}: one account's newest records, oldest first, nothing else. */
class AuditRecordsOfTest {
  private static final AccountKey A = new AccountKey("12345678", "fx-forward");

  @Test
  void onlyTheAccountsRecordsOfThatServiceTheNewestOnesOldestFirst() {
    AuditTrail trail = new AuditTrail(new InMemoryAuditLog(), Clock.systemUTC());
    for (int i = 0; i < 5; i++) {
      trail.append(AuditEvent.byCustomer(AuditEventType.LOGIN_SUCCEEDED, A,
          Map.of("n", String.valueOf(i))));
      // the same user ID in another service, another user in the same service, no account
      trail.append(AuditEvent.byCustomer(AuditEventType.LOGIN_SUCCEEDED,
          new AccountKey("12345678", "fx-other"), Map.of()));
      trail.append(AuditEvent.byCustomer(AuditEventType.LOGIN_SUCCEEDED,
          new AccountKey("87654321", "fx-forward"), Map.of()));
      trail.append(new AuditEvent(AuditEventType.CRL_ISSUED, "system", null, Map.of()));
    }
    List<AuditRecord> three = trail.recordsOf(A, 3);
    assertEquals(List.of("2", "3", "4"),
        three.stream().map(r -> r.details().get("n")).toList());
    assertEquals(5, trail.recordsOf(A, AuditTrail.MAX_RECORDS_OF).size());
    assertEquals(List.of(), trail.recordsOf(new AccountKey("11111111", "fx-forward"), 10));
  }

  @Test
  void aLimitOutOfRangeIsAProgrammingError() {
    AuditTrail trail = new AuditTrail(new InMemoryAuditLog(), Clock.systemUTC());
    assertThrows(IllegalArgumentException.class, () -> trail.recordsOf(A, 0));
    assertThrows(IllegalArgumentException.class,
        () -> trail.recordsOf(A, AuditTrail.MAX_RECORDS_OF + 1));
  }
}
