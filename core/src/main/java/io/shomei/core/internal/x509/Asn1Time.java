package io.shomei.core.internal.x509;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.x509.Time;

/**
 * Certificate validity times (RFC 5280 section 4.1.2.5) built without {@code SimpleDateFormat}.
 *
 * <p>Bouncy Castle's {@code new Time(Date)} formats the date with a fresh {@code SimpleDateFormat}
 * and its {@code DERUTCTime(String)} parses the string back with another one to check it; together
 * about 4 % of an issuance. The encoding here is the same one: UTCTime {@code YYMMDDHHMMSSZ} for the
 * years 1950 to 2049, GeneralizedTime {@code YYYYMMDDHHMMSSZ} otherwise, whole seconds, UTC.
 */
public final class Asn1Time {
  private Asn1Time() {}

  /**
   * The validity time of an instant, to the second (fractions are dropped, as BC does).
   *
   * @param instant the instant, years 0001 to 9999
   * @return the time
   * @throws IllegalArgumentException if the year is outside 0001 to 9999
   */
  public static Time of(Instant instant) {
    OffsetDateTime t = instant.atOffset(ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 1 || year > 9999) {
      throw new IllegalArgumentException("year out of range for a certificate time: " + year);
    }
    boolean utc = year >= 1950 && year <= 2049;
    StringBuilder s = new StringBuilder(15);
    if (utc) {
      two(s, year % 100);
    } else {
      two(s, year / 100);
      two(s, year % 100);
    }
    two(s, t.getMonthValue());
    two(s, t.getDayOfMonth());
    two(s, t.getHour());
    two(s, t.getMinute());
    two(s, t.getSecond());
    s.append('Z');
    byte[] contents = s.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] der = new byte[2 + contents.length];
    der[0] = (byte) (utc ? BERTags.UTC_TIME : BERTags.GENERALIZED_TIME);
    der[1] = (byte) contents.length;
    System.arraycopy(contents, 0, der, 2, contents.length);
    try {
      // decoding from contents checks only the leading digits, not through SimpleDateFormat
      return Time.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException e) {
      throw new IllegalStateException("cannot decode a time just encoded", e);
    }
  }

  private static void two(StringBuilder s, int v) {
    s.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }
}
