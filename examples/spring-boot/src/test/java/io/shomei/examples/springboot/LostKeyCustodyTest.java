package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.AccountCertificate;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.KeyCustodyException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * An HSM session lost while a customer acquires (the token removed, the network to the HSM cut):
 * the customer is told that certificates cannot be issued at the moment, with HTTP 503 and
 * {@code Retry-After}, not a server error; nothing was issued, and once custody is back the same
 * passwords acquire. The web example answers the same ("issuance unavailable").
 */
@Import(LostKeyCustodyTest.Losable.class)
class LostKeyCustodyTest extends HostTestSupport {
  static final AtomicBoolean LOST = new AtomicBoolean();

  /** The host's custody behind a switch that makes every signature fail as a lost token does. */
  @TestConfiguration
  static class Losable {
    @Bean
    @Primary
    KeyCustody losableCustody(@Qualifier("keyCustody") KeyCustody custody) {
      return new KeyCustody() {
        @Override
        public List<X509Certificate> certificateChain() {
          return custody.certificateChain();
        }

        @Override
        public Set<String> signatureAlgorithms() {
          return custody.signatureAlgorithms();
        }

        @Override
        public byte[] sign(String algorithm, byte[] data) {
          if (LOST.get()) {
            throw new KeyCustodyException("token not present (test)", null);
          }
          return custody.sign(algorithm, data);
        }
      };
    }
  }

  @Test
  void aLostHsmSessionIsIssuanceUnavailableWithRetryAfterAndThePasswordsStillWork() {
    Letter letter = enroll("20021001", FORWARD);
    Browser b = browser();
    assertThat(b.get("/acquire").status()).isEqualTo(200);
    Map<String, String> form = Map.of("service", letter.service(), "userId", letter.userId(),
        "password", letter.temporaryPassword(), "acquisitionPassword",
        letter.acquisitionPassword());
    LOST.set(true);
    Browser.Page lost;
    try {
      lost = b.post("/acquire", form);
    } finally {
      LOST.set(false);
    }
    assertThat(lost.status()).as(lost.body()).isEqualTo(503);
    assertThat(lost.refusal()).hasValue(IssuanceUnavailable.REASON + "/");
    assertThat(lost.headers().firstValue("Retry-After")).isPresent();
    assertThat(lost.body()).contains("Certificates cannot be issued at the moment")
        .doesNotContain("token not present");
    assertThat(shomei.certificates().status(letter.userId(), FORWARD))
        .as("nothing was issued").isInstanceOf(AccountCertificate.NotHeld.class);

    ClientCertificate certificate = acquire(letter, letter.temporaryPassword());
    assertThat(certificate.certificate().getSubjectX500Principal().getName())
        .contains(letter.userId());
  }
}
