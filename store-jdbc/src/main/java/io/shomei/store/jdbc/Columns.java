package io.shomei.store.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * Column codecs shared by the stores.
 *
 * <p>Instants are {@code TIMESTAMP(6) WITH TIME ZONE}, written as UTC {@link OffsetDateTime}s
 * truncated to the microsecond (JDBC 4.2 mapping, supported by the PostgreSQL and H2 drivers).
 * Serial numbers are {@code NUMERIC(49,0)}, so that the database orders them numerically.
 */
final class Columns {
  private Columns() {}

  /**
   * An instant as the store keeps it: truncated to the microsecond.
   *
   * @param instant the instant
   * @return the truncated instant
   */
  public static Instant micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * {@link #micros(Instant)} for a nullable instant.
   *
   * @param instant the instant, or {@code null}
   * @return the truncated instant, or {@code null}
   */
  public static @Nullable Instant microsOrNull(@Nullable Instant instant) {
    return instant == null ? null : micros(instant);
  }

  /**
   * Binds an instant.
   *
   * @param ps the statement
   * @param index the parameter index
   * @param instant the instant, or {@code null}
   * @throws SQLException on failure
   */
  public static void setInstant(PreparedStatement ps, int index, @Nullable Instant instant)
      throws SQLException {
    if (instant == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC));
    }
  }

  /**
   * Reads a nullable instant.
   *
   * @param rs the result set
   * @param column the column label
   * @return the instant, or {@code null}
   * @throws SQLException on failure
   */
  public static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /**
   * Reads a non-null instant.
   *
   * @param rs the result set
   * @param column the column label
   * @return the instant
   * @throws SQLException if the column is null or on failure
   */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Instant t = instantOrNull(rs, column);
    if (t == null) {
      throw new SQLException("column " + column + " is unexpectedly null", "22004");
    }
    return t;
  }

  /**
   * Binds a serial number.
   *
   * @param ps the statement
   * @param index the parameter index
   * @param serial the serial, or {@code null}
   * @throws SQLException on failure
   */
  public static void setSerial(PreparedStatement ps, int index, @Nullable BigInteger serial)
      throws SQLException {
    if (serial == null) {
      ps.setNull(index, Types.NUMERIC);
    } else {
      ps.setBigDecimal(index, new BigDecimal(serial));
    }
  }

  /**
   * Reads a nullable serial number.
   *
   * @param rs the result set
   * @param column the column label
   * @return the serial, or {@code null}
   * @throws SQLException on failure
   */
  public static @Nullable BigInteger serialOrNull(ResultSet rs, String column) throws SQLException {
    BigDecimal d = rs.getBigDecimal(column);
    return d == null ? null : d.toBigIntegerExact();
  }

  /**
   * Reads a non-null serial number.
   *
   * @param rs the result set
   * @param column the column label
   * @return the serial
   * @throws SQLException if the column is null or on failure
   */
  public static BigInteger serial(ResultSet rs, String column) throws SQLException {
    BigInteger s = serialOrNull(rs, column);
    if (s == null) {
      throw new SQLException("column " + column + " is unexpectedly null", "22004");
    }
    return s;
  }

  /**
   * Reads a non-null string.
   *
   * @param rs the result set
   * @param column the column label
   * @return the value
   * @throws SQLException if the column is null or on failure
   */
  public static String string(ResultSet rs, String column) throws SQLException {
    String s = rs.getString(column);
    if (s == null) {
      throw new SQLException("column " + column + " is unexpectedly null", "22004");
    }
    return s;
  }

  /**
   * Reads non-null bytes.
   *
   * @param rs the result set
   * @param column the column label
   * @return the value
   * @throws SQLException if the column is null or on failure
   */
  public static byte[] bytes(ResultSet rs, String column) throws SQLException {
    byte[] b = rs.getBytes(column);
    if (b == null) {
      throw new SQLException("column " + column + " is unexpectedly null", "22004");
    }
    return b;
  }

  /**
   * Reads a nullable boolean.
   *
   * @param rs the result set
   * @param column the column label
   * @return the value, or {@code null}
   * @throws SQLException on failure
   */
  public static @Nullable Boolean booleanOrNull(ResultSet rs, String column) throws SQLException {
    boolean b = rs.getBoolean(column);
    return rs.wasNull() ? null : b;
  }

  // Positional variants, for scans: a label costs a lookup per column per row.

  /**
   * Reads a nullable instant by position.
   *
   * @param rs the result set
   * @param column the 1-based column index
   * @return the instant, or {@code null}
   * @throws SQLException on failure
   */
  public static @Nullable Instant instantOrNull(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /**
   * Reads a non-null instant by position.
   *
   * @param rs the result set
   * @param column the 1-based column index
   * @return the instant
   * @throws SQLException if the column is null or on failure
   */
  public static Instant instant(ResultSet rs, int column) throws SQLException {
    return nonNull(instantOrNull(rs, column), rs, column);
  }

  /**
   * Reads a nullable serial number by position.
   *
   * @param rs the result set
   * @param column the 1-based column index
   * @return the serial, or {@code null}
   * @throws SQLException on failure
   */
  public static @Nullable BigInteger serialOrNull(ResultSet rs, int column) throws SQLException {
    BigDecimal d = rs.getBigDecimal(column);
    return d == null ? null : d.toBigIntegerExact();
  }

  /**
   * Reads a non-null serial number by position.
   *
   * @param rs the result set
   * @param column the 1-based column index
   * @return the serial
   * @throws SQLException if the column is null or on failure
   */
  public static BigInteger serial(ResultSet rs, int column) throws SQLException {
    return nonNull(serialOrNull(rs, column), rs, column);
  }

  /**
   * Reads a non-null string by position.
   *
   * @param rs the result set
   * @param column the 1-based column index
   * @return the value
   * @throws SQLException if the column is null or on failure
   */
  public static String string(ResultSet rs, int column) throws SQLException {
    return nonNull(rs.getString(column), rs, column);
  }

  /**
   * Reads non-null bytes by position.
   *
   * @param rs the result set
   * @param column the 1-based column index
   * @return the value
   * @throws SQLException if the column is null or on failure
   */
  public static byte[] bytes(ResultSet rs, int column) throws SQLException {
    return nonNull(rs.getBytes(column), rs, column);
  }

  private static <T> T nonNull(@Nullable T value, ResultSet rs, int column) throws SQLException {
    if (value == null) {
      throw new SQLException("column " + rs.getMetaData().getColumnLabel(column)
          + " is unexpectedly null", "22004");
    }
    return value;
  }
}
