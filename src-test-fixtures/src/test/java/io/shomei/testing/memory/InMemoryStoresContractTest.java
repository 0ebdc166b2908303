package io.shomei.testing.memory;

import io.shomei.spi.AuditLog;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.testing.contract.AuditLogContract;
import io.shomei.testing.contract.CertificateStoreContract;
import io.shomei.testing.contract.CredentialStoreContract;
import io.shomei.testing.contract.DownloadTicketStoreContract;
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
}
