package io.shomei.examples.datadir;

import io.shomei.spi.Secret;
import io.shomei.core.IssuingCa;
import io.shomei.core.Shomei;
import io.shomei.core.custody.Pkcs11KeyCustody;
import io.shomei.core.custody.RootCaSpec;
import io.shomei.core.custody.SoftwareKeyCustody;
import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.ServiceSettings;
import io.shomei.core.identity.DatedTrustAnchor;
import io.shomei.core.identity.UserIdPolicy;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.issue.KeyType;
import io.shomei.core.password.PasswordHasher;
import io.shomei.core.password.SecretGenerator;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.ShomeiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;
import org.jspecify.annotations.Nullable;

/**
 * A Shomei data directory ({@code ./shomei-data} by default), shared by the web example and the
 * operator CLI. Layout:
 *
 * <pre>
 * shomei.properties        format version, zone, how the CA is kept
 * db/shomei.mv.db          embedded H2 database (certificates, credentials, tickets, audit trail)
 * ca/ca.p12, ca/ca.password  software CA keystore and its password (owner-only), or
 * ca/pkcs11.cfg            the SunPKCS11 configuration of a token CA (the PIN stays in the environment)
 * ca/ca-LABEL.p12, ca/ca-LABEL.password  a further software CA added by {@link #addIssuingCa}
 *                          (a further token CA is another alias on the same token)
 * ca/audit.key             the audit chain's HMAC key (owner-only; made at first use; a bank keeps
 *                          it in its HSM instead)
 * rules/active.rules       the active rule file (starts as the 2021 notice's rules)
 * trust/SERVICE/*.pem      the trust anchors of a service's logins, exactly these (init writes the
 *                          CA's issuing certificate for every service; trust add / remove edit them)
 * trust/SERVICE/*.window   an anchor's window (accepted-from / accepted-until, ISO instants) for a
 *                          dated rollover; an anchor without one is accepted at every instant
 * </pre>
 *
 * <p>A directory may keep several issuing CAs ({@link #issuingCas()}): the one {@code init} set
 * up, and those {@link #addIssuingCa} added, each with its issuing window or status-only; they are
 * listed in {@code shomei.properties} ({@code ca.*} for the first, {@code ca.2.*}, {@code ca.3.*},
 * ... for the others). A directory made before that has one CA that issues at every instant, and
 * opens unchanged.
 *
 * <p>The two services of every example are {@code fx-forward} (the forward-contract service of the
 * notice) and {@code fx-other} (another FX service the notice does not affect). The rule file names
 * the services each rule applies to, so one active rule file serves both.
 *
 * <p>A software CA whose keystore password sits beside it is a demonstration setting: a bank keeps
 * its CA key on an HSM ({@link CaSource.Pkcs11}). H2 locks its file, so one process at a time uses a
 * data directory; a second one gets a {@link DataDirException} saying so.
 *
 * <p>Thread-safe once opened.
 *
 * @since 0.1.0
 */
public final class DataDir implements AutoCloseable {
  /** The default directory name, relative to the working directory. */
  public static final String DEFAULT_DIRECTORY = "shomei-data";

  /** The bank's time zone in every example. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

  /** The forward-contract service the 2021 notice is about. */
  public static final String FX_FORWARD = "fx-forward";

  /** Another FX service, not affected by the notice. */
  public static final String FX_OTHER = "fx-other";

  /** The user-ID syntax of every example (the SDK's default): hosts parse typed user IDs with it. */
  public static final UserIdPolicy USER_IDS = UserIdPolicy.eightDigits();

  /**
   * How long a letter's temporary password may be used for the first acquisition and login: 30
   * days from enrollment; after that the branch issues a new letter.
   */
  public static final Duration TEMPORARY_PASSWORD_VALIDITY = Duration.ofDays(30);

  /** The services of every example, in display order. */
  public static final List<String> SERVICES = List.of(FX_FORWARD, FX_OTHER);

  private static final String FORMAT = "1";
  private static final String PROPERTIES = "shomei.properties";
  private static final String NOTICE_RULES = "notice-2021.rules";
  /** Set once every service's anchors are the files of {@code trust/SERVICE}, nothing implicit. */
  private static final String TRUST_PROPERTY = "trust.anchors";
  private static final String WINDOW_FROM = "accepted-from";
  private static final String WINDOW_UNTIL = "accepted-until";
  private static final String TRUST_EXPLICIT = "explicit";
  private static final int MAX_PEM_BYTES = 64 * 1024;

  private final Path dir;
  private final Properties properties;
  /** Every CA, the first one {@code init} set up first; replaced as a whole by addIssuingCa. */
  private volatile List<StoredCa> cas;
  /** Where a token CA's PIN is read (the environment the directory was opened with). */
  private final UnaryOperator<@Nullable String> env;
  private final JdbcConnectionPool pool;
  private final JdbcStorage storage;
  private final Map<String, CertificateProfile> profiles;
  private final String url;
  /** On a database server (PostgreSQL) that other processes may share, not the embedded file. */
  private final boolean shared;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * How many open DataDirs of this JVM use each database URL. H2 shares one embedded database
   * between them, and SHUTDOWN (which releases the file lock) would close it under the others: only
   * the last one to close shuts it down. ({@code shomei ocsp serve} keeps its directory open while
   * operator commands run beside it in the same JVM.)
   */
  private static final Map<String, Integer> OPEN = new java.util.HashMap<>();

  private DataDir(Path dir, Properties properties, List<StoredCa> cas,
      UnaryOperator<@Nullable String> env, JdbcConnectionPool pool, JdbcStorage storage,
      String url, boolean shared) {
    this.env = env;
    this.url = url;
    this.shared = shared;
    this.dir = dir;
    this.properties = properties;
    this.cas = List.copyOf(cas);
    this.pool = pool;
    this.storage = storage;
    Map<String, CertificateProfile> p = new LinkedHashMap<>();
    p.put(FX_FORWARD, CertificateProfile.builder("fx-forward", FX_FORWARD, "1.3.6.1.4.1.55555.1.2")
        .organization("Example Bank").country("JP").validity(Duration.ofDays(730)).build());
    p.put(FX_OTHER, CertificateProfile.builder("fx-other", FX_OTHER, "1.3.6.1.4.1.55555.2.1")
        .organization("Example Bank").country("JP").validity(Duration.ofDays(730)).build());
    this.profiles = Collections.unmodifiableMap(p);
  }

