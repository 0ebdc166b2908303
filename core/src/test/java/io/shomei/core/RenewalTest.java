package io.shomei.core;

import static io.shomei.core.NoticeScenarioTest.jst;
import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.acquired;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.eligibility.ProofDecision;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.password.LetterFields;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Secret;
import io.shomei.testing.ca.TestCa;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Renewal with the current certificate (issue 23): a 2020-cohort certificate of the notice renews
 * after the cut-over without the acquisition password, by TLS handshake or by a signed challenge;
 * a phishing site holding only the three secrets, a foreign CA's certificate with the same CN, a
 * superseded certificate, a replayed or expired challenge get typed refusals.
 */
class RenewalTest {
  static final Instant CHANGE = jst("2021-02-24T00:00:00");
  static final String USER = "10000001";

  final ShomeiBank bank = new ShomeiBank(jst("2020-10-01T10:00:00"));
  final Renewal renewal = bank.shomei.renewal();

  /** The customer's current certificate and its key, as imported from the first PKCS#12 file. */
  record Held(X509Certificate certificate, PrivateKey key) {
    List<X509Certificate> chain() {
      return List.of(certificate);
    }

    List<byte[]> der() throws Exception {
      return List.of(certificate.getEncoded());
    }
  }

  Held acquireFirst(ShomeiBank in) throws Exception {
    try (LetterFields letter = in.enroll(USER, FX)) {
      AcquisitionResult.Acquired a = acquired(in.acquire(letter, FX));
      DownloadResult d = in.shomei.acquisition().download(a.downloadTicket().orElseThrow().id());
      KeyStore ks = ShomeiBank.open(((DownloadResult.Downloaded) d).pkcs12(),
          letter.acquisitionPassword());
      String alias = ks.aliases().nextElement();
      return new Held((X509Certificate) ks.getCertificate(alias),
          (PrivateKey) ks.getKey(alias, letter.acquisitionPassword().toCharArray()));
    }
  }

  static RenewalResult.Renewed renewed(RenewalResult r) {
    assertThat(r).isInstanceOf(RenewalResult.Renewed.class);
    return (RenewalResult.Renewed) r;
  }

  static RenewalResult.Refused refused(RenewalResult r) {
    assertThat(r).isInstanceOf(RenewalResult.Refused.class);
    return (RenewalResult.Refused) r;
  }

  CertificateRecord record(X509Certificate c) {
    return bank.memoryCertificates.findBySerial(c.getSerialNumber()).orElseThrow();
  }

  @Test
  void a2020CertificateRenewsByHandshakeAfterTheCutOverWithoutTheAcquisitionPassword()
      throws Exception {
    Held old = acquireFirst(bank);
    bank.clock.set(CHANGE);
    assertThat(bank.shomei.login().presentCertificate(FX, old.chain()))
        .as("unusable for login from the cut-over").isInstanceOf(LoginResult.Refused.class);

    RenewalResult.Renewed r = renewed(renewal.renew(
        RenewalRequest.handshake(FX, old.chain(), Secret.of("Atarashii#2021"))));

    assertThat(r.proof().basis()).isEqualTo(ProofDecision.Basis.CAMPAIGN_ALLOWS_PROOF);
    assertThat(r.acquired().superseded()).isEqualTo(old.certificate().getSerialNumber());
    assertThat(record(old.certificate()).status()).isEqualTo(CertificateStatus.SUPERSEDED);
    assertThat(record(r.acquired().certificate()).status()).isEqualTo(CertificateStatus.ACTIVE);
    DownloadResult d = bank.shomei.acquisition().download(
        r.acquired().downloadTicket().orElseThrow().id());
    KeyStore ks = ShomeiBank.open(((DownloadResult.Downloaded) d).pkcs12(),
        Secret.of("Atarashii#2021"));
    X509Certificate fresh = (X509Certificate) ks.getCertificate(ks.aliases().nextElement());
    assertThat(fresh).isEqualTo(r.acquired().certificate());
    assertThat(bank.shomei.login().presentCertificate(FX, List.of(fresh)))
        .as("the successor logs in").isInstanceOf(LoginResult.PasswordRequired.class);
    AuditRecord issued = bank.audit().stream()
        .filter(a -> a.type().equals("CERTIFICATE_ISSUED")).reduce((a, b) -> b).orElseThrow();
    assertThat(issued.details()).containsEntry("renewal", "renewal-handshake")
        .containsEntry("proof", "CAMPAIGN_ALLOWS_PROOF")
        .containsEntry("supersedes", old.certificate().getSerialNumber().toString(16));
  }

