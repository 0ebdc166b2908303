package io.shomei.core;

import io.shomei.core.audit.AuditEvent;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.audit.AuditTrail;
import io.shomei.spi.AccountKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The engines' one reading of the clock and their two kinds of audit actor. */
final class Stamps {
  private Stamps() {}

  /**
   * The clock's instant at the precision stores keep (microseconds), so an instant an engine
   * compares is the instant it stored.
   */
  static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** Appends an event the customer caused. */
  static void customer(AuditTrail audit, AuditEventType type, AccountKey account,
      Map<String, String> details) {
    audit.append(AuditEvent.byCustomer(type, account, details));
  }

  /** Appends an event the engine caused on its own. */
  static void system(AuditTrail audit, AuditEventType type, @Nullable AccountKey account,
      Map<String, String> details) {
    audit.append(new AuditEvent(type, "system", account, details));
  }
}
