package io.shomei.examples.quickstart;

import io.shomei.spi.Secret;
import io.shomei.core.audit.AuditEvent;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.audit.ChainVerification;
import io.shomei.core.custody.RootCaSpec;
import io.shomei.core.custody.SoftwareKeyCustody;
import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.eligibility.LoginDecision;
import io.shomei.core.eligibility.ReacquisitionDecision;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.identity.AcceptanceResult;
import io.shomei.core.identity.CertificateAcceptance;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.issue.IssuanceResult;
import io.shomei.core.issue.IssuedCertificate;
import io.shomei.core.password.LetterFields;
import io.shomei.core.password.PasswordHasher;
import io.shomei.core.password.PasswordPolicy;
import io.shomei.core.password.SecretGenerator;
import io.shomei.core.pkcs12.Pkcs12File;
import io.shomei.core.pkcs12.Pkcs12Packager;
import io.shomei.core.pkcs12.Pkcs12Result;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionPassword;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.LoginPassword;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;

/**
 * Replays the bank's 2021 notice with Shomei's building blocks, against an embedded H2 database and a
 * software CA kept in a data directory (default {@code ./shomei-data}).
 *
 * <p>One customer of the forward-contract service gets a certificate in November 2020. On the evening
 * of 2021-02-23 (Japan time) the certificate still logs in and re-acquisition is refused with the
 * date; from 2021-02-24 00:00 JST login is refused with "re-acquire", re-acquisition is allowed, the
 * new certificate supersedes the old one, and only the new one logs in. Every step is audited and the
 * audit chain is verified at the end. The PKCS#12 files are written to the data directory.
 */
public final class Quickstart {
  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  static final String SERVICE = "fx-forward";
  private static final DateTimeFormatter SHOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

  private final Path data;
  private final PrintStream out;
  private final SecureRandom random = new SecureRandom();

  Quickstart(Path data, PrintStream out) {
    this.data = data;
    this.out = out;
  }

  /**
   * Runs the walk-through.
   *
   * @param args optional: the data directory
   * @throws IOException if the data directory cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path data = Path.of(args.length > 0 ? args[0] : "shomei-data").toAbsolutePath();
    new Quickstart(data, System.out).run();
  }

  /** What one run produced, for the example's own test. */
  record Outcome(String userId, LoginDecision before, LoginDecision after,
      ReacquisitionDecision earlyReacquire, ReacquisitionDecision onTheDay,
      AcceptanceResult oldCertificateAfter, AcceptanceResult newCertificateAfter,
      ChainVerification audit) {}

