package io.shomei.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shomei.spi.StorageException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class JdbcStorageBuilderTest {
  /** A data source whose every call fails, as a database that is down. */
  private static DataSource down() {
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (p, m, a) -> {
          throw new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        });
  }

  @Test
  void anExplicitDialectOpensNoConnection() {
    JdbcStorage s = JdbcStorage.builder(down()).dialect(JdbcDialect.POSTGRESQL).build();
    assertEquals(JdbcDialect.POSTGRESQL, s.dialect());
    assertSame(s.certificateStore(), s.certificateStore());
    StorageException e = assertThrows(StorageException.class, () -> s.certificateStore().count());
    assertEquals("JDBC certificate store: count failed (SQLState 08001, vendor code 0)",
        e.getMessage());
  }

  @Test
  void detectionNeedsTheDatabase() {
    assertThrows(StorageException.class, () -> JdbcStorage.create(down()));
  }

  @Test
  void settersAreValidatedAndSetOnce() {
    JdbcStorage.Builder b = JdbcStorage.builder(down());
    assertThrows(IllegalArgumentException.class, () -> b.fetchSize(0));
    assertThrows(IllegalArgumentException.class, () -> b.maxRetries(-1));
    b.fetchSize(100).maxRetries(0).dialect(JdbcDialect.H2);
    assertThrows(IllegalStateException.class, () -> b.fetchSize(200));
    assertThrows(IllegalStateException.class, () -> b.maxRetries(1));
    assertThrows(IllegalStateException.class, () -> b.dialect(JdbcDialect.H2));
  }

  @Test
  void onlyH2AndPostgresqlAreSupported() {
    assertEquals(JdbcDialect.H2, JdbcDialect.forProductName("H2"));
    assertEquals(JdbcDialect.POSTGRESQL, JdbcDialect.forProductName("PostgreSQL"));
    assertThrows(IllegalArgumentException.class, () -> JdbcDialect.forProductName("MySQL"));
  }
}
