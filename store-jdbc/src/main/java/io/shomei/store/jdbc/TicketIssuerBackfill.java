package io.shomei.store.jdbc;

/**
 * Fills {@code shomei_download_ticket.issuer_name} (schema version 8) of the rows stored before it:
 * each gets the issuer of its account's certificate with its serial. Runs after
 * {@link IssuerBackfill}, which gives those certificates theirs.
 */
final class TicketIssuerBackfill {
  /** The schema version that added the column. */
  static final int VERSION = 8;

  private TicketIssuerBackfill() {}

  /**
   * The issuer a ticket row names, as an SQL expression over the ticket table under {@code alias}:
   * its own column, or for a row without one (stored before version 8, or by an older release since)
   * the issuer of the account's certificate with the ticket's serial; of two such certificates
   * (two issuers used the serial for one account), the one recorded when the ticket was created,
   * else the newest. {@code NULL} if the account has no certificate with that serial.
   */
  static String issuerOf(String alias) {
    return "COALESCE(" + alias + ".issuer_name, (SELECT c.issuer_name FROM shomei_certificate c "
        + "WHERE c.serial = " + alias + ".serial AND c.user_id = " + alias + ".user_id "
        + "AND c.service = " + alias + ".service ORDER BY CASE WHEN c.recorded_at = " + alias
        + ".created_at THEN 0 ELSE 1 END, c.recorded_at DESC LIMIT 1))";
  }

  /**
   * Fills the column of every row that lacks it and whose certificate is recorded, in one
   * statement (tickets live hours, so there are few).
   *
   * @param tx the transactor
   * @return the number of rows filled
   */
  static int run(Transactor tx) {
    return tx.inTransaction("JDBC storage: filling the tickets' issuers", c -> {
      try (var st = c.createStatement()) {
        return st.executeUpdate("UPDATE shomei_download_ticket t SET issuer_name = "
            + issuerOf("t") + " WHERE t.issuer_name IS NULL");
      }
    });
  }
}
