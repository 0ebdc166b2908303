package io.shomei.testing.memory;

import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionCommit;
import io.shomei.spi.AuditLog;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CertificateStore.ActivationResult;
import io.shomei.spi.CertificateStore.RecordResult;
import io.shomei.spi.CertificateStore.RevocationResult;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.CredentialStore.UpdateResult;
import io.shomei.spi.CrlStore;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.DownloadTicketStore.TakeResult;
import io.shomei.spi.IssuerName;
import io.shomei.spi.LeaseStore;
import io.shomei.spi.Notice;
import io.shomei.spi.NoticeStore;
import io.shomei.spi.OperatorStore;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Storage;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A strict in-memory {@link Storage}: the four in-memory stores over one lock, which
 * {@link #commitAcquisition} (and {@link #revoke}, {@link #takeTicket},
 * {@link #updateCredentials}) holds for the whole unit, so no reader of any member store sees a
 * part of it. Every check a member store makes (the DER must match the record, a ticket must have
 * downloads left, at most one ACTIVE per account after every change) holds for a commit too.
 *
 * <pre>{@code
 * InMemoryStorage storage = new InMemoryStorage();
 * Shomei shomei = Shomei.builder().storage(storage) ... .build();
 * storage.certificates().recordings();   // the strict stores' own extras stay reachable
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.2.0
 */
public final class InMemoryStorage implements Storage {
  private final Object lock = new Object();
  private final InMemoryCertificateStore certificates = new InMemoryCertificateStore(lock);
  private final InMemoryCredentialStore credentials = new InMemoryCredentialStore(lock);
  private final InMemoryDownloadTicketStore tickets = new InMemoryDownloadTicketStore(lock);
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final InMemoryCrlStore crls = new InMemoryCrlStore();
  private final InMemoryLeaseStore leases = new InMemoryLeaseStore();
  private final InMemoryOperatorStore operators = new InMemoryOperatorStore();
  private final InMemoryNoticeStore notices = new InMemoryNoticeStore(lock);

  /** Empty stores. */
  public InMemoryStorage() {}

  /**
   * The certificate store, with its in-memory extras.
   *
   * @return the store
   */
  public InMemoryCertificateStore certificates() {
    return certificates;
  }

  /**
   * The credential store, with its in-memory extras.
   *
   * @return the store
   */
  public InMemoryCredentialStore credentials() {
    return credentials;
  }

  /**
   * The download ticket store, with its in-memory extras.
   *
   * @return the store
   */
  public InMemoryDownloadTicketStore tickets() {
    return tickets;
  }

  /**
   * The audit log, with its in-memory extras (tampering, for tests of tamper detection).
   *
   * @return the log
   */
  public InMemoryAuditLog audit() {
    return audit;
  }

  /**
   * This storage with its stores seen through wrappers of the test's own (a store that hides a
   * record, counts calls, or keeps only the last audit record): the returned storage's accessors
   * answer the wrappers, and its {@link #commitAcquisition} is still this storage's atomic commit
   * over the in-memory stores. Each function gets this storage's store and must return a store
   * that delegates to it, so what the engine reads is what a commit writes; the audit log is no
   * part of a commit, so its function may return any log.
   *
   * <pre>{@code
   * Storage hiding = storage.wrapped(c -> c, c -> new HidingCredentialStore(c), t -> t, a -> a);
   * }</pre>
   *
   * @param certificates wraps {@link #certificates()}
   * @param credentials wraps {@link #credentials()}
   * @param tickets wraps {@link #tickets()}
   * @param audit wraps or replaces {@link #audit()}
   * @return the storage seen through the wrappers
   * @since 0.2.0
   */
  public Storage wrapped(UnaryOperator<CertificateStore> certificates,
      UnaryOperator<CredentialStore> credentials, UnaryOperator<DownloadTicketStore> tickets,
      UnaryOperator<AuditLog> audit) {
    CertificateStore c = Objects.requireNonNull(certificates.apply(this.certificates));
    CredentialStore cr = Objects.requireNonNull(credentials.apply(this.credentials));
    DownloadTicketStore t = Objects.requireNonNull(tickets.apply(this.tickets));
    AuditLog a = Objects.requireNonNull(audit.apply(this.audit));
    InMemoryStorage self = this;
    return new Storage() {
      @Override
      public CertificateStore certificateStore() {
        return c;
      }

      @Override
      public CredentialStore credentialStore() {
        return cr;
      }

      @Override
      public DownloadTicketStore downloadTicketStore() {
        return t;
      }

      @Override
      public AuditLog auditLog() {
        return a;
      }

      @Override
      public CrlStore crlStore() {
        return self.crls;
      }

      @Override
      public LeaseStore leaseStore() {
        return self.leases;
      }

      @Override
      public OperatorStore operatorStore() {
        return self.operators;
      }

      @Override
      public NoticeStore noticeStore() {
        return self.notices;
      }

      @Override
      public CommitResult commitAcquisition(AcquisitionCommit commit) {
        return self.commitAcquisition(commit);
      }

      @Override
      public RevocationResult revoke(IssuerName issuer, BigInteger serial,
          RevocationReason reason, Instant at,
          Function<CertificateRecord, List<Notice>> notices) {
        return self.revoke(issuer, serial, reason, at, notices);
      }

      @Override
      public TakeResult takeTicket(String id, Instant now,
          Function<DownloadTicket, List<Notice>> notices) {
        return self.takeTicket(id, now, notices);
      }

      @Override
      public UpdateResult updateCredentials(AccountKey account,
          UnaryOperator<CredentialRecord> change,
          BiFunction<CredentialRecord, CredentialRecord, List<Notice>> notices) {
        return self.updateCredentials(account, change, notices);
      }

      @Override
      public String toString() {
        return "wrapped " + self;
      }
    };
  }

  @Override
  public CertificateStore certificateStore() {
    return certificates;
  }

  @Override
  public CredentialStore credentialStore() {
    return credentials;
  }

  @Override
  public DownloadTicketStore downloadTicketStore() {
    return tickets;
  }

  @Override
  public AuditLog auditLog() {
    return audit;
  }

  @Override
  public InMemoryCrlStore crlStore() {
    return crls;
  }

  @Override
  public InMemoryLeaseStore leaseStore() {
    return leases;
  }

  /**
   * The operators and proposals of dual control.
   *
   * @return the store (the same object on every call)
   * @since 0.2.0
   */
  @Override
  public InMemoryOperatorStore operatorStore() {
    return operators;
  }

  /**
   * The outbox of customer notices, under the same lock as the commits that write into it.
   *
   * @return the store (the same object on every call)
   * @since 0.2.0
   */
  @Override
  public InMemoryNoticeStore noticeStore() {
    return notices;
  }

  /**
   * Checks everything first, under the lock, then makes the changes through the member stores'
   * own methods (whose strict checks run again); a change that fails after the checks passed is a
   * bug in this class and throws {@link IllegalStateException}.
   */
  @Override
  public CommitResult commitAcquisition(AcquisitionCommit commit) {
    CertificateRecord certificate = commit.certificate();
    InMemoryCertificateStore.checkRecordable(certificate);
    DownloadTicket ticket = commit.ticket();
    if (ticket != null) {
      InMemoryDownloadTicketStore.checkUsable(ticket);
    }
    synchronized (lock) {
      RecordResult duplicate = certificates.duplicateOf(certificate);
      if (duplicate instanceof RecordResult.DuplicateSerial d) {
        return new CommitResult.DuplicateSerial(d.existing());
      }
      if (duplicate instanceof RecordResult.DuplicateFingerprint d) {
        return new CommitResult.DuplicateFingerprint(d.existing());
      }
      if (ticket != null && tickets.contains(ticket.id())) {
        return new CommitResult.DuplicateTicketId();
      }
      CertificateRecord active = certificates.findActive(commit.account()).orElse(null);
      BigInteger activeSerial = active == null ? null : active.serial();
      if (!Objects.equals(activeSerial, commit.expectedActive())) {
        return new CommitResult.Conflict(active);
      }

      expect(certificates.record(certificate) instanceof RecordResult.Recorded, "record");
      expect(ticket == null || tickets.put(ticket), "put the ticket");
      if (!(certificates.activate(certificate.issuer(), certificate.serial(), activeSerial,
          commit.at())
          instanceof ActivationResult.Activated activated)) {
        throw new IllegalStateException("activation failed after its checks passed");
      }
      CertificateRecord superseded = activated.superseded();
      if (superseded != null) {
        superseded = retire(superseded, commit);
        tickets.deleteForCertificate(superseded.issuer(), superseded.serial());
      }
      commit.notices().forEach(notices::enqueue);
      return new CommitResult.Committed(activated.activated(), superseded);
    }
  }

  /**
   * Under the lock: derives the notices from the record as it will be (twice, as a store that
   * re-runs the unit would), and only then revokes, deletes the tickets and enqueues.
   */
  @Override
  public RevocationResult revoke(IssuerName issuer, BigInteger serial, RevocationReason reason,
      Instant at, Function<CertificateRecord, List<Notice>> notices) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(notices, "notices");
    synchronized (lock) {
      Optional<CertificateRecord> found = certificates.findBySerial(issuer, serial);
      if (found.isEmpty() || found.get().status() == CertificateStatus.REVOKED) {
        // NotFound or AlreadyRevoked, no change
        return certificates.revoke(issuer, serial, reason, at);
      }
      CertificateRecord r = found.get();
      CertificateRecord revoked =
          r.withStatus(CertificateStatus.REVOKED, at, r.supersededBy(), reason);
      List<Notice> written = derive(() -> notices.apply(revoked));
      if (!(certificates.revoke(issuer, serial, reason, at)
          instanceof RevocationResult.Revoked done)) {
        throw new IllegalStateException("revocation failed after its checks passed");
      }
      tickets.deleteForCertificate(issuer, serial);
      written.forEach(this.notices::enqueue);
      return done;
    }
  }

  /** Under the lock: derives the notices first, then takes the download and enqueues. */
  @Override
  public TakeResult takeTicket(String id, Instant now,
      Function<DownloadTicket, List<Notice>> notices) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(notices, "notices");
    synchronized (lock) {
      Optional<DownloadTicket> found = tickets.find(id);
      if (found.isEmpty() || !now.isBefore(found.get().expiresAt())) {
        return tickets.take(id, now); // NotFound, or Expired (and deleted as take does)
      }
      DownloadTicket after = found.get().withDownloadsLeft(found.get().downloadsLeft() - 1);
      List<Notice> written = derive(() -> notices.apply(after));
      TakeResult taken = tickets.take(id, now);
      if (!(taken instanceof TakeResult.Taken)) {
        throw new IllegalStateException("take failed after its checks passed");
      }
      written.forEach(this.notices::enqueue);
      return taken;
    }
  }

  /**
   * Under the lock: runs {@code change} and {@code notices} twice each (as a store that re-runs
   * the unit would, so a change with side effects shows), all before the record is stored; then
   * stores and enqueues.
   */
  @Override
  public UpdateResult updateCredentials(AccountKey account, UnaryOperator<CredentialRecord> change,
      BiFunction<CredentialRecord, CredentialRecord, List<Notice>> notices) {
    Objects.requireNonNull(notices, "notices");
    synchronized (lock) {
      List<Notice> written = new ArrayList<>();
      UpdateResult r = credentials.update(account, change,
          (before, after) -> written.addAll(derive(() -> notices.apply(before, after))));
      written.forEach(this.notices::enqueue);
      return r;
    }
  }

  /** Derives notices twice, keeping the second list: a derivation must be free of side effects. */
  private static List<Notice> derive(Supplier<List<Notice>> notices) {
    Objects.requireNonNull(notices.get(), "notices returned null");
    return List.copyOf(Objects.requireNonNull(notices.get(), "notices returned null"));
  }

  private CertificateRecord retire(CertificateRecord superseded, AcquisitionCommit commit) {
    if (!commit.revokeSuperseded()) {
      return superseded;
    }
    if (!(certificates.revoke(superseded.issuer(), superseded.serial(),
        RevocationReason.SUPERSEDED, commit.at())
        instanceof RevocationResult.Revoked revoked)) {
      throw new IllegalStateException("revocation failed after its checks passed");
    }
    return revoked.revoked();
  }

  private static void expect(boolean done, String what) {
    if (!done) {
      throw new IllegalStateException(what + " failed after its checks passed");
    }
  }

  @Override
  public String toString() {
    return "InMemoryStorage[certificates=" + certificates.count() + "]";
  }
}
