package io.shomei.examples.datadir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.issue.KeyType;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory whose records are on a PostgreSQL server: only a PostgreSQL URL is taken, a
 * server that cannot be reached is a clear error, and no message repeats a password the URL may
 * carry. (Several nodes on a real PostgreSQL: the web example's {@code SeveralNodesE2eTest}.)
 */
class SharedDatabaseTest {
  @TempDir Path tmp;

  @Test
  void onlyAPostgresqlUrlIsTakenAndNothingIsCreatedForAnother() {
    Path dir = tmp.resolve("d");
    assertThatThrownBy(() -> DataDir.init(dir, new CaSource.Generate(KeyType.EC_P256,
        "CN=Shared Test Root,C=JP"), Clock.systemUTC(), new SecureRandom(), name -> null,
        "jdbc:h2:mem:x"))
        .isInstanceOf(DataDirException.class)
        .hasMessageContaining("jdbc:postgresql://");
    assertThat(dir).doesNotExist();
  }

  @Test
  void anUnreachableServerIsAClearErrorWithoutThePasswordInTheUrl() {
    Path dir = tmp.resolve("d");
    try (DataDir made = DataDir.init(dir, new CaSource.Generate(KeyType.EC_P256,
        "CN=Shared Test Root,C=JP"), Clock.systemUTC(), new SecureRandom())) {
      assertThat(made.sharedDatabase()).isFalse();
    }
    Map<String, String> env = Map.of(DataDir.DB_USER_ENV, "shomei",
        DataDir.DB_PASSWORD_ENV, "env-secret-9");
    // port 1 on the loopback address: nothing listens there, the driver is refused at once
    assertThatThrownBy(() -> DataDir.open(dir, env::get,
        "jdbc:postgresql://127.0.0.1:1/shomei?password=url-secret-7&connectTimeout=2"))
        .isInstanceOf(DataDirException.class)
        .hasMessageContaining("cannot reach the database jdbc:postgresql://127.0.0.1:1/shomei?...")
        .hasMessageNotContaining("url-secret-7")
        .hasMessageNotContaining("env-secret-9");
  }
}
