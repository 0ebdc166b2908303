package io.shomei.examples.springboot;

import io.shomei.core.AcquisitionResult;
import io.shomei.core.DownloadRefusal;
import io.shomei.core.LoginRefusal;
import io.shomei.core.LoginResult;
import io.shomei.core.Refusal;
import io.shomei.core.eligibility.ReacquisitionDecision;
import io.shomei.core.eligibility.Verdict;
import io.shomei.core.eligibility.VerdictKind;
import io.shomei.core.identity.AcceptanceRefusal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the customer reads for each of Shomei's typed outcomes, in Japanese then English. The
 * refusal codes themselves go into the page as data attributes; the {@code detail} strings of
 * Shomei's results are for logs and support staff and are never shown.
 */
final class Messages {
  private final ZoneId zone;

  Messages(ZoneId zone) {
    this.zone = zone;
  }

  private String at(@Nullable Instant instant) {
    return instant == null ? "-" : Html.date(instant, zone);
  }

  List<String> login(LoginResult.Refused r) {
    Refusal refusal = r.refusal();
    if (refusal instanceof Refusal.Superseded) {
      return certificate(AcceptanceRefusal.SUPERSEDED);
    }
    if (refusal instanceof Refusal.CertificateRejected rejected) {
      return certificate(rejected.reason());
    }
    if (refusal instanceof Refusal.MustReacquire m) {
      if (m.code() != LoginRefusal.REACQUIRE_REQUIRED) { // expired, not yet valid: no campaign
        return List.of(
            "この電子証明書はご利用いただけません。電子証明書を取得し直してください。",
            "This certificate cannot be used. Please acquire a new certificate.");
      }
      return List.of(
          "この電子証明書は " + at(m.since()) + " 以降ご利用いただけません。"
              + "電子証明書を再取得してください（" + at(m.reacquireFrom()) + " から可能です）。",
          "This certificate stopped working on " + at(m.since())
              + ". Please re-acquire a certificate (possible from " + at(m.reacquireFrom()) + ").");
    }
    if (refusal instanceof Refusal.ContactBranch branch) {
      return branch.why() == Refusal.ContactBranch.Why.ACCOUNT_LOCKED
          ? List.of(
              "パスワードがロックされています。お取引店にご連絡ください。",
              "Your password is locked after too many failures. Please contact your branch.")
          : List.of(
              "仮パスワードの再発行が必要です。お取引店にご連絡ください。",
              "A new temporary password is needed. Please contact your branch.");
    }
    if (refusal instanceof Refusal.CoolingOff c) {
      return List.of(
          "この電子証明書は、電子証明書取得用パスワードによる取得から一定期間が過ぎるまで"
              + "ご利用いただけません。" + at(c.until()) + " 以降にご利用ください。"
              + "お客様ご自身で取得していない場合は、すぐにお取引店にご連絡ください。",
          "This certificate was obtained with the certificate acquisition password and works only"
              + " from " + at(c.until()) + ". If you did not obtain it yourself, contact your branch"
              + " at once.");
    }
    if (refusal instanceof Refusal.InvalidCredentials) {
      return List.of(
          "パスワードが正しくありません（大文字・小文字は区別されます）。",
          "The password is not correct (passwords are case-sensitive).");
    }
    return List.of( // Refusal.StartAgain
        "時間切れです。最初からやり直してください。",
        "This login took too long. Please start again.");
  }

  private static List<String> certificate(AcceptanceRefusal reason) {
    return switch (reason) {
      case NO_CERTIFICATE -> List.of(
          "電子証明書が選択されていません。ブラウザで電子証明書を選択してください。",
          "No certificate was presented. Please choose your certificate in the browser.");
      case SUPERSEDED -> List.of(
          "新しい電子証明書が発行されています。最新の電子証明書を選択してください。",
          "A newer certificate replaced this one. Please choose your newest certificate.");
      case REVOKED, REVOKED_BY_ISSUER -> List.of(
          "この電子証明書は失効しています。電子証明書を再取得してください。",
          "This certificate was revoked. Please re-acquire a certificate.");
      case REVOCATION_STATUS_UNKNOWN -> List.of(
          "認証局の失効情報を確認できないため、現在ご利用いただけません。しばらくしてから再度お試しください。",
          "The certificate authority's revocation list cannot be checked right now. Please try "
              + "again later.");
      case EXPIRED, NOT_ACTIVE, NON_CONFORMING -> List.of(
          "この電子証明書はご利用いただけません。電子証明書を再取得してください。",
          "This certificate cannot be used. Please re-acquire a certificate.");
      default -> List.of(
          "この電子証明書ではログインできません。「CN=」の後にお客様のユーザIDが表示される"
              + "電子証明書を選択してください。",
          "This certificate cannot be used to log in. Please choose the certificate whose "
              + "\"CN=\" is your user ID.");
    };
  }

