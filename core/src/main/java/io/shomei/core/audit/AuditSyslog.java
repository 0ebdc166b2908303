package io.shomei.core.audit;

import io.shomei.spi.AuditRecord;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One audit record as an RFC 5424 syslog message, the form {@link SyslogTcpAuditSink} sends: facility
 * 13 (log audit), severity 6 (informational), the record's instant as TIMESTAMP, MSGID
 * {@code audit}, a structured-data element {@code [shomei@32473 seq="N" hash="H"]}, and as MSG
 * the record's {@link AuditJson} line. A SIEM can index the structured data; a verifier reads the
 * MSG back ({@link #parse}), from the message as sent or as a receiver such as rsyslog writes it
 * with its RFC 5424 template.
 *
 * @since 0.2.0
 */
public final class AuditSyslog {
  /** PRI of every message: facility 13 (log audit) times 8 plus severity 6 (informational). */
  public static final int PRI = 13 * 8 + 6;

  /** The structured-data ID (private enterprise number 32473, the one RFC 5612 reserves for documentation). */
  public static final String SD_ID = "shomei@32473";

  private static final Pattern NAME = Pattern.compile("[\\x21-\\x7e]{1,48}");
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private AuditSyslog() {}

  /**
   * The record as one RFC 5424 message (without the TCP framing, without a line break).
   *
   * @param record the record
   * @param hostname the HOSTNAME field, 1..48 printable ASCII characters
   * @param appName the APP-NAME field, 1..48 printable ASCII characters
   * @return the message, printable ASCII
   * @throws IllegalArgumentException if a name is not printable ASCII of that length
   */
  public static String message(AuditRecord record, String hostname, String appName) {
    checkName("hostname", hostname);
    checkName("appName", appName);
    return "<" + PRI + ">1 " + TIMESTAMP.format(record.at()) + " " + hostname + " " + appName
        + " - audit [" + SD_ID + " seq=\"" + record.sequence() + "\" hash=\"" + record.hash()
        + "\"] " + AuditJson.line(record);
  }

  static void checkName(String what, String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " must be 1..48 printable ASCII characters");
    }
  }

  /**
   * Reads the record out of one RFC 5424 message: the header is skipped, the structured data is
   * read, the MSG is parsed with {@link AuditJson#parse}, and the {@code seq} and {@code hash} of
   * the {@link #SD_ID} element must agree with it. An octet-count prefix (RFC 6587 framing) is
   * accepted too.
   *
   * @param message the message
   * @return the record
   * @throws IllegalArgumentException if it is not such a message
   */
  public static AuditRecord parse(String message) {
    String m = message.strip();
    int sp = m.indexOf(' ');
    if (sp > 0 && m.charAt(0) != '<' && m.substring(0, sp).chars().allMatch(Character::isDigit)) {
      m = m.substring(sp + 1); // octet-counted framing
    }
    if (!m.startsWith("<")) {
      throw new IllegalArgumentException("not a syslog message: no PRI");
    }
    int pos = 0;
    // PRI+VERSION, TIMESTAMP, HOSTNAME, APP-NAME, PROCID, MSGID: six space-separated fields
    for (int field = 0; field < 6; field++) {
      int next = m.indexOf(' ', pos);
      if (next < 0) {
        throw new IllegalArgumentException("not a syslog message: a short header");
      }
      pos = next + 1;
    }
    Map<String, String> sd = new LinkedHashMap<>();
    boolean found = false;
    if (m.startsWith("-", pos)) {
      pos++;
    } else {
      while (pos < m.length() && m.charAt(pos) == '[') {
        int[] at = {pos + 1};
        String id = token(m, at, " ]");
        boolean ours = id.equals(SD_ID);
        found |= ours;
        while (at[0] < m.length() && m.charAt(at[0]) == ' ') {
          at[0]++;
          String name = token(m, at, "=");
          if (!m.startsWith("=\"", at[0])) {
            throw new IllegalArgumentException("not a syslog message: a bad SD-PARAM");
          }
          at[0] += 2;
          StringBuilder value = new StringBuilder();
          while (true) {
            if (at[0] >= m.length()) {
              throw new IllegalArgumentException("not a syslog message: an open SD-PARAM");
            }
            char c = m.charAt(at[0]++);
            if (c == '"') {
              break;
            }
            if (c == '\\' && at[0] < m.length() && "\"\\]".indexOf(m.charAt(at[0])) >= 0) {
              c = m.charAt(at[0]++);
            }
            value.append(c);
          }
          if (ours && sd.put(name, value.toString()) != null) {
            throw new IllegalArgumentException("a repeated SD-PARAM in " + SD_ID);
          }
        }
        if (at[0] >= m.length() || m.charAt(at[0]) != ']') {
          throw new IllegalArgumentException("not a syslog message: an open SD-ELEMENT");
        }
        pos = at[0] + 1;
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no " + SD_ID + " structured data: not an audit export");
    }
    String msg = m.substring(pos);
    if (msg.startsWith(" ")) {
      msg = msg.substring(1);
    }
    if (msg.startsWith("\uFEFF")) {
      msg = msg.substring(1);
    }
    AuditRecord r = AuditJson.parse(msg);
    if (!Long.toString(r.sequence()).equals(sd.get("seq")) || !r.hash().equals(sd.get("hash"))) {
      throw new IllegalArgumentException("the structured data does not match the record at "
          + r.sequence());
    }
    return r;
  }

  private static String token(String m, int[] at, String stops) {
    int start = at[0];
    while (at[0] < m.length() && stops.indexOf(m.charAt(at[0])) < 0) {
      at[0]++;
    }
    if (at[0] == start || at[0] >= m.length()) {
      throw new IllegalArgumentException("not a syslog message: bad structured data");
    }
    return m.substring(start, at[0]);
  }
}
