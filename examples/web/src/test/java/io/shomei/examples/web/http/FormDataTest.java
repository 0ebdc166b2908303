package io.shomei.examples.web.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.Secret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormDataTest {
  private static FormData parse(String body) {
    return FormData.parse(body.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void decodesTextAndSecrets() {
    try (FormData f = parse("userId=1234%2B5678&password=P%40ss+w%C3%B6rd&empty=&flag")) {
      assertThat(f.text("userId", 64)).isEqualTo("1234+5678");
      try (Secret s = f.secret("password", 64)) {
        assertThat(new String(s.toCharArray())).isEqualTo("P@ss wörd");
      }
      assertThat(f.text("empty", 64)).isEmpty();
      assertThat(f.has("flag")).isTrue();
      assertThat(f.text("absent", 64)).isEmpty();
      assertThat(f.secret("absent", 64).length()).isZero();
      assertThat(f.toString()).doesNotContain("1234").contains("<redacted>");
    }
  }

  @Test
  void closeWipesTheBody() {
    byte[] body = "password=secret".getBytes(StandardCharsets.US_ASCII);
    FormData f = FormData.parse(body);
    f.close();
    assertThat(body).containsOnly((byte) 0);
  }

  @Test
  void malformedInputIsABadRequest() {
    for (String bad : new String[] {"a=%zz", "a=%4", "a=%C3%28", "a=1&a=2", "b%00=1",
        "a=%0A", "<x>=1"}) {
      assertThatThrownBy(() -> parse(bad).text("a", 64)).as(bad)
          .isInstanceOf(HttpError.class)
          .extracting(e -> ((HttpError) e).status()).isEqualTo(400);
    }
  }

  @Test
  void valuesAndFieldCountsAreBounded() {
    try (FormData f = parse("a=" + "x".repeat(65))) {
      assertThatThrownBy(() -> f.text("a", 64)).isInstanceOf(HttpError.class);
      assertThatThrownBy(() -> f.secret("a", 64)).isInstanceOf(HttpError.class);
    }
    StringBuilder many = new StringBuilder();
    for (int i = 0; i <= FormData.MAX_FIELDS; i++) {
      many.append("f").append(i).append("=1&");
    }
    assertThatThrownBy(() -> parse(many.toString())).isInstanceOf(HttpError.class);
  }
}
