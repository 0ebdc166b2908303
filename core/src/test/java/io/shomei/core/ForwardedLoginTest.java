package io.shomei.core;

import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.acquired;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.forwarded.ForwardedCertificate;
import io.shomei.core.forwarded.ForwardedCertificates;
import io.shomei.core.forwarded.ForwardedFormat;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.password.LetterFields;
import io.shomei.spi.AuditRecord;
import io.shomei.testing.ca.TestCa;
import java.net.InetAddress;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A forwarded certificate goes through the same acceptance as a directly presented one: the
 * account's certificate logs in through every format, a foreign CA's certificate from a trusted
 * proxy is refused exactly as it is when presented directly, and a header sent to the backend by
 * anyone but the proxy is refused and audited before it is read.
 */
class ForwardedLoginTest {
  private static final Instant AFTER_CHANGE = Instant.parse("2021-03-01T00:00:00Z");
  private static final String USER = "12345678";
  private static final InetAddress PROXY = address("10.0.0.7");
  private static final InetAddress CUSTOMER = address("203.0.113.9");

  @ParameterizedTest
  @EnumSource(ForwardedFormat.class)
  void theAccountsCertificateForwardedByATrustedProxyLogsInAsIfPresentedDirectly(
      ForwardedFormat format) throws Exception {
    ShomeiBank bank = new ShomeiBank(AFTER_CHANGE);
    List<byte[]> chain;
    try (LetterFields letter = bank.enroll(USER, FX)) {
      chain = der(CertificatesTest.chain(acquired(bank.acquire(letter, FX))));
    }
    ForwardedCertificates forwarded = decoder(bank, format);
    ForwardedCertificate fc = forwarded.decode(PROXY, List.of(), headers(format.encode(chain)));

    assertThat(fc).isInstanceOf(ForwardedCertificate.Forwarded.class);
    List<byte[]> got = ((ForwardedCertificate.Forwarded) fc).chain();
    assertThat(got.get(0)).isEqualTo(chain.get(0));
    assertThat(bank.shomei.login().presentEncodedCertificate(FX, got))
        .isInstanceOf(LoginResult.PasswordRequired.class);
  }

  @ParameterizedTest
  @EnumSource(ForwardedFormat.class)
  void aForeignCasCertificateFromATrustedProxyIsRefusedLikeADirectOne(ForwardedFormat format)
      throws Exception {
    ShomeiBank bank = new ShomeiBank(AFTER_CHANGE);
    try (LetterFields letter = bank.enroll(USER, FX)) {
      acquired(bank.acquire(letter, FX));
    }
    TestCa foreign = TestCa.root("Shomei Flow Test CA"); // same name, other key
    X509Certificate impostor = foreign.leaf().commonName(USER)
        .validity(AFTER_CHANGE.minusSeconds(86_400), AFTER_CHANGE.plusSeconds(86_400 * 30L))
        .issue().certificate();
    List<byte[]> chain = der(List.of(impostor, foreign.rootCertificate()));

    LoginResult.CertificateStep direct = bank.shomei.login().presentCertificate(FX,
        List.of(impostor, foreign.rootCertificate()));
    ForwardedCertificate fc = decoder(bank, format)
        .decode(PROXY, List.of(), headers(format.encode(chain)));
    LoginResult.CertificateStep viaProxy = bank.shomei.login()
        .presentEncodedCertificate(FX, ((ForwardedCertificate.Forwarded) fc).chain());

    assertThat(direct).isInstanceOfSatisfying(LoginResult.Refused.class, r -> assertThat(
        ((Refusal.CertificateRejected) r.refusal()).reason())
        .isEqualTo(AcceptanceRefusal.UNTRUSTED_CHAIN));
    assertThat(viaProxy).isEqualTo(direct);
  }

  @ParameterizedTest
  @EnumSource(ForwardedFormat.class)
  void aHeaderForgedStraightToTheBackendIsRefusedAsUntrustedPeerAndAudited(ForwardedFormat format)
      throws Exception {
    ShomeiBank bank = new ShomeiBank(AFTER_CHANGE);
    List<byte[]> chain;
    try (LetterFields letter = bank.enroll(USER, FX)) {
      chain = der(CertificatesTest.chain(acquired(bank.acquire(letter, FX))));
    }
    int before = bank.audit().size();

    ForwardedCertificate fc = decoder(bank, format)
        .decode(CUSTOMER, List.of(), headers(format.encode(chain)));

    assertThat(fc).isEqualTo(new ForwardedCertificate.UntrustedPeer(format.certificateHeader()));
    List<AuditRecord> after = bank.audit();
    assertThat(after).hasSize(before + 1);
    AuditRecord r = after.get(after.size() - 1);
    assertThat(r.type()).isEqualTo("FORWARDED_CERTIFICATE_REFUSED");
    assertThat(r.details()).containsEntry("reason", "UNTRUSTED_PEER")
        .containsEntry("peer", "203.0.113.9").containsEntry("format", format.name());
  }

  private static ForwardedCertificates decoder(ShomeiBank bank, ForwardedFormat format) {
    return ForwardedCertificates.builder(format).trustedPeer("10.0.0.0/24")
        .auditTrail(bank.shomei.audit()).build();
  }

  static ForwardedCertificates.Headers headers(Map<String, String> h) {
    return name -> h.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue).toList();
  }

  static List<byte[]> der(List<X509Certificate> chain) throws CertificateEncodingException {
    List<byte[]> out = new ArrayList<>();
    for (X509Certificate c : chain) {
      out.add(c.getEncoded());
    }
    return out;
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
