package io.shomei.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shomei.core.eligibility.AffectedCertificate;
import io.shomei.core.eligibility.CampaignCsv;
import io.shomei.core.eligibility.CertificateSelector;
import io.shomei.core.eligibility.ReacquisitionRule;
import io.shomei.core.eligibility.VerdictKind;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateStatus;
import java.io.StringWriter;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the campaign CSV export ({@link CampaignCsv}) with hostile user IDs and service names
 * (commas, quotes, CR/LF, formula prefixes, any Unicode).
 *
 * <p>Properties: the output is exactly a header and one row of 16 fields under a strict RFC 4180
 * reader; every text field reads back as written, with an apostrophe in front when it would start
 * a spreadsheet formula; no field starts a formula.
 */
class CampaignCsvFuzzTest {
  private static final Instant FROM = Instant.parse("2021-02-23T15:00:00Z");
  private static final ReacquisitionRule RULE = new ReacquisitionRule("notice-2021",
      CertificateSelector.any(), FROM, FROM, null, "CA_STANDARD_CHANGE_2021", null);

  @FuzzTest
  void row(FuzzedDataProvider data) {
    String userId = data.consumeString(80);
    String service = data.consumeRemainingAsString();
    AccountKey account;
    try {
      account = new AccountKey(userId, service);
    } catch (IllegalArgumentException e) {
      return; // the store would never hold such an account
    }
    StringWriter out = new StringWriter();
    CampaignCsv csv = CampaignCsv.to(out, FuzzWorld.TOKYO);
    csv.accept(new AffectedCertificate(account, BigInteger.valueOf(0x1234abcdL),
        CertificateStatus.ACTIVE, FROM.minusSeconds(86_400 * 400L), FROM.plusSeconds(86_400),
        VerdictKind.AFFECTED_WAIT, RULE, AffectedCertificate.Progress.PENDING, null, null));
    List<List<String>> records = readStrict(out.toString());
    Check.that(records.size() == 2, "a header and one row", records.size());
    Check.that(records.get(0).equals(CampaignCsv.HEADER), "the header");
    List<String> row = records.get(1);
    Check.that(row.size() == CampaignCsv.HEADER.size(), "16 fields", row.size());
    Check.that(row.get(0).equals(neutralised(userId)), "user_id reads back", row.get(0));
    Check.that(row.get(1).equals(neutralised(service)), "service reads back", row.get(1));
    for (String f : row) {
      Check.that(f.isEmpty() || "=+-@\t\r".indexOf(f.charAt(0)) < 0, "no field starts a formula", f);
    }
  }

  private static String neutralised(String s) {
    return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
  }

  /** A strict RFC 4180 reader: CRLF record ends, quoted fields, doubled quotes; throws on bad input. */
  static List<List<String>> readStrict(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    int i = 0;
    int n = text.length();
    while (i < n) {
      if (text.charAt(i) == '"') {
        i++;
        while (true) {
          Check.that(i < n, "a quoted field is closed");
          char c = text.charAt(i++);
          if (c == '"') {
            if (i < n && text.charAt(i) == '"') {
              f.append('"');
              i++;
            } else {
              break;
            }
          } else {
            f.append(c);
          }
        }
      } else {
        while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r') {
          char c = text.charAt(i++);
          Check.that(c != '"' && c != '\n', "an unquoted field has no quote or LF");
          f.append(c);
        }
      }
      fields.add(f.toString());
      f.setLength(0);
      Check.that(i < n, "every record ends with CRLF");
      if (text.charAt(i) == ',') {
        i++;
      } else {
        Check.that(text.startsWith("\r\n", i), "records end with CRLF");
        i += 2;
        records.add(List.copyOf(fields));
        fields.clear();
      }
    }
    return records;
  }
}
