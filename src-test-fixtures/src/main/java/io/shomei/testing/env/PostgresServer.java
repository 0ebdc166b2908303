package io.shomei.testing.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A throwaway PostgreSQL 15 server for tests, from the Debian {@code postgresql-15} binaries.
 *
 * <p>{@link #start()} creates a private temporary directory, runs {@code initdb} and {@code pg_ctl}
 * (as the {@code postgres} user through {@code runuser} when the JVM runs as root, directly
 * otherwise) and listens on a free port of 127.0.0.1 only, chosen at start (a clash with another
 * process is retried on a new port). Durability is switched off ({@code fsync=off},
 * {@code synchronous_commit=off}, {@code full_page_writes=off}) so a start takes a few seconds.
 * The superuser is {@link #user()} with a random {@link #password()} checked by SCRAM-SHA-256 over
 * TCP. Databases are created and queried with {@code psql}; the fixtures need no JDBC driver, the
 * test that connects brings its own.
 *
 * <p>{@link #stop()} (or {@link #close()}) stops the server at once and deletes its directory. A
 * JVM shutdown hook does the same for a server a test forgot or an aborted run left behind. When a
 * JVM is killed outright (no hooks run) its servers keep running: the next {@link #start()} in any
 * JVM finds such abandoned directories (their owner process is gone), stops their servers and
 * deletes them.
 *
 * <p>For fault tests, {@link #kill()} stops the server abruptly (an immediate shutdown: no
 * checkpoint, clients are cut off, the next start runs crash recovery) and {@link #restart()}
 * starts it again on the same port and data directory. Because {@code synchronous_commit} is off,
 * such a kill may lose commits the server had already acknowledged: a test that checks
 * "every acknowledged write survives a crash" must set {@code synchronous_commit=on} on its own
 * sessions (for example JDBC {@code options=-c synchronous_commit=on}).
 *
 * <p>Test classes that only need a database use the per-JVM {@link #shared()} server and create a
 * database of their own in it with {@link #createDatabase()}.
 *
 * <p>Both {@link #start()} and {@link #shared()} first call
 * {@link Components#require(Component...)}: without PostgreSQL 15 the calling test is skipped, or
 * fails under {@code CI=true}.
 *
 * <p>Instances are thread-safe.
 *
 * @since 0.1.0
 */
public final class PostgresServer implements AutoCloseable {
  /** Where Debian puts the PostgreSQL 15 server programs. */
  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static final String HOST = "127.0.0.1";
  private static final String USER = "postgres";
  private static final String DIR_PREFIX = "shomei-pg-";
  private static final String OWNER_FILE = "owner.properties";
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
  private static final int START_ATTEMPTS = 5;
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final Object SHARED_LOCK = new Object();
  private static @Nullable PostgresServer sharedServer;
  private static @Nullable String sharedFailure;
  private static volatile @Nullable Boolean root;

  private enum State { NEW, RUNNING, KILLED, STOPPED }

  private final Path directory;
  private final Path data;
  private final Path log;
  private final String password;
  private final boolean shared;
  private final Thread shutdownHook;
  private final AtomicInteger databaseCounter = new AtomicInteger();
  private int port;
  private State state = State.NEW;

  private PostgresServer(Path directory, boolean shared) {
    this.directory = directory;
    this.data = directory.resolve("data");
    this.log = directory.resolve("server.log");
    this.password = randomPassword();
    this.shared = shared;
    this.shutdownHook = new Thread(this::destroyQuietly, "shomei-postgres-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts a new server of the caller's own; stop it with {@link #stop()} or {@link #close()}.
   *
   * <p>Skips the calling test (fails it under {@code CI=true}) when PostgreSQL 15 is not
   * installed.
   *
   * @return the running server
   * @throws IllegalStateException if the server cannot be set up or started
   */
  public static PostgresServer start() {
    Components.require(Component.POSTGRESQL);
    return launch(false);
  }

  /**
   * The server shared by every test of this JVM: started on first use, stopped at JVM exit.
   *
   * <p>It cannot be stopped, killed or restarted by a test (fault tests start their own with
   * {@link #start()}). Create a database of your own in it with {@link #createDatabase()}.
   * Skips the calling test (fails it under {@code CI=true}) when PostgreSQL 15 is not installed.
   *
   * @return the running shared server
   * @throws IllegalStateException if it could not be started (then every later call throws too)
   */
  public static PostgresServer shared() {
    Components.require(Component.POSTGRESQL);
    synchronized (SHARED_LOCK) {
      if (sharedFailure != null) {
        throw new IllegalStateException(
            "the shared PostgreSQL server failed to start earlier: " + sharedFailure);
      }
      PostgresServer s = sharedServer;
      if (s == null) {
        try {
          s = launch(true);
        } catch (RuntimeException e) {
          sharedFailure = String.valueOf(e);
          throw e;
        }
        sharedServer = s;
      }
      return s;
    }
  }

  private static PostgresServer launch(boolean shared) {
    sweepAbandoned();
    Path dir = createDirectory();
    PostgresServer server = new PostgresServer(dir, shared);
    try {
      server.initialize();
      server.startOnFreePort();
      return server;
    } catch (RuntimeException | Error e) {
      server.destroyQuietly();
      server.removeShutdownHook();
      throw e;
    }
  }

  /**
   * The host the server listens on: always {@code 127.0.0.1}.
   *
   * @return the host
   */
  public String host() {
    return HOST;
  }

  /**
   * The TCP port on 127.0.0.1; it stays the same across {@link #kill()} and {@link #restart()}.
   *
   * @return the port
   */
  public synchronized int port() {
    return port;
  }

  /**
   * The superuser name for JDBC and {@code psql}.
   *
   * @return {@code postgres}
   */
  public String user() {
    return USER;
  }

  /**
   * The superuser's password: random per server, checked with SCRAM-SHA-256. It is a throwaway
   * test credential and never appears in {@link #toString()} or in exception messages.
   *
   * @return the password
   */
  public String password() {
    return password;
  }

  /**
   * The JDBC URL of a database on this server.
   *
   * @param database a database name (lower-case letters, digits and {@code _})
   * @return {@code jdbc:postgresql://127.0.0.1:<port>/<database>}
   * @throws IllegalArgumentException if the name is not allowed
   */
  public synchronized String jdbcUrl(String database) {
    checkName(database);
    return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
  }

  /**
   * The server's private directory (data directory, log, socket); deleted by {@link #stop()}.
   *
   * @return the directory
   */
  public Path directory() {
    return directory;
  }

  /**
   * The server log, for diagnosing a failed test.
   *
   * @return the log file inside {@link #directory()}
   */
  public Path logFile() {
    return log;
  }

  /**
   * Whether the server is running (started and neither killed nor stopped).
   *
   * @return {@code true} if running
   */
  public synchronized boolean isRunning() {
    return state == State.RUNNING;
  }

  /**
   * Creates a database.
   *
   * @param name lower-case letters, digits and {@code _}, at most 63 characters, not starting with
   *     a digit
   * @return the name, for {@link #jdbcUrl(String)}
   * @throws IllegalArgumentException if the name is not allowed
   * @throws IllegalStateException if the server is not running or {@code psql} fails (for example,
   *     the database exists)
   */
  public String createDatabase(String name) {
    checkName(name);
    psql("postgres", "CREATE DATABASE " + name);
    return name;
  }

  /**
   * Creates a database with a name unique on this server.
   *
   * @return its name, for {@link #jdbcUrl(String)}
   * @throws IllegalStateException if the server is not running or {@code psql} fails
   */
  public String createDatabase() {
    return createDatabase("shomei_test_" + databaseCounter.incrementAndGet());
  }

  /**
   * Runs SQL through {@code psql} as {@link #user()} over TCP with the password, stopping at the
   * first error. Rows are printed unaligned, without headers, columns separated by {@code |}.
   *
   * @param database the database to connect to
   * @param statements one or more SQL statements
   * @return what {@code psql} printed, without the final line break
   * @throws IllegalArgumentException if the database name is not allowed
   * @throws IllegalStateException if the server is not running or a statement fails
   */
  public String psql(String database, String statements) {
    checkName(database);
    int p;
    synchronized (this) {
      if (state != State.RUNNING) {
        throw new IllegalStateException("the server is not running (" + state + ")");
      }
      p = port;
    }
    ProcessRunner.Result r = ProcessRunner.run(
        List.of(psqlProgram(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", HOST,
            "-p", Integer.toString(p), "-U", USER, "-d", database, "-f", "-"),
        COMMAND_TIMEOUT, directory, clientEnvironment(),
        statements.getBytes(StandardCharsets.UTF_8));
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          "psql failed with exit code " + r.exitCode() + " on database " + database + ":\n"
              + r.stderr());
    }
    String out = r.stdout();
    return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
  }

  /**
   * Stops the server abruptly, as a crash would (immediate shutdown: no checkpoint, connections
   * cut off). The data directory is kept for {@link #restart()}.
   *
   * @throws IllegalStateException if this is the {@link #shared()} server or it is not running
   */
  public synchronized void kill() {
    requireOwn("killed");
    if (state != State.RUNNING) {
      throw new IllegalStateException("the server is not running (" + state + ")");
    }
    pgCtlStop();
    state = State.KILLED;
  }

  /**
   * Starts the server again on the same port and data directory (after {@link #kill()}; a running
   * server is killed first). The start runs crash recovery when the server was killed.
   *
   * @throws IllegalStateException if this is the {@link #shared()} server, it was stopped, or it
   *     cannot start (for example, another process took the port meanwhile)
   */
  public synchronized void restart() {
    requireOwn("restarted");
    if (state == State.STOPPED) {
      throw new IllegalStateException("the server was stopped and its directory deleted");
    }
    if (state == State.RUNNING) {
      pgCtlStop();
      state = State.KILLED;
    }
    long logOffset = logSize();
    ProcessRunner.Result r = pgCtlStart(port);
    if (r.exitCode() != 0) {
      throw new IllegalStateException("PostgreSQL did not restart on port " + port + ":\n"
          + r.stdout() + r.stderr() + "\nlog:\n" + logSince(logOffset));
    }
    state = State.RUNNING;
  }

  /**
   * Stops the server at once and deletes its directory; does nothing when already stopped.
   *
   * @throws IllegalStateException if this is the {@link #shared()} server
   */
  public void stop() {
    requireOwn("stopped");
    destroy();
    removeShutdownHook();
  }

  /**
   * Same as {@link #stop()}.
   *
   * @throws IllegalStateException if this is the {@link #shared()} server
   */
  @Override
  public void close() {
    stop();
  }

  @Override
  public synchronized String toString() {
    return "PostgresServer[" + HOST + ":" + port + ", " + state + (shared ? ", shared" : "")
        + ", " + directory + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private void requireOwn(String what) {
    if (shared) {
      throw new IllegalStateException("the shared PostgreSQL server cannot be " + what
          + ": it stops at JVM exit; start a server of your own with PostgresServer.start()");
    }
  }

  private static void checkName(String database) {
    if (!DATABASE_NAME.matcher(database).matches()) {
      throw new IllegalArgumentException("database names are lower-case letters, digits and '_',"
          + " at most 63 characters, not starting with a digit: " + database);
    }
  }

  private static Path createDirectory() {
    String module = System.getenv().getOrDefault("SHOMEI_TEST_MODULE", "")
        .replaceAll("[^A-Za-z0-9_-]", "");
    try {
      Path dir = Files.createTempDirectory(DIR_PREFIX + (module.isEmpty() ? "" : module + "-"));
      Properties owner = new Properties();
      ProcessHandle self = ProcessHandle.current();
      owner.setProperty("pid", Long.toString(self.pid()));
      owner.setProperty("started",
          self.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse(""));
      try (var out = Files.newOutputStream(dir.resolve(OWNER_FILE))) {
        owner.store(out, "JVM that owns this PostgreSQL test server");
      }
      if (isRoot()) {
        // initdb and pg_ctl refuse to run as root: the directory belongs to 'postgres', 0700
        setOwnerPostgres(dir);
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
          if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
            throw new IllegalStateException("the 'postgres' user cannot reach " + dir + " because "
                + p + " is not world-traversable; point java.io.tmpdir to a directory it can"
                + " reach");
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for PostgreSQL", e);
    }
  }

  private static void setOwnerPostgres(Path path) throws IOException {
    UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal user;
    GroupPrincipal group;
    try {
      user = lookup.lookupPrincipalByName(USER);
      group = lookup.lookupPrincipalByGroupName(USER);
    } catch (IOException e) {
      throw new IllegalStateException("running as root, but there is no 'postgres' user or group"
          + " to run the server as (the Debian package postgresql-15 creates them)", e);
    }
    PosixFileAttributeView view =
        Files.getFileAttributeView(path, PosixFileAttributeView.class);
    view.setOwner(user);
    view.setGroup(group);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
  }

  private void initialize() {
    Path pwfile = directory.resolve("pwfile");
    try {
      Files.writeString(pwfile, password, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
      if (isRoot()) {
        setOwnerPostgres(pwfile);
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
      }
      ProcessRunner.Result r = runServerProgram(List.of(BIN.resolve("initdb").toString(),
          "-D", data.toString(), "-U", USER, "--auth-local=trust", "--auth-host=scram-sha-256",
          "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
          "--no-instructions"));
      if (r.exitCode() != 0) {
        throw new IllegalStateException("initdb failed with exit code " + r.exitCode() + ":\n"
            + r.stdout() + r.stderr());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the PostgreSQL data directory", e);
    } finally {
      try {
        Files.deleteIfExists(pwfile);
      } catch (IOException e) {
        // the directory is private and deleted with the server
      }
    }
    String socketDir = directory.toString().replace("'", "''");
    String settings = String.join("\n",
        "",
        "# --- io.shomei.testing.env.PostgresServer: a throwaway test server ---",
        "listen_addresses = '" + HOST + "'",
        "unix_socket_directories = '" + socketDir + "'",
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        "shared_buffers = 32MB",
        "max_connections = 100",
        "logging_collector = off",
        "");
    try {
      // appending keeps the file's owner ('postgres' when running as root)
      Files.writeString(data.resolve("postgresql.conf"), settings, StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot configure PostgreSQL", e);
    }
  }

  private synchronized void startOnFreePort() {
    StringBuilder failures = new StringBuilder();
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int candidate = freePort();
      long logOffset = logSize();
      ProcessRunner.Result r = pgCtlStart(candidate);
      if (r.exitCode() == 0) {
        port = candidate;
        state = State.RUNNING;
        return;
      }
      String newLog = logSince(logOffset);
      failures.append("attempt ").append(attempt).append(" on port ").append(candidate)
          .append(":\n").append(r.stdout()).append(r.stderr()).append(newLog).append('\n');
      if (!newLog.contains("could not bind") && !newLog.contains("Address already in use")) {
        break;
      }
    }
    throw new IllegalStateException("PostgreSQL did not start:\n" + failures);
  }

  private ProcessRunner.Result pgCtlStart(int onPort) {
    return runServerProgram(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(),
        "-l", log.toString(), "-w", "-t", "60", "-o", "-p " + onPort, "start"));
  }

  /** Immediate shutdown; if pg_ctl cannot do it, the postmaster is killed. */
  private void pgCtlStop() {
    pgCtlStop(data);
  }

  private static void pgCtlStop(Path dataDir) {
    Optional<ProcessHandle> postmaster = postmasterPid(dataDir).flatMap(ProcessHandle::of);
    ProcessRunner.Result r = runServerProgram(List.of(BIN.resolve("pg_ctl").toString(), "-D",
        dataDir.toString(), "-m", "immediate", "-w", "-t", "60", "stop"));
    if (postmaster.isEmpty()) {
      return;
    }
    ProcessHandle h = postmaster.get();
    // pg_ctl returns once the pid file is gone, a moment before the postmaster has exited
    if (r.exitCode() != 0 || !awaitExit(h, Duration.ofSeconds(30))) {
      h.destroyForcibly();
      if (!awaitExit(h, Duration.ofSeconds(30))) {
        throw new IllegalStateException("the postmaster (pid " + h.pid() + ") of " + dataDir
            + " did not exit:\n" + r.stdout() + r.stderr());
      }
    }
  }

  private static boolean awaitExit(ProcessHandle h, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!hasExited(h.pid())) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return hasExited(h.pid());
      }
    }
    return true;
  }

  /**
   * Whether a process has exited: it is gone, or it is a zombie its (new) parent has not reaped
   * yet. The postmaster is re-parented to PID 1, which in some containers reaps only every second
   * or two; a zombie holds no port, file or memory, so waiting for the reaping would only waste
   * time.
   *
   * @param pid a process id
   * @return {@code true} if the process no longer runs
   */
  static boolean hasExited(long pid) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !h.get().isAlive()) {
      return true;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // "pid (comm) S ...": the state follows the last ')' (comm may contain ')')
      int close = stat.lastIndexOf(')');
      if (close >= 0 && close + 2 < stat.length()) {
        char state = stat.charAt(close + 2);
        return state == 'Z' || state == 'X';
      }
      return false;
    } catch (NoSuchFileException e) {
      return true;
    } catch (IOException e) {
      return false; // no /proc: trust isAlive()
    }
  }

  private static Optional<Long> postmasterPid(Path dataDir) {
    try {
      List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private synchronized void destroy() {
    if (state == State.RUNNING) {
      pgCtlStop();
    } else if (state == State.NEW && Files.exists(data.resolve("postmaster.pid"))) {
      pgCtlStop();
    }
    state = State.STOPPED;
    deleteRecursively(directory);
  }

  private void destroyQuietly() {
    try {
      destroy();
    } catch (RuntimeException e) {
      System.err.println("could not clean up " + directory + ": " + e);
    }
  }

  private void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs (or ran) and is harmless
    }
  }

  /**
   * Stops and deletes servers whose owning JVM is gone (killed without running its hooks).
   */
  private static void sweepAbandoned() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    List<Path> abandoned = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, DIR_PREFIX + "*")) {
      for (Path dir : dirs) {
        if (isAbandoned(dir)) {
          abandoned.add(dir);
        }
      }
    } catch (IOException e) {
      return; // nothing to sweep that we can see
    }
    for (Path dir : abandoned) {
      try {
        Path dataDir = dir.resolve("data");
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
          pgCtlStop(dataDir);
        }
        deleteRecursively(dir);
      } catch (RuntimeException e) {
        System.err.println("could not clean up abandoned " + dir + ": " + e);
      }
    }
  }

  private static boolean isAbandoned(Path dir) {
    Properties owner = new Properties();
    try (var in = Files.newInputStream(dir.resolve(OWNER_FILE))) {
      owner.load(in);
    } catch (IOException e) {
      return false; // being created right now, or not ours
    }
    long pid;
    try {
      pid = Long.parseLong(owner.getProperty("pid", ""));
    } catch (NumberFormatException e) {
      return false;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return true;
    }
    String started = owner.getProperty("started", "");
    Optional<Instant> actual = handle.get().info().startInstant();
    if (started.isEmpty() || actual.isEmpty()) {
      return false; // cannot tell a reused pid: leave it alone
    }
    try {
      // a different start time means the pid was reused; the tolerance errs on "still alive"
      return Math.abs(actual.get().toEpochMilli() - Long.parseLong(started)) > 2000;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static ProcessRunner.Result runServerProgram(List<String> command) {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of(runuser(), "-u", USER, "--"));
    }
    full.addAll(command);
    // run from a directory every user can enter: the JVM's own may be private to root
    return ProcessRunner.run(full, COMMAND_TIMEOUT, Path.of("/"),
        Map.of("LC_ALL", "C.UTF-8", "LANG", "C.UTF-8"), null);
  }

  private Map<String, String> clientEnvironment() {
    return Map.of("PGPASSWORD", password, "PGSSLMODE", "disable", "PGCONNECT_TIMEOUT", "10",
        "LC_ALL", "C.UTF-8", "LANG", "C.UTF-8");
  }

  private static String psqlProgram() {
    for (Path p : List.of(BIN.resolve("psql"), Path.of("/usr/bin/psql"))) {
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException(
        "psql not found in " + BIN + " or /usr/bin: install the Debian package"
            + " postgresql-client-15");
  }

  private static String runuser() {
    for (String p : List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    return "runuser";
  }

  /**
   * Whether the JVM runs as root (uid 0).
   *
   * @return {@code true} as root
   */
  static boolean isRoot() {
    Boolean r = root;
    if (r == null) {
      ProcessRunner.Result id =
          ProcessRunner.run(List.of("id", "-u"), Duration.ofSeconds(30)).requireSuccess();
      r = "0".equals(id.stdout().trim());
      root = r;
    }
    return r;
  }

  private static int freePort() {
    try (ServerSocket s =
        new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + HOST, e);
    }
  }

  private static String randomPassword() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    StringBuilder sb = new StringBuilder(24);
    for (int i = 0; i < 24; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private long logSize() {
    try {
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private String logSince(long offset) {
    try {
      byte[] all = Files.readAllBytes(log);
      int from = (int) Math.min(offset, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException exc)
            throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