  @Test
  void aSupersededCertificateCannotRenewAgain() throws Exception {
    Held old = acquireFirst(bank);
    bank.clock.set(CHANGE);
    renewed(renewal.renew(RenewalRequest.handshake(FX, old.chain(), Secret.of("Atarashii#2021"))));
    assertThat(refused(renewal.renew(
        RenewalRequest.handshake(FX, old.chain(), Secret.of("Atarashii#2021")))).reason())
        .isEqualTo(RenewalRefusal.SUPERSEDED);
  }

  @Test
  void renewalWithoutACertificateIsRefused() {
    assertThat(refused(renewal.renew(
        RenewalRequest.handshake(FX, List.of(), Secret.of("Atarashii#2021")))).reason())
        .isEqualTo(RenewalRefusal.NO_PROOF);
  }

  @Test
  void aForeignCasCertificateWithTheSameCommonNameIsRefused() throws Exception {
    acquireFirst(bank);
    bank.clock.set(CHANGE);
    TestCa phisher = TestCa.root("Shomei Flow Test CA");
    TestCa.Issued forged = phisher.leaf().commonName(USER)
        .validity(jst("2020-10-01T00:00:00"), jst("2022-10-01T00:00:00")).issue();
    RenewalResult.Refused r = refused(renewal.renew(
        RenewalRequest.handshake(FX, List.of(forged.certificate()), Secret.of("Atarashii#2021"))));
    assertThat(r.reason()).isEqualTo(RenewalRefusal.CERTIFICATE_NOT_ACCEPTED);
    assertThat(r.certificateRefusal()).isEqualTo(AcceptanceRefusal.UNTRUSTED_CHAIN);
  }

  @Test
  void aRevokedCertificateIsRefused() throws Exception {
    Held old = acquireFirst(bank);
    bank.shomei.operator("branch-1").revokeActive(new AccountKey(USER, FX),
        RevocationReason.KEY_COMPROMISE);
    bank.clock.set(CHANGE);
    assertThat(refused(renewal.renew(
        RenewalRequest.handshake(FX, old.chain(), Secret.of("Atarashii#2021")))).reason())
        .isEqualTo(RenewalRefusal.REVOKED);
  }

  @Test
  void beforeTheCutOverTheNoticeSaysNotYetWithTheDate() throws Exception {
    Held old = acquireFirst(bank);
    bank.clock.set(CHANGE.minusSeconds(1));
    RenewalResult.Refused r = refused(renewal.renew(
        RenewalRequest.handshake(FX, old.chain(), Secret.of("Atarashii#2021"))));
    assertThat(r.reason()).isEqualTo(RenewalRefusal.NOT_YET_ELIGIBLE);
    assertThat(r.availableFrom()).isEqualTo(CHANGE);
    assertThat(record(old.certificate()).status()).isEqualTo(CertificateStatus.ACTIVE);
  }

  @Test
  void aCampaignAgainstTheKeyItselfRefusesTheOldCertificateAsProof() throws Exception {
    // the same cohort and dates as the notice, but the cohort's keys are the weakness
    ShomeiBank keyCampaign = new ShomeiBank(jst("2020-10-01T10:00:00"), RuleSet.parse("""
        shomei-rules 1
        zone = Asia/Tokyo
        [campaign weak-keys]
        service = fx-forward
        validity-start <= 2020-11-11
        unusable-from = 2021-02-24
        reacquire-from = 2021-02-24
        proof-after-unusable = refused
        explanation-code = WEAK_KEY
        """, "weak.rules"));
    Held old = acquireFirst(keyCampaign);
    keyCampaign.clock.set(CHANGE);
    RenewalResult.Refused r = refused(keyCampaign.shomei.renewal().renew(
        RenewalRequest.handshake(FX, old.chain(), Secret.of("Atarashii#2021"))));
    assertThat(r.reason()).isEqualTo(RenewalRefusal.NOT_USABLE_AS_PROOF);
    assertThat(java.util.Objects.requireNonNull(r.proof()).reason())
        .isEqualTo(ProofDecision.Reason.CAMPAIGN_REFUSES_PROOF);
  }

