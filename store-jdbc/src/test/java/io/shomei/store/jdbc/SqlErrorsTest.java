package io.shomei.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.spi.StorageException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {
  private static final String TICKET_ID = "Zq3kR9vB2xW7mN4pL8sT1yU6";

  private static String everythingPrinted(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  /** PostgreSQL and H2 quote row values in constraint messages; the SPI exception must not. */
  @Test
  void vendorMessageQuotingATicketIdDoesNotLeakIntoTheStorageException() {
    SQLException vendor = new SQLException("ERROR: new row violates check constraint\n  Detail: "
        + "Failing row contains (" + TICKET_ID + ", 10000001, fx-forward, \\x3082...)", "23514");
    StorageException e = SqlErrors.wrap("JDBC download-ticket store: put", vendor);
    String printed = everythingPrinted(e);
    assertFalse(printed.contains(TICKET_ID), printed);
    assertFalse(printed.contains("3082"), printed);
    assertTrue(String.valueOf(e.getMessage()).contains("23514"));
    SQLException cause = (SQLException) java.util.Objects.requireNonNull(e.getCause());
    assertEquals("23514", cause.getSQLState());
    assertEquals(vendor.getStackTrace().length, cause.getStackTrace().length);
  }

  @Test
  void uniqueViolationMessageQuotingAKeyIsWithheldToo() {
    SQLException h2 = new SQLException("Unique index or primary key violation: \"PUBLIC.PK ON "
        + "PUBLIC.SHOMEI_DOWNLOAD_TICKET(ID) VALUES ( /* 1 */ '" + TICKET_ID + "' )\"", "23505", 23505);
    assertFalse(everythingPrinted(SqlErrors.wrap("put", h2)).contains(TICKET_ID));
  }

  @Test
  void connectionFailuresKeepTheirMessageAndCause() {
    SQLException lost = new SQLException("Connection to 127.0.0.1:5432 refused", "08001",
        new ConnectException("Connection refused"));
    StorageException e = SqlErrors.wrap("op", lost);
    assertSame(lost, e.getCause());
  }

  @Test
  void messageWithoutStateIsWithheldButItsNonSqlCauseKept() {
    ConnectException io = new ConnectException("refused");
    SQLException odd = new SQLException("value 'secret' rejected", null, 0, io);
    StorageException e = SqlErrors.wrap("op", odd);
    assertFalse(everythingPrinted(e).contains("secret"));
    assertSame(io, java.util.Objects.requireNonNull(e.getCause()).getCause());
  }

  @Test
  void retryableStates() {
    for (String s : new String[] {"40001", "40P01", "55P03", "HYT00", "90131"}) {
      assertTrue(SqlErrors.isRetryable(new SQLException("x", s)), s);
    }
    for (String s : new String[] {"23505", "08006", "57P01", "42P01", "22001"}) {
      assertFalse(SqlErrors.isRetryable(new SQLException("x", s)), s);
    }
    assertFalse(SqlErrors.isRetryable(new SQLException("no state")));
    assertTrue(SqlErrors.isUniqueViolation(new SQLException("x", "23505")));
  }

  @Test
  void stateIsFoundInTheCauseChain() {
    SQLException outer = new SQLException("batch failed", null, 0, new SQLException("y", "40P01"));
    assertEquals("40P01", SqlErrors.stateOf(outer));
  }
}
