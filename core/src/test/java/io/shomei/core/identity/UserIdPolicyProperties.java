package io.shomei.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.shomei.testing.gen.UserIds;
import io.shomei.testing.qt.Qt;
import org.junit.jupiter.api.Test;

/** The one parse of a user ID: what it accepts it returns unchanged; near misses are typed refusals. */
class UserIdPolicyProperties {
  static final UserIdPolicy EIGHT = UserIdPolicy.eightDigits();

  @Test
  void aValidUserIdParsesToItselfUnchanged() {
    Qt.qt().forAll(Qt.gen(UserIds::valid)).checkAssert(text -> {
      assertThat(EIGHT.parse(text)).isInstanceOfSatisfying(UserIdResult.Valid.class,
          v -> assertThat(v.userId().value()).isEqualTo(text));
      assertThat(EIGHT.userId(text)).isEqualTo(EIGHT.userId(text)).hasToString(text);
      assertThat(EIGHT.accepts(text)).isTrue();
    });
  }

  @Test
  void everyHostileNearMissIsRefusedWithAReasonAndNeverFixed() {
    Qt.qt().forAll(Qt.gen(UserIds::hostile)).checkAssert(h -> {
      assertThat(EIGHT.parse(h.value())).as(h.label())
          .isInstanceOf(UserIdResult.Refused.class);
      assertThat(EIGHT.accepts(h.value())).as(h.label()).isFalse();
      assertThatIllegalArgumentException().isThrownBy(() -> EIGHT.userId(h.value()));
    });
  }

  @Test
  void theReasonNamesWhatIsWrong() {
    assertThat(EIGHT.parse("")).isEqualTo(
        new UserIdResult.Refused(UserIdResult.Refused.Reason.EMPTY));
    assertThat(EIGHT.parse("1234567")).isEqualTo(
        new UserIdResult.Refused(UserIdResult.Refused.Reason.WRONG_LENGTH));
    assertThat(EIGHT.parse(" 1234567")).isEqualTo(
        new UserIdResult.Refused(UserIdResult.Refused.Reason.NOT_ASCII_DIGITS));
    assertThat(UserIdPolicy.digits(1, 64).parse("0")).isInstanceOf(UserIdResult.Valid.class);
  }
}
