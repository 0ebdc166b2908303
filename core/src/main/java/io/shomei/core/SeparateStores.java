package io.shomei.core;

import io.shomei.spi.AcquisitionCommit;
import io.shomei.spi.AuditLog;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CertificateStore.ActivationResult;
import io.shomei.spi.CertificateStore.RecordResult;
import io.shomei.spi.CertificateStore.RevocationResult;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Storage;
import io.shomei.spi.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four stores given one by one to {@link Shomei.Builder} (the 0.1 way), as a {@link Storage}.
 * Its {@link #commitAcquisition} is the 0.1 sequence of single-store calls (record, store the ticket,
 * activate, retire), so it does <em>not</em> give {@link Storage}'s all-or-nothing guarantee: a
 * conflict leaves the new certificate recorded and ISSUED, as 0.1 did. It lives only as long as
 * the four setters; {@link Shomei.Builder#storage} is the way to give stores.
 */
final class SeparateStores implements Storage {
  private static final Logger LOG = LoggerFactory.getLogger(SeparateStores.class);

  private final CertificateStore certificates;
  private final CredentialStore credentials;
  private final DownloadTicketStore tickets;
  private final AuditLog audit;

  SeparateStores(CertificateStore certificates, CredentialStore credentials,
      DownloadTicketStore tickets, AuditLog audit) {
    this.certificates = certificates;
    this.credentials = credentials;
    this.tickets = tickets;
    this.audit = audit;
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
  public CommitResult commitAcquisition(AcquisitionCommit commit) {
    RecordResult recorded = certificates.record(commit.certificate());
    if (recorded instanceof RecordResult.DuplicateSerial d) {
      return new CommitResult.DuplicateSerial(d.existing());
    }
    if (recorded instanceof RecordResult.DuplicateFingerprint d) {
      return new CommitResult.DuplicateFingerprint(d.existing());
    }
    DownloadTicket ticket = commit.ticket();
    if (ticket != null && !tickets.put(ticket)) {
      return new CommitResult.DuplicateTicketId();
    }
    ActivationResult activation = certificates.activate(commit.certificate().serial(),
        commit.expectedActive(), commit.at());
    if (!(activation instanceof ActivationResult.Activated activated)) {
      if (ticket != null) {
        tickets.deleteForCertificate(ticket.serial());
      }
      return new CommitResult.Conflict(activation instanceof ActivationResult.Conflict c
          ? c.actualActive() : null);
    }
    CertificateRecord old = activated.superseded();
    if (old != null) {
      old = retire(old, commit);
    }
    return new CommitResult.Committed(activated.activated(), old);
  }

  /** Best effort, as in 0.1: a failure leaves the old certificate SUPERSEDED, its tickets expire. */
  private CertificateRecord retire(CertificateRecord old, AcquisitionCommit commit) {
    CertificateRecord result = old;
    try {
      tickets.deleteForCertificate(old.serial());
      if (commit.revokeSuperseded()
          && certificates.revoke(old.serial(), RevocationReason.SUPERSEDED, commit.at())
              instanceof RevocationResult.Revoked r) {
        result = r.revoked();
      }
    } catch (StorageException e) {
      LOG.warn("could not retire superseded certificate {} of {}: {}", old.serial().toString(16),
          old.account(), e.getMessage());
    }
    return result;
  }

  @Override
  public String toString() {
    return "SeparateStores[" + certificates + "]";
  }
}
