package io.shomei.core.forwarded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The grammar pieces on inputs written by hand. */
class HeaderCodecsTest {

  @Test
  void aHostsConfiguredNameGivesItsFormatAndAnyOtherNameNone() {
    assertThat(ForwardedFormat.named("nginx")).contains(ForwardedFormat.NGINX_ESCAPED_PEM);
    assertThat(ForwardedFormat.named("HAProxy")).contains(ForwardedFormat.HAPROXY_BASE64_DER);
    assertThat(ForwardedFormat.named("rfc9440")).contains(ForwardedFormat.RFC_9440);
    assertThat(ForwardedFormat.named("apache")).contains(ForwardedFormat.APACHE_PEM);
    assertThat(ForwardedFormat.named("envoy")).contains(ForwardedFormat.ENVOY_XFCC);
    assertThat(ForwardedFormat.named("NGINX_ESCAPED_PEM")).isEmpty();
    assertThat(ForwardedFormat.named("")).isEmpty();
  }

  static void assertOneDerSequence(byte[] der) {
    try {
      HeaderCodecs.oneDerSequence(der);
    } catch (HeaderCodecs.Bad e) {
      throw new AssertionError("not one DER SEQUENCE: " + e.getMessage(), e);
    }
  }

  @Test
  void aByteSequenceItemMayCarryParametersThatAreIgnored() throws Exception {
    assertThat(HeaderCodecs.sfItemBytes(" :MAA=:;a=1;b;c=\"x\\\"y\";d=?0;e=:AA==:;f=tok/en ")).containsExactly(0x30, 0x00);
  }

  @Test
  void aStructuredFieldListMaySpanWhitespaceAndBeEmpty() throws Exception {
    assertThat(HeaderCodecs.sfListBytes("", 4)).isEmpty();
    assertThat(HeaderCodecs.sfListBytes(":MAA=:,\t:MAA=: , :MAA=:", 4)).hasSize(3);
    assertThatThrownBy(() -> HeaderCodecs.sfListBytes(":MAA=:,", 4))
        .isInstanceOf(HeaderCodecs.Bad.class);
    assertThatThrownBy(() -> HeaderCodecs.sfListBytes(":MAA=:, (a b)", 4))
        .isInstanceOf(HeaderCodecs.Bad.class);
  }

  @Test
  void aTokenOrStringIsNotACertificate() {
    assertThatThrownBy(() -> HeaderCodecs.sfItemBytes("MAA=")).isInstanceOf(HeaderCodecs.Bad.class);
    assertThatThrownBy(() -> HeaderCodecs.sfItemBytes("\"MAA=\"")).isInstanceOf(HeaderCodecs.Bad.class);
    assertThatThrownBy(() -> HeaderCodecs.sfItemBytes(":MA A=:")).isInstanceOf(HeaderCodecs.Bad.class);
  }

  @Test
  void percentDecodingKeepsPlusAndRefusesBrokenEscapes() throws Exception {
    assertThat(HeaderCodecs.percentDecode("a+b%2Fc%0A")).isEqualTo("a+b/c\n");
    for (String bad : List.of("%", "%4", "%zz", "%C3%A9", "\u00e9", "a\u0000b")) {
      assertThatThrownBy(() -> HeaderCodecs.percentDecode(bad)).as(bad)
          .isInstanceOf(HeaderCodecs.Bad.class);
    }
  }

  @Test
  void pemBlocksAcceptLineBreaksTurnedIntoSpacesAndRefuseTextOutside() throws Exception {
    String pem = "-----BEGIN CERTIFICATE----- MA AA -----END CERTIFICATE-----";
    assertThat(HeaderCodecs.pemBlocks(pem, 1)).hasSize(1);
    assertThat(HeaderCodecs.pemBlocks(pem + "\n" + pem, 2)).hasSize(2);
    assertThatThrownBy(() -> HeaderCodecs.pemBlocks(pem + "\n" + pem, 1))
        .isInstanceOf(HeaderCodecs.Bad.class);
    assertThatThrownBy(() -> HeaderCodecs.pemBlocks("x" + pem, 1)).isInstanceOf(HeaderCodecs.Bad.class);
    assertThatThrownBy(() -> HeaderCodecs.pemBlocks(
        "-----BEGIN CERTIFICATE----- MAAA", 1)).isInstanceOf(HeaderCodecs.Bad.class);
  }

  @Test
  void derLengthsMustBeShortestAndFit() {
    for (byte[] bad : List.of(new byte[] {0x30}, new byte[] {0x30, 0x01},
        new byte[] {0x30, (byte) 0x81, 0x01, 0x00}, new byte[] {0x30, (byte) 0x80},
        new byte[] {0x31, 0x00}, new byte[] {0x30, (byte) 0x84, 0, 0, 0, 1, 0},
        new byte[] {0x30, 0x00, 0x00})) {
      assertThatThrownBy(() -> HeaderCodecs.oneDerSequence(bad))
          .isInstanceOf(HeaderCodecs.Bad.class);
    }
  }

  @Test
  void anXfccElementGivesItsCertAndChainWhateverTheirCaseAndQuoting() throws Exception {
    HeaderCodecs.XfccCertificates x = HeaderCodecs.xfcc(
        "By=spiffe://bank/ns/web;Hash=ab;cert=\"c%0A\";Subject=\"CN=a,O=b;c\";URI=;CHAIN=d");
    assertThat(x).isEqualTo(new HeaderCodecs.XfccCertificates("c%0A", "d"));
    assertThat(HeaderCodecs.xfcc("By=x")).isEqualTo(new HeaderCodecs.XfccCertificates(null, null));
  }

  @Test
  void secondXfccElementsAndRepeatedCertKeysAreJoinedValues() {
    for (String joined : List.of("Cert=a,Cert=b", "By=x;Cert=a;Cert=b", "Hash=1,By=2")) {
      assertThatThrownBy(() -> HeaderCodecs.xfcc(joined)).as(joined)
          .isInstanceOfSatisfying(HeaderCodecs.Bad.class, b -> assertThat(b.joined()).isTrue());
    }
    for (String bad : List.of("Cert", "Cert=\"a", "Cert=a\"b", "=a", "Cert=\"a\"x")) {
      assertThatThrownBy(() -> HeaderCodecs.xfcc(bad)).as(bad)
          .isInstanceOfSatisfying(HeaderCodecs.Bad.class, b -> assertThat(b.joined()).isFalse());
    }
  }
}
