package io.shomei.store.jdbc;

/**
 * The databases the JDBC storage supports. The SQL is the same for both; the dialect only selects
 * how schema migrations are serialized between JVMs (a PostgreSQL advisory lock).
 *
 * @since 0.2.0 (in {@code io.shomei.core.store.jdbc} since 0.1.0)
 */
public enum JdbcDialect {
  /** H2 2.x, embedded or server mode; {@code MODE=PostgreSQL} is recommended but not required. */
  H2,
  /** PostgreSQL 15 or later. */
  POSTGRESQL;

  /**
   * The dialect for a JDBC database product name.
   *
   * @param productName what {@link java.sql.DatabaseMetaData#getDatabaseProductName()} returned
   * @return the dialect
   * @throws IllegalArgumentException if the product is not supported
   */
  public static JdbcDialect forProductName(String productName) {
    if (productName.equals("H2")) {
      return H2;
    }
    if (productName.equals("PostgreSQL")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException("unsupported database product '" + productName
        + "'; Shomei's JDBC storage supports H2 and PostgreSQL");
  }
}
