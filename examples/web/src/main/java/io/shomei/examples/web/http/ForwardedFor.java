package io.shomei.examples.web.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The client address a trusted proxy passes in {@code X-Forwarded-For}. The shipped nginx and
 * HAProxy configurations set it to the address the client connected from, replacing whatever the
 * client sent, so it holds exactly one IP literal; anything else (several values, a list, a name)
 * is not taken.
 */
final class ForwardedFor {
  private ForwardedFor() {}

  /** The header. */
  static final String HEADER = "X-Forwarded-For";

  private static final Pattern IPV4 = Pattern.compile(
      "(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)");
  /** Hex groups with at least two colons (an embedded IPv4 tail allowed), no zone. */
  private static final Pattern IPV6 = Pattern.compile("(?=.*:.*:)[0-9A-Fa-f:.]{2,45}");

  /**
   * The client's address from the header's values.
   *
   * @param values the header's values as received (null when absent)
   * @param peer what to answer when they are not exactly one IP literal
   * @return the client's address in its canonical text, or {@code peer}
   */
  static String client(@Nullable List<String> values, String peer) {
    if (values == null || values.size() != 1) {
      return peer;
    }
    String value = values.get(0).strip();
    if (!IPV4.matcher(value).matches() && !IPV6.matcher(value).matches()) {
      return peer;
    }
    try {
      return InetAddress.getByName(value).getHostAddress(); // a literal: no name is looked up
    } catch (UnknownHostException e) {
      return peer;
    }
  }
}
