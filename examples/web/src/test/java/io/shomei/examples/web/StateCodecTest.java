package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.DownloadTicketInfo;
import io.shomei.core.LoginResult;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.web.http.Session;
import io.shomei.spi.AccountKey;
import io.shomei.spi.Secret;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every attribute the pages keep survives the trip through a database row unchanged, and the SDK's
 * sealed values come back still sealed: a login continued on another node with the shared key
 * completes; a row holding any other serialized object is refused before it is built.
 */
class StateCodecTest {
  @TempDir static Path tmp;
  static WebFixture web;
  static WebFixture.Customer who;
  static X509Certificate certificate;

  private final StateCodec codec = new StateCodec();

  @BeforeAll
  static void start() {
    web = new WebFixture(tmp.resolve("data"));
    who = web.enroll(DataDir.FX_FORWARD);
    AcquisitionResult r = web.admin.acquisition().acquire(AcquisitionRequest.of(who.userId(),
        who.service(), Secret.of(who.temporaryPassword()), Secret.of(who.acquisitionPassword())));
    certificate = ((AcquisitionResult.Acquired) r).certificate();
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  @SuppressWarnings("unchecked")
  private <T> T roundTrip(Session.Key<T> key, T value) {
    assertThat(codec.key(key.name())).isEqualTo(key);
    return (T) codec.decode(key, codec.encode(key, value));
  }

  private static CertificateSummary summary() {
    return CertificateSummary.of(certificate, DataDir.ZONE);
  }

  @Test
  void everyAttributeComesBackEqual() {
    Instant t = Instant.parse("2026-03-01T01:02:03.456789Z");
    State.Job job = new State.Job("fx-forward", who.userId(), t);
    assertThat(roundTrip(State.JOB, job)).isEqualTo(job);

    for (boolean renewed : new boolean[] {false, true}) {
      State.Ticket ticket = new State.Ticket("fx-forward", who.userId(),
          new DownloadTicketInfo("t-123", t, 2), summary(), renewed);
      assertThat(roundTrip(State.TICKET, ticket)).isEqualTo(ticket);
    }

    State.Refused refused = new State.Refused("fx-forward", "", Notice.error("いいえ")
        .withLink("/fx-forward/", "ログイン"));
    assertThat(roundTrip(State.REFUSED, refused)).isEqualTo(refused);

    State.SignedIn in = new State.SignedIn("fx-forward", new LoginResult.Authenticated(
        new AccountKey(who.userId(), "fx-forward"), summary(), t, null, true, t.plusSeconds(9)))
        .withChangeNoticeShown();
    assertThat(roundTrip(State.SIGNED_IN, in)).isEqualTo(in);
  }

  @Test
  void aPendingLoginMovedThroughARowStillCompletesTheLogin() {
    LoginResult.PasswordRequired step = (LoginResult.PasswordRequired) web.admin.login()
        .presentCertificate(who.service(), List.of(certificate));
    State.Pending pending = new State.Pending(who.service(), step.pending(), step.certificate(),
        step.unusableFrom());
    State.Pending moved = roundTrip(State.PENDING, pending);
    assertThat(moved).isEqualTo(pending);

    LoginResult.PasswordStep next = web.admin.login().password(moved.pending(),
        Secret.of(who.temporaryPassword()));
    assertThat(next).isInstanceOf(LoginResult.ChangeRequired.class);
    State.Pending withProof = moved.withChangeRequired((LoginResult.ChangeRequired) next);
    State.Pending movedAgain = roundTrip(State.PENDING, withProof);
    assertThat(movedAgain.proof()).isEqualTo(withProof.proof());
    assertThat(movedAgain.changeRequired()).isEqualTo(withProof.changeRequired());

    io.shomei.core.PasswordProof proof = java.util.Objects.requireNonNull(movedAgain.proof());
    assertThat(web.admin.login().changePassword(proof, Secret.of("Moved2node9x")))
        .isInstanceOf(LoginResult.Authenticated.class);
  }

  @Test
  void aRowHoldingAnyOtherSerializedObjectIsRefusedBeforeItIsBuilt() throws Exception {
    ByteArrayOutputStream forged = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(forged)) {
      out.writeByte(1);
      out.writeUTF("fx-forward");
      ByteArrayOutputStream object = new ByteArrayOutputStream();
      try (ObjectOutputStream o = new ObjectOutputStream(object)) {
        o.writeObject(new ArrayList<>(List.of("not", "a", "pending", "login")));
      }
      out.writeShort(object.size());
      object.writeTo(out);
    }
    assertThatThrownBy(() -> codec.decode(State.PENDING, forged.toByteArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasRootCauseInstanceOf(java.io.InvalidClassException.class);
  }

  @Test
  void unknownNamesAndVersionsAreNotGuessed() {
    assertThat(codec.key("something-else")).isNull();
    byte[] bytes = codec.encode(State.JOB, new State.Job("fx-forward", "1", Instant.EPOCH));
    bytes[0] = 9;
    assertThatThrownBy(() -> codec.decode(State.JOB, bytes))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
