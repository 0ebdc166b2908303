package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.eligibility.LoginDecision;
import io.shomei.core.eligibility.VerdictKind;
import io.shomei.core.AcquisitionRefusal;
import io.shomei.core.DownloadRefusal;
import io.shomei.core.LoginRefusal;
import io.shomei.core.LoginResult;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.web.http.Messages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every typed refusal and verdict of the SDK has a message in both languages. */
class MessagesTest {
  @Test
  void everyCodeHasAJapaneseAndAnEnglishMessage() {
    for (String lang : List.of("ja", "en")) {
      Messages.Bundle b = Views.MESSAGES.bundle(lang);
      for (AcquisitionRefusal r : AcquisitionRefusal.values()) {
        assertThat(b.has("acquisition.refused." + r)).as(lang + " " + r).isTrue();
      }
      for (LoginRefusal r : LoginRefusal.values()) {
        assertThat(b.has("login.refused." + r)).as(lang + " " + r).isTrue();
      }
      for (AcceptanceRefusal r : AcceptanceRefusal.values()) {
        assertThat(b.has("certificate.refused." + r)).as(lang + " " + r).isTrue();
      }
      for (LoginDecision.Reason r : LoginDecision.Reason.values()) {
        assertThat(b.has("eligibility.refused." + r)).as(lang + " " + r).isTrue();
      }
      for (VerdictKind k : VerdictKind.values()) {
        assertThat(b.has("home.status." + k)).as(lang + " " + k).isTrue();
      }
      for (io.shomei.core.RenewalRefusal r : io.shomei.core.RenewalRefusal.values()) {
        assertThat(b.has("renewal.refused." + r)).as(lang + " " + r).isTrue();
      }
      for (DownloadRefusal r : DownloadRefusal.values()) {
        assertThat(b.has("download.refused." + r)).as(lang + " " + r).isTrue();
      }
      for (LoginResult.ChangeRequired.Reason r : LoginResult.ChangeRequired.Reason.values()) {
        assertThat(b.has("change.reason." + r)).as(lang + " " + r).isTrue();
      }
      for (String s : DataDir.SERVICES) {
        assertThat(b.has("service." + s)).as(lang + " " + s).isTrue();
      }
    }
  }

  @Test
  void theButtonsAreTheManualsWords() {
    assertThat(Views.MESSAGES.bundle("ja").text("login.acquire.button")).isEqualTo("電子証明書取得");
    assertThat(Views.MESSAGES.bundle("ja").text("login.login.button")).isEqualTo("電子証明書ログイン");
    assertThat(Views.MESSAGES.bundle("ja").text("download.button")).isEqualTo("ダウンロード");
  }
}