  /**
   * Whether {@code dir} already holds a data directory.
   *
   * @param dir the directory
   * @return {@code true} if its {@code shomei.properties} exists
   */
  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve(PROPERTIES));
  }

  /**
   * Creates a new data directory and opens it.
   *
   * @param dir where to create it; must not hold a data directory yet (an empty directory is fine)
   * @param ca where the CA comes from
   * @param clock the clock a generated root's validity starts from
   * @param random the CSPRNG for keys and the keystore password
   * @return the opened directory
   * @throws DataDirException if the directory exists or the CA cannot be set up; nothing is left
   *     behind in that case
   */
  public static DataDir init(Path dir, CaSource ca, Clock clock, SecureRandom random) {
    return init(dir, ca, clock, random, System::getenv);
  }

  /**
   * As {@link #init(Path, CaSource, Clock, SecureRandom)}, reading environment variables (the PIN of
   * a {@link CaSource.Pkcs11} CA) through {@code env}.
   *
   * @param dir where to create it
   * @param ca where the CA comes from
   * @param clock the clock a generated root's validity starts from
   * @param random the CSPRNG
   * @param env looks up an environment variable, {@code null} when unset
   * @return the opened directory
   */
  public static DataDir init(Path dir, CaSource ca, Clock clock, SecureRandom random,
      UnaryOperator<@Nullable String> env) {
    return init(dir, ca, clock, random, env, null);
  }

  /**
   * As {@link #init(Path, CaSource, Clock, SecureRandom, UnaryOperator)}, on a PostgreSQL database
   * instead of the embedded one when {@code postgresUrl} is given (see
   * {@link #open(Path, UnaryOperator, String)}).
   *
   * @param dir where to create it
   * @param ca where the CA comes from
   * @param clock the clock a generated root's validity starts from
   * @param random the CSPRNG
   * @param env looks up an environment variable, {@code null} when unset
   * @param postgresUrl a {@code jdbc:postgresql:} URL, or {@code null} for the embedded database
   * @return the opened directory
   * @since 0.2.0
   */
  public static DataDir init(Path dir, CaSource ca, Clock clock, SecureRandom random,
      UnaryOperator<@Nullable String> env, @Nullable String postgresUrl) {
    if (postgresUrl != null) {
      checkPostgresUrl(postgresUrl);
    }
    if (exists(dir)) {
      throw new DataDirException("a data directory already exists at " + dir, null);
    }
    boolean created = !Files.exists(dir);
    try {
      Files.createDirectories(dir.resolve("ca"));
      Files.createDirectories(dir.resolve("db"));
      Files.createDirectories(dir.resolve("rules"));
      for (String service : SERVICES) {
        Files.createDirectories(dir.resolve("trust").resolve(service));
      }
      Properties props = new Properties();
      props.setProperty("format", FORMAT);
      props.setProperty("zone", ZONE.getId());
      setUpCa(dir, ca, props, clock, random, env);
      props.setProperty(TRUST_PROPERTY, TRUST_EXPLICIT);
      try (InputStream in = DataDir.class.getResourceAsStream(NOTICE_RULES)) {
        if (in == null) {
          throw new IllegalStateException("the notice's rule file is missing from the class path");
        }
        Files.copy(in, dir.resolve("rules").resolve("active.rules"));
      }
      writeProperties(dir, props);
    } catch (IOException | RuntimeException e) {
      cleanUp(dir, created);
      if (e instanceof DataDirException d) {
        throw d;
      }
      throw new DataDirException("cannot create the data directory " + dir + ": " + e.getMessage(),
          e);
    }
    DataDir opened = open(dir, env, postgresUrl);
    // every service trusts the CA that issues its certificates, and nothing else
    for (String service : SERVICES) {
      opened.writeAnchor(service, opened.issuingCa());
    }
    return opened;
  }

  /**
   * Opens an existing data directory, creating or upgrading its database schema if needed.
   *
   * @param dir the directory
   * @return the opened directory
   * @throws DataDirException if it is missing, damaged or in use by another process
   */
  public static DataDir open(Path dir) {
    return open(dir, System::getenv);
  }

  /**
   * As {@link #open(Path)}, reading environment variables through {@code env}.
   *
   * @param dir the directory
   * @param env looks up an environment variable, {@code null} when unset
   * @return the opened directory
   */
  public static DataDir open(Path dir, UnaryOperator<@Nullable String> env) {
    return open(dir, env, null);
  }

  /** The environment variable with the PostgreSQL user name. */
  public static final String DB_USER_ENV = "SHOMEI_DB_USER";

  /** The environment variable with the PostgreSQL password (never a command-line argument). */
  public static final String DB_PASSWORD_ENV = "SHOMEI_DB_PASSWORD";

  /**
   * As {@link #open(Path, UnaryOperator)}, keeping the records in a PostgreSQL database instead of
   * the embedded H2 one when {@code postgresUrl} is given: the way several processes (the nodes of
   * a web host behind a load balancer) share one set of records. The directory still holds the CA,
   * the audit key, the rules and the trust anchors, which every node reads: give every node a copy
   * of the same directory. The user name and password come from the environment variables
   * {@value #DB_USER_ENV} and {@value #DB_PASSWORD_ENV}.
   *
   * @param dir the directory
   * @param env looks up an environment variable, {@code null} when unset
   * @param postgresUrl a {@code jdbc:postgresql://host:port/database} URL, or {@code null} for
   *     the embedded database
   * @return the opened directory
   * @throws DataDirException if the directory is missing or damaged, or the database cannot be
   *     reached
   * @since 0.2.0
   */
  public static DataDir open(Path dir, UnaryOperator<@Nullable String> env,
      @Nullable String postgresUrl) {
    if (postgresUrl != null) {
      checkPostgresUrl(postgresUrl);
    }
    if (!exists(dir)) {
      throw new DataDirException("no data directory at " + dir + " (run init first)", null);
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(dir.resolve(PROPERTIES))) {
      props.load(in);
    } catch (IOException e) {
      throw new DataDirException("cannot read " + dir.resolve(PROPERTIES), e);
    }
    if (!FORMAT.equals(props.getProperty("format"))) {
      throw new DataDirException("unknown data directory format '" + props.getProperty("format")
          + "' in " + dir, null);
    }
    List<StoredCa> cas = openCas(dir, props, env);
    if (postgresUrl != null) {
      return openPostgres(dir, props, cas, postgresUrl, env);
    }
    String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db").resolve("shomei")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "shomei", "");
    try (Connection probe = pool.getConnection()) {
      probe.isValid(1);
    } catch (SQLException e) {
      pool.dispose();
      String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      if (message.contains("already in use") || message.contains("locked")) {
        throw new DataDirException("the data directory " + dir
            + " is in use by another process (stop the web example or the other command)", e);
      }
      throw new DataDirException("cannot open the database in " + dir, e);
    }
    retain(url);
    try {
      JdbcStorage storage = JdbcStorage.create(pool);
      storage.migrate();
      ownerOnly(dir); // after the database made its files (and for directories made before)
      DataDir opened = new DataDir(dir, props, cas, env, pool, storage, url, false);
      if (!TRUST_EXPLICIT.equals(props.getProperty(TRUST_PROPERTY))) {
        opened.writeImplicitRoot();
      }
      return opened;
    } catch (RuntimeException e) {
      release(url, pool);
      throw new DataDirException("cannot prepare the database in " + dir, e);
    }
  }

  /** A URL for a message: without its parameters, which may hold a password. */
  private static String withoutParameters(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?...";
  }

  private static void checkPostgresUrl(String url) {
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new DataDirException("the database URL must start with jdbc:postgresql:// (the"
          + " embedded H2 database needs none)", null);
    }
  }

  private static DataDir openPostgres(Path dir, Properties props, List<StoredCa> cas,
      String postgresUrl, UnaryOperator<@Nullable String> env) {
    PGConnectionPoolDataSource source = new PGConnectionPoolDataSource();
    try {
      source.setUrl(postgresUrl);
    } catch (IllegalArgumentException e) {
      throw new DataDirException("not a PostgreSQL URL: " + withoutParameters(postgresUrl), e);
    }
    String user = env.apply(DB_USER_ENV);
    if (user != null && !user.isEmpty()) {
      source.setUser(user);
    }
    String password = env.apply(DB_PASSWORD_ENV);
    if (password != null && !password.isEmpty()) {
      source.setPassword(password);
    }
    source.setConnectTimeout(10);
    JdbcConnectionPool pool = JdbcConnectionPool.create(source);
    try (Connection probe = pool.getConnection()) {
      probe.isValid(1);
    } catch (SQLException e) {
      pool.dispose();
      // the driver's message names the host and the cause, never the password
      throw new DataDirException("cannot reach the database " + withoutParameters(postgresUrl) + ": "
          + e.getMessage(), e);
    }
    try {
      JdbcStorage storage = JdbcStorage.create(pool);
      storage.migrate();
      DataDir opened = new DataDir(dir, props, cas, env, pool, storage, postgresUrl, true);
      if (!TRUST_EXPLICIT.equals(props.getProperty(TRUST_PROPERTY))) {
        opened.writeImplicitRoot();
      }
      return opened;
    } catch (RuntimeException e) {
      pool.dispose();
      throw new DataDirException("cannot prepare the database " + withoutParameters(postgresUrl),
          e);
    }
  }

  /**
   * Whether the records are on a database server that other processes may share (PostgreSQL,
   * {@link #open(Path, UnaryOperator, String)}) rather than in the embedded file one process holds.
   *
   * @return {@code true} on PostgreSQL
   * @since 0.2.0
   */
  public boolean sharedDatabase() {
    return shared;
  }

  /**
   * The pooled connections to the records' database, for a host's own tables beside Shomei's (the
   * web example keeps its sessions there when several nodes share the database).
   *
   * @return the data source; closed with this directory
   * @since 0.2.0
   */
  public javax.sql.DataSource dataSource() {
    return pool;
  }

  /**
   * The directory.
   *
   * @return its path
   */
  public Path path() {
    return dir;
  }

  /**
   * The key custody of the directory's first CA (the one {@code init} set up).
   *
   * @return the custody
   */
  public KeyCustody custody() {
    return cas.get(0).custody();
  }

  /**
   * How the first CA is kept, for display: {@code software} or {@code pkcs11}.
   *
   * @return the custody kind
   */
  public String custodyKind() {
    return properties.getProperty("ca.custody", "software");
  }

  /**
   * The certificate of the directory's first CA (the one {@code init} set up), the first of its
   * custody's chain. With several CAs, {@link #issuingCas()} lists them all.
   *
   * @return the first CA's certificate
   */
  public X509Certificate issuingCa() {
    return custody().certificateChain().get(0);
  }

  /**
   * Every CA of the directory with its label, custody and issuing window: the one {@code init} set
   * up first, then those {@link #addIssuingCa} added, in that order.
   *
   * @return the CAs
   * @since 0.2.0
   */
  public List<StoredCa> issuingCas() {
    return cas;
  }

  /**
   * The storage on the embedded database.
   *
   * @return the storage
   */
  public JdbcStorage storage() {
    return storage;
  }

  /**
   * The certificate profile a service issues under.
   *
   * @param service one of {@link #SERVICES}
   * @return the profile
   * @throws IllegalArgumentException for an unknown service
   */
  public CertificateProfile profile(String service) {
    CertificateProfile p = profiles.get(service);
    if (p == null) {
      throw new IllegalArgumentException("unknown service: " + service + " (known: " + SERVICES
          + ")");
    }
    return p;
  }

  /**
   * The trust anchors a service's logins accept: exactly the anchors configured for that service
   * (the CA's issuing certificate written by {@link #init}, and what {@link #addTrustAnchor} and
   * {@link #removeTrustAnchor} changed since). Nothing is trusted for a service because another
   * service trusts it, nor because it is the root of the CA's chain.
   *
   * @param service one of {@link #SERVICES}
   * @return the anchors, the issuing CA's certificate first when it is one of them
   */
  public List<X509Certificate> trustAnchors(String service) {
    profile(service);
    List<X509Certificate> anchors = new ArrayList<>();
    X509Certificate issuing = issuingCa();
    for (Path pem : extraAnchorFiles(service)) {
      X509Certificate c = readCertificate(pem);
      if (!anchors.contains(c)) {
        anchors.add(c.equals(issuing) ? 0 : anchors.size(), c);
      }
    }
    return List.copyOf(anchors);
  }

  /**
   * Writes every service's trust anchors into one PEM file: the CA list a TLS terminator in front
   * of several services names in its client-certificate request (nginx {@code
   * ssl_client_certificate}, HAProxy {@code ca-file}). The file holds certificates only.
   *
   * @param file the file to write (replaced)
   * @return {@code file}
   * @throws UncheckedIOException if it cannot be written
   */
  public Path writeClientCas(Path file) {
    java.util.Set<X509Certificate> all = new java.util.LinkedHashSet<>();
    for (String service : SERVICES) {
      all.addAll(trustAnchors(service));
    }
    StringBuilder b = new StringBuilder();
    all.forEach(c -> b.append(pem(c)));
    try {
      Files.writeString(file, b.toString(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /**
   * Removes a trust anchor from a service.
   *
   * @param service one of {@link #SERVICES}
   * @param sha256Fingerprint the anchor's SHA-256 fingerprint (lowercase hex)
   * @return {@link AnchorRemoval#REMOVED}, {@link AnchorRemoval#NOT_TRUSTED} or
   *     {@link AnchorRemoval#LAST_ANCHOR} (a service keeps at least one anchor)
   */
  public AnchorRemoval removeTrustAnchor(String service, String sha256Fingerprint) {
    profile(service);
    List<Path> matching = new ArrayList<>();
    int count = 0;
    for (Path pem : extraAnchorFiles(service)) {
      count++;
      if (fingerprint(readCertificate(pem)).equals(sha256Fingerprint)) {
        matching.add(pem);
      }
    }
    if (matching.isEmpty()) {
      return AnchorRemoval.NOT_TRUSTED;
    }
    if (matching.size() == count) {
      return AnchorRemoval.LAST_ANCHOR;
    }
    try {
      for (Path pem : matching) {
        Files.deleteIfExists(windowFile(pem));
        Files.delete(pem);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the trust anchor " + sha256Fingerprint, e);
    }
    return AnchorRemoval.REMOVED;
  }

  /**
   * The windows of a service's dated trust anchors: the anchors that have a {@code .window} file
   * beside their PEM (the others are accepted at every instant).
   *
   * @param service one of {@link #SERVICES}
   * @return the windows, in the order of the anchor files
   * @throws DataDirException if a window file cannot be read or is malformed
   * @since 0.2.0
   */
  public List<DatedTrustAnchor> anchorWindows(String service) {
    profile(service);
    List<DatedTrustAnchor> windows = new ArrayList<>();
    List<X509Certificate> seen = new ArrayList<>();
    for (Path pem : extraAnchorFiles(service)) {
      Path window = windowFile(pem);
      if (!Files.isRegularFile(window)) {
        continue;
      }
      X509Certificate anchor = readCertificate(pem);
      if (seen.contains(anchor)) {
        continue;
      }
      seen.add(anchor);
      Properties w = new Properties();
      try (InputStream in = Files.newInputStream(window)) {
        w.load(in);
        windows.add(new DatedTrustAnchor(anchor, instant(w, WINDOW_FROM),
            instant(w, WINDOW_UNTIL)));
      } catch (IOException | RuntimeException e) {
        throw new DataDirException("cannot read the trust anchor window " + window, e);
      }
    }
    return List.copyOf(windows);
  }

  private static java.time.@Nullable Instant instant(Properties p, String key) {
    String v = p.getProperty(key);
    return v == null || v.isBlank() ? null : java.time.Instant.parse(v.strip());
  }

  /**
   * Sets or clears the window in which a service's logins accept one of its trust anchors (a
   * dated CA rollover: the old CA until the cut-over, the new one from it). With neither end the
   * window is removed and the anchor is accepted at every instant again.
   *
   * @param service one of {@link #SERVICES}
   * @param sha256Fingerprint the anchor's SHA-256 fingerprint (lowercase hex)
   * @param from first instant the anchor is accepted, or {@code null}
   * @param until first instant it is no longer accepted, or {@code null}
   * @return {@code true} if set, {@code false} if the service does not trust that anchor
   * @throws IllegalArgumentException if {@code from} is not before {@code until}
   * @since 0.2.0
   */
  public boolean setAnchorWindow(String service, String sha256Fingerprint,
      java.time.@Nullable Instant from, java.time.@Nullable Instant until) {
    profile(service);
    List<Path> matching = new ArrayList<>();
    for (Path pem : extraAnchorFiles(service)) {
      X509Certificate c = readCertificate(pem);
      if (fingerprint(c).equals(sha256Fingerprint)) {
        new DatedTrustAnchor(c, from, until); // validates the window
        matching.add(pem);
      }
    }
    if (matching.isEmpty()) {
      return false;
    }
    try {
      for (Path pem : matching) {
        Path window = windowFile(pem);
        if (from == null && until == null) {
          Files.deleteIfExists(window);
        } else {
          String text = "# the window in which this service's logins accept the anchor\n"
              + (from == null ? "" : WINDOW_FROM + "=" + from + "\n")
              + (until == null ? "" : WINDOW_UNTIL + "=" + until + "\n");
          writeAtomically(window, text.getBytes(StandardCharsets.US_ASCII));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the window of " + sha256Fingerprint, e);
    }
    return true;
  }

  private static Path windowFile(Path pem) {
    String name = pem.getFileName().toString();
    return pem.resolveSibling(name.substring(0, name.length() - ".pem".length()) + ".window");
  }

  /** Outcome of {@link #removeTrustAnchor}. */
  public enum AnchorRemoval {
    /** The service no longer trusts the anchor. */
    REMOVED,
    /** The service did not trust it. */
    NOT_TRUSTED,
    /** It is the service's only anchor: a service keeps at least one. */
    LAST_ANCHOR
  }

  /**
   * A directory made before anchors were explicit trusted the root of the CA's chain for every
   * service without a file saying so: write that root into each service's anchors, so that what is
   * trusted is what {@code trust/} lists (and can be removed), then mark the directory.
   */
  private void writeImplicitRoot() {
    List<X509Certificate> chain = custody().certificateChain();
    X509Certificate root = chain.get(chain.size() - 1);
    for (String service : SERVICES) {
      writeAnchor(service, root);
    }
    properties.setProperty(TRUST_PROPERTY, TRUST_EXPLICIT);
    try {
      writeProperties(dir, properties);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update " + dir.resolve(PROPERTIES), e);
    }
  }

  private void writeAnchor(String service, X509Certificate anchor) {
    Path target = dir.resolve("trust").resolve(service).resolve(fingerprint(anchor) + ".pem");
    try {
      Files.createDirectories(target.getParent());
      writeAtomically(target, pem(anchor).getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /**
   * Adds a trust anchor to a service (for example the bank's previous issuing CA during a
   * transition).
   *
   * @param service one of {@link #SERVICES}
   * @param anchor a CA certificate
   * @return {@code true} if added, {@code false} if the service already trusted it
   * @throws IllegalArgumentException if the certificate is not a CA certificate
   */
  public boolean addTrustAnchor(String service, X509Certificate anchor) {
    profile(service);
    if (anchor.getBasicConstraints() < 0) {
      throw new IllegalArgumentException("not a CA certificate (basicConstraints cA is not set): "
          + anchor.getSubjectX500Principal());
    }
    if (trustAnchors(service).contains(anchor)) {
      return false;
    }
    writeAnchor(service, anchor);
    return true;
  }

  /**
   * A further CA on the token of the directory's first CA: the same SunPKCS11 configuration and
   * PIN variable, another alias. For {@link #addIssuingCa}.
   *
   * @param alias the key's alias on the token
   * @param generate {@code true} to generate a new root key there (the alias must not exist);
   *     {@code false} to use the key and certificate already under the alias
   * @param keyType the key type when generating
   * @param subject the root's subject when generating
   * @return the source
   * @throws IllegalStateException if the first CA is not on a token
   * @since 0.2.0
   */
  public CaSource.Pkcs11 tokenCa(String alias, boolean generate, KeyType keyType,
      String subject) {
    if (!custodyKind().equals("pkcs11")) {
      throw new IllegalStateException("the CA of " + dir + " is not on a PKCS#11 token");
    }
    return new CaSource.Pkcs11(tokenConfig(), properties.getProperty("ca.pin-env", ""), alias,
        generate, keyType, subject);
  }

  private Path tokenConfig() {
    return dir.resolve("ca").resolve("pkcs11.cfg");
  }

  /**
   * Adds an issuing CA: a new software keystore in the directory, a PKCS#12 file's CA copied into
   * it, or a key on the directory's token ({@link #tokenCa}). When {@code window} starts at an
   * instant T, the CA that issues at T (having started before it) ends its window at T in the
   * same step: a rollover. The windows are checked first: at every instant exactly one CA must
   * issue; otherwise nothing is written (no key is made) and the refusal says which CAs and
   * instants clash. The new CA's certificate becomes a trust anchor of every service (undated;
   * {@link #setAnchorWindow} dates it).
   *
   * <p>The engines built before the call keep the CAs they were built with; {@link #shomei}
   * builds with the new list. The directory records the change in {@code shomei.properties},
   * replaced atomically.
   *
   * @param label the operator's name for it (see {@link StoredCa#checkLabel})
   * @param source where its key comes from: {@link CaSource.Generate} (a software root in
   *     {@code ca/ca-LABEL.p12}), {@link CaSource.AdoptPkcs12}, or {@link #tokenCa}
   * @param window its issuing window, or status-only
   * @param clock dates a generated root's validity
   * @param random the CSPRNG for a generated key and keystore password
   * @return {@link CaAddition.Added} or {@link CaAddition.Refused}
   * @throws IllegalArgumentException for a malformed label, or a token source that is not on the
   *     directory's token
   * @throws DataDirException if the key cannot be made or read, or the directory written (a key
   *     file made meanwhile is removed again; a key generated on the token stays there, under its
   *     alias, unused)
   * @since 0.2.0
   */
  public synchronized CaAddition addIssuingCa(String label, CaSource source, CaWindow window,
      Clock clock, SecureRandom random) {
    StoredCa.checkLabel(label);
    if (source instanceof CaSource.Pkcs11 p && (!custodyKind().equals("pkcs11")
        || !p.config().equals(tokenConfig())
        || !p.pinEnv().equals(properties.getProperty("ca.pin-env")))) {
      throw new IllegalArgumentException("a further token CA is an alias on the token of the"
          + " directory's first CA (see tokenCa)");
    }
    List<StoredCa> before = cas;
    List<CaWindows.Named> named = new ArrayList<>();
    before.forEach(c -> named.add(new CaWindows.Named(c.label(), c.window())));
    CaWindows.Plan plan = CaWindows.add(named, new CaWindows.Named(label, window));
    if (plan instanceof CaWindows.Refused r) {
      return new CaAddition.Refused(r.reason(), r.detail());
    }
    CaWindows.Planned planned = (CaWindows.Planned) plan;
    int index = before.size();
    Path keystore = keystore(dir, index, label);
    Path passwordFile = keystorePassword(dir, index, label);
    List<Path> made = new ArrayList<>();
    Properties updated = new Properties();
    updated.putAll(properties);
    KeyCustody custody;
    String kind;
    String alias;
    try {
      if (source instanceof CaSource.Generate g) {
        kind = "software";
        alias = "ca";
        if (Files.exists(keystore) || Files.exists(passwordFile)) {
          throw new DataDirException(keystore + " exists already", null);
        }
        try (Secret password = new SecretGenerator(random).acquisitionPassword()) {
          made.add(passwordFile);
          writeOwnerOnly(passwordFile, password);
          made.add(keystore);
          custody = SoftwareKeyCustody.createRoot(keystore, password, alias,
              RootCaSpec.of(g.subject()).withKeyType(g.keyType()), clock, random);
        }
      } else if (source instanceof CaSource.AdoptPkcs12 a) {
        kind = "software";
        alias = a.alias() != null ? a.alias() : singleKeyAlias(a.file(), a.password());
        custody = SoftwareKeyCustody.load(a.file(), a.password(), alias);
        CaAddition.Refused same = sameCa(before, custody);
        if (same != null) {
          return same;
        }
        if (Files.exists(keystore) || Files.exists(passwordFile)) {
          throw new DataDirException(keystore + " exists already", null);
        }
        made.add(keystore);
        Files.copy(a.file(), keystore);
        made.add(passwordFile);
        writeOwnerOnly(passwordFile, a.password());
      } else if (source instanceof CaSource.Pkcs11 p) {
        kind = "pkcs11";
        alias = p.alias();
        try (Secret pin = pin(env, p.pinEnv())) {
          custody = p.generate()
              ? Pkcs11KeyCustody.createRoot(p.config(), pin, alias,
                  RootCaSpec.of(p.subject()).withKeyType(p.keyType()), clock, random)
              : Pkcs11KeyCustody.open(p.config(), pin, alias);
        }
      } else {
        throw new IllegalArgumentException("unknown CA source " + source);
      }
      CaAddition.Refused same = sameCa(before, custody);
      if (same != null) {
        deleteQuietly(made);
        return same;
      }
      StoredCa added = new StoredCa(label, kind, custody, window);
      List<StoredCa> after = new ArrayList<>(before);
      after.add(added);
      StoredCa ended = null;
      if (planned.ended() >= 0) {
        ended = before.get(planned.ended()).withWindow(
            planned.windows().get(planned.ended()).window());
        after.set(planned.ended(), ended);
      }
      for (int i = 0; i < after.size(); i++) {
        writeCa(updated, i, after.get(i), i == index ? kind : null, i == index ? alias : null);
      }
      writeProperties(dir, updated);
      // readers on other threads never see a key missing meanwhile
      properties.putAll(updated);
      properties.keySet().retainAll(updated.keySet());
      cas = List.copyOf(after);
      for (String service : SERVICES) {
        if (!trustAnchors(service).contains(added.certificate())) {
          writeAnchor(service, added.certificate());
        }
      }
      ownerOnly(dir.resolve("ca"));
      return new CaAddition.Added(added, ended);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(made);
      if (e instanceof DataDirException d) {
        throw d;
      }
      if (e instanceof IllegalArgumentException i) {
        throw i;
      }
      throw new DataDirException("cannot add the CA '" + label + "' to " + dir + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * The engine tells CAs apart by certificate, subject name and key ID (its CRLs, OCSP answers and
   * the names a TLS handshake requests): a CA that shares one of them with another is refused.
   */
  private static CaAddition.@Nullable Refused sameCa(List<StoredCa> cas, KeyCustody custody) {
    X509Certificate c = custody.certificateChain().get(0);
    String keyId = IssuingCa.of(custody).keyId();
    for (StoredCa existing : cas) {
      String what = existing.certificate().equals(c) ? "certificate"
          : existing.certificate().getSubjectX500Principal().equals(c.getSubjectX500Principal())
              ? "subject name " + c.getSubjectX500Principal().getName()
              : existing.keyId().equals(keyId) ? "key ID " + keyId : null;
      if (what != null) {
        return new CaAddition.Refused(CaAddition.Reason.SAME_CA, "the CA '" + existing.label()
            + "' has this " + what + " already");
      }
    }
    return null;
  }

  /** Writes a CA's label and window (and, for a new one, its custody and alias). */
  private static void writeCa(Properties props, int index, StoredCa ca, @Nullable String kind,
      @Nullable String alias) {
    props.setProperty(caKey(index, "label"), ca.label());
    if (kind != null && alias != null) {
      props.setProperty(caKey(index, "custody"), kind);
      props.setProperty(caKey(index, "alias"), alias);
    }
    CaWindow w = ca.window();
    setOrRemove(props, caKey(index, "issuing-from"), w.issuingFrom());
    setOrRemove(props, caKey(index, "issuing-until"), w.issuingUntil());
    setOrRemove(props, caKey(index, "status-only"), w.statusOnly() ? "true" : null);
  }

  private static void setOrRemove(Properties props, String key, @Nullable Object value) {
    if (value == null) {
      props.remove(key);
    } else {
      props.setProperty(key, value.toString());
    }
  }

  private static void deleteQuietly(List<Path> files) {
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        // best effort: the caller's exception says what failed
      }
    }
  }

  /**
   * The active rule file's path.
   *
   * @return {@code rules/active.rules}
   */
  public Path rulesFile() {
    return dir.resolve("rules").resolve("active.rules");
  }

  /**
   * The active rule set.
   *
   * @return the rules of {@link #rulesFile()}
   * @throws io.shomei.core.eligibility.RuleFileException if the file has been damaged by hand
   */
  public Eligibility rules() {
    return RuleSet.load(rulesFile());
  }

  /**
   * Validates a rule file and makes it the active one. The old file is replaced atomically; an
   * invalid file changes nothing.
   *
   * @param file the new rule file
   * @return the rules it holds
   * @throws io.shomei.core.eligibility.RuleFileException if the file is not valid
   */
  public RuleSet installRules(Path file) {
    RuleSet rules = RuleSet.load(file);
    try {
      writeAtomically(rulesFile(), Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install " + file, e);
    }
    return rules;
  }

  /**
   * Builds the SDK's entry point on this directory with the active rule file.
   *
   * @param clock the clock every decision uses ({@link Clock#systemUTC()}, or a fixed clock to
   *     rehearse another instant)
   * @return the engine
   */
  public Shomei shomei(Clock clock) {
    return shomei(clock, rules());
  }

  /**
   * Builds the SDK's entry point on this directory with the given rules (for a one-run override).
   *
   * @param clock the clock every decision uses
   * @param rules the rules for every service
   * @return the engine
   */
  public Shomei shomei(Clock clock, Eligibility rules) {
    return shomei(clock, rules, b -> b);
  }

  /**
   * Builds the SDK's entry point with the given rules and further options a host adds (its
   * metrics listener, ...) to the builder this directory configures.
   *
   * @param clock the clock every decision uses
   * @param rules the rules for every service
   * @param options adds to the builder (each setter at most once)
   * @return the engine
   */
  public Shomei shomei(Clock clock, Eligibility rules,
      java.util.function.UnaryOperator<Shomei.Builder> options) {
    SecureRandom random = new SecureRandom();
    Shomei.Builder b = Shomei.builder()
        .storage(storage)
        .clock(clock)
        .zone(ZONE)
        .userIdPolicy(USER_IDS)
        .secureRandom(random)
        .passwordHasher(PasswordHasher.argon2id(random))
        .auditKey(auditKey(random))
        .temporaryPasswordValidity(TEMPORARY_PASSWORD_VALIDITY);
    for (StoredCa ca : cas) {
      b.issuingCa(ca.issuingCa());
    }
    for (String service : SERVICES) {
      b.service(new ServiceSettings(service, profile(service), trustAnchors(service), rules,
          anchorWindows(service)));
    }
    return options.apply(b).build();
  }

  /**
   * The audit chain's key, made (256 random bits, owner-only) at first use. Records written before
   * it existed stay readable as the chain's unkeyed prefix.
   */
  private SecretKey auditKey(SecureRandom random) {
    Path file = dir.resolve("ca").resolve("audit.key");
    try {
      if (!Files.exists(file)) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        char[] text = Base64.getEncoder().encodeToString(k).toCharArray();
        Arrays.fill(k, (byte) 0);
        try (Secret s = Secret.wrap(text)) {
          writeOwnerOnly(file, s);
        } catch (DataDirException raced) {
          // another process made it first: use theirs
        }
      }
      byte[] encoded = Files.readAllBytes(file);
      try {
        byte[] k = Base64.getDecoder().decode(new String(encoded, StandardCharsets.US_ASCII).strip());
        try {
          return new SecretKeySpec(k, "HmacSHA256");
        } finally {
          Arrays.fill(k, (byte) 0);
        }
      } finally {
        Arrays.fill(encoded, (byte) 0);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new DataDirException("cannot read or make the audit key " + file, e);
    }
  }

  /**
   * Releases the database; the last DataDir of this JVM on it releases its file lock too. A second
   * call does nothing.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      if (shared) {
        pool.dispose();
        return;
      }
      release(url, pool);
      try {
        ownerOnly(dir); // the database's trace file, if it wrote one meanwhile
      } catch (DataDirException e) {
        // closing must not fail over permissions; the directory itself stays owner-only
      }
    }
  }

  private static synchronized void retain(String url) {
    OPEN.merge(url, 1, Integer::sum);
  }

  private static synchronized void release(String url, JdbcConnectionPool pool) {
    Integer n = OPEN.get(url);
    if (n == null || n <= 1) {
      OPEN.remove(url);
      shutdown(pool);
    } else {
      OPEN.put(url, n - 1);
      pool.dispose();
    }
  }

  @Override
  public String toString() {
    return "DataDir[" + dir + ", ca=" + custodyKind() + "]";
  }

  // ---------------------------------------------------------------- set-up

  private static void setUpCa(Path dir, CaSource ca, Properties props, Clock clock,
      SecureRandom random, UnaryOperator<@Nullable String> env) throws IOException {
    Path keystore = dir.resolve("ca").resolve("ca.p12");
    Path passwordFile = dir.resolve("ca").resolve("ca.password");
    if (ca instanceof CaSource.Generate g) {
      Secret password = new SecretGenerator(random).acquisitionPassword();
      try {
        writeOwnerOnly(passwordFile, password);
        SoftwareKeyCustody.createRoot(keystore, password, "ca",
            RootCaSpec.of(g.subject()).withKeyType(g.keyType()), clock, random);
      } finally {
        password.destroy();
      }
      props.setProperty("ca.custody", "software");
      props.setProperty("ca.alias", "ca");
    } else if (ca instanceof CaSource.AdoptPkcs12 a) {
      String alias = a.alias() != null ? a.alias() : singleKeyAlias(a.file(), a.password());
      // Checks the key and chain before anything is copied.
      SoftwareKeyCustody.load(a.file(), a.password(), alias);
      Files.copy(a.file(), keystore, StandardCopyOption.REPLACE_EXISTING);
      writeOwnerOnly(passwordFile, a.password());
      props.setProperty("ca.custody", "software");
      props.setProperty("ca.alias", alias);
    } else if (ca instanceof CaSource.Pkcs11 p) {
      Path config = dir.resolve("ca").resolve("pkcs11.cfg");
      Files.copy(p.config(), config, StandardCopyOption.REPLACE_EXISTING);
      try (Secret pin = pin(env, p.pinEnv())) {
        if (p.generate()) {
          Pkcs11KeyCustody.createRoot(config, pin, p.alias(),
              RootCaSpec.of(p.subject()).withKeyType(p.keyType()), clock, random);
        } else {
          Pkcs11KeyCustody.open(config, pin, p.alias());
        }
      }
      props.setProperty("ca.custody", "pkcs11");
      props.setProperty("ca.alias", p.alias());
      props.setProperty("ca.pin-env", p.pinEnv());
    } else {
      throw new IllegalArgumentException("unknown CA source " + ca);
    }
  }

  /** The key of a property of the CA at {@code index} (0: the first, {@code ca.KEY}). */
  private static String caKey(int index, String key) {
    return index == 0 ? "ca." + key : "ca." + (index + 1) + "." + key;
  }

  /** The keystore of a software CA: {@code ca/ca.p12} for the first, {@code ca/ca-LABEL.p12}. */
  private static Path keystore(Path dir, int index, String label) {
    return dir.resolve("ca").resolve(index == 0 ? "ca.p12" : "ca-" + label + ".p12");
  }

  private static Path keystorePassword(Path dir, int index, String label) {
    return dir.resolve("ca").resolve(index == 0 ? "ca.password" : "ca-" + label + ".password");
  }

  /** Opens every CA the properties list: the first ({@code ca.*}), then {@code ca.2.*}, ... */
  private static List<StoredCa> openCas(Path dir, Properties props,
      UnaryOperator<@Nullable String> env) {
    List<StoredCa> cas = new ArrayList<>();
    for (int i = 0; i == 0 || props.getProperty(caKey(i, "custody")) != null; i++) {
      String label = props.getProperty(caKey(i, "label"), i == 0 ? StoredCa.FIRST_LABEL : "");
      String kind = props.getProperty(caKey(i, "custody"), "");
      try {
        StoredCa.checkLabel(label);
        CaWindow window = Boolean.parseBoolean(props.getProperty(caKey(i, "status-only")))
            ? CaWindow.statusOnlyWindow()
            : CaWindow.issuing(instant(props, caKey(i, "issuing-from")),
                instant(props, caKey(i, "issuing-until")));
        KeyCustody custody = openCa(dir, props, env, kind,
            props.getProperty(caKey(i, "alias"), "ca"), keystore(dir, i, label),
            keystorePassword(dir, i, label));
        cas.add(new StoredCa(label, kind, custody, window));
      } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
        throw new DataDirException("the CA '" + label + "' in " + dir.resolve(PROPERTIES)
            + " is damaged: " + e.getMessage(), e);
      }
    }
    return List.copyOf(cas);
  }

  private static KeyCustody openCa(Path dir, Properties props, UnaryOperator<@Nullable String> env,
      String kind, String alias, Path keystore, Path passwordFile) {
    try {
      if (kind.equals("software")) {
        byte[] bytes = Files.readAllBytes(passwordFile);
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        Arrays.fill(bytes, (byte) 0);
        char[] chars = new char[decoded.remaining()];
        decoded.get(chars);
        if (decoded.hasArray()) {
          Arrays.fill(decoded.array(), '\0');
        }
        int end = chars.length;
        while (end > 0 && (chars[end - 1] == '\n' || chars[end - 1] == '\r'
            || chars[end - 1] == '\0')) {
          end--;
        }
        try (Secret password = Secret.copyOf(Arrays.copyOf(chars, end))) {
          Arrays.fill(chars, '\0');
          return SoftwareKeyCustody.load(keystore, password, alias);
        }
      }
      if (kind.equals("pkcs11")) {
        String pinEnv = props.getProperty("ca.pin-env", "");
        try (Secret pin = pin(env, pinEnv)) {
          return Pkcs11KeyCustody.open(dir.resolve("ca").resolve("pkcs11.cfg"), pin, alias);
        }
      }
    } catch (IOException e) {
      throw new DataDirException("cannot read the CA of " + dir, e);
    } catch (ShomeiException e) {
      throw new DataDirException("cannot open the CA of " + dir + ": " + e.getMessage(), e);
    }
    throw new DataDirException("unknown CA custody '" + kind + "' in " + dir, null);
  }

  private static Secret pin(UnaryOperator<@Nullable String> env, String name) {
    String value = env.apply(name);
    if (value == null || value.isEmpty()) {
      throw new DataDirException("the environment variable " + name
          + " (the token PIN) is not set", null);
    }
    return Secret.of(value);
  }

  private static String singleKeyAlias(Path file, Secret password) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      char[] chars = password.toCharArray();
      try {
        ks.load(in, chars);
      } finally {
        Arrays.fill(chars, '\0');
      }
      List<String> keys = new ArrayList<>();
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(alias)) {
          keys.add(alias);
        }
      }
      if (keys.size() != 1) {
        throw new DataDirException(file + " holds " + keys.size()
            + " private-key entries; name the one to use", null);
      }
      return keys.get(0);
    } catch (IOException | GeneralSecurityException e) {
      throw new DataDirException("cannot read the PKCS#12 file " + file
          + " (wrong password or not PKCS#12)", e);
    }
  }

  // ---------------------------------------------------------------- files

  private List<Path> extraAnchorFiles(String service) {
    Path d = dir.resolve("trust").resolve(service);
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "*.pem")) {
      s.forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + d, e);
    }
    files.sort(Comparator.comparing(Path::toString));
    return files;
  }

  private static X509Certificate readCertificate(Path pem) {
    try {
      if (Files.size(pem) > MAX_PEM_BYTES) {
        throw new DataDirException(pem + " is too large for a certificate", null);
      }
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      return (X509Certificate) cf.generateCertificate(
          new ByteArrayInputStream(Files.readAllBytes(pem)));
    } catch (IOException | CertificateException e) {
      throw new DataDirException("cannot read the trust anchor " + pem, e);
    }
  }

  private static String fingerprint(X509Certificate c) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(X509Certificate c) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Makes a directory tree readable by its owner only: directories {@code rwx------}, files
   * {@code rw-------}. It holds the database (password hashes, live download tickets), the CA's
   * keystore and its password, and the database's trace files. A file created later inside is
   * out of reach of other users through its directory, whatever the process's umask gave it.
   * Does nothing on a file system without POSIX permissions.
   *
   * @param dir the top of the tree
   * @throws DataDirException if the permissions cannot be set
   */
  public static void ownerOnly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isSymbolicLink(p)) {
          continue;
        }
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
            Files.isDirectory(p) ? "rwx------" : "rw-------"));
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its own access rules apply
    } catch (IOException e) {
      throw new DataDirException("cannot make " + dir + " readable by its owner only", e);
    }
  }

  private static void writeProperties(Path dir, Properties props) throws IOException {
    StringBuilder sb = new StringBuilder("# Shomei data directory; see DataDir's Javadoc\n");
    props.stringPropertyNames().stream().sorted()
        .forEach(k -> sb.append(k).append('=').append(props.getProperty(k)).append('\n'));
    writeAtomically(dir.resolve(PROPERTIES), sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void writeAtomically(Path target, byte[] content) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(tmp, content);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void writeOwnerOnly(Path file, Secret secret) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the default permissions apply
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      throw new DataDirException(file + " already exists", e);
    }
    byte[] bytes = secret.apply(b -> {
      ByteBuffer bb = ByteBuffer.allocate(b.remaining() * 4);
      StandardCharsets.UTF_8.newEncoder().encode(b, bb, true);
      bb.flip();
      byte[] out = new byte[bb.remaining()];
      bb.get(out);
      Arrays.fill(bb.array(), (byte) 0);
      return out;
    });
    try {
      Files.write(file, bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static void cleanUp(Path dir, boolean created) {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    } catch (IOException e) {
      return;
    }
    for (Path p : paths) {
      if (p.equals(dir) && !created) {
        continue;
      }
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // best effort: the caller's exception says what failed
      }
    }
  }

  private static void shutdown(JdbcConnectionPool pool) {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      // already closed, or never opened: nothing to release
    } finally {
      pool.dispose();
    }
  }
}
