package io.shomei.testing.memory;

import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditLog;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialRecord;
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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;

/** The in-memory stores pass every storage contract suite. */
class InMemoryStoresContractTest {

  @Nested
  class Certificates implements CertificateStoreContract {
    @Override
    public CertificateStore newStore() {
      return new InMemoryCertificateStore();
    }
  }

  @Nested
  class Credentials implements CredentialStoreContract {
    @Override
    public CredentialStore newStore() {
      return new InMemoryCredentialStore();
    }
  }

  /**
   * A store that implements only the primitives, as a bank's might: {@code update} is the SPI's
   * default method over {@code find} and {@code replace}.
   */
  @Nested
  class CredentialsThroughTheDefaultUpdate implements CredentialStoreContract {
    @Override
    public CredentialStore newStore() {
      InMemoryCredentialStore memory = new InMemoryCredentialStore();
      return new CredentialStore() {
        @Override
        public CreateResult create(CredentialRecord initial) {
          return memory.create(initial);
        }

        @Override
        public Optional<CredentialRecord> find(AccountKey account) {
          return memory.find(account);
        }

        @Override
        public List<AccountKey> accountsOf(String userId) {
          return memory.accountsOf(userId);
        }

        @Override
        public ReplaceResult replace(CredentialRecord next) {
          return memory.replace(next);
        }
      };
    }
  }

  @Nested
  class Notices implements NoticeStoreContract {
    @Override
    public NoticeStore newStore() {
      return new InMemoryNoticeStore();
    }
  }

  @Nested
  class Crls implements CrlStoreContract {
    @Override
    public CrlStore newStore() {
      return new InMemoryCrlStore();
    }
  }

  @Nested
  class Leases implements LeaseStoreContract {
    @Override
    public LeaseStore newStore() {
      return new InMemoryLeaseStore();
    }
  }

  @Nested
  class DownloadTickets implements DownloadTicketStoreContract {
    @Override
    public DownloadTicketStore newStore() {
      return new InMemoryDownloadTicketStore();
    }
  }

  @Nested
  class Audit implements AuditLogContract {
    @Override
    public AuditLog newLog() {
      return new InMemoryAuditLog();
    }
  }

  @Nested
  class Commits implements StorageContract {
    @Override
    public Storage newStorage() {
      return new InMemoryStorage();
    }
  }

  @Nested
  class Operators implements OperatorStoreContract {
    @Override
    public OperatorStore newStore() {
      return new InMemoryOperatorStore();
    }
  }

  @Nested
  class StorageOperators implements OperatorStoreContract {
    @Override
    public OperatorStore newStore() {
      return new InMemoryStorage().operatorStore();
    }
  }

  /** The member stores of an {@link InMemoryStorage} (one shared lock) pass their own suites. */
  @Nested
  class StorageCertificates implements CertificateStoreContract {
    @Override
    public CertificateStore newStore() {
      return new InMemoryStorage().certificateStore();
    }
  }

  @Nested
  class StorageCredentials implements CredentialStoreContract {
    @Override
    public CredentialStore newStore() {
      return new InMemoryStorage().credentialStore();
    }
  }

  @Nested
  class StorageDownloadTickets implements DownloadTicketStoreContract {
    @Override
    public DownloadTicketStore newStore() {
      return new InMemoryStorage().downloadTicketStore();
    }
  }
}