  List<String> acquisition(AcquisitionResult.Refused r) {
    return switch (r.reason()) {
      case AUTHENTICATION_FAILED -> List.of(
          // Shomei gives a locked login the same answer as a wrong password (no enumeration), so
          // the text names both and says what to do when it keeps failing
          "ユーザID・パスワード・電子証明書取得用パスワードのいずれかが正しくないか、誤入力が上限に"
              + "達してロックされています。解決しない場合はお取引店にご連絡ください。",
          "The user ID, the password or the certificate acquisition password is not correct, or "
              + "too many wrong entries have locked it. If this keeps happening, please contact "
              + "your branch.");
      case LOCKED, ACQUISITION_PASSWORD_USED, LOGIN_PASSWORD_EXPIRED, OPERATOR_REQUIRED -> List.of(
          "お手続きができません。お取引店にご連絡ください。",
          "This cannot be done online. Please contact your branch.");
      case NOT_YET_ELIGIBLE -> List.of(
          "電子証明書の再取得は " + at(r.availableFrom()) + " 以降に可能です。",
          "You can re-acquire your certificate from " + at(r.availableFrom()) + ".");
      case NOT_ELIGIBLE -> List.of(
          "ご利用中の電子証明書は有効で、ログインにご利用済みです。［電子証明書ログイン］からログインして"
              + "ください。電子証明書を削除した・パソコンを替えたなどでお手元にない場合は、お取引店に"
              + "ご連絡ください。お取引店で現在の電子証明書を失効させ、新しい電子証明書取得用パスワードを"
              + "お送りします。",
          "Your certificate is valid and has already been used to log in. Log in with [Certificate "
              + "login]. If you no longer have it (deleted, or a new PC), please contact your branch: "
              + "the branch revokes the current certificate and sends you a new certificate "
              + "acquisition password.");
      case CONCURRENT_ACQUISITION -> List.of(
          "同時に別のお手続きが行われました。もう一度お試しください。",
          "Another acquisition completed at the same time. Please try again.");
      case RENEW_WITH_CERTIFICATE -> List.of(
          "お手元の電子証明書で更新してください（電子証明書取得用パスワードは不要です）。パソコンを"
              + "替えた・紛失したなどで電子証明書がお手元にない場合は、お取引店にご連絡ください。",
          "Please renew with the certificate you have (no certificate acquisition password is "
              + "needed). If you no longer have it (a new or lost PC), please contact your branch.");
      case UNSUITABLE_PKCS12_PASSWORD, ISSUANCE_REFUSED, UNKNOWN_SERVICE -> List.of(
          "電子証明書を発行できません。お取引店にご連絡ください。",
          "The certificate cannot be issued. Please contact your branch.");
    };
  }

  /**
   * How many wrong passwords are left before the login locks; before the last one, what it costs.
   */
  static List<String> attemptsLeft(int left) {
    return left <= 1
        ? List.of("次にパスワードを誤るとロックされ、お取引店でのお手続きが必要になります。",
            "One more wrong password locks your login, and only your branch can unlock it.")
        : List.of("あと" + left + "回続けて誤るとロックされ、ログインできなくなります。",
            left + " more wrong passwords in a row lock your login.");
  }

  /**
   * A service's name for customers, in the web example's words ("為替予約サービス / Forward exchange
   * contracts"), never its configuration ID; an unknown ID is shown as it is.
   */
  static String serviceName(String service) {
    return switch (service) {
      case "fx-forward" -> "為替予約サービス / Forward exchange contracts";
      case "fx-other" -> "外国送金サービス / International remittance service";
      default -> service;
    };
  }

  static List<String> download(DownloadRefusal r) {
    return List.of("ダウンロードの有効期限が切れたか、回数の上限に達しました。電子証明書を取得し直してください。",
        "The download expired or was used up (" + r + "). Please acquire the certificate again.");
  }

  String reacquisition(ReacquisitionDecision d) {
    if (d instanceof ReacquisitionDecision.NotYet n) {
      return "再取得は " + at(n.from()) + " から可能です / re-acquisition possible from "
          + at(n.from()) + " (" + n.reason() + ")";
    }
    if (d instanceof ReacquisitionDecision.OperatorRequired o) {
      return "お取引店での手続きが必要です / contact your branch (" + o.reason() + ")";
    }
    Verdict v = ((ReacquisitionDecision.Allowed) d).verdict();
    if (v == null) {
      return "電子証明書を取得できます / you may acquire a certificate";
    }
    if (!v.usableNow()) {
      return "再取得してください / please re-acquire now (" + v.kind() + ")";
    }
    return v.kind() == VerdictKind.ELIGIBLE_NOW
        ? "再取得できます / you may re-acquire now"
        : "再取得の必要はありません / no re-acquisition needed (" + v.kind() + ")";
  }
}
