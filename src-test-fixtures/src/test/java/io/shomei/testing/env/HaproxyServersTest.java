package io.shomei.testing.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The edit that turns a configuration's one backend server into several. */
class HaproxyServersTest {
  private static final String CONFIG = """
      backend shomei_web
        balance roundrobin
        server web1 127.0.0.1:9000 source 127.0.0.2 check inter 2s fall 2 rise 1
      # end""";

  @Test
  void theServerLineBecomesOneRouteAndOneServerPerNode() {
    String edited = TlsTerminator.haproxyServers("web1", List.of(
        new TlsTerminator.Server("web1", 4001), new TlsTerminator.Server("web2", 4002)),
        "127.0.0.2", "X-Node").apply(CONFIG);
    assertEquals("""
        backend shomei_web
          balance roundrobin
          use-server web1 if { req.hdr(X-Node) -m str web1 }
          use-server web2 if { req.hdr(X-Node) -m str web2 }
          server web1 127.0.0.1:4001 source 127.0.0.2 check inter 500ms fall 1 rise 1
          server web2 127.0.0.1:4002 source 127.0.0.2 check inter 500ms fall 1 rise 1
        # end""", edited);
  }

  @Test
  void aConfigurationWithoutThatServerLineIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> TlsTerminator.haproxyServers("web9",
        List.of(new TlsTerminator.Server("web1", 4001)), "127.0.0.2", "X-Node").apply(CONFIG));
  }

  @Test
  void aServerNameThatCouldInjectConfigurationIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new TlsTerminator.Server("web1 }\n  server evil", 4001));
  }
}