  Outcome run() throws IOException {
    Files.createDirectories(data);
    out.println("Shomei quickstart: the 2021 re-acquisition notice, replayed");
    out.println("data directory: " + data);

    JdbcStorage storage = storage();
    CertificateStore certificates = storage.certificateStore();
    StepClock clock = new StepClock(at("2020-11-01T09:00:00+09:00"));
    AuditTrail audit = new AuditTrail(storage.auditLog(), clock);
    KeyCustody ca = certificateAuthority();
    Eligibility rules = RuleSet.parse(resource("rules/notice-2021.rules"), "notice-2021.rules");
    PasswordHasher hasher = PasswordHasher.argon2id(random);
    PasswordPolicy policy = PasswordPolicy.japaneseBank();

    // 1. The bank opens the service for a customer and mails the letter (R6).
    String userId = String.format("%08d", random.nextInt(100_000_000));
    AccountKey account = new AccountKey(userId, SERVICE);
    try (LetterFields letter = new SecretGenerator(random).letter(userId, policy)) {
      storage.credentialStore().create(CredentialRecord.create(account,
          new LoginPassword(hasher.hash(letter.temporaryPassword()), true, clock.instant(),
              clock.instant().plus(Duration.ofDays(30))),
          new AcquisitionPassword(hasher.hash(letter.acquisitionPassword()), clock.instant(), null)));
      audit.append(AuditEvent.byOperator(AuditEventType.ACCOUNT_CREATED, "quickstart", account,
          Map.of()));
      out.println();
      out.println("== The bank's letter (printed once; only hashes are stored)");
      out.println("user-id: " + userId);
      out.println("temporary-password: " + reveal(letter.temporaryPassword()));
      out.println("acquisition-password: " + reveal(letter.acquisitionPassword()));

      // 2. 2020-11-10: the customer gets a certificate (A1-A12).
      clock.set(at("2020-11-10T10:00:00+09:00"));
      CertificateProfile profile = CertificateProfile.builder("fx-forward-2020", SERVICE,
          "1.3.6.1.4.1.55555.1.1").organization("Example Bank").country("JP")
          .validity(Duration.ofDays(730)).build();
      CertificateIssuer issuer = CertificateIssuer.builder().keyCustody(ca).clock(clock)
          .secureRandom(random).build();
      IssuedCertificate first = issueAndActivate(issuer, profile, certificates, userId, null,
          clock, audit, letter.acquisitionPassword(), "certificate-2020.p12");

      CertificateAcceptance acceptance = CertificateAcceptance.builder()
          .certificateStore(certificates)
          .trustAnchors(SERVICE, List.of(ca.certificateChain().get(ca.certificateChain().size() - 1)))
          .zone(JAPAN).build();

      // 3. The evening before the cut-off.
      Instant eve = at("2021-02-23T23:59:59+09:00");
      out.println();
      out.println("== " + show(eve));
      LoginDecision before = login(acceptance, rules, first, ca, eve);
      ReacquisitionDecision early = rules.checkReacquisition(
          certificates.findActive(account).orElse(null), eve);
      out.println("re-acquisition: " + describe(early));

      // 4. The day of the cut-off.
      Instant day = at("2021-02-24T00:00:00+09:00");
      out.println();
      out.println("== " + show(day));
      LoginDecision after = login(acceptance, rules, first, ca, day);
      ReacquisitionDecision onTheDay = rules.checkReacquisition(
          certificates.findActive(account).orElse(null), day);
      out.println("re-acquisition: " + describe(onTheDay));

      clock.set(day.plusSeconds(600));
      CertificateProfile profile2021 = CertificateProfile.builder("fx-forward-2021", SERVICE,
          "1.3.6.1.4.1.55555.1.2").organization("Example Bank").country("JP")
          .validity(Duration.ofDays(730)).build();
      IssuedCertificate second = issueAndActivate(issuer, profile2021, certificates, userId,
          first.serial(), clock, audit, letter.acquisitionPassword(), "certificate-2021.p12");

      Instant later = day.plusSeconds(1200);
      AcceptanceResult oldAfter = acceptance.accept(chain(first, ca), SERVICE, later);
      AcceptanceResult newAfter = acceptance.accept(chain(second, ca), SERVICE, later);
      out.println("old certificate: " + describe(oldAfter));
      out.println("new certificate: " + describe(newAfter));
      if (newAfter instanceof AcceptanceResult.Accepted a) {
        out.println("new certificate login: " + describe(rules.checkLogin(a.certificate(), later)));
        out.println("validity shown to the customer (R4): "
            + SHOW.format(a.summary().notBeforeInZone()) + " .. "
            + SHOW.format(a.summary().notAfterInZone()));
      }

      ChainVerification verification = audit.verify();
      out.println();
      out.println("audit chain: " + verification);
      return new Outcome(userId, before, after, early, onTheDay, oldAfter, newAfter, verification);
    }
  }

  private IssuedCertificate issueAndActivate(CertificateIssuer issuer, CertificateProfile profile,
      CertificateStore certificates, String userId, @Nullable BigInteger previous,
      StepClock clock, AuditTrail audit, Secret acquisitionPassword, String fileName)
      throws IOException {
    AccountKey account = new AccountKey(userId, SERVICE);
    IssuanceResult result = issuer.issueWithGeneratedKey(profile, userId);
    if (!(result instanceof IssuanceResult.Issued issued)) {
      throw new IllegalStateException("issuance refused: " + result);
    }
    IssuedCertificate cert = issued.certificate();
    // record first (nothing handed out is ever lost), then make it the active one
    certificates.record(cert.toRecord(clock.instant()));
    var activation = certificates.activate(cert.serial(), previous, clock.instant());
    if (!(activation instanceof CertificateStore.ActivationResult.Activated)) {
      throw new IllegalStateException("activation refused: " + activation);
    }
    // the PKCS#12 is protected by the acquisition password (A8); the packager wipes its copy
    Pkcs12Result p12 = Pkcs12Packager.builder().secureRandom(random).build()
        .pack(cert, Secret.copyOf(acquisitionPassword.toCharArray()));
    if (!(p12 instanceof Pkcs12Result.Packaged packaged)) {
      throw new IllegalStateException("packaging refused: " + p12);
    }
    Path file = data.resolve(userId + "-" + fileName);
    Pkcs12File p12File = packaged.file();
    try (OutputStream os = Files.newOutputStream(file)) {
      p12File.writeTo(os);
    } finally {
      p12File.destroy();
    }
    audit.append(AuditEvent.byCustomer(AuditEventType.CERTIFICATE_ISSUED, account,
        Map.of("serial", cert.serial().toString(16), "profile", profile.name())));
    out.println();
    out.println("== " + show(clock.instant()) + ": certificate issued");
    out.println("serial: " + cert.serial().toString(16));
    out.println("validity: " + show(cert.notBefore()) + " .. " + show(cert.notAfter()));
    out.println("pkcs12: " + file + " (open it with the acquisition password)");
    return cert;
  }

