package io.shomei.core.forwarded;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded inputs for the forwarded-certificate tests: DER SEQUENCEs of random content and length
 * (short and long length forms; the decoder checks the DER shape, not X.509), chains of them, the
 * headers a proxy sends for a chain, and hostile edits of those headers.
 */
final class ForwardedSamples {
  private ForwardedSamples() {}

  /** Characters that mean something in one of the grammars. */
  private static final String SPECIAL = ":,;=\"%\\ \t\r\n-+/()?*0123456789abcdefABCDEF";

  static byte[] derSequence(SplittableRandom r, int maxContent) {
    int n = r.nextInt(maxContent + 1);
    byte[] content = new byte[n];
    r.nextBytes(content);
    byte[] head;
    if (n < 0x80) {
      head = new byte[] {0x30, (byte) n};
    } else if (n < 0x100) {
      head = new byte[] {0x30, (byte) 0x81, (byte) n};
    } else {
      head = new byte[] {0x30, (byte) 0x82, (byte) (n >> 8), (byte) n};
    }
    byte[] out = new byte[head.length + n];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(content, 0, out, head.length, n);
    return out;
  }

  static List<byte[]> chain(SplittableRandom r, int maxLength, int maxContent) {
    int n = 1 + r.nextInt(maxLength);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(derSequence(r, maxContent));
    }
    return out;
  }

  /** What the decoder gives back for a chain encoded in a format (nginx forwards the leaf only). */
  static List<byte[]> expected(ForwardedFormat format, List<byte[]> chain) {
    return format == ForwardedFormat.NGINX_ESCAPED_PEM ? List.of(chain.get(0)) : chain;
  }

  /** Header lines: name to values. */
  static Map<String, List<String>> lines(Map<String, String> encoded) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    encoded.forEach((k, v) -> out.put(k, new ArrayList<>(List.of(v))));
    return out;
  }

  static ForwardedCertificates.Headers headers(Map<String, List<String>> lines) {
    return name -> {
      List<String> all = new ArrayList<>();
      lines.forEach((k, v) -> {
        if (k.equalsIgnoreCase(name)) {
          all.addAll(v);
        }
      });
      return all;
    };
  }

  /** One hostile edit of a header value. */
  static String mutate(SplittableRandom r, String v) {
    StringBuilder b = new StringBuilder(v);
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = b.length() == 0 ? 0 : r.nextInt(b.length() + 1);
      switch (r.nextInt(7)) {
        case 0 -> b.insert(at, SPECIAL.charAt(r.nextInt(SPECIAL.length())));
        case 1 -> {
          if (at < b.length()) {
            b.setCharAt(at, SPECIAL.charAt(r.nextInt(SPECIAL.length())));
          }
        }
        case 2 -> b.setLength(at); // cut off
        case 3 -> {
          int to = Math.min(b.length(), at + r.nextInt(40));
          b.delete(at, to);
        }
        case 4 -> b.insert(at, (char) r.nextInt(0x3000)); // any char, non-ASCII too
        case 5 -> b.insert(at, b.substring(at, Math.min(b.length(), at + r.nextInt(60))));
        default -> b.insert(at, "%" + Integer.toHexString(r.nextInt(256)));
      }
    }
    return b.toString();
  }

  static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  static InetAddress literal(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
