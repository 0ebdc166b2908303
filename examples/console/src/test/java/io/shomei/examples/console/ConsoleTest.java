package io.shomei.examples.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.LoginResult;
import io.shomei.examples.datadir.DataDir;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.OperatorRole;
import io.shomei.spi.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console over HTTPS with client certificates: who can log in (operators with their own
 * certificates of the operators' CA, never a customer), what an account page shows, and dual
 * control from proposal to the letter's one download, with every refusal typed.
 */
class ConsoleTest {
  @TempDir Path dir;
  ConsoleFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new ConsoleFixture(dir.resolve("shomei-data"));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private List<AuditRecord> trail() {
    List<AuditRecord> all = new ArrayList<>();
    f.data.storage().auditLog().forEach(1, all::add);
    return all;
  }

  @Test
  void aCustomersCertificateNeverLogsInToTheConsoleEvenWithAnOperatorsStaffNumberAsItsUserId()
      throws Exception {
    ConsoleFixture.Customer customer = f.customer();
    // an operator whose staff number is the customer's user ID: another account, another service
    f.operator(customer.userId(), OperatorRole.BRANCH_OPERATOR, OperatorRole.APPROVER);
    ConsoleClient c = f.browser(customer.key(), customer.certificate());
    ConsoleClient.Page login = c.get("/");
    ConsoleClient.Page refused = c.post("/login", "csrf", login.csrf());
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.code()).isEqualTo("CERTIFICATE_NOT_ACCEPTED/UNTRUSTED_CHAIN");
    assertThat(c.get("/password").body()).doesNotContain("id=\"password\"");
    assertThat(c.get("/accounts").status()).isEqualTo(401);
    AuditRecord last = trail().stream()
        .filter(r -> r.type().equals("LOGIN_CERTIFICATE_REFUSED")).reduce((a, b) -> b)
        .orElseThrow();
    assertThat(last.details()).containsEntry("service", OperatorService.SERVICE)
        .containsEntry("certificate_refusal", "UNTRUSTED_CHAIN");

    // and no certificate at all is refused as such
    ConsoleClient none = f.noCertificate();
    ConsoleClient.Page nothing = none.post("/login", "csrf", none.get("/").csrf());
    assertThat(nothing.status()).isEqualTo(403);
    assertThat(nothing.code()).isEqualTo("CERTIFICATE_NOT_ACCEPTED/NO_CERTIFICATE");
  }

  @Test
  void anOperatorsCertificateThatWasNeverRegisteredIsRefused() {
    var stranger = f.operatorsCa.leaf().commonName("49999999").issue();
    ConsoleClient c = f.browser(stranger.keyPair().getPrivate(), stranger.certificate());
    ConsoleClient.Page refused = c.post("/login", "csrf", c.get("/").csrf());
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.code()).startsWith("CERTIFICATE_NOT_ACCEPTED/");
  }

  @Test
  void anIdentityWithoutARoleCompletesTheLoginButGetsNoConsole() {
    ConsoleFixture.Operator nobody = f.operator();
    ConsoleClient c = f.browser(nobody);
    c.post("/login", "csrf", c.get("/").csrf());
    ConsoleClient.Page next = c.post("/password", "csrf", c.get("/password").csrf(),
        "password", nobody.temporaryPassword());
    ConsoleClient.Page change = c.get(next.location());
    ConsoleClient.Page done = c.post("/change-password", "csrf", change.csrf(),
        "newPassword", "NoRole7351Kawase", "confirmPassword", "NoRole7351Kawase");
    assertThat(done.status()).isEqualTo(403);
    assertThat(done.code()).isEqualTo("NO_ROLE");
    assertThat(c.get("/accounts").status()).isEqualTo(401);
  }

  /**
   * The console reads an operator's roles through the SDK at every request: an operator the bank
   * disables while signed in loses the console at the next request.
   */
  @Test
  void anOperatorDisabledWhileSignedInLosesTheConsoleAtTheNextRequest() {
    ConsoleFixture.Operator a = f.operator(OperatorRole.APPROVER);
    ConsoleClient signedIn = f.signedIn(a);
    assertThat(signedIn.get("/accounts").status()).isEqualTo(200);
    f.data.storage().operatorStore().saveOperator(new io.shomei.spi.OperatorRecord(a.id(),
        java.util.Set.of(OperatorRole.APPROVER), false));
    assertThat(f.shomei.operator(a.id()).roles()).isEmpty();
    assertThat(signedIn.get("/accounts").status()).isEqualTo(401);
  }

  @Test
  void aSessionCookieReplayedOverAnotherCertificateEndsTheSession() {
    ConsoleFixture.Operator a = f.operator(OperatorRole.APPROVER);
    ConsoleFixture.Operator b = f.operator(OperatorRole.APPROVER);
    ConsoleClient signedIn = f.signedIn(a);
    assertThat(signedIn.get("/accounts").status()).isEqualTo(200);
    ConsoleClient thief = signedIn.withCookiesOf(signedIn, f.console.identity().caCertificate(),
        b.certificate().keyPair().getPrivate(), b.certificate().certificate());
    assertThat(thief.get("/accounts").status()).isEqualTo(401);
    assertThat(signedIn.get("/accounts").status()).isEqualTo(401);
  }

  @Test
  void anAccountPageShowsTheCertificatesHistoryVerdictCredentialsAndAuditEvents()
      throws Exception {
    ConsoleFixture.Customer customer = f.customer();
    ConsoleFixture.Operator auditor = f.operator(OperatorRole.AUDITOR);
    ConsoleClient c = f.signedIn(auditor);
    ConsoleClient.Page page = c.get("/accounts?user=" + customer.userId());
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    String serial = customer.certificate().getSerialNumber().toString(16);
    Matcher row = Pattern.compile("<tr class=\"certificate\" data-serial=\"" + serial
        + "\" data-status=\"ACTIVE\">(.*?)</tr>").matcher(page.body());
    assertThat(row.find()).as(page.body()).isTrue();
    // issued, downloaded and first login each have a time; never superseded nor revoked
    assertThat(row.group(1)).containsPattern("class=\"downloaded\">\\d{4}-\\d\\d-\\d\\d ")
        .containsPattern("class=\"first-login\">\\d{4}-\\d\\d-\\d\\d ")
        .contains("class=\"revoked\">-<");
    assertThat(page.body()).contains("data-verdict=\"UNAFFECTED\"")
        .contains("data-lock=\"UNLOCKED\"")
        .contains("data-type=\"CERTIFICATE_DOWNLOADED\"")
        .contains("data-type=\"LOGIN_SUCCEEDED\"")
        .contains("data-type=\"PASSWORD_CHANGED\"");
    // an auditor sees, and is offered no proposal
    assertThat(page.body()).doesNotContain("action\" value=\"RESET_TEMPORARY_PASSWORD\"");
    assertThat(trail()).anyMatch(r -> r.type().equals("OPERATOR_VIEWED_ACCOUNT")
        && r.actor().equals("operator:" + auditor.id())
        && customer.userId().equals(r.userId()));
    // a user ID that is not one, and one nobody holds
    assertThat(c.get("/accounts?user=12ab").code()).isEqualTo("INVALID_USER_ID");
    assertThat(c.get("/accounts?user=49999998").code()).isEqualTo("NO_SUCH_ACCOUNT");
  }

  @Test
  void aProposalByOneOperatorIsApprovedByAnotherWhoDownloadsTheLetterOnce() throws Exception {
    ConsoleFixture.Customer customer = f.customer();
    // the maker may approve too: what stops it is being the proposer
    ConsoleFixture.Operator maker = f.operator(OperatorRole.BRANCH_OPERATOR, OperatorRole.APPROVER);
    ConsoleFixture.Operator checker = f.operator(OperatorRole.APPROVER);
    ConsoleFixture.Operator auditor = f.operator(OperatorRole.AUDITOR);
    ConsoleClient a = f.signedIn(maker);
    ConsoleClient b = f.signedIn(checker);
    ConsoleClient au = f.signedIn(auditor);

    ConsoleClient.Page account = a.get("/accounts?user=" + customer.userId());
    ConsoleClient.Page proposed = a.post("/propose", "csrf", account.csrf(),
        "user", customer.userId(), "service", DataDir.FX_FORWARD,
        "action", "RESET_TEMPORARY_PASSWORD");
    assertThat(proposed.status()).as(proposed.body()).isEqualTo(303);
    String id = proposed.location().replace("/proposals?proposed=", "");
    ConsoleClient.Page list = a.get(proposed.location());
    assertThat(list.code()).isEqualTo("PROPOSED");
    assertThat(list.body()).contains("data-id=\"" + id + "\"");

    // the proposer, and an auditor, may not approve: typed refusals
    ConsoleClient.Page own = a.post("/decide", "csrf", list.csrf(), "id", id,
        "decision", "approve");
    assertThat(own.status()).isEqualTo(403);
    assertThat(own.code()).isEqualTo("PROPOSER");
    ConsoleClient.Page audit = au.post("/decide", "csrf", au.get("/proposals").csrf(), "id", id,
        "decision", "approve");
    assertThat(audit.status()).isEqualTo(403);
    assertThat(audit.code()).isEqualTo("ROLE_NOT_ALLOWED");

    // the approver: approved, the letter offered for one download
    ConsoleClient.Page approvals = b.get("/proposals");
    ConsoleClient.Page approved = b.post("/decide", "csrf", approvals.csrf(), "id", id,
        "decision", "approve");
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    assertThat(approved.code()).isEqualTo("APPROVED");
    assertThat(approved.body()).contains("id=\"download-letter\"");

    // the proposer never gets the letter
    ConsoleClient.Page notYours = a.post("/letter", "csrf", a.get("/proposals").csrf(), "id", id);
    assertThat(notYours.status()).isEqualTo(410);
    assertThat(notYours.code()).isEqualTo("NO_LETTER");

    ConsoleClient.Page pdf = b.post("/letter", "csrf", approved.csrf(), "id", id);
    assertThat(pdf.status()).isEqualTo(200);
    assertThat(pdf.contentType()).isEqualTo("application/pdf");
    ConsoleClient.Page again = b.post("/letter", "csrf", approved.csrf(), "id", id);
    assertThat(again.status()).isEqualTo(410);
    assertThat(again.code()).isEqualTo("ALREADY_DOWNLOADED");

    // a replayed approval
    ConsoleClient.Page replay = b.post("/decide", "csrf", approved.csrf(), "id", id,
        "decision", "approve");
    assertThat(replay.status()).isEqualTo(409);
    assertThat(replay.code()).isEqualTo("ALREADY_DECIDED");

    // the letter carries the temporary password that now works, in Japanese and English
    String text;
    try (PDDocument doc = Loader.loadPDF(pdf.bytes())) {
      text = new PDFTextStripper().getText(doc);
    }
    assertThat(text).contains("ユーザID: " + customer.userId(), "仮パスワード",
        "User ID: " + customer.userId());
    Matcher m = Pattern.compile("Temporary password \\(first login\\): (\\S+)").matcher(text);
    assertThat(m.find()).as(text).isTrue();
    LoginResult.PasswordRequired p = (LoginResult.PasswordRequired) f.shomei.login()
        .presentCertificate(DataDir.FX_FORWARD, List.of(customer.certificate()));
    assertThat(f.shomei.login().password(p.pending(), Secret.of(m.group(1))))
        .isInstanceOf(LoginResult.ChangeRequired.class);
    // and no page nor log line carried it
    assertThat(String.join("\n", f.log)).doesNotContain(m.group(1));
    assertThat(list.body() + approved.body() + notYours.body()).doesNotContain(m.group(1));
    assertThat(f.shomei.audit().recordsOf(new AccountKey(customer.userId(),
        DataDir.FX_FORWARD), 50)).anyMatch(r -> r.type().equals("OPERATOR_RESET_TEMPORARY_PASSWORD")
            && r.actor().equals("operator:" + checker.id()));
  }

  @Test
  void theCampaignDashboardCountsTheNoticesCustomersPerDayWithAChartAndACsv() throws Exception {
    // two customers of the notice's cohort (validity from 2020-10-01), one after it
    f.clock.set(java.time.Instant.parse("2020-10-01T01:00:00Z"));
    ConsoleFixture.Customer affected = f.customer();
    f.customer();
    f.clock.set(java.time.Instant.parse("2021-01-05T01:00:00Z"));
    f.customer();
    f.clock.set(java.time.Instant.parse("2021-02-26T03:00:00Z"));
    ConsoleClient c = f.signedIn(f.operator(OperatorRole.AUDITOR));
    ConsoleClient.Page page = c.get("/campaign");
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("data-rule=\"notice-2021-fx-forward\"")
        .contains("<td class=\"affected\">2</td>").contains("<td class=\"pending\">2</td>")
        .contains("data-date=\"2021-02-24\"").contains("data-date=\"2021-02-26\"");
    ConsoleClient.Page svg = c.get("/campaign.svg?rule=notice-2021-fx-forward");
    assertThat(svg.status()).isEqualTo(200);
    assertThat(svg.contentType()).isEqualTo("image/svg+xml");
    assertThat(svg.body()).startsWith("<svg ").contains("class=\"pending\"");
    assertThat(c.get("/campaign.svg?rule=nothing").status()).isEqualTo(404);
    ConsoleClient.Page csv = c.get("/campaign.csv");
    assertThat(csv.body()).startsWith("rule,date,affected,reacquired,pending\r\n")
        .contains("notice-2021-fx-forward,2021-02-26,2,0,2\r\n");
    // the affected customer's page says why
    assertThat(c.get("/accounts?user=" + affected.userId()).body())
        .contains("CA_STANDARD_CHANGE_2021");
    // nobody without a console login gets the numbers
    assertThat(f.noCertificate().get("/campaign.csv").status()).isEqualTo(401);
  }

  @Test
  void anApprovalAfterTheProposalExpiredIsRefused() throws Exception {
    ConsoleFixture.Customer customer = f.customer();
    ConsoleFixture.Operator maker = f.operator(OperatorRole.BRANCH_OPERATOR);
    ConsoleFixture.Operator checker = f.operator(OperatorRole.APPROVER);
    ConsoleClient a = f.signedIn(maker);
    ConsoleClient.Page account = a.get("/accounts?user=" + customer.userId());
    ConsoleClient.Page proposed = a.post("/propose", "csrf", account.csrf(),
        "user", customer.userId(), "service", DataDir.FX_FORWARD, "action", "UNLOCK_LOGIN");
    String id = proposed.location().replace("/proposals?proposed=", "");
    f.clock.advance(ConsoleFixture.EXPIRY.plusMinutes(1));
    ConsoleClient b = f.signedIn(checker);
    ConsoleClient.Page late = b.post("/decide", "csrf", b.get("/proposals").csrf(), "id", id,
        "decision", "approve");
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.code()).isEqualTo("EXPIRED");
  }
}
