package io.shomei.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shomei.testing.qt.Qt;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Audit details survive the JSON column unchanged, whatever characters they hold. */
class DetailsCodecProperties {

  private static String anyString(RandomGenerator r) {
    int len = r.nextInt(12);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      switch (r.nextInt(4)) {
        case 0 -> sb.append((char) r.nextInt(0x20)); // control characters
        case 1 -> sb.append("\"\\/{}:,[] ".charAt(r.nextInt(10))); // JSON syntax
        case 2 -> sb.append((char) (0x3040 + r.nextInt(0x60))); // hiragana
        default -> sb.append((char) ('a' + r.nextInt(26)));
      }
    }
    return sb.toString();
  }

  private static Map<String, String> anyDetails(RandomGenerator r) {
    Map<String, String> m = new TreeMap<>();
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      m.put(anyString(r), anyString(r));
    }
    return m;
  }

  @Test
  void encodeThenDecodeIsIdentity() {
    Qt.qt().forAll(Qt.gen(DetailsCodecProperties::anyDetails))
        .check(m -> DetailsCodec.decode(DetailsCodec.encode(m)).equals(m));
  }

  @Test
  void encodingIsCanonical() {
    Qt.qt().forAll(Qt.gen(DetailsCodecProperties::anyDetails))
        .check(m -> DetailsCodec.encode(new java.util.HashMap<>(m)).equals(DetailsCodec.encode(m)));
  }

  @Test
  void knownForm() {
    assertEquals("{\"a\":\"1\",\"b\":\"x\\\"y\\n\"}", DetailsCodec.encode(Map.of("b", "x\"y\n", "a", "1")));
    assertEquals("{}", DetailsCodec.encode(Map.of()));
  }

  @Test
  void rejectsMalformedText() {
    for (String bad : new String[] {"", "{", "{\"a\"}", "{\"a\":1}", "{\"a\":\"b\"} x",
        "{\"a\":\"b\",\"a\":\"c\"}", "{\"a\":\"\\q\"}"}) {
      assertThrows(IllegalArgumentException.class, () -> DetailsCodec.decode(bad), bad);
    }
  }
}
