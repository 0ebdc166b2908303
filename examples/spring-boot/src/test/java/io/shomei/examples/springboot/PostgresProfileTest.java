package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.Shomei;
import io.shomei.spi.Secret;
import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.EnrollmentResult;
import io.shomei.core.password.LetterFields;
import io.shomei.store.jdbc.JdbcDialect;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.testing.env.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code postgres} profile: Boot's data source on a real PostgreSQL 15 (a throwaway server on
 * 127.0.0.1, skipped when PostgreSQL is not installed, failed under {@code CI=true}), handed to
 * {@code JdbcStorage.create}, migrated, and used by an acquisition. No web server: the HTTPS path
 * is the same as with H2 and is covered by the other tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {"shomei.demo-customer=false", "logging.level.root=WARN"})
@ActiveProfiles("postgres")
class PostgresProfileTest {
  private static @Nullable PostgresServer server;
  private static @Nullable String database;

  @Autowired JdbcStorage storage;
  @Autowired Shomei shomei;

  @BeforeAll
  static void postgres() {
    PostgresServer s = PostgresServer.shared();
    server = s;
    database = s.createDatabase();
  }

  @DynamicPropertySource
  static void dataSource(DynamicPropertyRegistry registry) throws IOException {
    Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()),
        "spring-boot-pg-data-");
    registry.add("shomei.data-dir", data::toString);
    // the profile's placeholders, as an operator would set them in the environment
    registry.add("SHOMEI_DB_URL", () -> running().jdbcUrl(String.valueOf(database)));
    registry.add("SHOMEI_DB_USER", () -> running().user());
    registry.add("SHOMEI_DB_PASSWORD", () -> running().password());
  }

  private static PostgresServer running() {
    PostgresServer s = server;
    if (s == null) {
      throw new IllegalStateException("the server starts in @BeforeAll, before the context");
    }
    return s;
  }

  @Test
  void bootsDataSourceOnPostgresqlCarriesShomeisStorage() {
    assertThat(storage.dialect()).isEqualTo(JdbcDialect.POSTGRESQL);
    assertThat(storage.schemaVersion()).isEqualTo(JdbcStorage.SCHEMA_VERSION);

    EnrollmentResult enrolled = shomei.enrollment().enroll("40000001", "fx-forward");
    assertThat(enrolled).isInstanceOf(EnrollmentResult.Enrolled.class);
    AcquisitionResult acquired;
    try (LetterFields letter = ((EnrollmentResult.Enrolled) enrolled).letter();
        AcquisitionRequest request = AcquisitionRequest.of("40000001", "fx-forward",
            Secret.copyOf(letter.temporaryPassword().toCharArray()),
            Secret.copyOf(letter.acquisitionPassword().toCharArray()))) {
      acquired = shomei.acquisition().acquire(request);
    }
    assertThat(acquired).isInstanceOf(AcquisitionResult.Acquired.class);
    assertThat(storage.certificateStore().count()).isEqualTo(1);
    assertThat(running().psql(String.valueOf(database),
        "SELECT count(*) FROM shomei_certificate")).isEqualTo("1");
  }
}
