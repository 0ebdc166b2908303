package io.shomei.core.identity;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.shomei.testing.qt.Qt;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The common name for display answers for any input, hostile or truncated (it moved here from the
 * subject-mapping fuzz test when {@link SubjectParser} became package-private).
 */
class SubjectDisplayProperties {
  /** SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, PrintableString "12345678" } } }. */
  private static final byte[] NAME = {0x30, 0x15, 0x31, 0x13, 0x30, 0x11, 0x06, 0x03, 0x55, 0x04,
      0x03, 0x13, 0x08, '1', '2', '3', '4', '5', '6', '7', '8'};

  @Test
  void displayCommonNameAnswersForArbitraryAndMutatedNames() {
    Qt.qt().forAll(Qt.gen(r -> {
      byte[] der;
      if (r.nextBoolean()) {
        der = new byte[r.nextInt(64)];
        r.nextBytes(der);
      } else {
        der = NAME.clone();
        for (int i = r.nextInt(1, 4); i > 0; i--) {
          der[r.nextInt(der.length)] ^= (byte) r.nextInt(1, 256);
        }
      }
      return der;
    })).checkAssert(der -> assertThatCode(() -> SubjectParser.displayCommonName(der))
        .as(new String(der, StandardCharsets.ISO_8859_1)).doesNotThrowAnyException());
  }
}
