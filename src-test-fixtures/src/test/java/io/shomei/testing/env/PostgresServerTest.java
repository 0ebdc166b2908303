package io.shomei.testing.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PostgresServerTest {

  @Test
  void startsQueriesSurvivesAKillAndLeavesNothingBehind() throws Exception {
    Path dir;
    int port;
    long postmaster;
    try (PostgresServer pg = PostgresServer.start()) {
      dir = pg.directory();
      port = pg.port();
      assertTrue(pg.isRunning());
      assertEquals("127.0.0.1", pg.host());
      assertFalse(pg.toString().contains(pg.password()), "toString leaks the password");

      assertEquals("certs", pg.createDatabase("certs"));
      assertEquals("jdbc:postgresql://127.0.0.1:" + port + "/certs", pg.jdbcUrl("certs"));
      // synchronous_commit is off on this throwaway server: an immediate kill may lose commits the
      // server already acknowledged, so this write waits for its WAL flush before the kill below
      pg.psql("certs", "SET synchronous_commit = on; CREATE TABLE t (x INT); INSERT INTO t VALUES (42);");
      assertEquals("42", pg.psql("certs", "SELECT x FROM t"));
      assertTrue(pg.psql("certs", "SELECT version()").startsWith("PostgreSQL 15."));
      assertEquals("off", pg.psql("postgres", "SHOW fsync"));
      assertEquals("127.0.0.1", pg.psql("postgres", "SHOW listen_addresses"));
      long before = postmasterPid(pg);

      pg.kill();
      assertFalse(pg.isRunning());
      assertTrue(PostgresServer.hasExited(before), "the postmaster survived kill()");
      assertTrue(portIsFree(port), "port still taken after kill()");
      assertThrows(IllegalStateException.class, () -> pg.psql("certs", "SELECT 1"));

      pg.restart();
      assertTrue(pg.isRunning());
      assertEquals(port, pg.port(), "restart() moved to another port");
      assertEquals("42", pg.psql("certs", "SELECT x FROM t"));
      postmaster = postmasterPid(pg);
      assertNotEquals(before, postmaster);
    }
    assertFalse(Files.exists(dir), "directory left behind: " + dir);
    assertTrue(portIsFree(port), "port still taken after stop()");
    assertTrue(PostgresServer.hasExited(postmaster), "the postmaster survived stop()");
  }

  @Test
  void rejectsAWrongPassword() {
    PostgresServer pg = PostgresServer.shared();
    ProcessRunner.Result r = ProcessRunner.run(
        List.of("/usr/lib/postgresql/15/bin/psql", "-X", "-h", "127.0.0.1", "-p",
            Integer.toString(pg.port()), "-U", pg.user(), "-d", "postgres", "-c", "SELECT 1"),
        Duration.ofSeconds(60), null,
        Map.of("PGPASSWORD", pg.password() + "x", "PGSSLMODE", "disable", "LC_ALL", "C.UTF-8"),
        null);
    assertNotEquals(0, r.exitCode());
    assertTrue(r.stderr().contains("password authentication failed"), r.stderr());
  }

  @Test
  void sharedServerIsStartedOnceAndCannotBeStoppedByATest() {
    PostgresServer pg = PostgresServer.shared();
    assertSame(pg, PostgresServer.shared());
    String a = pg.createDatabase();
    String b = pg.createDatabase();
    assertNotEquals(a, b);
    assertEquals("1", pg.psql(a, "SELECT 1"));
    assertThrows(IllegalStateException.class, pg::stop);
    assertThrows(IllegalStateException.class, pg::close);
    assertThrows(IllegalStateException.class, pg::kill);
    assertThrows(IllegalStateException.class, pg::restart);
    assertTrue(pg.isRunning());
  }

  @Test
  void rejectsSqlInADatabaseName() {
    PostgresServer pg = PostgresServer.shared();
    assertThrows(IllegalArgumentException.class,
        () -> pg.createDatabase("x; DROP DATABASE postgres"));
    assertThrows(IllegalArgumentException.class, () -> pg.jdbcUrl("a/b"));
    assertThrows(IllegalArgumentException.class, () -> pg.createDatabase("1abc"));
    assertEquals("postgres", pg.psql("postgres", "SELECT current_user"));
  }

  @Test
  void theShutdownHookStopsAServerAnExitingJvmForgot() throws Exception {
    Components.require(Component.POSTGRESQL);
    Process child = childJvm("exit");
    String ready = readReadyLine(child);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not exit");
    String[] f = ready.split(" ", -1);
    assertFalse(Files.exists(Path.of(f[1])), "directory left behind: " + f[1]);
    assertTrue(PostgresServer.hasExited(Long.parseLong(f[2])), "the postmaster outlived its JVM");
    assertTrue(portIsFree(Integer.parseInt(f[3])));
  }

  @Test
  void theNextStartCleansUpAfterAKilledJvm() throws Exception {
    Components.require(Component.POSTGRESQL);
    Process child = childJvm("wait");
    String ready = readReadyLine(child);
    child.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not die");
    String[] f = ready.split(" ", -1);
    Path dir = Path.of(f[1]);
    long postmaster = Long.parseLong(f[2]);
    assertFalse(PostgresServer.hasExited(postmaster),
        "premise: the killed JVM's server is still running");

    try (PostgresServer next = PostgresServer.start()) {
      assertTrue(next.isRunning());
      assertFalse(Files.exists(dir), "abandoned directory not swept: " + dir);
      assertTrue(PostgresServer.hasExited(postmaster), "abandoned postmaster still running");
    }
  }

  private static Process childJvm(String mode) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx64m", "-cp",
        System.getProperty("java.class.path"), OrphanedServerMain.class.getName(), mode);
    pb.redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return pb.start();
  }

  private static String readReadyLine(Process child) throws IOException, InterruptedException {
    StringBuilder seen = new StringBuilder();
    BufferedReader r = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = r.readLine()) != null) {
      if (line.startsWith("READY ")) {
        // keep draining in the background so the child never blocks on a full pipe
        Thread drain = new Thread(() -> {
          try {
            r.transferTo(java.io.Writer.nullWriter());
          } catch (IOException e) {
            // the child is gone
          }
        });
        drain.setDaemon(true);
        drain.start();
        return line;
      }
      seen.append(line).append('\n');
    }
    child.waitFor(10, TimeUnit.SECONDS);
    throw new AssertionError("child JVM did not start a server:\n" + seen);
  }

  private static long postmasterPid(PostgresServer pg) throws IOException {
    return Long.parseLong(
        Files.readAllLines(pg.directory().resolve("data/postmaster.pid")).get(0).trim());
  }

  private static boolean portIsFree(int port) {
    try (ServerSocket s =
        new ServerSocket(port, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      return s.getLocalPort() == port;
    } catch (IOException e) {
      return false;
    }
  }
}