  private LoginDecision login(CertificateAcceptance acceptance, Eligibility rules,
      IssuedCertificate certificate, KeyCustody ca, Instant now) {
    AcceptanceResult accepted = acceptance.accept(chain(certificate, ca), SERVICE, now);
    out.println("certificate step: " + describe(accepted));
    if (!(accepted instanceof AcceptanceResult.Accepted a)) {
      throw new IllegalStateException("the active certificate must be accepted here");
    }
    LoginDecision decision = rules.checkLogin(a.certificate(), now);
    out.println("login: " + describe(decision));
    return decision;
  }

  private static List<X509Certificate> chain(IssuedCertificate c, KeyCustody ca) {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(c.certificate());
    chain.addAll(ca.certificateChain());
    return chain;
  }

  private static String describe(AcceptanceResult r) {
    if (r instanceof AcceptanceResult.Accepted a) {
      return "accepted, user " + a.userId();
    }
    return "refused: " + ((AcceptanceResult.Refused) r).reason();
  }

  private static String describe(LoginDecision d) {
    if (d instanceof LoginDecision.Allowed a) {
      Instant until = a.unusableFrom();
      return until == null ? "allowed" : "allowed (stops working " + show(until) + ")";
    }
    LoginDecision.Refused r = (LoginDecision.Refused) d;
    return "refused: " + r.reason() + " since " + show(r.since());
  }

  private static String describe(ReacquisitionDecision d) {
    if (d instanceof ReacquisitionDecision.NotYet n) {
      return "not yet (" + n.reason() + "), from " + show(n.from());
    }
    if (d instanceof ReacquisitionDecision.OperatorRequired o) {
      return "operator required: " + o.reason();
    }
    return "allowed";
  }

  private JdbcStorage storage() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + data.resolve("quickstart")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    JdbcStorage storage = JdbcStorage.create(ds);
    storage.migrate();
    return storage;
  }

  /**
   * The demo CA: a software root in {@code ca.p12}, created on first run. Its keystore password is
   * kept beside it in {@code ca-password.txt} (owner-only) because this is a demo; a bank keeps the CA
   * key in an HSM ({@code Pkcs11KeyCustody}).
   */
  private KeyCustody certificateAuthority() throws IOException {
    Path keystore = data.resolve("ca.p12");
    Path passwordFile = data.resolve("ca-password.txt");
    if (Files.exists(keystore)) {
      return SoftwareKeyCustody.load(keystore,
          Secret.of(Files.readString(passwordFile, StandardCharsets.US_ASCII).strip()), "ca");
    }
    Secret password = new SecretGenerator(random).acquisitionPassword(24);
    Files.writeString(passwordFile, new String(password.toCharArray()), StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the default permissions
    }
    // created "in 2020" so that it can sign the 2020 certificate of the walk-through
    Clock caClock = Clock.fixed(at("2020-01-01T00:00:00+09:00"), JAPAN);
    return SoftwareKeyCustody.createRoot(keystore, password, "ca",
        RootCaSpec.of("CN=Shomei Quickstart Root CA,O=Example Bank,C=JP"), caClock, random);
  }

  private static String reveal(Secret s) {
    return new String(s.toCharArray());
  }

  private static Instant at(String offsetDateTime) {
    return OffsetDateTime.parse(offsetDateTime).toInstant();
  }

  private static String show(Instant i) {
    return SHOW.format(i.atZone(JAPAN));
  }

  private static String resource(String name) {
    try (InputStream in = Quickstart.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A clock the walk-through moves from step to step. */
  static final class StepClock extends Clock {
    private volatile Instant now;

    StepClock(Instant start) {
      now = start;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return JAPAN;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the walk-through uses one zone");
    }
  }
}
