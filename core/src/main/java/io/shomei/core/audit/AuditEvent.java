package io.shomei.core.audit;

import io.shomei.spi.AccountKey;
import io.shomei.spi.StorableText;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An event to append to the audit trail. The details are facts, never secrets: a key that names a
 * secret ({@code password}, {@code pin}, {@code secret}, {@code pkcs12}, {@code p12}, {@code key}
 * material) is refused.
 *
 * @param type what happened
 * @param actor who caused it: {@code customer}, {@code operator:<name>} or {@code system}
 * @param account the account concerned, or {@code null}
 * @param details further facts (serial, reason code, ...), copied and sorted; U+0000 and unpaired
 *     surrogates in a value (text from outside, such as a service name a host passed on) are
 *     replaced by U+FFFD, so that every store can hold the event
 * @since 0.1.0
 */
public record AuditEvent(
    AuditEventType type, String actor, @Nullable AccountKey account, Map<String, String> details) {

  /** Largest number of detail entries. */
  public static final int MAX_DETAILS = 32;

  /** Largest length of a detail key or value, in chars. */
  public static final int MAX_DETAIL_LENGTH = 512;

  /** Validates the actor and details; refuses secret-looking keys. */
  public AuditEvent {
    Objects.requireNonNull(type, "type");
    if (actor.isEmpty() || actor.length() > 128) {
      throw new IllegalArgumentException("actor must be 1..128 chars");
    }
    if (details.size() > MAX_DETAILS) {
      throw new IllegalArgumentException("at most " + MAX_DETAILS + " details");
    }
    for (Map.Entry<String, String> e : details.entrySet()) {
      String k = e.getKey();
      if (k.isEmpty() || k.length() > MAX_DETAIL_LENGTH || e.getValue().length() > MAX_DETAIL_LENGTH) {
        throw new IllegalArgumentException("detail key or value too long or empty key");
      }
      if (namesASecret(k)) {
        throw new IllegalArgumentException("audit details never carry secrets: key '" + k + "'");
      }
    }
    TreeMap<String, String> storable = new TreeMap<>();
    details.forEach((k, v) -> storable.put(k, StorableText.replaceUnstorable(v)));
    details = java.util.Collections.unmodifiableSortedMap(storable);
  }

  /**
   * An event by the customer.
   *
   * @param type the event type
   * @param account the account
   * @param details the details
   * @return the event
   */
  public static AuditEvent byCustomer(AuditEventType type, AccountKey account,
      Map<String, String> details) {
    return new AuditEvent(type, "customer", account, details);
  }

  /**
   * An event by a branch operator.
   *
   * @param type the event type
   * @param operator the operator's identity
   * @param account the account
   * @param details the details
   * @return the event
   */
  public static AuditEvent byOperator(AuditEventType type, String operator,
      @Nullable AccountKey account, Map<String, String> details) {
    return new AuditEvent(type, "operator:" + operator, account, details);
  }

  private static boolean namesASecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.endsWith("_code") || k.endsWith("-code") || k.equals("reason")) {
      return false;
    }
    return k.contains("password") || k.contains("passwd") || k.contains("secret")
        || k.equals("pin") || k.contains("pkcs12") || k.contains("p12")
        || k.contains("privatekey") || k.contains("private_key") || k.contains("private-key");
  }
}
