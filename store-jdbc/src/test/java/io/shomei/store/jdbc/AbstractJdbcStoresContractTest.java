package io.shomei.store.jdbc;

import io.shomei.spi.AuditLog;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.CrlStore;
import io.shomei.spi.LeaseStore;
import io.shomei.spi.NoticeStore;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.OperatorStore;
import io.shomei.spi.Storage;
import io.shomei.testing.contract.AuditLogContract;
import io.shomei.testing.contract.CertificateStoreContract;
import io.shomei.testing.contract.CredentialStoreContract;
import io.shomei.testing.contract.CrlStoreContract;
import io.shomei.testing.contract.LeaseStoreContract;
import io.shomei.testing.contract.NoticeStoreContract;
import io.shomei.testing.contract.DownloadTicketStoreContract;
import io.shomei.testing.contract.OperatorStoreContract;
import io.shomei.testing.contract.StorageContract;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs every storage contract suite, concurrency tests included, against the JDBC stores of one
 * database. The database lives as long as the test class; each test starts from empty tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractJdbcStoresContractTest {
  private @Nullable TestDatabase database;

  /**
   * Opens (and migrates) the database for this class; called once.
   *
   * @return the database
   * @throws Exception on failure
   */
  abstract TestDatabase open() throws Exception;

  final synchronized JdbcStorage emptyStorage() {
    try {
      if (database == null) {
        database = open();
      }
      database.wipe();
      return database.storage();
    } catch (Exception e) {
      throw new IllegalStateException("cannot prepare the test database", e);
    }
  }

  @AfterAll
  final void closeDatabase() throws Exception {
    if (database != null) {
      database.close();
    }
  }

  @Nested
  class Certificates implements CertificateStoreContract {
    @Override
    public CertificateStore newStore() {
      return emptyStorage().certificateStore();
    }
  }

  @Nested
  class Credentials implements CredentialStoreContract {
    @Override
    public CredentialStore newStore() {
      return emptyStorage().credentialStore();
    }
  }

  @Nested
  class DownloadTickets implements DownloadTicketStoreContract {
    @Override
    public DownloadTicketStore newStore() {
      return emptyStorage().downloadTicketStore();
    }
  }

  @Nested
  class Crls implements CrlStoreContract {
    @Override
    public CrlStore newStore() {
      return emptyStorage().crlStore();
    }
  }

  @Nested
  class Leases implements LeaseStoreContract {
    @Override
    public LeaseStore newStore() {
      return emptyStorage().leaseStore();
    }
  }

  @Nested
  class Notices implements NoticeStoreContract {
    @Override
    public NoticeStore newStore() {
      return emptyStorage().noticeStore();
    }
  }

  @Nested
  class Audit implements AuditLogContract {
    @Override
    public AuditLog newLog() {
      return emptyStorage().auditLog();
    }
  }

  @Nested
  class Operators implements OperatorStoreContract {
    @Override
    public OperatorStore newStore() {
      return emptyStorage().operatorStore();
    }
  }

  @Nested
  class Commits implements StorageContract {
    @Override
    public Storage newStorage() {
      return emptyStorage();
    }
  }

}
