package io.shomei.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionCommit;
import io.shomei.spi.AcquisitionPassword;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore.RevocationResult;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.LoginPassword;
import io.shomei.spi.Notice;
import io.shomei.spi.NoticeStore;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Storage;
import io.shomei.spi.Storage.CommitResult;
import io.shomei.testing.ca.TestCa;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Contract suite for {@link Storage}: {@link Storage#commitAcquisition} is one atomic unit, and every
 * outcome but {@code Committed} leaves every store as it was. An implementation's test class
 * implements this interface and {@link #newStorage()}; every default method is a test it inherits.
 * Run the member stores' own suites ({@link CertificateStoreContract}, ...) on them as well.
 *
 * @since 0.2.0
 */
public interface StorageContract {

  /**
   * A new storage with empty stores. Called once per test.
   *
   * @return the storage under test
   */
  Storage newStorage();

  /**
   * The test CA used to make certificates; override to share one across tests.
   *
   * @return a test CA
   */
  default TestCa contractCa() {
    return ContractSupport.CA;
  }

  /**
   * A fresh ISSUED record for an account.
   *
   * @param account the account
   * @return the record
   */
  default CertificateRecord newCertificate(AccountKey account) {
    return contractCa().leaf().commonName(account.userId()).issue()
        .record(account, ContractSupport.now());
  }

  /**
   * A download ticket with a fresh random id for a certificate.
   *
   * @param certificate the certificate in the file
   * @return the ticket: three downloads within an hour
   */
  default DownloadTicket newTicket(CertificateRecord certificate) {
    byte[] id = new byte[24];
    new SecureRandom().nextBytes(id);
    byte[] p12 = new byte[700];
    for (int i = 0; i < p12.length; i++) {
      p12[i] = (byte) (31 * i + certificate.serial().intValue());
    }
    Instant now = ContractSupport.now();
    return new DownloadTicket(Base64.getUrlEncoder().withoutPadding().encodeToString(id),
        certificate.account(), certificate.issuer(), certificate.serial(), p12, now,
        now.plusSeconds(3600), 3);
  }

  /**
   * Commits a certificate as the account's first, with a ticket, and checks it committed.
   *
   * @param storage the storage
   * @param certificate the certificate
   * @param ticket its download ticket
   * @return the committed outcome
   */
  private static CommitResult.Committed first(Storage storage, CertificateRecord certificate,
      DownloadTicket ticket) {
    return assertInstanceOf(CommitResult.Committed.class, storage.commitAcquisition(
        new AcquisitionCommit(certificate, ticket, null, false, ContractSupport.now())));
  }

  @Test
  default void aCommitWritesItsNoticesWithItAndARefusedCommitWritesNone() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000019", "fx-forward");
    CertificateRecord c = newCertificate(acct);
    Instant at = ContractSupport.now();
    Notice issued = new Notice("issued:" + c.serial().toString(16), acct, Notice.Kind.ISSUED,
        Map.of("serial", c.serial().toString(16)), at);
    assertInstanceOf(CommitResult.Committed.class, storage.commitAcquisition(
        new AcquisitionCommit(c, null, null, false, at, List.of(issued))));
    assertEquals(NoticeStore.Status.PENDING,
        storage.noticeStore().find(issued.key()).orElseThrow().status());

    CertificateRecord loser = newCertificate(acct);
    Notice lost = new Notice("issued:" + loser.serial().toString(16), acct, Notice.Kind.ISSUED,
        Map.of(), at);
    assertInstanceOf(CommitResult.Conflict.class, storage.commitAcquisition(
        new AcquisitionCommit(loser, null, null, false, at, List.of(lost))));
    assertTrue(storage.noticeStore().find(lost.key()).isEmpty(), "nothing of a conflict is kept");

    CertificateRecord next = newCertificate(acct);
    Notice superseded = new Notice("superseded:" + c.serial().toString(16), acct,
        Notice.Kind.SUPERSEDED, Map.of("serial", c.serial().toString(16)), at);
    Notice sameKey = new Notice(issued.key(), acct, Notice.Kind.REVOKED, Map.of(), at);
    assertInstanceOf(CommitResult.Committed.class, storage.commitAcquisition(
        new AcquisitionCommit(next, null, c.serial(), false, at, List.of(sameKey, superseded))));
    assertEquals(issued, storage.noticeStore().find(issued.key()).orElseThrow().notice(),
        "a present key is skipped, not overwritten, and the commit still happens");
    assertEquals(superseded, storage.noticeStore().find(superseded.key()).orElseThrow().notice());
  }

  /**
   * The failure a test injects into a notice's derivation, after the change was made.
   *
   * @since 0.2.0
   */
  final class InjectedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFailure() {
      super("injected after the state change", null, false, false);
    }
  }

  private static Notice about(String key, AccountKey account, Notice.Kind kind) {
    return new Notice(key, account, kind, Map.of("serial", "1f"), ContractSupport.now());
  }

  private static CredentialRecord credentials(AccountKey account) {
    Instant t = ContractSupport.now();
    return CredentialRecord.create(account,
        new LoginPassword("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", false, t, null),
        new AcquisitionPassword("$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA", t, null));
  }

  @Test
  default void aRevocationDeletesTheTicketsAndWritesItsNoticesInOneUnit() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000031", "fx-forward");
    CertificateRecord c = newCertificate(acct);
    DownloadTicket t = newTicket(c);
    first(storage, c, t);
    Instant at = ContractSupport.now().plusSeconds(5);
    List<CertificateRecord> seen = new ArrayList<>();
    var revoked = assertInstanceOf(RevocationResult.Revoked.class, storage.revoke(c.issuer(),
        c.serial(), RevocationReason.KEY_COMPROMISE, at, r -> {
          seen.add(r);
          return List.of(about("revoked:" + r.serial().toString(16), r.account(),
              Notice.Kind.REVOKED));
        }));
    assertEquals(CertificateStatus.REVOKED, revoked.revoked().status());
    assertEquals(RevocationReason.KEY_COMPROMISE, revoked.revoked().revocationReason());
    assertEquals(at, revoked.revoked().statusChangedAt());
    assertEquals(revoked.revoked(), seen.get(seen.size() - 1), "derived from the REVOKED record");
    assertEquals(Optional.of(revoked.revoked()),
        storage.certificateStore().findBySerial(c.serial()));
    assertEquals(Optional.empty(), storage.certificateStore().findActive(acct));
    assertEquals(Optional.empty(), storage.downloadTicketStore().find(t.id()));
    String key = "revoked:" + c.serial().toString(16);
    assertEquals(NoticeStore.Status.PENDING,
        storage.noticeStore().find(key).orElseThrow().status());

    seen.clear();
    assertInstanceOf(RevocationResult.AlreadyRevoked.class, storage.revoke(c.issuer(),
        c.serial(), RevocationReason.UNSPECIFIED, at.plusSeconds(1), r -> {
          seen.add(r);
          return List.of(about("revoked-again", acct, Notice.Kind.REVOKED));
        }));
    assertEquals(List.of(), seen, "no notice for a revocation that changed nothing");
    assertTrue(storage.noticeStore().find("revoked-again").isEmpty());
    BigInteger unknown = BigInteger.valueOf(424_242);
    assertInstanceOf(RevocationResult.NotFound.class, storage.revoke(c.issuer(), unknown,
        RevocationReason.UNSPECIFIED, at, r -> List.of(about("x", acct, Notice.Kind.REVOKED))));
    assertTrue(storage.noticeStore().find("x").isEmpty());
  }

  @Test
  default void aFailureAfterTheRevocationLeavesNeitherTheRevocationNorItsNotice() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000032", "fx-forward");
    CertificateRecord c = newCertificate(acct);
    DownloadTicket t = newTicket(c);
    CertificateRecord active = first(storage, c, t).activated();
    assertThrows(InjectedFailure.class, () -> storage.revoke(c.issuer(), c.serial(),
        RevocationReason.KEY_COMPROMISE, ContractSupport.now().plusSeconds(5), r -> {
          throw new InjectedFailure();
        }));
    assertEquals(Optional.of(active), storage.certificateStore().findActive(acct));
    assertEquals(Optional.of(t), storage.downloadTicketStore().find(t.id()));
    assertEquals(List.of(), storage.noticeStore().list(NoticeStore.Status.PENDING, 10));
  }

  @Test
  default void aDownloadWritesItsNoticeAndAFailureAfterItCountsNoDownload() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000033", "fx-forward");
    CertificateRecord c = newCertificate(acct);
    DownloadTicket t = newTicket(c);
    first(storage, c, t);
    Instant now = ContractSupport.now().plusSeconds(5);
    assertThrows(InjectedFailure.class, () -> storage.takeTicket(t.id(), now, after -> {
      throw new InjectedFailure();
    }));
    assertEquals(Optional.of(t), storage.downloadTicketStore().find(t.id()),
        "the failed download is not counted");
    assertEquals(List.of(), storage.noticeStore().list(NoticeStore.Status.PENDING, 10));

    var taken = assertInstanceOf(DownloadTicketStore.TakeResult.Taken.class,
        storage.takeTicket(t.id(), now, after -> List.of(about("downloaded:" + after.serial()
            .toString(16) + ":" + after.downloadsLeft(), after.account(),
            Notice.Kind.DOWNLOADED))));
    assertEquals(2, taken.ticket().downloadsLeft());
    assertEquals(2, storage.downloadTicketStore().find(t.id()).orElseThrow().downloadsLeft());
    assertTrue(storage.noticeStore().find("downloaded:" + c.serial().toString(16) + ":2")
        .isPresent());

    List<DownloadTicket> seen = new ArrayList<>();
    assertInstanceOf(DownloadTicketStore.TakeResult.Expired.class,
        storage.takeTicket(t.id(), t.expiresAt(), after -> {
          seen.add(after);
          return List.of(about("expired", acct, Notice.Kind.DOWNLOADED));
        }));
    assertInstanceOf(DownloadTicketStore.TakeResult.NotFound.class,
        storage.takeTicket(t.id(), now, after -> {
          seen.add(after);
          return List.of(about("gone", acct, Notice.Kind.DOWNLOADED));
        }));
    assertEquals(List.of(), seen, "no notice for a download that did not happen");
    assertEquals(1, storage.noticeStore().list(NoticeStore.Status.PENDING, 10).size());
  }

  @Test
  default void aCredentialUpdateWritesTheNoticesOfItsChangeAndAFailureLeavesNeither() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000034", "fx-forward");
    CredentialRecord v0 = credentials(acct);
    storage.credentialStore().create(v0);
    Instant lockAt = ContractSupport.now().plusSeconds(9);
    assertThrows(InjectedFailure.class, () -> storage.updateCredentials(acct,
        r -> r.withLoginFailures(5, lockAt), (before, after) -> {
          throw new InjectedFailure();
        }));
    assertEquals(Optional.of(v0), storage.credentialStore().find(acct));
    assertEquals(List.of(), storage.noticeStore().list(NoticeStore.Status.PENDING, 10));

    var updated = assertInstanceOf(CredentialStore.UpdateResult.Updated.class,
        storage.updateCredentials(acct, r -> r.withLoginFailures(5, lockAt),
            (before, after) -> before.loginLockedAt() == null && after.loginLockedAt() != null
                ? List.of(about("locked:" + after.version(), after.account(),
                    Notice.Kind.ACCOUNT_LOCKED))
                : List.of()));
    assertEquals(1, updated.after().version());
    assertEquals(lockAt, storage.credentialStore().find(acct).orElseThrow().loginLockedAt());
    assertTrue(storage.noticeStore().find("locked:1").isPresent(),
        "derived from the stored record (version 1)");

    List<String> seen = new ArrayList<>();
    assertInstanceOf(CredentialStore.UpdateResult.Unchanged.class,
        storage.updateCredentials(acct, r -> r, (before, after) -> {
          seen.add("unchanged");
          return List.of(about("unchanged", acct, Notice.Kind.ACCOUNT_LOCKED));
        }));
    AccountKey nobody = new AccountKey("20000035", "fx-forward");
    assertInstanceOf(CredentialStore.UpdateResult.NotFound.class,
        storage.updateCredentials(nobody, r -> r.withLastLogin(lockAt), (before, after) -> {
          seen.add("not found");
          return List.of(about("nobody", nobody, Notice.Kind.ACCOUNT_LOCKED));
        }));
    assertEquals(List.of(), seen);
    assertEquals(1, storage.noticeStore().list(NoticeStore.Status.PENDING, 10).size());
  }

  @Test
  default void concurrentCredentialUpdatesEachWriteTheirNoticeOnceAndLoseNone() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000036", "fx-forward");
    storage.credentialStore().create(credentials(acct));
    int threads = 6;
    int each = 5;
    Concurrently.run(threads, Duration.ofMinutes(1), i -> {
      for (int k = 0; k < each; k++) {
        assertInstanceOf(CredentialStore.UpdateResult.Updated.class, storage.updateCredentials(
            acct, r -> r.withLoginFailures(r.loginFailures() + 1, null),
            (before, after) -> List.of(about("failure:" + after.loginFailures(), acct,
                Notice.Kind.ACCOUNT_LOCKED))));
      }
    });
    CredentialRecord last = storage.credentialStore().find(acct).orElseThrow();
    assertEquals(threads * each, last.loginFailures());
    assertEquals((long) threads * each, last.version());
    List<String> keys = storage.noticeStore().list(NoticeStore.Status.PENDING, 100).stream()
        .map(NoticeStore.StoredNotice::key).sorted().toList();
    assertEquals(threads * each, keys.size(), "one notice per stored change: " + keys);
  }

  @Test
  default void memberStoresAreTheSameOnEveryCall() {
    Storage storage = newStorage();
    assertSame(storage.certificateStore(), storage.certificateStore());
    assertSame(storage.credentialStore(), storage.credentialStore());
    assertSame(storage.downloadTicketStore(), storage.downloadTicketStore());
    assertSame(storage.auditLog(), storage.auditLog());
  }

  @Test
  default void firstAcquisitionRecordsStoresAndActivates() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000001", "fx-forward");
    CertificateRecord c = newCertificate(acct);
    DownloadTicket t = newTicket(c);
    Instant at = ContractSupport.now().plusSeconds(1);
    var done = assertInstanceOf(CommitResult.Committed.class,
        storage.commitAcquisition(new AcquisitionCommit(c, t, null, true, at)));
    assertNull(done.superseded());
    assertEquals(c.withStatus(CertificateStatus.ACTIVE, at, null, null), done.activated());
    assertEquals(Optional.of(done.activated()), storage.certificateStore().findActive(acct));
    assertEquals(Optional.of(done.activated()),
        storage.certificateStore().findBySerial(c.serial()));
    assertEquals(Optional.of(t), storage.downloadTicketStore().find(t.id()));
    assertEquals(1, storage.certificateStore().count());
  }

  /** The commit keeps a cooling-off's first instant of login with the activated certificate. */
  @Test
  default void commitKeepsTheFirstInstantOfLogin() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000011", "fx-forward");
    Instant loginFrom = ContractSupport.now().plusSeconds(72 * 3600);
    CertificateRecord c = newCertificate(acct).withLoginFrom(loginFrom);
    Instant at = ContractSupport.now().plusSeconds(1);
    var done = assertInstanceOf(CommitResult.Committed.class,
        storage.commitAcquisition(new AcquisitionCommit(c, newTicket(c), null, false, at)));
    assertEquals(loginFrom, done.activated().loginFrom());
    assertEquals(loginFrom,
        storage.certificateStore().findActive(acct).orElseThrow().loginFrom());
  }

  /**
   * A serial the bank's CA and an adopted CA share: the commit of the bank's certificate is not a
   * duplicate, and superseding it later retires that certificate only, never the other issuer's
   * active certificate of another account.
   */
  @Test
  default void aCommitRetiresOnlyItsOwnIssuersCertificateOfASharedSerial() {
    Storage storage = newStorage();
    BigInteger serial = new BigInteger("5a4ed5e71a1", 16);
    AccountKey adoptedAccount = new AccountKey("20000021", "fx-forward");
    AccountKey acct = new AccountKey("20000022", "fx-forward");
    CertificateRecord adopted = ContractSupport.OTHER_CA.leaf().commonName(adoptedAccount.userId())
        .serial(serial).issue().record(adoptedAccount, ContractSupport.now());
    storage.certificateStore().record(adopted);
    Instant at = ContractSupport.now().plusSeconds(1);
    assertInstanceOf(io.shomei.spi.CertificateStore.ActivationResult.Activated.class,
        storage.certificateStore().activate(adopted.issuer(), serial, null, at));

    CertificateRecord ours = contractCa().leaf().commonName(acct.userId()).serial(serial).issue()
        .record(acct, ContractSupport.now());
    assertInstanceOf(CommitResult.Committed.class, storage.commitAcquisition(
        new AcquisitionCommit(ours, null, null, false, at)));
    CertificateRecord next = newCertificate(acct);
    Instant later = at.plusSeconds(1);
    var done = assertInstanceOf(CommitResult.Committed.class, storage.commitAcquisition(
        new AcquisitionCommit(next, null, serial, false, later)));
    CertificateRecord retired = Objects.requireNonNull(done.superseded(), "superseded");
    assertEquals(ours.issuer(), retired.issuer());
    assertEquals(CertificateStatus.SUPERSEDED,
        storage.certificateStore().findBySerial(ours.issuer(), serial).orElseThrow().status());
    assertEquals(CertificateStatus.ACTIVE, storage.certificateStore()
        .findBySerial(adopted.issuer(), serial).orElseThrow().status());
    assertEquals(adopted.sha256Fingerprint(),
        storage.certificateStore().findActive(adoptedAccount).orElseThrow().sha256Fingerprint());
  }

  /**
   * An adopted CA's certificate of another account has the serial of the account's certificate,
   * and each has a download ticket. Superseding the account's certificate deletes its own tickets
   * only; revoking it (with notices) too; the adopted certificate's ticket is still there to take.
   */
  @Test
  default void retiringACertificateDeletesOnlyItsOwnIssuersTicketsOfASharedSerial() {
    Storage storage = newStorage();
    DownloadTicketStore tickets = storage.downloadTicketStore();
    BigInteger serial = new BigInteger("71c4e75e1a1", 16);
    AccountKey adoptedAccount = new AccountKey("20000023", "fx-forward");
    AccountKey acct = new AccountKey("20000024", "fx-forward");
    CertificateRecord adopted = ContractSupport.OTHER_CA.leaf()
        .commonName(adoptedAccount.userId()).serial(serial).issue()
        .record(adoptedAccount, ContractSupport.now());
    DownloadTicket adoptedTicket = newTicket(adopted);
    first(storage, adopted, adoptedTicket);

    CertificateRecord ours = contractCa().leaf().commonName(acct.userId()).serial(serial).issue()
        .record(acct, ContractSupport.now());
    DownloadTicket ourTicket = newTicket(ours);
    first(storage, ours, ourTicket);
    CertificateRecord next = newCertificate(acct);
    DownloadTicket nextTicket = newTicket(next);
    Instant at = ContractSupport.now().plusSeconds(1);
    assertInstanceOf(CommitResult.Committed.class, storage.commitAcquisition(
        new AcquisitionCommit(next, nextTicket, serial, false, at)));
    assertEquals(Optional.empty(), tickets.find(ourTicket.id()), "the superseded one's ticket");
    assertEquals(Optional.of(adoptedTicket), tickets.find(adoptedTicket.id()),
        "a commit deleted the ticket of another issuer's certificate with the superseded serial");

    CertificateRecord adoptedTwin = ContractSupport.OTHER_CA.leaf()
        .commonName(adoptedAccount.userId()).serial(next.serial()).issue()
        .record(adoptedAccount, ContractSupport.now());
    assertEquals(io.shomei.spi.CertificateStore.RecordResult.Recorded.class,
        storage.certificateStore().record(adoptedTwin).getClass());
    DownloadTicket twinTicket = newTicket(adoptedTwin);
    assertTrue(tickets.put(twinTicket));
    assertInstanceOf(RevocationResult.Revoked.class, storage.revoke(next.issuer(),
        next.serial(), RevocationReason.KEY_COMPROMISE, at.plusSeconds(4), r -> List.of()));
    assertEquals(List.of(), tickets.findByAccount(acct), "the revoked one's tickets");
    assertEquals(Optional.of(twinTicket), tickets.find(twinTicket.id()),
        "a revocation deleted the ticket of another issuer's certificate with its serial");
    assertInstanceOf(io.shomei.spi.DownloadTicketStore.TakeResult.Taken.class,
        tickets.take(adoptedTicket.id(), at.plusSeconds(5)));
  }

  @Test
  default void csrPathCommitsWithoutATicket() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000002", "fx-forward");
    CertificateRecord c = newCertificate(acct);
    assertInstanceOf(CommitResult.Committed.class, storage.commitAcquisition(
        new AcquisitionCommit(c, null, null, false, ContractSupport.now())));
    assertEquals(c.serial(), storage.certificateStore().findActive(acct).orElseThrow().serial());
    assertEquals(List.of(), storage.downloadTicketStore().findByAccount(acct));
  }

  @Test
  default void supersedeOnlyLeavesTheOldOneSupersededAndDeletesItsTickets() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000003", "fx-forward");
    CertificateRecord first = newCertificate(acct);
    DownloadTicket firstTicket = newTicket(first);
    first(storage, first, firstTicket);
    CertificateRecord second = newCertificate(acct);
    DownloadTicket secondTicket = newTicket(second);
    Instant at = ContractSupport.now().plusSeconds(2);

    var done = assertInstanceOf(CommitResult.Committed.class, storage.commitAcquisition(
        new AcquisitionCommit(second, secondTicket, first.serial(), false, at)));
    CertificateRecord old = Objects.requireNonNull(done.superseded(), "superseded");
    assertEquals(first.serial(), old.serial());
    assertEquals(CertificateStatus.SUPERSEDED, old.status());
    assertEquals(second.serial(), old.supersededBy());
    assertNull(old.revocationReason());
    assertEquals(at, old.statusChangedAt());
    assertEquals(at, done.activated().statusChangedAt());
    assertEquals(Optional.of(old), storage.certificateStore().findBySerial(first.serial()));
    assertEquals(Optional.of(done.activated()), storage.certificateStore().findActive(acct));
    assertEquals(Optional.empty(), storage.downloadTicketStore().find(firstTicket.id()));
    assertEquals(List.of(secondTicket), storage.downloadTicketStore().findByAccount(acct));
  }

  @Test
  default void revokeAtOnceRevokesTheOldOneWithReasonSuperseded() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000004", "fx-forward");
    CertificateRecord first = newCertificate(acct);
    DownloadTicket firstTicket = newTicket(first);
    first(storage, first, firstTicket);
    CertificateRecord second = newCertificate(acct);
    Instant at = ContractSupport.now().plusSeconds(2);

    var done = assertInstanceOf(CommitResult.Committed.class, storage.commitAcquisition(
        new AcquisitionCommit(second, null, first.serial(), true, at)));
    CertificateRecord old = Objects.requireNonNull(done.superseded(), "superseded");
    assertEquals(CertificateStatus.REVOKED, old.status());
    assertEquals(RevocationReason.SUPERSEDED, old.revocationReason());
    assertEquals(second.serial(), old.supersededBy());
    assertEquals(at, old.statusChangedAt());
    assertEquals(Optional.of(old), storage.certificateStore().findBySerial(first.serial()));
    assertEquals(second.serial(), storage.certificateStore().findActive(acct).orElseThrow().serial());
    assertEquals(Optional.empty(), storage.downloadTicketStore().find(firstTicket.id()));
  }

  @Test
  default void conflictLeavesNothing() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000005", "fx-forward");
    CertificateRecord first = newCertificate(acct);
    DownloadTicket firstTicket = newTicket(first);
    CertificateRecord active = first(storage, first, firstTicket).activated();

    for (@Nullable BigInteger stale : new @Nullable BigInteger[] {null, BigInteger.valueOf(99)}) {
      CertificateRecord next = newCertificate(acct);
      DownloadTicket nextTicket = newTicket(next);
      var conflict = assertInstanceOf(CommitResult.Conflict.class, storage.commitAcquisition(
          new AcquisitionCommit(next, nextTicket, stale, true, ContractSupport.now())));
      assertEquals(active, conflict.actualActive());
      assertEquals(Optional.empty(), storage.certificateStore().findBySerial(next.serial()));
      assertEquals(Optional.empty(),
          storage.certificateStore().findByFingerprint(next.sha256Fingerprint()));
      assertEquals(Optional.empty(), storage.downloadTicketStore().find(nextTicket.id()));
    }
    assertEquals(Optional.of(active), storage.certificateStore().findActive(acct));
    assertEquals(Optional.of(firstTicket), storage.downloadTicketStore().find(firstTicket.id()));
    assertEquals(1, storage.certificateStore().count());
  }

  @Test
  default void expectingAnActiveCertificateWhereThereIsNoneIsAConflict() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000006", "fx-forward");
    CertificateRecord c = newCertificate(acct);
    DownloadTicket t = newTicket(c);
    var conflict = assertInstanceOf(CommitResult.Conflict.class, storage.commitAcquisition(
        new AcquisitionCommit(c, t, BigInteger.valueOf(77), false, ContractSupport.now())));
    assertNull(conflict.actualActive());
    assertEquals(0, storage.certificateStore().count());
    assertEquals(Optional.empty(), storage.downloadTicketStore().find(t.id()));
  }

  @Test
  default void duplicateSerialLeavesNothing() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000007", "fx-forward");
    CertificateRecord existing = newCertificate(acct);
    storage.certificateStore().record(existing);
    CertificateRecord sameSerial = contractCa().leaf().serial(existing.serial())
        .commonName(acct.userId()).issue().record(acct, ContractSupport.now());
    DownloadTicket t = newTicket(sameSerial);
    assertEquals(new CommitResult.DuplicateSerial(existing), storage.commitAcquisition(
        new AcquisitionCommit(sameSerial, t, null, false, ContractSupport.now())));
    assertEquals(Optional.of(existing), storage.certificateStore().findBySerial(existing.serial()));
    assertEquals(Optional.empty(), storage.certificateStore().findActive(acct));
    assertEquals(Optional.empty(), storage.downloadTicketStore().find(t.id()));
    assertEquals(1, storage.certificateStore().count());
  }

  /** The same certificate again: same serial and same fingerprint; either duplicate is right. */
  @Test
  default void recommittingARecordedCertificateLeavesNothing() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000008", "fx-forward");
    CertificateRecord c = newCertificate(acct);
    storage.certificateStore().record(c);
    DownloadTicket again = newTicket(c);
    CommitResult r = storage.commitAcquisition(
        new AcquisitionCommit(c, again, null, false, ContractSupport.now()));
    assertTrue(r.equals(new CommitResult.DuplicateSerial(c))
        || r.equals(new CommitResult.DuplicateFingerprint(c)), r::toString);
    assertEquals(Optional.of(c), storage.certificateStore().findBySerial(c.serial()));
    assertEquals(Optional.empty(), storage.certificateStore().findActive(acct));
    assertEquals(Optional.empty(), storage.downloadTicketStore().find(again.id()));
  }

  @Test
  default void duplicateTicketIdLeavesNothing() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000009", "fx-forward");
    CertificateRecord other = newCertificate(new AccountKey("20000010", "fx-forward"));
    DownloadTicket taken = newTicket(other);
    assertTrue(storage.downloadTicketStore().put(taken));
    CertificateRecord c = newCertificate(acct);
    DownloadTicket fresh = newTicket(c);
    DownloadTicket clash = new DownloadTicket(taken.id(), acct, c.issuer(), c.serial(), fresh.pkcs12(),
        fresh.createdAt(), fresh.expiresAt(), fresh.downloadsLeft());
    assertEquals(new CommitResult.DuplicateTicketId(), storage.commitAcquisition(
        new AcquisitionCommit(c, clash, null, false, ContractSupport.now())));
    assertEquals(Optional.empty(), storage.certificateStore().findBySerial(c.serial()));
    assertEquals(Optional.empty(), storage.certificateStore().findActive(acct));
    assertEquals(Optional.of(taken), storage.downloadTicketStore().find(taken.id()));
    assertEquals(0, storage.certificateStore().count());
  }

  @Test
  default void aCertificateTheStoreWouldRefuseChangesNothing() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000011", "fx-forward");
    CertificateRecord c = newCertificate(acct);
    CertificateRecord lying = new CertificateRecord(c.serial(), acct, c.notBefore(), c.notAfter(),
        "ab".repeat(32), c.der(), CertificateStatus.ISSUED, c.recordedAt(), null, null, null,
        true, null);
    DownloadTicket t = newTicket(c);
    assertThrows(IllegalArgumentException.class, () -> storage.commitAcquisition(
        new AcquisitionCommit(lying, t, null, false, ContractSupport.now())));
    assertEquals(0, storage.certificateStore().count());
    assertEquals(Optional.empty(), storage.downloadTicketStore().find(t.id()));
  }

  @Test
  default void accountsAreIndependent() {
    Storage storage = newStorage();
    AccountKey forward = new AccountKey("20000012", "fx-forward");
    AccountKey other = new AccountKey("20000012", "fx-other");
    CertificateRecord a = newCertificate(forward);
    CertificateRecord b = newCertificate(other);
    first(storage, a, newTicket(a));
    var done = first(storage, b, newTicket(b));
    assertNull(done.superseded());
    assertEquals(a.serial(), storage.certificateStore().findActive(forward).orElseThrow().serial());
    assertEquals(b.serial(), storage.certificateStore().findActive(other).orElseThrow().serial());
  }

  /**
   * 64 threads commit their own certificate for one account, all expecting the same active one:
   * exactly one commits, every other gets a Conflict naming the winner, and the losers left no
   * record and no ticket behind.
   */
  @Test
  default void concurrentCommitsWithTheSameExpectationHaveOneWinner() {
    Storage storage = newStorage();
    AccountKey acct = new AccountKey("20000013", "fx-forward");
    CertificateRecord initial = newCertificate(acct);
    DownloadTicket initialTicket = newTicket(initial);
    first(storage, initial, initialTicket);
    int threads = 64;
    List<CertificateRecord> certs = new ArrayList<>();
    List<DownloadTicket> tickets = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      CertificateRecord c = newCertificate(acct);
      certs.add(c);
      tickets.add(newTicket(c));
    }
    ConcurrentHashMap<BigInteger, CertificateRecord> winners = new ConcurrentHashMap<>();
    AtomicInteger conflicts = new AtomicInteger();
    Instant at = ContractSupport.now().plusSeconds(1);
    Concurrently.run(threads, Duration.ofMinutes(2), i -> {
      CommitResult r = storage.commitAcquisition(
          new AcquisitionCommit(certs.get(i), tickets.get(i), initial.serial(), i % 2 == 0, at));
      if (r instanceof CommitResult.Committed c) {
        winners.put(c.activated().serial(), c.activated());
      } else {
        var conflict = assertInstanceOf(CommitResult.Conflict.class, r);
        assertTrue(conflict.actualActive() != null, "a loser sees the winner as active");
        conflicts.incrementAndGet();
      }
    });
    assertEquals(1, winners.size(), "exactly one commit");
    assertEquals(threads - 1, conflicts.get());
    BigInteger winner = winners.keySet().iterator().next();
    List<CertificateRecord> all = storage.certificateStore().findByAccount(acct);
    assertEquals(2, all.size(), "the initial certificate and the winner's, nothing of the losers");
    assertEquals(1, all.stream().filter(r -> r.status() == CertificateStatus.ACTIVE).count());
    assertEquals(winner, storage.certificateStore().findActive(acct).orElseThrow().serial());
    CertificateRecord old = storage.certificateStore().findBySerial(initial.serial()).orElseThrow();
    assertEquals(winner, old.supersededBy());
    List<DownloadTicket> left = storage.downloadTicketStore().findByAccount(acct);
    assertEquals(1, left.size());
    assertEquals(winner, left.get(0).serial());
  }

  /**
   * Text no store can hold exactly (U+0000, which PostgreSQL refuses with an error, and unpaired
   * surrogates, which its driver turns into {@code ?} while H2 keeps both) never reaches a store:
   * the SPI's values refuse it when they are built, the same way whatever the store. (Issue 18,
   * item 19: a user ID with U+0000 got an infrastructure error from PostgreSQL and was accepted by
   * H2.)
   */
  @Test
  default void textNoStoreCanHoldIsRefusedBeforeAnyStore() {
    Storage storage = newStorage();
    AccountKey fine = new AccountKey("10000019", "fx-forward");
    for (String bad : List.of("1000\u00000019", "\u0000", "1000001\uD800", "\uDC001000001",
        "fx-forward\u0000")) {
      assertThrows(IllegalArgumentException.class, () -> new AccountKey(bad, "fx-forward"),
          "user ID " + bad.codePoints().mapToObj(Integer::toHexString).toList());
      assertThrows(IllegalArgumentException.class, () -> new AccountKey("10000019", bad),
          "service " + bad.codePoints().mapToObj(Integer::toHexString).toList());
      assertThrows(IllegalArgumentException.class, () -> new io.shomei.spi.AuditRecord(1,
          ContractSupport.now(), "T", "system", null, null, java.util.Map.of("k", bad),
          io.shomei.spi.AuditRecord.GENESIS_HASH, "a".repeat(64)));
    }
    // and what is refused was never half-written anywhere
    assertTrue(storage.credentialStore().find(fine).isEmpty());
    assertTrue(storage.auditLog().last().isEmpty());
  }

  /**
   * Every text the SPI's values accept, every store gives back exactly: characters outside the
   * BMP (surrogate pairs), U+FFFF, a byte-order mark, right-to-left and combining marks,
   * SQL-significant characters, and the longest user ID.
   */
  @Test
  default void storesGiveBackEveryStorableTextExactly() {
    Storage storage = newStorage();
    List<String> texts = List.of("\uD83D\uDE00\uD842\uDFB7", "\uFFFF\uFEFF", "\u05D0\u0301e\u0301",
        "a'b\"c\\d%e_f;--", "9".repeat(AccountKey.MAX_LENGTH), "\u3000\u00A0x");
    long sequence = 0;
    String previous = io.shomei.spi.AuditRecord.GENESIS_HASH;
    for (String text : texts) {
      AccountKey account = new AccountKey(text, "svc-" + text.length());
      io.shomei.spi.CredentialRecord created = io.shomei.spi.CredentialRecord.create(account,
          new io.shomei.spi.LoginPassword("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", true,
              ContractSupport.now(), null), null);
      assertInstanceOf(io.shomei.spi.CredentialStore.CreateResult.Created.class,
          storage.credentialStore().create(created));
      assertEquals(Optional.of(account),
          storage.credentialStore().find(account).map(io.shomei.spi.CredentialRecord::account));
      assertEquals(List.of(account), storage.credentialStore().accountsOf(text));

      CertificateRecord certificate = contractCa().leaf().commonName("10000019").issue()
          .record(account, ContractSupport.now());
      first(storage, certificate, newTicket(certificate));
      assertEquals(account, storage.certificateStore().findActive(account).orElseThrow().account());

      sequence++;
      String hash = String.format("%064x", sequence);
      io.shomei.spi.AuditRecord record = new io.shomei.spi.AuditRecord(sequence,
          ContractSupport.now(), "T", "operator:" + text, text, account.service(),
          java.util.Map.of("text", text), previous, hash);
      assertInstanceOf(io.shomei.spi.AuditLog.AppendResult.Appended.class,
          storage.auditLog().append(record));
      io.shomei.spi.AuditRecord back = storage.auditLog().last().orElseThrow();
      assertEquals(text, back.userId());
      assertEquals("operator:" + text, back.actor());
      assertEquals(java.util.Map.of("text", text), back.details());
      previous = hash;
    }
  }
}
