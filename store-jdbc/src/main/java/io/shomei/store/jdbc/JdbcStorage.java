package io.shomei.store.jdbc;

import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionCommit;
import io.shomei.spi.AuditLog;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore;
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
import io.shomei.spi.StorageException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * JDBC storage for every Shomei storage SPI, on H2 (embedded, the default for examples and demos) or
 * PostgreSQL (production). It uses only {@code java.sql} and {@code javax.sql}; connections come from
 * the host's {@link DataSource}, and Shomei keeps no pool of its own (HikariCP is the usual choice).
 *
 * <pre>{@code
 * JdbcStorage storage = JdbcStorage.create(dataSource);
 * storage.migrate();                                // explicit; never done implicitly
 * Shomei shomei = Shomei.builder().storage(storage) ... .build();
 * }</pre>
 *
 * <h2>Schema</h2>
 *
 * <p>The schema ships as versioned SQL scripts ({@code V1__schema.sql}, ... beside this class); the
 * same text runs on both databases. {@link #migrate()} applies the missing ones and records each in
 * the table {@code shomei_schema_version} with its checksum. Every table name starts with
 * {@code shomei_}; tables are created in the connection's default schema. Instants are stored as
 * {@code TIMESTAMP(6) WITH TIME ZONE} in UTC: the stores keep them to the microsecond and drop finer
 * digits (returned records carry the stored, truncated instants).
 *
 * <h2>Transactions</h2>
 *
 * <p>Each SPI call is one transaction on one borrowed connection (a
 * {@link #commitAcquisition commit of an acquisition} and a
 * {@link CredentialStore#update credential update} included), at the connection's isolation level
 * (READ COMMITTED, the default of both databases, is what the stores are designed for). Compare-and-set
 * operations lock the rows they compare ({@code SELECT ... FOR UPDATE}), and database constraints are
 * the final guard: {@code UNIQUE (user_id, service, active_marker)} allows one active certificate per
 * account. A transaction that fails with a serialization failure, a deadlock or a lock timeout is
 * re-run up to {@link Builder#maxRetries(int)} times. Every other {@link SQLException} reaches the
 * caller as a {@link StorageException} whose message names the SQLState; vendor messages that may
 * quote stored values (a download-ticket id, for instance) are withheld from the cause chain.
 *
 * <h2>Campaign scans</h2>
 *
 * <p>{@link CertificateStore#forEach} reads through one forward-only cursor with a fetch size
 * ({@link Builder#fetchSize(int)}) inside a transaction (PostgreSQL streams only with auto-commit off),
 * so memory stays constant however many certificates there are. It holds one connection for the
 * whole scan; an action that calls back into a store needs a second one from the pool.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.2.0 (in {@code io.shomei.core.store.jdbc} since 0.1.0)
 */
public final class JdbcStorage implements Storage {
  /** The schema version this release creates and expects. */
  public static final int SCHEMA_VERSION = 8;

  /** The schema's scripts, version 1 first (package-private: tests build older schemas). */
  static final List<SchemaMigrator.Script> SCRIPTS =
      List.of(new SchemaMigrator.Script(1, "schema", "V1__schema.sql"),
          new SchemaMigrator.Script(2, "crls and leases", "V2__crls_and_leases.sql"),
          new SchemaMigrator.Script(3, "operators", "V3__operators.sql"),
          new SchemaMigrator.Script(4, "certificate login from", "V4__certificate_login_from.sql"),
          new SchemaMigrator.Script(5, "notices", "V5__notices.sql"),
          new SchemaMigrator.Script(6, "serial per issuer", "V6__serial_per_issuer.sql"),
          new SchemaMigrator.Script(7, "notice sending", "V7__notice_sending.sql"),
          new SchemaMigrator.Script(8, "ticket issuer", "V8__ticket_issuer.sql"));

  private final JdbcDialect dialect;
  private final SchemaMigrator migrator;
  private final Transactor tx;
  private final CertificateStore certificates;
  private final CredentialStore credentials;
  private final DownloadTicketStore tickets;
  private final AuditLog audit;
  private final AcquisitionCommits commits;
  private final NoticedChanges noticed;
  private final CrlStore crls;
  private final LeaseStore leases;
  private final OperatorStore operators;
  private final NoticeStore notices;

  private JdbcStorage(DataSource dataSource, JdbcDialect dialect, int fetchSize, int maxRetries) {
    this.dialect = dialect;
    this.migrator = new SchemaMigrator(dataSource, dialect == JdbcDialect.POSTGRESQL,
        JdbcStorage.class, SCRIPTS);
    Transactor tx = new Transactor(dataSource, maxRetries);
    this.tx = tx;
    this.certificates = new JdbcCertificateStore(tx, fetchSize);
    this.credentials = new JdbcCredentialStore(tx);
    this.tickets = new JdbcDownloadTicketStore(tx);
    this.audit = new JdbcAuditLog(tx, fetchSize);
    this.commits = new AcquisitionCommits(tx);
    this.noticed = new NoticedChanges(tx);
    this.crls = new JdbcCrlStore(tx);
    this.leases = new JdbcLeaseStore(tx);
    this.operators = new JdbcOperatorStore(tx);
    this.notices = new JdbcNoticeStore(tx);
  }

  /**
   * Storage on a data source with default settings; the dialect is detected from the database.
   *
   * @param dataSource the host's data source (usually a connection pool)
   * @return the storage
   * @throws StorageException if no connection can be opened to detect the database
   * @throws IllegalArgumentException if the database is neither H2 nor PostgreSQL
   */
  public static JdbcStorage create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /**
   * A builder for storage on a data source.
   *
   * @param dataSource the host's data source (usually a connection pool)
   * @return a builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * The database dialect in use.
   *
   * @return the dialect
   */
  public JdbcDialect dialect() {
    return dialect;
  }

  /**
   * Creates the schema or upgrades it to {@link #SCHEMA_VERSION}. Safe to call at every start-up and
   * from several JVMs at once; does nothing when the schema is current.
   *
   * @return the versions before and after
   * @throws StorageException if the database fails, if an applied script was changed since, or if the
   *     database's schema is newer than this release
   */
  public Migration migrate() {
    SchemaMigrator.Outcome o = migrator.migrate();
    if (o.from() < IssuerBackfill.VERSION && o.to() >= IssuerBackfill.VERSION) {
      // version 6 keys a serial by its issuer: rows recorded before get theirs from their DER
      IssuerBackfill.run(tx);
    }
    if (o.from() < TicketIssuerBackfill.VERSION && o.to() >= TicketIssuerBackfill.VERSION) {
      // version 8 names a ticket's certificate by its issuer: rows stored before get their
      // certificate's, which version 6's fill gave it just above
      TicketIssuerBackfill.run(tx);
    }
    return new Migration(o.from(), o.to());
  }

  /**
   * The schema version found in the database.
   *
   * @return the applied version, 0 if the schema was never created
   * @throws StorageException on infrastructure failure
   */
  public int schemaVersion() {
    return migrator.currentVersion();
  }

  /**
   * The certificate store.
   *
   * @return the store (the same instance on every call)
   */
  @Override
  public CertificateStore certificateStore() {
    return certificates;
  }

  /**
   * The credential store.
   *
   * @return the store (the same instance on every call)
   */
  @Override
  public CredentialStore credentialStore() {
    return credentials;
  }

  /**
   * The download-ticket store.
   *
   * @return the store (the same instance on every call)
   */
  @Override
  public DownloadTicketStore downloadTicketStore() {
    return tickets;
  }

  /**
   * The audit log.
   *
   * @return the log (the same instance on every call)
   */
  @Override
  public AuditLog auditLog() {
    return audit;
  }

  /**
   * The store of published CRLs (table {@code shomei_crl}).
   *
   * @return the store (the same instance on every call)
   */
  @Override
  public CrlStore crlStore() {
    return crls;
  }

  /**
   * The nodes' shared leases (table {@code shomei_lease}).
   *
   * @return the store (the same instance on every call)
   */
  @Override
  public LeaseStore leaseStore() {
    return leases;
  }

  /**
   * The branch operators and proposals of dual control.
   *
   * @return the store (the same instance on every call)
   * @since 0.2.0
   */
  @Override
  public OperatorStore operatorStore() {
    return operators;
  }

  /**
   * The outbox of customer notices (table {@code shomei_notice}).
   *
   * @return the store (the same instance on every call)
   * @since 0.2.0
   */
  @Override
  public NoticeStore noticeStore() {
    return notices;
  }

  /**
   * Commits an acquisition in one transaction: the certificate is inserted ACTIVE, the previous
   * active one updated under its row lock, the ticket inserted, the old tickets deleted and the
   * commit's notices inserted; every check runs before the first write.
   *
   * @since 0.2.0
   */
  @Override
  public CommitResult commitAcquisition(AcquisitionCommit commit) {
    return commits.commit(commit);
  }

  /**
   * Revokes, deletes the certificate's download tickets and inserts the notices in one
   * transaction; the notices are derived after the revocation's statements ran.
   *
   * @since 0.2.0
   */
  @Override
  public RevocationResult revoke(IssuerName issuer, BigInteger serial, RevocationReason reason,
      Instant at,
      Function<CertificateRecord, List<Notice>> notices) {
    return noticed.revoke(issuer, serial, reason, at, notices);
  }

  /**
   * Takes one download and inserts the notices in one transaction; the notices are derived after
   * the ticket's statements ran.
   *
   * @since 0.2.0
   */
  @Override
  public TakeResult takeTicket(String id, Instant now,
      Function<DownloadTicket, List<Notice>> notices) {
    return noticed.takeTicket(id, now, notices);
  }

  /**
   * Updates the credential record under its row lock and inserts the notices in one transaction;
   * the notices are derived after the record's statement ran.
   *
   * @since 0.2.0
   */
  @Override
  public UpdateResult updateCredentials(AccountKey account, UnaryOperator<CredentialRecord> change,
      BiFunction<CredentialRecord, CredentialRecord, List<Notice>> notices) {
    return noticed.updateCredentials(account, change, notices);
  }

  @Override
  public String toString() {
    return "JdbcStorage[" + dialect + "]";
  }

  /**
   * What {@link #migrate()} did.
   *
   * @param fromVersion the schema version before (0 for an empty database)
   * @param toVersion the schema version after
   * @since 0.2.0 (in {@code io.shomei.core.store.jdbc} since 0.1.0)
   */
  public record Migration(int fromVersion, int toVersion) {
    /**
     * Whether any script was applied.
     *
     * @return {@code true} if the schema changed
     */
    public boolean changed() {
      return fromVersion != toVersion;
    }
  }

  /**
   * Builds {@link JdbcStorage}. Each setter may be called once.
   *
   * @since 0.2.0 (in {@code io.shomei.core.store.jdbc} since 0.1.0)
   */
  public static final class Builder {
    /** Default rows per round trip of a scan. */
    public static final int DEFAULT_FETCH_SIZE = 500;

    /** Default number of re-runs after a serialization failure, deadlock or lock timeout. */
    public static final int DEFAULT_MAX_RETRIES = 8;

    private final DataSource dataSource;
    private @Nullable JdbcDialect dialect;
    private int fetchSize = -1;
    private int maxRetries = -1;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Sets the dialect instead of detecting it (then {@link #build()} opens no connection).
     *
     * @param value the dialect
     * @return this builder
     */
    public Builder dialect(JdbcDialect value) {
      if (dialect != null) {
        throw new IllegalStateException("dialect already set");
      }
      dialect = Objects.requireNonNull(value, "dialect");
      return this;
    }

    /**
     * Sets the number of rows fetched per round trip in scans (default
     * {@value #DEFAULT_FETCH_SIZE}).
     *
     * @param rows 1..100000
     * @return this builder
     */
    public Builder fetchSize(int rows) {
      if (fetchSize != -1) {
        throw new IllegalStateException("fetchSize already set");
      }
      if (rows < 1 || rows > 100_000) {
        throw new IllegalArgumentException("fetchSize must be 1..100000");
      }
      fetchSize = rows;
      return this;
    }

    /**
     * Sets how often a transaction is re-run after a serialization failure, a deadlock or a lock
     * timeout (default {@value #DEFAULT_MAX_RETRIES}; 0 disables retries).
     *
     * @param retries 0..100
     * @return this builder
     */
    public Builder maxRetries(int retries) {
      if (maxRetries != -1) {
        throw new IllegalStateException("maxRetries already set");
      }
      if (retries < 0 || retries > 100) {
        throw new IllegalArgumentException("maxRetries must be 0..100");
      }
      maxRetries = retries;
      return this;
    }

    /**
     * Builds the storage. Detects the dialect unless it was set, which opens one connection.
     *
     * @return the storage
     * @throws StorageException if the dialect must be detected and no connection can be opened
     * @throws IllegalArgumentException if the database is neither H2 nor PostgreSQL
     */
    public JdbcStorage build() {
      JdbcDialect d = dialect != null ? dialect : detect(dataSource);
      return new JdbcStorage(dataSource, d, fetchSize == -1 ? DEFAULT_FETCH_SIZE : fetchSize,
          maxRetries == -1 ? DEFAULT_MAX_RETRIES : maxRetries);
    }

    private static JdbcDialect detect(DataSource dataSource) {
      String product;
      try (Connection c = dataSource.getConnection()) {
        product = c.getMetaData().getDatabaseProductName();
      } catch (SQLException e) {
        throw SqlErrors.wrap("JDBC storage: detecting the database", e);
      }
      return JdbcDialect.forProductName(product == null ? "unknown" : product);
    }
  }
}
