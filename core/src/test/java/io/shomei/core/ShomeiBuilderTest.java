package io.shomei.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.identity.CertificatePolicy;
import io.shomei.testing.MutableClock;
import io.shomei.testing.memory.InMemoryStorage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder: explicit wiring, set-once setters, fail-fast build naming the missing part. */
class ShomeiBuilderTest {

  static Shomei.Builder complete() {
    return Shomei.builder()
        .storage(new InMemoryStorage())
        .keyCustody(ShomeiBank.CA)
        .clock(MutableClock.at("2021-03-01T00:00:00Z"))
        .zone(ShomeiBank.TOKYO)
        .passwordHasher(ShomeiBank.HASHER)
        .service(ShomeiBank.profile(ShomeiBank.FX), RuleSet.of());
  }

  @Test
  void aCompleteBuilderBuildsAndExposesEveryUseCase() {
    Shomei s = complete().build();
    assertThat(s.services()).containsExactly(ShomeiBank.FX);
    assertThat(s.enrollment()).isNotNull();
    assertThat(s.acquisition()).isNotNull();
    assertThat(s.login()).isNotNull();
    assertThat(s.crl()).isNotNull();
    assertThat(s.operator("op").operatorId()).isEqualTo("op");
    assertThat(s.audit().verify()).isNotNull();
  }

  @Test
  void storesComeAsOneStorageGivenOnce() {
    InMemoryStorage storage = new InMemoryStorage();
    Shomei.Builder b = Shomei.builder().storage(storage)
        .keyCustody(ShomeiBank.CA)
        .clock(MutableClock.at("2021-03-01T00:00:00Z"))
        .zone(ShomeiBank.TOKYO)
        .passwordHasher(ShomeiBank.HASHER)
        .service(ShomeiBank.profile(ShomeiBank.FX), RuleSet.of());
    assertThatThrownBy(() -> b.storage(storage)).isInstanceOf(IllegalStateException.class);
    assertThat(b.build().enrollment().enroll("12345678", ShomeiBank.FX))
        .isInstanceOf(EnrollmentResult.Enrolled.class);
    assertThat(storage.credentials().accountsOf("12345678")).hasSize(1);
  }

  @Test
  void buildRefusesAProfileTheCertificatePolicyDoesNotAllow() {
    // the default profile has EC P-256 keys and SHA-256: CNSA allows neither
    assertThatThrownBy(() -> complete().certificatePolicy(CertificatePolicy.cnsa()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not allow");
  }

  @Test
  void buildNamesTheFirstMissingPart() {
    assertThatThrownBy(() -> Shomei.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("storage is required");
    assertThatThrownBy(() -> Shomei.builder()
        .storage(new InMemoryStorage())
        .keyCustody(ShomeiBank.CA)
        .clock(MutableClock.at("2021-03-01T00:00:00Z"))
        .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("zone");
    assertThatThrownBy(() -> Shomei.builder()
        .storage(new InMemoryStorage())
        .keyCustody(ShomeiBank.CA)
        .clock(MutableClock.at("2021-03-01T00:00:00Z"))
        .zone(ShomeiBank.TOKYO)
        .passwordHasher(ShomeiBank.HASHER)
        .build()).hasMessageContaining("service");
  }

  @Test
  void settersAreSetOnceAndValidatedEagerly() {
    Shomei.Builder b = complete();
    assertThatThrownBy(() -> b.clock(MutableClock.at("2021-03-01T00:00:00Z")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("clock");
    assertThatThrownBy(() -> b.service(ShomeiBank.profile(ShomeiBank.FX), RuleSet.of()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("fx-forward");
    assertThatThrownBy(() -> b.crlNextUpdate(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.pkcs12Iterations(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.temporaryPasswordValidity(Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TicketLimits(Duration.ofHours(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aServiceProfileMustBelongToItsService() {
    assertThatThrownBy(() -> new ServiceSettings("other", ShomeiBank.profile(ShomeiBank.FX),
        List.of(ShomeiBank.CA.certificate()), RuleSet.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ServiceSettings(ShomeiBank.FX, ShomeiBank.profile(ShomeiBank.FX), List.of(),
        RuleSet.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void naturalEndsOfACertificateAreNeverConfigurableAsRevocationForCause() {
    for (io.shomei.spi.RevocationReason never : List.of(
        io.shomei.spi.RevocationReason.SUPERSEDED,
        io.shomei.spi.RevocationReason.CESSATION_OF_OPERATION)) {
      assertThatThrownBy(() -> Shomei.builder().operatorStepAfterRevocation(
          java.util.Set.of(io.shomei.spi.RevocationReason.KEY_COMPROMISE, never)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void refusesShortPendingLoginKeysAndOutOfRangeLockDelays() {
    assertThatThrownBy(() -> Shomei.builder().pendingLoginKey(
        new javax.crypto.spec.SecretKeySpec(new byte[16], "HmacSHA256")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Shomei.builder().acquisitionLockDelays(
        java.time.Duration.ofMinutes(5), java.time.Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Shomei.builder().acquisitionLockDelays(
        java.time.Duration.ofMinutes(1), java.time.Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
