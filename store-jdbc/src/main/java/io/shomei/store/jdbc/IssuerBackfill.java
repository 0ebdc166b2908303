package io.shomei.store.jdbc;

import io.shomei.spi.IssuerName;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills {@code shomei_certificate.issuer_name} (schema version 6) of the rows recorded before it,
 * from each row's DER, in batches of one transaction each.
 */
final class IssuerBackfill {
  /** The schema version that added the column. */
  static final int VERSION = 6;

  private static final int BATCH = 500;

  /** The key of the empty name, for a row whose DER cannot be read as a certificate. */
  private static final IssuerName UNREADABLE = IssuerName.ofEncoded(new byte[] {0x30, 0x00});

  private IssuerBackfill() {}

  /**
   * The issuer of a stored DER; a row whose DER is not a certificate (written by hand, or damaged)
   * is read as issued under the empty name, so it stays readable and never matches a CA's name.
   */
  static IssuerName issuerOf(byte[] der) {
    try {
      return IssuerName.issuerOf(der);
    } catch (IllegalArgumentException e) {
      return UNREADABLE;
    }
  }

  private record Row(String fingerprint, String issuer) {}

  /**
   * Fills the column of every row that lacks it.
   *
   * @param tx the transactor
   * @return the number of rows filled
   */
  static long run(Transactor tx) {
    long filled = 0;
    String after = "";
    while (true) {
      String from = after;
      List<Row> rows = tx.readValue("JDBC storage: reading issuers to fill", c -> {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT sha256_fingerprint, der "
            + "FROM shomei_certificate WHERE issuer_name IS NULL AND sha256_fingerprint > ? "
            + "ORDER BY sha256_fingerprint LIMIT " + BATCH)) {
          ps.setString(1, from);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(new Row(Columns.string(rs, 1),
                  issuerOf(Columns.bytes(rs, 2)).sha256()));
            }
          }
        }
        return out;
      });
      if (rows.isEmpty()) {
        return filled;
      }
      filled += tx.inTransaction("JDBC storage: filling issuers", c -> {
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement("UPDATE shomei_certificate "
            + "SET issuer_name = ? WHERE sha256_fingerprint = ? AND issuer_name IS NULL")) {
          for (Row r : rows) {
            ps.setString(1, r.issuer());
            ps.setString(2, r.fingerprint());
            n += ps.executeUpdate();
          }
        }
        return n;
      });
      after = rows.get(rows.size() - 1).fingerprint();
    }
  }
}
