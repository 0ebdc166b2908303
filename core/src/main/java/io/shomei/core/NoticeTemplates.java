package io.shomei.core;

import io.shomei.spi.Notice;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The customer's words for a notice, in Japanese or English, with every date in the bank's zone.
 * A notice holds facts only; the words are chosen here when it is delivered. No template prints a
 * secret (a notice carries none) or a user ID.
 */
final class NoticeTemplates {
  private static final DateTimeFormatter JA_DAY =
      DateTimeFormatter.ofPattern("uuuu年M月d日(E)", Locale.JAPANESE);
  private static final DateTimeFormatter JA_TIME =
      DateTimeFormatter.ofPattern("uuuu年M月d日(E) H時mm分", Locale.JAPANESE);
  private static final DateTimeFormatter EN_DAY =
      DateTimeFormatter.ofPattern("EEE d MMMM uuuu", Locale.ENGLISH);
  private static final DateTimeFormatter EN_TIME =
      DateTimeFormatter.ofPattern("EEE d MMMM uuuu, HH:mm", Locale.ENGLISH);

  private final ZoneId zone;

  NoticeTemplates(ZoneId zone) {
    this.zone = zone;
  }

  /** Japanese unless the language is English. */
  static Locale languageOf(Locale requested) {
    return "en".equals(requested.getLanguage()) ? Locale.ENGLISH : Locale.JAPANESE;
  }

  /** Subject and body. */
  record Text(String subject, String body) {}

  Text render(Notice notice, Locale requested) {
    boolean ja = languageOf(requested).equals(Locale.JAPANESE);
    Map<String, String> f = notice.facts();
    String service = notice.account().service();
    String serial = f.getOrDefault("serial", "");
    String at = time(notice.createdAt(), ja);
    return switch (notice.kind()) {
      case ISSUED -> ja
          ? text("電子証明書を発行しました",
              at + "、" + service + " の電子証明書(シリアル番号 " + serial + ")を発行しました。\n"
              + "有効期限は " + day(f, "notAfter", ja) + " です。\n"
              + "お心当たりのない場合は、お取引店にご連絡ください。")
          : text("Your electronic certificate was issued",
              "On " + at + " we issued your electronic certificate for " + service
              + " (serial number " + serial + ").\nIt is valid until " + day(f, "notAfter", ja)
              + ".\nIf you did not request it, please contact your branch.");
      case DOWNLOADED -> ja
          ? text("電子証明書がダウンロードされました",
              at + "、" + service + " の電子証明書(シリアル番号 " + serial
              + ")がダウンロードされました。\nお心当たりのない場合は、お取引店にご連絡ください。")
          : text("Your electronic certificate was downloaded",
              "On " + at + " your electronic certificate for " + service + " (serial number "
              + serial + ") was downloaded.\nIf this was not you, please contact your branch.");
      case FIRST_USED -> ja
          ? text("電子証明書で初めてログインしました",
              at + "、" + service + " に電子証明書(シリアル番号 " + serial
              + ")で初めてログインがありました。\nお心当たりのない場合は、お取引店にご連絡ください。")
          : text("First login with your electronic certificate",
              "On " + at + " your electronic certificate for " + service + " (serial number "
              + serial + ") was used to log in for the first time.\n"
              + "If this was not you, please contact your branch.");
      case SUPERSEDED -> ja
          ? text("以前の電子証明書は使えなくなりました",
              at + "、" + service + " の新しい電子証明書(シリアル番号 " + f.getOrDefault(
                  "supersededBy", "") + ")を発行したため、以前の電子証明書(シリアル番号 "
              + serial + ")はご利用いただけなくなりました。")
          : text("Your previous electronic certificate was replaced",
              "On " + at + " a new electronic certificate for " + service + " (serial number "
              + f.getOrDefault("supersededBy", "") + ") replaced your previous one (serial number "
              + serial + "), which can no longer be used.");
      case REVOKED -> ja
          ? text("電子証明書を失効させました",
              at + "、" + service + " の電子証明書(シリアル番号 " + serial
              + ")を失効させました。引き続きご利用になるには、電子証明書を再取得してください。")
          : text("Your electronic certificate was revoked",
              "On " + at + " your electronic certificate for " + service + " (serial number "
              + serial + ") was revoked. To go on using the service, please obtain a new one.");
      case ACCOUNT_LOCKED -> ja
          ? text("ログインがロックされました",
              at + "、" + service + " でパスワードの誤りが続いたため、ログインをロックしました。\n"
              + "ロックの解除はお取引店にお申し出ください。")
          : text("Your login was locked",
              "On " + at + " your login to " + service + " was locked after too many wrong "
              + "passwords.\nPlease contact your branch to unlock it.");
      case ISSUANCE_ALERT -> ja
          ? text("【重要】電子証明書が再発行されました",
              at + "、ログインID・パスワード・証明書取得パスワードにより " + service
              + " の電子証明書(シリアル番号 " + serial + ")が再発行され、以前の電子証明書(シリアル番号 "
              + f.getOrDefault("superseded", "") + ")は使えなくなりました。\n"
              + "お心当たりのない場合は、至急お取引店にご連絡ください。")
          : text("Important: your electronic certificate was issued again",
              "On " + at + " a new electronic certificate for " + service + " (serial number "
              + serial + ") was issued with your login ID, password and certificate "
              + "acquisition password, and your previous certificate (serial number "
              + f.getOrDefault("superseded", "") + ") can no longer be used.\n"
              + "If you did not do this, please contact your branch at once.");
      case EXPIRING -> ja
          ? text("電子証明書の有効期限が近づいています",
              service + " の電子証明書(シリアル番号 " + serial + ")の有効期限は "
              + day(f, "notAfter", ja) + " です(残り" + f.getOrDefault("days", "") + "日以内)。\n"
              + "期限までに電子証明書を更新してください。")
          : text("Your electronic certificate expires soon",
              "Your electronic certificate for " + service + " (serial number " + serial
              + ") expires on " + day(f, "notAfter", ja) + " (within " + f.getOrDefault("days", "")
              + " days).\nPlease renew it before then.");
      case CAMPAIGN -> ja
          ? text("電子証明書の再取得のお願い",
              "認証局の基準変更に伴い、" + service + " の電子証明書(シリアル番号 " + serial
              + ")は " + day(f, "unusableFrom", ja) + " からご利用いただけなくなります。\n"
              + day(f, "reacquireFrom", ja) + " 以降に電子証明書を再取得してください"
              + "(それより前には再取得できません)。" + url(f))
          : text("Please obtain a new electronic certificate",
              "After a change of the certificate authority's standard, your electronic "
              + "certificate for " + service + " (serial number " + serial + ") stops working on "
              + day(f, "unusableFrom", ja) + ".\nPlease obtain a new certificate on or after "
              + day(f, "reacquireFrom", ja) + " (it cannot be obtained earlier)." + url(f));
    };
  }

  private static Text text(String subject, String body) {
    return new Text(subject, body + "\n");
  }

  private static String url(Map<String, String> facts) {
    String u = facts.get("explanationUrl");
    return u == null ? "" : "\n" + u;
  }

  private String time(Instant at, boolean ja) {
    return (ja ? JA_TIME : EN_TIME).format(at.atZone(zone));
  }

  private String day(Map<String, String> facts, String name, boolean ja) {
    String v = facts.get(name);
    if (v == null) {
      return "-";
    }
    return (ja ? JA_DAY : EN_DAY).format(Instant.parse(v).atZone(zone));
  }
}
