package io.shomei.core.store.jdbc;

import io.shomei.testing.env.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A throwaway PostgreSQL 15 server (initdb + pg_ctl, 127.0.0.1, a free port, fsync off), one per
 * JVM, stopped at JVM exit. Stand-in until the shared launcher of the fixtures is on main.
 */
final class LocalPostgres {
  private static final String BIN = "/usr/lib/postgresql/15/bin/";
  private static final String PASSWORD = "secret";
  private static @Nullable LocalPostgres shared;

  private final Path dir;
  private final int port;

  private LocalPostgres(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  static synchronized LocalPostgres shared() {
    if (shared == null) {
      shared = start();
      LocalPostgres s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::stopQuietly));
    }
    return shared;
  }

  private static LocalPostgres start() {
    try {
      Path dir = Files.createTempDirectory("shomei-pg-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path pw = dir.resolve("pw");
      Files.writeString(pw, PASSWORD);
      boolean root = "root".equals(System.getProperty("user.name"));
      if (root) {
        run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
      }
      run(asPostgres(root, BIN + "initdb", "-D", dir.resolve("data").toString(), "-U", "postgres",
          "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pw, "-E", "UTF8",
          "--locale=C.UTF-8"));
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      LocalPostgres pg = new LocalPostgres(dir, port);
      pg.startServer();
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> asPostgres(boolean root, String... cmd) {
    List<String> out = new ArrayList<>();
    if (root) {
      out.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    out.addAll(List.of(cmd));
    return out;
  }

  private static void run(List<String> cmd) {
    ProcessRunner.run(cmd, Duration.ofSeconds(120)).requireSuccess();
  }

  /** Starts the server (again). */
  void startServer() {
    boolean root = "root".equals(System.getProperty("user.name"));
    run(asPostgres(root, BIN + "pg_ctl", "-D", dir.resolve("data").toString(), "-l",
        dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
        "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir
            + " -c fsync=off -c full_page_writes=off -c max_connections=200", "start"));
  }

  /** Stops the server: {@code mode} is {@code fast} or {@code immediate}. */
  void stopServer(String mode) {
    boolean root = "root".equals(System.getProperty("user.name"));
    run(asPostgres(root, BIN + "pg_ctl", "-D", dir.resolve("data").toString(), "-m", mode, "-w",
        "stop"));
  }

  private void stopQuietly() {
    try {
      stopServer("immediate");
    } catch (RuntimeException e) {
      // the JVM is exiting
    }
  }

  String createDatabase(String name) {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user(), password());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return jdbcUrl(name);
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  String user() {
    return "postgres";
  }

  String password() {
    return PASSWORD;
  }
}
