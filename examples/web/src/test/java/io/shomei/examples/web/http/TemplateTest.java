package io.shomei.examples.web.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private static final Messages.Bundle JA =
      new Messages.Bundle(java.util.Locale.JAPANESE, Map.of("hello", "こんにちは <b>&</b>"));

  @Test
  void escapesEveryValueAndEveryMessage() {
    Template t = Template.parse("t", "<p title=\"{{v}}\">{{v}}</p><i>{{t:hello}}</i>");
    String out = t.render(JA, Map.of("v", "\"><script>alert('x')</script>&")).toString();
    assertThat(out).isEqualTo("<p title=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;\">"
        + "&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p>"
        + "<i>こんにちは &lt;b&gt;&amp;&lt;/b&gt;</i>");
  }

  @Test
  void rawSlotsTakeOnlyHtml() {
    Template t = Template.parse("t", "<div>{{{content}}}</div>");
    assertThat(t.render(JA, Map.of("content", Html.text("<x>"))).toString())
        .isEqualTo("<div>&lt;x&gt;</div>");
    Html inner = Template.parse("i", "<b>{{v}}</b>").render(JA, Map.of("v", "1<2"));
    assertThat(t.render(JA, Map.of("content", inner)).toString())
        .isEqualTo("<div><b>1&lt;2</b></div>");
    assertThatThrownBy(() -> t.render(JA, Map.of("content", "<script>")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs Html");
  }

  @Test
  void htmlInAnEscapedSlotOrAMissingValueIsAProgrammingError() {
    Template t = Template.parse("t", "{{v}}");
    assertThatThrownBy(() -> t.render(JA, Map.of("v", Html.text("x"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t.render(JA, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no value for v");
    assertThatThrownBy(() -> Template.parse("bad", "{{ unclosed"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Template.parse("bad", "{{a b}}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void joinAndEscapeCoverTheFiveCharacters() {
    assertThat(Html.escape("&<>\"'plain")).isEqualTo("&amp;&lt;&gt;&quot;&#39;plain");
    assertThat(Html.join(List.of(Html.text("a"), Html.text("<"))).toString()).isEqualTo("a&lt;");
    assertThat(Html.escape("日本語")).isEqualTo("日本語");
  }

  @Test
  void everyTemplateOfTheApplicationParses() {
    for (String name : List.of("layout", "login", "acquire", "issuing", "download", "password",
        "change-password", "home", "error", "notice", "notice-link", "certificate", "link",
        "refresh", "service-link", "notice-list", "notice-item")) {
      assertThat(Template.named(name)).isNotNull();
    }
  }
}
