package io.shomei.testing.env;

import java.nio.file.Files;

/**
 * Run in a child JVM by {@link PostgresServerTest}: starts a server, prints
 * {@code READY <directory> <postmaster pid> <port>} and then either exits without stopping it
 * ({@code exit}) or waits to be killed ({@code wait}).
 */
public final class OrphanedServerMain {
  private OrphanedServerMain() {}

  /**
   * Entry point.
   *
   * @param args {@code exit} or {@code wait}
   * @throws Exception on any failure (the parent test then fails)
   */
  public static void main(String[] args) throws Exception {
    PostgresServer server = PostgresServer.start();
    String pid = Files.readAllLines(server.directory().resolve("data/postmaster.pid")).get(0);
    System.out.println("READY " + server.directory() + " " + pid.trim() + " " + server.port());
    System.out.flush();
    if (args.length > 0 && args[0].equals("wait")) {
      Thread.sleep(120_000);
    }
    System.exit(0); // without stop(): the shutdown hook must clean up
  }
}
