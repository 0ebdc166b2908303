package io.shomei.core.flow;

import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditLog;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.StorageException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Fault-injecting wrappers around the strict in-memory stores. A fault is armed for one named
 * operation and fires once: {@link When#BEFORE} throws without touching the store (the write did not
 * happen), {@link When#AFTER} lets the write commit and then throws (the connection died after the
 * commit), the two cases {@link StorageException} allows.
 */
final class FaultyStores {
  enum When { BEFORE, AFTER }

  /** Operation names. */
  static final String RECORD = "certificates.record";
  static final String ACTIVATE = "certificates.activate";
  static final String REVOKE = "certificates.revoke";
  static final String FIND_ACTIVE = "certificates.findActive";
  static final String CREDENTIAL_REPLACE = "credentials.replace";
  static final String TICKET_PUT = "tickets.put";
  static final String TICKET_TAKE = "tickets.take";
  static final String TICKET_DELETE = "tickets.deleteForCertificate";

  private final Map<String, When> armed = new ConcurrentHashMap<>();
  private final Map<String, When> auditArmed = new ConcurrentHashMap<>();
  private volatile @Nullable Runnable beforeActivate;
  private int fired;

  void arm(String operation, When when) {
    armed.put(operation, when);
  }

  /** Fails the next append of an audit record of this type. */
  void armAudit(String type, When when) {
    auditArmed.put(type, when);
  }

  /** Runs once, just before the next activate reaches the store (a concurrent acquisition). */
  void beforeNextActivate(Runnable r) {
    beforeActivate = r;
  }

  void disarm() {
    armed.clear();
    auditArmed.clear();
    beforeActivate = null;
  }

  synchronized int fired() {
    return fired;
  }

  private synchronized void count() {
    fired++;
  }

  <T> T call(String op, Supplier<T> s) {
    When w = armed.remove(op);
    return call(op, w, s);
  }

  private <T> T call(String op, @Nullable When w, Supplier<T> s) {
    if (w == When.BEFORE) {
      count();
      throw new StorageException("injected failure before " + op);
    }
    T r = s.get();
    if (w == When.AFTER) {
      count();
      throw new StorageException("injected failure after " + op);
    }
    return r;
  }

  CertificateStore certificates(CertificateStore d) {
    return new CertificateStore() {
      @Override
      public RecordResult record(CertificateRecord c) {
        return call(RECORD, () -> d.record(c));
      }

      @Override
      public ActivationResult activate(BigInteger serial, @Nullable BigInteger expected, Instant at) {
        Runnable hook = beforeActivate;
        if (hook != null) {
          beforeActivate = null;
          hook.run();
        }
        return call(ACTIVATE, () -> d.activate(serial, expected, at));
      }

      @Override
      public RevocationResult revoke(BigInteger serial, RevocationReason reason, Instant at) {
        return call(REVOKE, () -> d.revoke(serial, reason, at));
      }

      @Override
      public Optional<CertificateRecord> findBySerial(BigInteger serial) {
        return d.findBySerial(serial);
      }

      @Override
      public Optional<CertificateRecord> findByFingerprint(String fp) {
        return d.findByFingerprint(fp);
      }

      @Override
      public Optional<CertificateRecord> findActive(AccountKey account) {
        return call(FIND_ACTIVE, () -> d.findActive(account));
      }

      @Override
      public List<CertificateRecord> findByAccount(AccountKey account) {
        return d.findByAccount(account);
      }

      @Override
      public long count() {
        return d.count();
      }

      @Override
      public void forEach(Consumer<? super CertificateRecord> action) {
        d.forEach(action);
      }
    };
  }

  CredentialStore credentials(CredentialStore d) {
    return new CredentialStore() {
      @Override
      public CreateResult create(CredentialRecord initial) {
        return d.create(initial);
      }

      @Override
      public Optional<CredentialRecord> find(AccountKey account) {
        return d.find(account);
      }

      @Override
      public List<AccountKey> accountsOf(String userId) {
        return d.accountsOf(userId);
      }

      @Override
      public ReplaceResult replace(CredentialRecord next) {
        return call(CREDENTIAL_REPLACE, () -> d.replace(next));
      }
    };
  }

  DownloadTicketStore tickets(DownloadTicketStore d) {
    return new DownloadTicketStore() {
      @Override
      public boolean put(DownloadTicket ticket) {
        return call(TICKET_PUT, () -> d.put(ticket));
      }

      @Override
      public Optional<DownloadTicket> find(String id) {
        return d.find(id);
      }

      @Override
      public List<DownloadTicket> findByAccount(AccountKey account) {
        return d.findByAccount(account);
      }

      @Override
      public TakeResult take(String id, Instant now) {
        return call(TICKET_TAKE, () -> d.take(id, now));
      }

      @Override
      public int deleteForCertificate(BigInteger serial) {
        return call(TICKET_DELETE, () -> d.deleteForCertificate(serial));
      }

      @Override
      public int deleteExpired(Instant now) {
        return d.deleteExpired(now);
      }
    };
  }

  AuditLog audit(AuditLog d) {
    return new AuditLog() {
      @Override
      public Optional<AuditRecord> last() {
        return d.last();
      }

      @Override
      public AppendResult append(AuditRecord record) {
        return call("audit." + record.type(), auditArmed.remove(record.type()), () -> d.append(record));
      }

      @Override
      public void forEach(long fromSequence, Consumer<? super AuditRecord> action) {
        d.forEach(fromSequence, action);
      }
    };
  }
}
