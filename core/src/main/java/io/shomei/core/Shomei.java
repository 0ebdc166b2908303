package io.shomei.core;

import static io.shomei.core.internal.SetOnce.once;

import io.shomei.core.audit.AuditAnchor;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.identity.CertificateAcceptance;
import io.shomei.core.identity.CertificatePolicy;
import io.shomei.core.identity.CertificateMapper;
import io.shomei.core.identity.IssuerCrls;
import io.shomei.core.identity.ClientCertificateTrustManager;
import io.shomei.core.identity.DatedTrustAnchor;
import io.shomei.core.identity.UserIdPolicy;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.issue.KeyPregenerationPool;
import io.shomei.core.migration.CertificateInventory;
import io.shomei.core.ocsp.OcspResponder;
import io.shomei.core.password.AcquisitionMode;
import io.shomei.core.password.CredentialLockout;
import io.shomei.core.password.PasswordHasher;
import io.shomei.core.password.PasswordPolicy;
import io.shomei.core.password.SecretGenerator;
import io.shomei.core.pkcs12.Pkcs12Packager;
import io.shomei.core.pkcs12.Pkcs12Profile;
import io.shomei.spi.AuditLog;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Storage;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.OperatorStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * The entry point: one object, explicitly wired, that exposes every use case.
 *
 * <pre>{@code
 * Shomei shomei = Shomei.builder()
 *     .storage(storage)                        // an io.shomei.spi.Storage, e.g. JdbcStorage
 *     .keyCustody(custody)                     // SoftwareKeyCustody or Pkcs11KeyCustody
 *     .clock(Clock.systemUTC())
 *     .zone(ZoneId.of("Asia/Tokyo"))
 *     .passwordHasher(PasswordHasher.argon2id(random))
 *     .secureRandom(random)
 *     .service(profile, RuleSet.load(Path.of("notice-2021.rules")))
 *     .build();
 *
 * EnrollmentResult e = shomei.enrollment().enroll("12345678", "fx-forward");
 * AcquisitionResult a = shomei.acquisition().acquire(AcquisitionRequest.of(...));
 * }</pre>
 *
 * <p>Nothing is discovered from the class path (no {@code ServiceLoader}); every part is handed to
 * the {@link Builder}. The engine keeps no state of its own: everything lives behind the SPI, so a
 * bank runs any number of instances against the same stores and custody.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class Shomei {
  private final Enrollment enrollment;
  private final Acquisition acquisition;
  private final Renewal renewal;
  private final Login login;
  private final Certificates certificates;
  private final IssuingCas cas;
  private final List<CrlPublisher> crls;
  private final Supplier<OcspResponder.Builder> ocsp;
  private final Function<String, OperatorActions> operators;
  private final Supplier<CertificateInventory> inventory;
  private final AuditTrail audit;
  private final Set<String> services;
  private final CertificateAcceptance accepting;
  private final Clock clock;
  private final HealthEngine health;
  private final @Nullable Notices notices;

  /** How far ahead {@link #health()} warns of a CA certificate's end. */
  public static final Duration DEFAULT_CA_EXPIRY_HORIZON = Duration.ofDays(30);

  private Shomei(Enrollment enrollment, Acquisition acquisition, Renewal renewal, Login login,
      Certificates certificates, IssuingCas cas, List<? extends CrlPublisher> crls,
      Supplier<OcspResponder.Builder> ocsp,
      Function<String, OperatorActions> operators,
      Supplier<CertificateInventory> inventory, AuditTrail audit, Set<String> services,
      CertificateAcceptance accepting, Clock clock, HealthEngine health,
      @Nullable Notices notices) {
    this.enrollment = enrollment;
    this.notices = notices;
    this.health = health;
    this.acquisition = acquisition;
    this.renewal = renewal;
    this.login = login;
    this.certificates = certificates;
    this.cas = cas;
    this.crls = List.copyOf(crls);
    this.ocsp = ocsp;
    this.operators = operators;
    this.inventory = inventory;
    this.audit = audit;
    this.services = Set.copyOf(services);
    this.accepting = accepting;
    this.clock = clock;
  }

  private static List<X509Certificate> caCertificates(List<X509Certificate> custodyChain,
      Set<X509Certificate> anchors) {
    Set<X509Certificate> all = new LinkedHashSet<>(custodyChain);
    all.addAll(anchors);
    return List.copyOf(all);
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Account creation and the customer's letter.
   *
   * @return the enrollment use case
   */
  public Enrollment enrollment() {
    return enrollment;
  }

  /**
   * Certificate acquisition and PKCS#12 download.
   *
   * @return the acquisition use case
   */
  public Acquisition acquisition() {
    return acquisition;
  }

  /**
   * Renewal with the current certificate: the successor issued on proof of possession of the
   * current key (TLS handshake or a signed challenge), without the acquisition password.
   *
   * @return the renewal use case
   * @since 0.2.0
   */
  public Renewal renewal() {
    return renewal;
  }

  /**
   * Certificate login, password step and first-login change.
   *
   * @return the login use case
   */
  public Login login() {
    return login;
  }

  /**
   * An account's certificate status and the check of a presented chain, without a login.
   *
   * @return the certificates use case
   * @since 0.2.0
   */
  public Certificates certificates() {
    return certificates;
  }

  /**
   * Branch operator actions performed (and audited) as one operator.
   *
   * @param operatorId the operator's identity, as the host authenticated it: 1..119 chars, no
   *     control characters, no leading or trailing blanks
   * @return the actions
   * @throws IllegalArgumentException if the identity is malformed
   */
  public OperatorActions operator(String operatorId) {
    return operators.apply(operatorId);
  }

  /**
   * CRL issuance of the one CA.
   *
   * @return the CRL publisher
   * @throws IllegalStateException if the engine has several CAs: each publishes its own CRL, see
   *     {@link #crls()}
   */
  public CrlPublisher crl() {
    if (crls.size() != 1) {
      throw new IllegalStateException("this engine has " + crls.size()
          + " CAs, each with its own CRL: use crls() or crl(keyId)");
    }
    return crls.get(0);
  }

  /**
   * CRL issuance of every CA, in the order the CAs were given to the builder: a host publishes
   * each ({@link CrlPublisher#publishIfDue()} on every one) and serves each at a URL of its own,
   * for example {@code /crl/<keyId>}.
   *
   * @return one publisher per CA
   * @since 0.2.0
   */
  public List<CrlPublisher> crls() {
    return crls;
  }

  /**
   * CRL issuance of one CA.
   *
   * @param keyId the CA's {@link IssuingCa#keyId()}
   * @return its publisher, or empty if no CA of this engine has that id
   * @since 0.2.0
   */
  public Optional<CrlPublisher> crl(String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    return crls.stream().filter(p -> p.issuingCa().keyId().equals(keyId)).findFirst();
  }

  /**
   * The engine's CAs, in the order they were given to the builder.
   *
   * @return the CAs
   * @since 0.2.0
   */
  public List<IssuingCa> issuingCas() {
    return cas.all();
  }

  /**
   * The CA that issues a service's certificates at an instant: the one whose issuing window holds
   * it.
   *
   * @param service a service of this engine
   * @param at the instant
   * @return the CA
   * @throws IllegalArgumentException if the service is unknown
   * @since 0.2.0
   */
  public IssuingCa issuingCaAt(String service, Instant at) {
    Objects.requireNonNull(at, "at");
    return cas.at(Objects.requireNonNull(service, "service"), at).ca();
  }

  /**
   * An OCSP responder for TLS terminators and other relying parties, wired to this engine's
   * certificate store, key custody, clock, CSPRNG, audit trail and every service's rules: the
   * answers come from the records and rules login uses. Set the optional parts (a delegated
   * responder key, the {@code nextUpdate} interval, caching) on the returned builder, then build
   * once and keep the responder; the wired parts cannot be set again.
   *
   * @return a builder with the store, custody, clock, CSPRNG, audit trail and rules set
   * @since 0.2.0
   */
  public OcspResponder.Builder ocspResponder() {
    return ocsp.get();
  }

  /**
   * Registering certificates another system issued (migration of an existing inventory), with
   * each service's trust anchors, the user-ID policy, the clock and the audit trail of this
   * engine. Imports are audited as {@code system}; use
   * {@link CertificateInventory#byOperator(String)} to name the operator.
   *
   * @return the inventory
   */
  public CertificateInventory inventory() {
    return inventory.get();
  }

  /**
   * The audit trail (to verify it, or to append host events).
   *
   * @return the trail
   */
  public AuditTrail audit() {
    return audit;
  }

  /**
   * A trust manager for the host's TLS server that lets client chains through the handshake and
   * leaves their validation to {@link #login()} and {@link #certificates()}, naming as the
   * acceptable issuers the trust anchors of every service that are current at the clock's instant
   * of each handshake ({@link ServiceSettings#anchorWindows()}): at a dated rollover's cut-over
   * browsers stop being asked for certificates of the old CA and start being asked for the new
   * one's, in the same second login acceptance changes. See {@link ClientCertificateTrustManager}
   * for when that is safe.
   *
   * @return a new trust manager
   * @since 0.2.0
   */
  public ClientCertificateTrustManager clientTrustManager() {
    return ClientCertificateTrustManager.following(
        () -> accepting.trustAnchorsAt(clock.instant()));
  }

  /**
   * As {@link #clientTrustManager()}, for a TLS port that serves the login of one service only:
   * it names that service's current trust anchors.
   *
   * @param service a configured service
   * @return a new trust manager
   * @throws IllegalArgumentException if the service is not configured
   * @since 0.2.0
   */
  public ClientCertificateTrustManager clientTrustManager(String service) {
    trustAnchorsAt(service, clock.instant()); // fails fast on an unknown service
    return ClientCertificateTrustManager.following(
        () -> accepting.trustAnchorsAt(service, clock.instant()));
  }

  /**
   * The trust anchors a service's logins accept at an instant: the CA names a host's TLS layer
   * (or a TLS terminator's configuration) should request then.
   *
   * @param service a configured service
   * @param at the instant
   * @return the current anchors, in configuration order; empty if none is current
   * @throws IllegalArgumentException if the service is not configured
   * @since 0.2.0
   */
  public List<X509Certificate> trustAnchorsAt(String service, Instant at) {
    return accepting.trustAnchorsAt(service, at);
  }

  /**
   * Checks this node now: database, key custody (a test signature), CA certificates' ends, the audit
   * chain's newest records and the next campaign instant, each as a typed {@link Health.Check}, and
   * whether the node is {@link Health#ready()}. Never throws for a failing part: that part is DOWN.
   * Each call reads the store and signs once; a host calls it for a readiness probe, not per
   * request. See {@link Health} for liveness and readiness.
   *
   * @return the checks, with {@link #DEFAULT_CA_EXPIRY_HORIZON}
   * @since 0.2.0
   */
  public Health health() {
    return health.run(DEFAULT_CA_EXPIRY_HORIZON);
  }

  /**
   * {@link #health()} with another horizon for CA certificates' ends.
   *
   * @param caExpiryHorizon a CA certificate ending within this is WARN
   * @return the checks
   * @since 0.2.0
   */
  public Health health(Duration caExpiryHorizon) {
    if (caExpiryHorizon.isNegative()) {
      throw new IllegalArgumentException("caExpiryHorizon must not be negative");
    }
    return health.run(caExpiryHorizon);
  }

  /**
   * Customer notices: scheduled ones and their delivery (see {@link Notices}).
   *
   * @return the notices
   * @throws IllegalStateException if {@link Builder#notices} was not configured
   * @since 0.2.0
   */
  public Notices notices() {
    Notices n = notices;
    if (n == null) {
      throw new IllegalStateException("notices are not configured: Shomei.builder().notices(...)");
    }
    return n;
  }

  /**
   * The configured services.
   *
   * @return the service identifiers
   */
  public Set<String> services() {
    return services;
  }

  @Override
  public String toString() {
    return "Shomei[services=" + services + "]";
  }

  /**
   * Builds a {@link Shomei}. Every setter may be called once (per service or key type for
   * {@link #service} and {@link #keyPool}) and checks its argument at once; {@link #build()} fails
   * fast, naming the first missing part.
   *
   * <p>Required: {@link #storage}, {@link #keyCustody}, {@link #clock}, {@link #zone}, {@link #passwordHasher}, and at least one
   * {@link #service}. Everything else has a documented default.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable Storage storage;
    private @Nullable ShomeiMetrics metrics;
    private @Nullable DualControl dualControl;
    private @Nullable KeyCustody custody;
    private final List<IssuingCa> issuingCas = new ArrayList<>();
    private @Nullable Clock clock;
    private @Nullable ZoneId zone;
    private @Nullable SecureRandom random;
    private @Nullable PasswordHasher hasher;
    private @Nullable PasswordPolicy policy;
    private @Nullable AcquisitionMode acquisitionMode;
    private @Nullable Pkcs12Profile pkcs12Profile;
    private @Nullable Integer pkcs12Iterations;
    private @Nullable TicketLimits ticketLimits;
    private @Nullable RetirementPolicy retirement;
    private @Nullable Boolean anchorValidity;
    private @Nullable IssuerCrls issuerCrls;
    private @Nullable Boolean voluntary;
    private final Map<String, ThreeSecretFallback> fallbacks = new LinkedHashMap<>();
    private final Map<String, Duration> coolingOffs = new LinkedHashMap<>();
    private IssuanceAlert.@Nullable Listener issuanceAlerts;
    private @Nullable NoticeSettings noticeSettings;
    private @Nullable UserIdPolicy userIdPolicy;
    private @Nullable CertificatePolicy certificatePolicy;
    private @Nullable Duration crlNextUpdate;
    private @Nullable Duration crlRenewBefore;
    private @Nullable Duration temporaryValidity;
    private @Nullable Boolean changeAtFirstLogin;
    private @Nullable Duration pendingLoginTimeout;
    private @Nullable Set<RevocationReason> forCause;
    private @Nullable List<Duration> acquisitionLockDelays;
    private @Nullable SecretKey pendingLoginKey;
    private @Nullable SecretKey auditKey;
    private @Nullable Consumer<? super AuditAnchor> auditAnchorSink;
    private final Map<String, PendingService> services = new LinkedHashMap<>();
    private final List<KeyPregenerationPool> pools = new ArrayList<>();

    /** A service whose trust anchors may default to custody's root, known only at build(). */
    private record PendingService(CertificateProfile profile, @Nullable List<X509Certificate> anchors,
        List<DatedTrustAnchor> windows, Eligibility eligibility) {}

    private Builder() {}

    /**
     * The bank's stores (required): where
     * certificates, password states, download tickets and the audit trail are kept, and the atomic
     * commit of an acquisition across them.
     *
     * @param stores the storage, for example {@code JdbcStorage}
     * @return this builder
     * @since 0.2.0
     */
    public Builder storage(Storage stores) {
      storage = once(storage, stores, "storage");
      return this;
    }

    /**
     * The CA's signing capability: the one CA that issues every service's certificates at every
     * instant, and signs their CRLs and OCSP answers. The same as
     * {@code issuingCa(IssuingCa.of(keyCustody))}; for a rollover give the CAs with
     * {@link #issuingCa} instead. One of the two is required.
     *
     * @param keyCustody the custody; its certificate must carry a subject key identifier
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if the CA certificate has no subject key identifier
     */
    public Builder keyCustody(KeyCustody keyCustody) {
      custody = once(custody, keyCustody, "keyCustody");
      issuingCas.add(IssuingCa.of(keyCustody));
      return this;
    }

    /**
     * Adds a CA, with when and for which services it issues (repeatable; a CA given to
     * {@link #keyCustody} counts as one issuing at every instant). Every CA publishes status for
     * its certificates: its CRL ({@link Shomei#crls()}), OCSP answers, a health check. At every
     * instant exactly one CA must issue each service's certificates: {@link #build()} refuses
     * overlapping windows, an instant with no issuing CA, and two CAs with the same certificate,
     * subject name or subject key identifier (serials are unique per issuer name only).
     *
     * <p>A service's default trust anchors (when the service names none) are the roots of every
     * CA's chain, undated; a rollover that stops accepting the old CA at its cut-over dates the
     * anchors explicitly ({@link ServiceSettings}).
     *
     * @param ca the CA
     * @return this builder
     * @since 0.2.0
     */
    public Builder issuingCa(IssuingCa ca) {
      issuingCas.add(Objects.requireNonNull(ca, "ca"));
      return this;
    }

    /**
     * The clock (required): every instant Shomei records or judges comes from it.
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      clock = once(clock, c, "clock");
      return this;
    }

    /**
     * The bank's time zone (required), for what customers see (validity periods, MISSION R4). Rule
     * dates carry their own zone.
     *
     * @param bankZone the zone, for example {@code Asia/Tokyo}
     * @return this builder
     */
    public Builder zone(ZoneId bankZone) {
      zone = once(zone, bankZone, "zone");
      return this;
    }

    /**
     * The CSPRNG for keys, serials, salts, generated passwords and ticket ids (default: a new
     * {@link SecureRandom}; inject a seeded one only in tests).
     *
     * @param r the CSPRNG
     * @return this builder
     */
    public Builder secureRandom(SecureRandom r) {
      random = once(random, r, "secureRandom");
      return this;
    }

    /**
     * The password hasher (required), for example {@link PasswordHasher#argon2id}.
     *
     * @param passwordHasher the hasher
     * @return this builder
     */
    public Builder passwordHasher(PasswordHasher passwordHasher) {
      hasher = once(hasher, passwordHasher, "passwordHasher");
      return this;
    }

    /**
     * The login password policy (default {@link PasswordPolicy#japaneseBank()}). Its
     * {@link PasswordPolicy#lockoutThreshold()} is the lockout threshold of both passwords, so
     * login and acquisition lock alike.
     *
     * @param passwordPolicy the policy
     * @return this builder
     */
    public Builder passwordPolicy(PasswordPolicy passwordPolicy) {
      policy = once(policy, passwordPolicy, "passwordPolicy");
      return this;
    }

    /**
     * Whether the acquisition password is reusable or one-time (default
     * {@link AcquisitionMode#REUSABLE}, as in the bank's notice, R6).
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder acquisitionMode(AcquisitionMode mode) {
      acquisitionMode = once(acquisitionMode, mode, "acquisitionMode");
      return this;
    }

    /**
     * The PKCS#12 profile used when a request names none (default {@link Pkcs12Profile#COMPAT},
     * which every Windows imports).
     *
     * @param profile the profile
     * @return this builder
     */
    public Builder pkcs12Profile(Pkcs12Profile profile) {
      pkcs12Profile = once(pkcs12Profile, profile, "pkcs12Profile");
      return this;
    }

    /**
     * The PKCS#12 KDF iteration count (default {@value Pkcs12Packager#DEFAULT_ITERATIONS}).
     *
     * @param iterations 1..{@value Pkcs12Packager#MAX_ITERATIONS}
     * @return this builder
     */
    public Builder pkcs12Iterations(int iterations) {
      if (iterations < 1 || iterations > Pkcs12Packager.MAX_ITERATIONS) {
        throw new IllegalArgumentException("iterations must be 1.." + Pkcs12Packager.MAX_ITERATIONS);
      }
      pkcs12Iterations = once(pkcs12Iterations, iterations, "pkcs12Iterations");
      return this;
    }

    /**
     * Download ticket lifetime and count (default {@link TicketLimits#DEFAULT}: 24 h, 3 downloads).
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder ticketLimits(TicketLimits limits) {
      ticketLimits = once(ticketLimits, limits, "ticketLimits");
      return this;
    }

    /**
     * Whether a login needs the trust anchor's own certificate to be valid at the instant of login
     * (default {@code true}; see
     * {@link CertificateAcceptance.Builder#checkTrustAnchorValidity(boolean)}: RFC 5280 treats an
     * anchor as a name and a key, banks refuse a login under an expired CA).
     *
     * @param check whether to check the anchor's validity
     * @return this builder
     * @since 0.2.0
     */
    public Builder checkTrustAnchorValidity(boolean check) {
      anchorValidity = once(anchorValidity, check, "checkTrustAnchorValidity");
      return this;
    }

    /**
     * The CRLs of adopted CAs (and of the CAs of imported inventories) that login, the certificate
     * check and every page honour (optional; default none): a certificate, or a CA certificate of
     * its path, revoked on its issuer's CRL is refused even while its record is ACTIVE, and a CA
     * configured to require a CRL refuses its certificates while no current CRL is loaded. The
     * host keeps loading the CAs' new CRLs into the object it passes here; see
     * {@link IssuerCrls}.
     *
     * @param crls the CRLs
     * @return this builder
     * @since 0.2.0
     */
    public Builder issuerCrls(IssuerCrls crls) {
      issuerCrls = once(issuerCrls, crls, "issuerCrls");
      return this;
    }

    /**
     * What the service does with an acquisition by the three secrets alone while the account holds
     * a certificate that can renew (default {@link ThreeSecretFallback#ALLOW}).
     *
     * @param service a service added with {@link #service}
     * @param mode the mode
     * @return this builder
     * @throws IllegalStateException if the service's mode was already set
     * @since 0.2.0
     */
    public Builder threeSecretFallback(String service, ThreeSecretFallback mode) {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(mode, "mode");
      if (fallbacks.putIfAbsent(service, mode) != null) {
        throw new IllegalStateException("threeSecretFallback of " + service + " was already set");
      }
      return this;
    }

    /**
     * A cooling-off for the service: a certificate issued by the three secrets while the account
     * held a certificate that could have renewed instead (the fallback that
     * {@link ThreeSecretFallback#ALLOW} and {@link ThreeSecretFallback#ALLOW_WITH_ALERT} let
     * through) logs in only from {@code duration} after its issuance. Until then its login is
     * refused with {@link Refusal.CoolingOff}, which says the instant it ends. A phishing site
     * that obtained the three secrets gets a certificate it cannot use at once, and the customer
     * warned by the {@link IssuanceAlert} has that long to call the bank. The instant is kept with
     * the certificate ({@link io.shomei.spi.CertificateRecord#loginFrom()}); a renewal with such a
     * certificate passes it on. A renewal with proof, a first acquisition and an acquisition after
     * the branch flagged the PC as lost ({@link OperatorActions#flagDeviceLostOrReplaced}) have
     * none. Optional; default none.
     *
     * @param service a service added with {@link #service}
     * @param duration how long, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code duration} is zero or negative
     * @throws IllegalStateException if the service's cooling-off was already set
     * @since 0.2.0
     */
    public Builder coolingOff(String service, Duration duration) {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(duration, "duration");
      if (duration.isZero() || duration.isNegative()) {
        throw new IllegalArgumentException("coolingOff must be positive: " + duration);
      }
      if (coolingOffs.putIfAbsent(service, duration) != null) {
        throw new IllegalStateException("coolingOff of " + service + " was already set");
      }
      return this;
    }

    /**
     * The host's listener of {@link IssuanceAlert}s ({@link ThreeSecretFallback#ALLOW_WITH_ALERT}):
     * the seam to a notification outbox. Optional; the alerts are audited either way.
     *
     * @param listener the listener
     * @return this builder
     * @since 0.2.0
     */
    public Builder issuanceAlerts(IssuanceAlert.Listener listener) {
      issuanceAlerts = once(issuanceAlerts, listener, "issuanceAlerts");
      return this;
    }

    /**
     * Writes customer notices into the storage's outbox ({@link io.shomei.spi.Storage#noticeStore()}):
     * every acquisition and renewal then commits its ISSUED, SUPERSEDED and ISSUANCE_ALERT notices
     * atomically with the certificate; a download its DOWNLOADED notice, a certificate's first
     * login its FIRST_USED notice, an operator's revocation its REVOKED notice and the failure that
     * locks the login password its ACCOUNT_LOCKED notice, each in the storage's atomic unit with
     * the change ({@link io.shomei.spi.Storage#takeTicket},
     * {@link io.shomei.spi.Storage#updateCredentials}, {@link io.shomei.spi.Storage#revoke});
     * {@link Shomei#notices()} schedules and delivers them. Optional; without it no notice is
     * written.
     *
     * @param settings the settings, for example {@link NoticeSettings#bankDefault()}
     * @return this builder
     * @since 0.2.0
     */
    public Builder notices(NoticeSettings settings) {
      noticeSettings = once(noticeSettings, settings, "notices");
      return this;
    }

    /**
     * Whether and when a superseded certificate is also revoked (reason {@code superseded}; default
     * {@link RetirementPolicy#KEEP_SUPERSEDED}: it stays SUPERSEDED).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder retirementPolicy(RetirementPolicy policy) {
      retirement = once(retirement, policy, "retirementPolicy");
      return this;
    }

    /**
     * Whether a customer whose certificate is still usable, and whom no rule makes eligible, may
     * re-acquire anyway (default {@code false}). Rule dates still apply: a "not yet" is a "not yet".
     *
     * @param allow the option
     * @return this builder
     */
    public Builder voluntaryReacquisition(boolean allow) {
      voluntary = once(voluntary, allow, "voluntaryReacquisition");
      return this;
    }

    /**
     * Keys the audit trail: every record appended carries an HMAC-SHA256 tag under this key
     * instead of a plain SHA-256 hash, so that whoever can write the database cannot rewrite the
     * trail and recompute it (see {@link AuditTrail}). Keep the key where the database is not: in
     * the HSM (a non-extractable PKCS#11 key), or at least in a secret store of its own. Records
     * written before keying stay readable as the chain's unkeyed prefix. Default: unkeyed.
     *
     * @param key the key, at least 256 bits
     * @return this builder
     * @throws IllegalArgumentException if the key cannot be used for HMAC-SHA256
     * @since 0.2.0
     */
    public Builder auditKey(SecretKey key) {
      Objects.requireNonNull(key, "key");
      auditKey = once(auditKey, key, "auditKey");
      return this;
    }

    /**
     * Receives the {@link AuditAnchor} of every audit record appended, after it is stored, to keep
     * outside the database (a write-once file, a log server): checked later with
     * {@link AuditTrail#verify(AuditAnchor)}, it shows records deleted from the end of the trail
     * or the trail rewritten. Called from the engine's threads; a sink that throws is logged and
     * does not fail the business operation.
     *
     * @param sink the sink
     * @return this builder
     * @since 0.2.0
     */
    public Builder auditAnchorSink(Consumer<? super AuditAnchor> sink) {
      Objects.requireNonNull(sink, "sink");
      auditAnchorSink = once(auditAnchorSink, sink, "auditAnchorSink");
      return this;
    }

    /**
     * The key that seals {@link PendingLogin}s (HMAC-SHA256; at least 256 bits). Default: a random
     * key per engine, so a pending login is good only on the node (and in the JVM) whose
     * certificate step made it. Hosts with several nodes behind one session store, or whose
     * sessions outlive a restart, give every node the same key (a {@code SecretKeySpec} from a
     * secret store, or a non-extractable PKCS#11 key); rotating it makes customers present the
     * certificate again, nothing more. The same key seals renewal challenges
     * ({@link RenewalChallenge}, under a label of their own), so with the default a challenge is
     * good only on the node that made it.
     *
     * @param key the key
     * @return this builder
     * @throws IllegalArgumentException if the key cannot be used for HMAC-SHA256
     * @since 0.2.0
     */
    public Builder pendingLoginKey(SecretKey key) {
      Objects.requireNonNull(key, "key");
      byte[] encoded = key.getEncoded();
      if (encoded != null) {
        int bits = encoded.length * 8;
        java.util.Arrays.fill(encoded, (byte) 0);
        if (bits < 256) {
          throw new IllegalArgumentException("the pending-login key must have at least 256 bits");
        }
      }
      new PendingLoginSeal(key); // validates
      pendingLoginKey = once(pendingLoginKey, key, "pendingLoginKey");
      return this;
    }

    /**
     * How long the certificate-less acquisition path stays locked after too many failures (default
     * {@link CredentialLockout#DEFAULT_FIRST_ACQUISITION_DELAY} doubling up to
     * {@link CredentialLockout#DEFAULT_MAX_ACQUISITION_DELAY}); see {@link CredentialLockout} for
     * the scheme and its reasons. Failures there never lock the login password.
     *
     * @param first the first lock, at the password policy's lockout threshold
     * @param max the longest lock
     * @return this builder
     * @throws IllegalArgumentException unless {@code 1 s <= first <= max <= 1 day}
     * @since 0.2.0
     */
    public Builder acquisitionLockDelays(Duration first, Duration max) {
      CredentialLockout.builder().acquisitionLockDelays(first, max); // validates
      acquisitionLockDelays = once(acquisitionLockDelays, List.of(first, max),
          "acquisitionLockDelays");
      return this;
    }

    /**
     * The revocation reasons after which self-service acquisition stays closed until an operator
     * issues a new acquisition password ({@link OperatorActions#resetAcquisitionPassword}): the
     * passwords that acquired the revoked certificate may be in someone else's hands, or the bank
     * withdrew the customer's right to one. Default {@code unspecified}, {@code keyCompromise},
     * {@code affiliationChanged} and {@code privilegeWithdrawn}. {@code superseded} (a natural
     * replacement) and {@code cessationOfOperation} (the service ended) are never for cause and
     * are refused here; {@code cACompromise} is not in the default (the bank's CA, not the
     * customer's secrets, was compromised) but may be added. An empty set turns the rule off.
     *
     * @param reasons the reasons
     * @return this builder
     * @throws IllegalArgumentException if {@code reasons} holds SUPERSEDED or
     *     CESSATION_OF_OPERATION
     * @since 0.2.0
     */
    public Builder operatorStepAfterRevocation(Set<RevocationReason> reasons) {
      RevocationForCause checked = new RevocationForCause(reasons);
      forCause = once(forCause, checked.reasons(), "operatorStepAfterRevocation");
      return this;
    }

    /**
     * The user-ID syntax enforced at enrollment and in certificate mapping (default
     * {@link UserIdPolicy#eightDigits()}).
     *
     * @param p the policy
     * @return this builder
     */
    public Builder userIdPolicy(UserIdPolicy p) {
      userIdPolicy = once(userIdPolicy, p, "userIdPolicy");
      return this;
    }

    /**
     * The keys and signature algorithms of certificates (default
     * {@link CertificatePolicy#bankDefault()}): one value for CSR checks, server-side key
     * generation, login acceptance and eligibility selectors, so that every certificate the engine
     * issues is accepted at login. {@link #build()} refuses a service whose profile the policy does
     * not allow.
     *
     * @param p the policy
     * @return this builder
     * @since 0.2.0
     */
    public Builder certificatePolicy(CertificatePolicy p) {
      certificatePolicy = once(certificatePolicy, p, "certificatePolicy");
      return this;
    }

    /**
     * The interval between CRLs: {@code nextUpdate = thisUpdate + interval} (default 7 days).
     *
     * @param interval 1 minute .. 366 days
     * @return this builder
     */
    public Builder crlNextUpdate(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.compareTo(Duration.ofMinutes(1)) < 0 || interval.compareTo(Duration.ofDays(366)) > 0) {
        throw new IllegalArgumentException("CRL interval must be 1 minute .. 366 days");
      }
      crlNextUpdate = once(crlNextUpdate, interval, "crlNextUpdate");
      return this;
    }

    /**
     * How long before a CRL's {@code nextUpdate} {@link CrlPublisher#publishIfDue()} publishes the
     * next one (default: half the {@link #crlNextUpdate interval}), so that relying parties find a
     * fresh CRL before theirs expires, also when a node or a run is missed.
     *
     * @param margin at least 1 minute and less than the interval (checked by {@link #build()})
     * @return this builder
     * @since 0.2.0
     */
    public Builder crlRenewBefore(Duration margin) {
      Objects.requireNonNull(margin, "margin");
      if (margin.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException("CRL renewal margin must be at least 1 minute");
      }
      crlRenewBefore = once(crlRenewBefore, margin, "crlRenewBefore");
      return this;
    }

    /**
     * How long a temporary login password stays valid after it is issued (default: until used).
     *
     * @param validity 1 hour .. 366 days
     * @return this builder
     */
    public Builder temporaryPasswordValidity(Duration validity) {
      Objects.requireNonNull(validity, "validity");
      if (validity.compareTo(Duration.ofHours(1)) < 0 || validity.compareTo(Duration.ofDays(366)) > 0) {
        throw new IllegalArgumentException("temporary password validity must be 1 hour .. 366 days");
      }
      temporaryValidity = once(temporaryValidity, validity, "temporaryPasswordValidity");
      return this;
    }

    /**
     * Whether the first login with a temporary password must change it (default {@code true},
     * MISSION L5).
     *
     * @param require the option
     * @return this builder
     */
    public Builder requireChangeAtFirstLogin(boolean require) {
      changeAtFirstLogin = once(changeAtFirstLogin, require, "requireChangeAtFirstLogin");
      return this;
    }

    /**
     * How long a certificate step stays good for the password step (default
     * {@link Login#DEFAULT_PENDING_LOGIN_TIMEOUT}); after it the customer presents the certificate
     * again.
     *
     * @param timeout positive, at most one day
     * @return this builder
     * @since 0.2.0
     */
    public Builder pendingLoginTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("pendingLoginTimeout must be positive and at most a day");
      }
      pendingLoginTimeout = once(pendingLoginTimeout, timeout, "pendingLoginTimeout");
      return this;
    }

    /**
     * Adds a service whose logins trust the root of the key custody's chain.
     *
     * @param profile the certificate profile; its {@link CertificateProfile#service()} names the
     *     service
     * @param eligibility the reissue-eligibility rules of the service
     * @return this builder
     * @throws IllegalStateException if the service was already added
     */
    public Builder service(CertificateProfile profile, Eligibility eligibility) {
      return addService(new PendingService(Objects.requireNonNull(profile, "profile"), null,
          List.of(), Objects.requireNonNull(eligibility, "eligibility")));
    }

    /**
     * Adds a service with explicit trust anchors.
     *
     * @param settings the service's settings
     * @return this builder
     * @throws IllegalStateException if the service was already added
     */
    public Builder service(ServiceSettings settings) {
      return addService(new PendingService(settings.profile(), settings.trustAnchors(),
          settings.anchorWindows(), settings.eligibility()));
    }

    private Builder addService(PendingService s) {
      String name = s.profile().service();
      if (services.putIfAbsent(name, s) != null) {
        throw new IllegalStateException("service " + name + " was already added");
      }
      return this;
    }

    /**
     * Adds a key pre-generation pool (at most one per key type). The host owns its life cycle.
     *
     * @param pool the pool
     * @return this builder
     * @throws IllegalStateException if a pool for the same key type was added
     */
    public Builder keyPool(KeyPregenerationPool pool) {
      Objects.requireNonNull(pool, "pool");
      for (KeyPregenerationPool p : pools) {
        if (p.keyType() == pool.keyType()) {
          throw new IllegalStateException("a pool for " + pool.keyType() + " was already added");
        }
      }
      pools.add(pool);
      return this;
    }

    private AuditTrail auditTrail(AuditLog log, Clock c) {
      SecretKey chainKey = auditKey;
      AuditTrail trail = chainKey == null ? new AuditTrail(log, c) : new AuditTrail(log, c, chainKey);
      Consumer<? super AuditAnchor> anchors = auditAnchorSink;
      return anchors == null ? trail : trail.withAnchorSink(anchors);
    }

    private static <T> T require(@Nullable T value, String name) {
      if (value == null) {
        throw new IllegalStateException("Shomei.builder(): " + name + " is required");
      }
      return value;
    }

    private Storage storage() {
      return require(storage, "storage");
    }

    /**
     * Reports every login step, acquisition and download (typed outcome, latency) and every
     * audit event's type to {@code listener} (see {@link ShomeiMetrics}). Optional.
     *
     * @param listener the host's metrics binding
     * @return this builder
     * @since 0.2.0
     */
    public Builder metrics(ShomeiMetrics listener) {
      metrics = once(metrics, listener, "metrics");
      return this;
    }

    /**
     * Puts sensitive operator actions under dual control: one operator proposes, another approves
     * (see {@link OperatorActions}). Optional; without it every action is performed directly, and
     * any action may still be proposed. The storage must then keep operators
     * ({@link Storage#operatorStore()}).
     *
     * @param policy the kinds that need an approval and how long a proposal waits
     * @return this builder
     * @since 0.2.0
     */
    public Builder dualControl(DualControl policy) {
      dualControl = once(dualControl, policy, "dualControl");
      return this;
    }

    /**
     * Builds the engine.
     *
     * @return the engine
     * @throws IllegalStateException naming the first missing required part, or an inconsistency
     */
    public Shomei build() {
      Storage st = storage();
      CertificateStore certs = st.certificateStore();
      CredentialStore creds = st.credentialStore();
      DownloadTicketStore tix = st.downloadTicketStore();
      AuditLog log = st.auditLog();
      if (issuingCas.isEmpty()) {
        throw new IllegalStateException("Shomei.builder(): keyCustody (or issuingCa) is required");
      }
      Clock c = require(clock, "clock");
      ZoneId z = require(zone, "zone");
      PasswordHasher h = require(hasher, "passwordHasher");
      if (services.isEmpty()) {
        throw new IllegalStateException("Shomei.builder(): at least one service is required");
      }
      for (String s : fallbacks.keySet()) {
        if (!services.containsKey(s)) {
          throw new IllegalStateException("Shomei.builder(): threeSecretFallback names service "
              + s + ", which was not added");
        }
      }
      for (String s : coolingOffs.keySet()) {
        if (!services.containsKey(s)) {
          throw new IllegalStateException("Shomei.builder(): coolingOff names service "
              + s + ", which was not added");
        }
      }
      SecureRandom r = random == null ? new SecureRandom() : random;
      PasswordPolicy p = policy == null ? PasswordPolicy.japaneseBank() : policy;
      AcquisitionMode mode = acquisitionMode == null ? AcquisitionMode.REUSABLE : acquisitionMode;
      UserIdPolicy ids = userIdPolicy == null ? UserIdPolicy.eightDigits() : userIdPolicy;
      RetirementPolicy retire = retirement == null ? RetirementPolicy.KEEP_SUPERSEDED : retirement;
      CertificatePolicy certPolicy =
          certificatePolicy == null ? CertificatePolicy.bankDefault() : certificatePolicy;

      Set<X509Certificate> caChains = new LinkedHashSet<>();
      List<X509Certificate> roots = new ArrayList<>();
      for (IssuingCa ca : issuingCas) {
        List<X509Certificate> chain = ca.custody().certificateChain();
        caChains.addAll(chain);
        X509Certificate root = chain.get(chain.size() - 1);
        if (!roots.contains(root)) {
          roots.add(root);
        }
      }
      Map<String, ServiceSettings> settings = new LinkedHashMap<>();
      CertificateAcceptance.Builder acceptance = CertificateAcceptance.builder()
          .certificateStore(certs).mapper(CertificateMapper.withPolicy(ids)).zone(z)
          .certificatePolicy(certPolicy)
          .checkTrustAnchorValidity(anchorValidity == null || anchorValidity);
      if (issuerCrls != null) {
        acceptance.issuerCrls(issuerCrls);
      }
      for (PendingService s : services.values()) {
        List<X509Certificate> anchors = s.anchors() == null ? List.copyOf(roots) : s.anchors();
        ServiceSettings ss = new ServiceSettings(s.profile().service(), s.profile(), anchors,
            s.eligibility().withCertificatePolicy(certPolicy), s.windows());
        settings.put(ss.service(), ss);
        acceptance.datedTrustAnchors(ss.service(), ss.datedTrustAnchors());
      }

      // with notices, the changes a customer is told about write their notices in the same unit
      Noticing noticing = noticeSettings == null ? Noticing.NONE : Noticing.through(st);
      CredentialLockout.Builder lockouts = CredentialLockout.builder()
          .store(noticing.credentials(creds)).clock(c)
          .threshold(p.lockoutThreshold()).acquisitionMode(mode);
      if (acquisitionLockDelays != null) {
        lockouts.acquisitionLockDelays(acquisitionLockDelays.get(0), acquisitionLockDelays.get(1));
      }
      CredentialLockout lockout = lockouts.build();
      IssuingCas cas = IssuingCas.of(issuingCas, settings.keySet(), ca -> {
        CertificateIssuer.Builder issuer = CertificateIssuer.builder().keyCustody(ca.custody())
            .clock(c).secureRandom(r).certificatePolicy(certPolicy);
        pools.forEach(issuer::keyPool);
        if (ca.crlDistributionPointUrl() != null) {
          issuer.crlDistributionPoint(ca.crlDistributionPointUrl());
        }
        if (ca.caIssuersUrl() != null) {
          issuer.caIssuers(ca.caIssuersUrl());
        }
        return issuer.build();
      });
      settings.values().forEach(ss -> cas.issuing(ss.service())
          .forEach(i -> i.issuer().requireIssuable(ss.profile())));
      Map<Pkcs12Profile, Pkcs12Packager> packagers = new EnumMap<>(Pkcs12Profile.class);
      for (Pkcs12Profile profile : Pkcs12Profile.values()) {
        Pkcs12Packager.Builder b = Pkcs12Packager.builder().profile(profile).secureRandom(r);
        if (pkcs12Iterations != null) {
          b.iterations(pkcs12Iterations);
        }
        packagers.put(profile, b.build());
      }
      ShomeiMetrics meter = metrics;
      AuditTrail trail = meter == null ? auditTrail(log, c)
          : auditTrail(log, c).withTypeListener(meter::audited);
      SecretGenerator generator = new SecretGenerator(r);
      Map<String, Eligibility> rules = new LinkedHashMap<>();
      settings.forEach((name, ss) -> rules.put(name, ss.eligibility()));

      Enrollment enroll = new EnrollmentEngine(settings, ids, creds, generator, p,
          temporaryValidity, h, trail, c);
      SecretCheck secrets = new SecretCheck(lockout, h, creds);
      RevocationForCause revocations =
          new RevocationForCause(forCause == null ? RevocationForCause.DEFAULT : forCause);
      AcquisitionEngine acquireEngine = new AcquisitionEngine(settings, ids, lockout, secrets, certs, st,
          voluntary != null && voluntary, cas,
          pkcs12Profile == null ? Pkcs12Profile.COMPAT : pkcs12Profile, packagers, retire,
          ticketLimits == null ? TicketLimits.DEFAULT : ticketLimits, tix, r, creds, trail, c,
          revocations, fallbacks, coolingOffs, issuanceAlerts, noticeSettings != null);
      NoticeSettings ns = noticeSettings;
      // fails fast on a storage without an outbox
      Notices noticesEngine = ns == null ? null
          : new NoticesEngine(ns, st.noticeStore(), certs, c, z, trail);
      Acquisition acquire = acquireEngine;
      CertificateAcceptance accepting = acceptance.build();
      PendingLoginSeal seal = pendingLoginKey == null ? PendingLoginSeal.random(r)
          : new PendingLoginSeal(pendingLoginKey);
      Renewal renew = new RenewalEngine(settings, accepting, certs, creds, acquireEngine, seal,
          revocations, voluntary != null && voluntary, trail, c, r);
      Certificates status = new CertificatesEngine(accepting, rules, certs, creds, tix, ids,
          voluntary != null && voluntary, c, z, revocations);
      Login loginEngine = new LoginEngine(accepting, rules, creds, certs, tix, h, p,
          lockout, secrets, trail, c, z, new LoginEngine.LoginOptions(
              retire == RetirementPolicy.AT_FIRST_LOGIN, true,
              changeAtFirstLogin == null || changeAtFirstLogin,
              pendingLoginTimeout == null ? Login.DEFAULT_PENDING_LOGIN_TIMEOUT
                  : pendingLoginTimeout,
              seal, noticing));
      Duration crlInterval = crlNextUpdate == null ? Duration.ofDays(7) : crlNextUpdate;
      Duration crlMargin = crlRenewBefore == null ? crlInterval.dividedBy(2) : crlRenewBefore;
      if (crlMargin.compareTo(crlInterval) >= 0) {
        throw new IllegalStateException("crlRenewBefore must be shorter than crlNextUpdate");
      }
      byte[] node = new byte[8];
      r.nextBytes(node);
      String holder = "node-" + java.util.HexFormat.of().formatHex(node);
      List<CrlEngine> crls = new ArrayList<>();
      for (IssuingCa ca : cas.all()) {
        crls.add(new CrlEngine(ca, c, crlInterval, crlMargin, certs, st.crlStore(),
            st.leaseStore(), trail, rules, holder));
      }
      Duration temporary = temporaryValidity;
      DualControl dual = dualControl == null
          ? new DualControl(Set.of(), DualControl.DEFAULT_EXPIRY) : dualControl;
      Supplier<OperatorStore> operatorStore = st::operatorStore;
      if (!dual.required().isEmpty()) {
        OperatorStore fixed = st.operatorStore(); // fails fast on a storage without operators
        operatorStore = () -> fixed;
      }
      OperatorEngine.DualControlWiring wiring = new OperatorEngine.DualControlWiring(dual,
          operatorStore, r, Set.copyOf(settings.keySet()));
      Function<String, OperatorActions> operators = operatorId -> new OperatorEngine(trail,
          generator, lockout, h, creds, p, temporary, certs, tix, c, operatorId, wiring,
          noticing);
      Supplier<CertificateInventory> inventory = () -> {
        CertificateInventory.Builder b = CertificateInventory.builder()
            .certificateStore(certs)
            .credentialStore(creds)
            .auditTrail(trail)
            .clock(c)
            .userIdPolicy(ids);
        settings.forEach((name, ss) -> b.trustAnchors(name, ss.trustAnchors()));
        return b.build();
      };
      Set<X509Certificate> allAnchors = new LinkedHashSet<>();
      settings.values().forEach(ss -> allAnchors.addAll(ss.trustAnchors()));
      Supplier<OcspResponder.Builder> ocsp = () -> {
        OcspResponder.Builder b = OcspResponder.builder().certificateStore(certs)
            .clock(c).secureRandom(r).auditTrail(trail);
        cas.all().forEach(ca -> b.keyCustody(ca.custody()));
        rules.forEach(b::eligibility);
        return b;
      };
      if (meter != null) {
        acquire = MeteredSteps.acquisition(acquire, meter);
        loginEngine = MeteredSteps.login(loginEngine, meter);
      }
      return new Shomei(enroll, acquire, renew, loginEngine, status, cas, crls, ocsp, operators,
          inventory, trail, settings.keySet(), accepting, c, new HealthEngine(log, trail, cas.all(),
              caCertificates(List.copyOf(caChains), allAnchors), rules, c, crls), noticesEngine);
    }
  }
}