  @Test
  void aSignedChallengeRenewsOnceAndItsReplayIsRefused() throws Exception {
    Held old = acquireFirst(bank);
    bank.clock.set(CHANGE);
    RenewalChallenge challenge = renewal.challenge(FX, USER);
    RenewalChallenge carried = RenewalChallenge.parse(challenge.token()).orElseThrow();
    assertThat(carried).isEqualTo(challenge);
    byte[] signature = carried.signWith(old.key());

    RenewalResult.Renewed r = renewed(renewal.renew(RenewalRequest.signedChallenge(
        carried, old.der(), signature, Secret.of("Atarashii#2021"))));
    assertThat(record(old.certificate()).status()).isEqualTo(CertificateStatus.SUPERSEDED);
    assertThat(r.acquired().downloadTicket()).isPresent();

    bank.clock.set(CHANGE.plusSeconds(10));
    assertThat(refused(renewal.renew(RenewalRequest.signedChallenge(
        carried, old.der(), signature, Secret.of("Atarashii#2021")))).reason())
        .isEqualTo(RenewalRefusal.CHALLENGE_REPLAYED);
  }

  @Test
  void anExpiredChallengeIsRefused() throws Exception {
    Held old = acquireFirst(bank);
    bank.clock.set(CHANGE);
    RenewalChallenge challenge = renewal.challenge(FX, USER);
    byte[] signature = challenge.signWith(old.key());
    bank.clock.set(CHANGE.plus(Renewal.CHALLENGE_LIFETIME).plus(Duration.ofSeconds(1)));
    assertThat(refused(renewal.renew(RenewalRequest.signedChallenge(
        challenge, old.der(), signature, Secret.of("Atarashii#2021")))).reason())
        .isEqualTo(RenewalRefusal.CHALLENGE_EXPIRED);
    assertThat(record(old.certificate()).status()).isEqualTo(CertificateStatus.ACTIVE);
  }

  @Test
  void aChallengeEditedForAnotherAccountOrNotMadeHereIsRefused() throws Exception {
    Held old = acquireFirst(bank);
    bank.clock.set(CHANGE);
    RenewalChallenge forOther = renewal.challenge(FX, "10000002");
    assertThat(refused(renewal.renew(RenewalRequest.signedChallenge(forOther, old.der(),
        forOther.signWith(old.key()), Secret.of("Atarashii#2021")))).reason())
        .as("a challenge for another user").isEqualTo(RenewalRefusal.CHALLENGE_INVALID);
    RenewalChallenge mine = renewal.challenge(FX, USER);
    String[] parts = mine.token().split("\\.");
    parts[3] = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        CHANGE.plusSeconds(3600).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    RenewalChallenge edited = RenewalChallenge.parse(String.join(".", parts)).orElseThrow();
    assertThat(refused(renewal.renew(RenewalRequest.signedChallenge(edited, old.der(),
        edited.signWith(old.key()), Secret.of("Atarashii#2021")))).reason())
        .as("an edited challenge").isEqualTo(RenewalRefusal.CHALLENGE_INVALID);
    assertThat(RenewalChallenge.parse("not.a.token")).isEmpty();
  }

  @Test
  void aSignatureByAnotherKeyIsNoProof() throws Exception {
    Held old = acquireFirst(bank);
    bank.clock.set(CHANGE);
    RenewalChallenge challenge = renewal.challenge(FX, USER);
    PrivateKey other = TestCa.root("Someone").leaf().commonName(USER).issue().keyPair()
        .getPrivate();
    assertThat(refused(renewal.renew(RenewalRequest.signedChallenge(challenge, old.der(),
        challenge.signWith(other), Secret.of("Atarashii#2021")))).reason())
        .isEqualTo(RenewalRefusal.NO_PROOF);
    assertThat(record(old.certificate()).status()).isEqualTo(CertificateStatus.ACTIVE);
  }

  @Test
  void theFilePasswordIsDestroyedWhateverTheOutcome() {
    Secret password = Secret.of("Atarashii#2021");
    renewal.renew(RenewalRequest.handshake(FX, List.of(), password));
    assertThat(password.isDestroyed()).isTrue();
    assertThat(RenewalRequest.handshake(FX, List.of(), Secret.of("x")).toString())
        .contains("<redacted>");
  }
}
