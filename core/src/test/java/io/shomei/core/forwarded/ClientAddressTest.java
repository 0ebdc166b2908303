package io.shomei.core.forwarded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ForwardedCertificates#clientAddress}: the client's address a trusted proxy passed, for a
 * host's per-client limits; anything else counts as the TCP peer.
 */
class ClientAddressTest {
  private final ForwardedCertificates decoder =
      ForwardedCertificates.builder(ForwardedFormat.HAPROXY_BASE64_DER)
          .trustedPeer("127.0.0.2").build();

  private static InetAddress at(int last) throws Exception {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
  }

  @Test
  void aTrustedProxysOneAddressIsTheClients() throws Exception {
    assertThat(decoder.clientAddress(at(2), List.of(), List.of("198.51.100.7")))
        .isEqualTo("198.51.100.7");
    assertThat(decoder.clientAddress(at(2), List.of(), List.of(" 2001:DB8::1 ")))
        .isEqualTo("2001:db8:0:0:0:0:0:1");
  }

  @Test
  void anUntrustedPeersHeaderCountsForNothing() throws Exception {
    assertThat(decoder.clientAddress(at(1), List.of(), List.of("198.51.100.7")))
        .isEqualTo("127.0.0.1");
  }

  @Test
  void anythingButExactlyOneAddressIsThePeer() throws Exception {
    for (List<String> values : List.of(List.<String>of(), List.of("198.51.100.7", "198.51.100.8"),
        List.of("198.51.100.7, 10.0.0.1"), List.of("localhost"), List.of("198.51.100.256"),
        List.of("fe80::1%eth0"), List.of(""))) {
      assertThat(decoder.clientAddress(at(2), List.of(), values)).as(values.toString())
          .isEqualTo("127.0.0.2");
    }
  }
}
