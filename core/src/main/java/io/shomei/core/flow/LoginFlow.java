package io.shomei.core.flow;

import io.shomei.core.Secret;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.identity.CertificateAcceptance;
import io.shomei.core.password.CredentialLockout;
import io.shomei.core.password.PasswordHasher;
import io.shomei.core.password.PasswordPolicy;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.DownloadTicketStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The certificate login use case (MISSION L1&ndash;L6): certificate step, password step, and the
 * password change required at first login.
 *
 * <pre>{@code
 * LoginResult.CertificateStep c = flow.presentCertificate("fx-forward", peerCertificates);
 * if (c instanceof LoginResult.PasswordRequired p) {
 *   session.put("pending", p.pending());                     // server-side session
 *   LoginResult.PasswordStep s = flow.password(p.pending(), Secret.copyOf(passwordField));
 *   if (s instanceof LoginResult.ChangeRequired change) {
 *     LoginResult.ChangeStep done =
 *         flow.changePassword(change.pending(), Secret.copyOf(current), Secret.copyOf(next));
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe and stateless: all state lives in the stores, so any node may run any step.
 *
 * @since 0.1.0
 */
public final class LoginFlow {
  /** Default for {@link Builder#pendingLoginTimeout}. */
  public static final Duration DEFAULT_PENDING_LOGIN_TIMEOUT = Duration.ofMinutes(10);

  private final CertificateAcceptance acceptance;
  private final @Nullable Eligibility defaultEligibility;
  private final Map<String, Eligibility> eligibilityByService;
  private final CredentialStore credentials;
  private final CertificateStore certificates;
  private final DownloadTicketStore tickets;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final CredentialLockout lockout;
  private final AuditTrail audit;
  private final Clock clock;
  private final ZoneId zone;
  private final boolean retireSuperseded;
  private final boolean deleteTickets;
  private final boolean changeAtFirstLogin;
  private final Duration pendingTimeout;

  private LoginFlow(Builder b) {
    this.acceptance = Objects.requireNonNull(b.acceptance);
    this.defaultEligibility = b.defaultEligibility;
    this.eligibilityByService = Map.copyOf(b.eligibilityByService);
    this.credentials = Objects.requireNonNull(b.credentials);
    this.certificates = Objects.requireNonNull(b.certificates);
    this.tickets = Objects.requireNonNull(b.tickets);
    this.hasher = Objects.requireNonNull(b.hasher);
    this.policy = Objects.requireNonNull(b.policy);
    this.lockout = Objects.requireNonNull(b.lockout);
    this.audit = Objects.requireNonNull(b.audit);
    this.clock = Objects.requireNonNull(b.clock);
    this.zone = Objects.requireNonNull(b.zone);
    this.retireSuperseded = b.retireSuperseded == null || b.retireSuperseded;
    this.deleteTickets = b.deleteTickets == null || b.deleteTickets;
    this.changeAtFirstLogin = b.changeAtFirstLogin == null || b.changeAtFirstLogin;
    this.pendingTimeout = b.pendingTimeout == null ? DEFAULT_PENDING_LOGIN_TIMEOUT : b.pendingTimeout;
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
   * Step 1 (MISSION L1&ndash;L3): the customer presented a client certificate for a service.
   *
   * @param service the service logged in to; must have trust anchors in the acceptance
   * @param chain the presented certificates, the customer's first (as
   *     {@code SSLSession.getPeerCertificates()} returns them)
   * @return {@link LoginResult.PasswordRequired} or {@link LoginResult.Refused}
   * @throws IllegalArgumentException if the service has no trust anchors configured
   * @throws io.shomei.spi.StorageException if a store fails
   */
  public LoginResult.CertificateStep presentCertificate(String service, List<X509Certificate> chain) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Step 2 (MISSION L4, L6): the customer entered the login password.
   *
   * @param pending from {@link LoginResult.PasswordRequired#pending()}
   * @param password the password as entered (case-sensitive); destroyed before this returns
   * @return {@link LoginResult.Authenticated}, {@link LoginResult.ChangeRequired} or
   *     {@link LoginResult.Refused}
   * @throws io.shomei.spi.StorageException if a store fails
   */
  public LoginResult.PasswordStep password(PendingLogin pending, Secret password) {
    password.destroy();
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Step 3 (MISSION L5): the customer changes the password, giving the current one again.
   *
   * @param pending from {@link LoginResult.ChangeRequired#pending()}
   * @param current the current (typically temporary) password; destroyed before this returns
   * @param newPassword the new password; destroyed before this returns
   * @return {@link LoginResult.Authenticated}, {@link LoginResult.PolicyViolations} or
   *     {@link LoginResult.Refused}
   * @throws io.shomei.spi.StorageException if a store fails
   */
  public LoginResult.ChangeStep changePassword(
      PendingLogin pending, Secret current, Secret newPassword) {
    current.destroy();
    newPassword.destroy();
    throw new UnsupportedOperationException("not yet");
  }

  Eligibility eligibilityFor(String service) {
    Eligibility e = eligibilityByService.get(service);
    if (e != null) {
      return e;
    }
    return defaultEligibility != null ? defaultEligibility : NO_RULES;
  }

  private static final Eligibility NO_RULES = RuleSet.of(List.of());

  @Override
  public String toString() {
    return "LoginFlow[services=" + acceptance.services() + ", retireSupersededAtFirstLogin="
        + retireSuperseded + ", deleteDownloadTicketsAtFirstLogin=" + deleteTickets
        + ", requireChangeAtFirstLogin=" + changeAtFirstLogin + ", pendingLoginTimeout="
        + pendingTimeout + "]";
  }

  /**
   * Builds a {@link LoginFlow}. Every setter may be called once; {@link #build()} fails fast when a
   * required part is missing. Required: {@link #certificateAcceptance}, {@link #credentialStore},
   * {@link #certificateStore}, {@link #downloadTicketStore}, {@link #passwordHasher},
   * {@link #passwordPolicy}, {@link #credentialLockout}, {@link #auditTrail}, {@link #clock},
   * {@link #zone}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable CertificateAcceptance acceptance;
    private @Nullable Eligibility defaultEligibility;
    private final Map<String, Eligibility> eligibilityByService = new LinkedHashMap<>();
    private @Nullable CredentialStore credentials;
    private @Nullable CertificateStore certificates;
    private @Nullable DownloadTicketStore tickets;
    private @Nullable PasswordHasher hasher;
    private @Nullable PasswordPolicy policy;
    private @Nullable CredentialLockout lockout;
    private @Nullable AuditTrail audit;
    private @Nullable Clock clock;
    private @Nullable ZoneId zone;
    private @Nullable Boolean retireSuperseded;
    private @Nullable Boolean deleteTickets;
    private @Nullable Boolean changeAtFirstLogin;
    private @Nullable Duration pendingTimeout;

    private Builder() {}

    private static <T> T once(@Nullable Object current, T value, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " already set");
      }
      return Objects.requireNonNull(value, name);
    }

    /**
     * The certificate acceptance (trust anchors per service, mapping, binding). Required.
     *
     * @param certificateAcceptance the acceptance
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder certificateAcceptance(CertificateAcceptance certificateAcceptance) {
      acceptance = once(acceptance, certificateAcceptance, "certificateAcceptance");
      return this;
    }

    /**
     * The eligibility rules for every service without its own ({@link #eligibility(String,
     * Eligibility)}). Optional: a service without rules is always eligible (the certificate's own
     * validity and status still count).
     *
     * @param rules the rules, for example {@link RuleSet#load}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder eligibility(Eligibility rules) {
      defaultEligibility = once(defaultEligibility, rules, "eligibility");
      return this;
    }

    /**
     * The eligibility rules of one service, instead of the default ones. Optional.
     *
     * @param service the service identifier
     * @param rules the rules
     * @return this builder
     * @throws IllegalArgumentException if the service identifier is malformed
     * @throws IllegalStateException if rules for this service were already set
     */
    public Builder eligibility(String service, Eligibility rules) {
      new AccountKey("x", service); // validates the service identifier
      if (eligibilityByService.containsKey(service)) {
        throw new IllegalStateException("eligibility for " + service + " already set");
      }
      eligibilityByService.put(service, Objects.requireNonNull(rules, "rules"));
      return this;
    }

    /**
     * The credential store. Required; the same store the {@link #credentialLockout} works on.
     *
     * @param store the store
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder credentialStore(CredentialStore store) {
      credentials = once(credentials, store, "credentialStore");
      return this;
    }

    /**
     * The certificate store. Required; the same store the {@link #certificateAcceptance} binds to.
     *
     * @param store the store
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder certificateStore(CertificateStore store) {
      certificates = once(certificates, store, "certificateStore");
      return this;
    }

    /**
     * The download-ticket store, whose tickets for a certificate are deleted at its first
     * successful login. Required.
     *
     * @param store the store
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder downloadTicketStore(DownloadTicketStore store) {
      tickets = once(tickets, store, "downloadTicketStore");
      return this;
    }

    /**
     * The password hasher (hashes new passwords, verifies, upgrades old hashes). Required.
     *
     * @param passwordHasher the hasher
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder passwordHasher(PasswordHasher passwordHasher) {
      hasher = once(hasher, passwordHasher, "passwordHasher");
      return this;
    }

    /**
     * The password policy new passwords must pass. Required; its lockout threshold must equal the
     * {@link #credentialLockout}'s.
     *
     * @param passwordPolicy the policy
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder passwordPolicy(PasswordPolicy passwordPolicy) {
      policy = once(policy, passwordPolicy, "passwordPolicy");
      return this;
    }

    /**
     * The lockout that counts failures, over the same {@link #credentialStore}. Required.
     *
     * @param credentialLockout the lockout
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder credentialLockout(CredentialLockout credentialLockout) {
      lockout = once(lockout, credentialLockout, "credentialLockout");
      return this;
    }

    /**
     * The audit trail every step appends to. Required.
     *
     * @param trail the trail
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder auditTrail(AuditTrail trail) {
      audit = once(audit, trail, "auditTrail");
      return this;
    }

    /**
     * The clock. Required.
     *
     * @param c the clock
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock c) {
      clock = once(clock, c, "clock");
      return this;
    }

    /**
     * The bank's zone, for dates in summaries and refusal details (for example
     * {@code Asia/Tokyo}). Required: never the JVM default.
     *
     * @param bankZone the zone
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder zone(ZoneId bankZone) {
      zone = once(zone, bankZone, "zone");
      return this;
    }

    /**
     * Whether the first successful login with a new certificate revokes (reason SUPERSEDED) the
     * certificate it replaced, if that one is still SUPERSEDED. Default {@code true}: once the
     * successor is proven to work, the old one has no legitimate use left.
     *
     * @param retire the option
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder retireSupersededAtFirstLogin(boolean retire) {
      retireSuperseded = once(retireSuperseded, retire, "retireSupersededAtFirstLogin");
      return this;
    }

    /**
     * Whether the first successful login with a certificate deletes its download tickets (the
     * PKCS#12 evidently arrived and was imported). Default {@code true}.
     *
     * @param delete the option
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder deleteDownloadTicketsAtFirstLogin(boolean delete) {
      deleteTickets = once(deleteTickets, delete, "deleteDownloadTicketsAtFirstLogin");
      return this;
    }

    /**
     * Whether an account that never completed a login must change its password even if it is not
     * marked temporary (MISSION L5). Default {@code true}; turn off for accounts migrated with
     * customer-chosen passwords. A temporary password must always be changed.
     *
     * @param require the option
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder requireChangeAtFirstLogin(boolean require) {
      changeAtFirstLogin = once(changeAtFirstLogin, require, "requireChangeAtFirstLogin");
      return this;
    }

    /**
     * How long a {@link PendingLogin} stays usable after the certificate step. Default
     * {@link #DEFAULT_PENDING_LOGIN_TIMEOUT}.
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder pendingLoginTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("pendingLoginTimeout must be positive");
      }
      pendingTimeout = once(pendingTimeout, timeout, "pendingLoginTimeout");
      return this;
    }

    /**
     * Builds the flow.
     *
     * @return the flow
     * @throws IllegalStateException if a required part is missing, or the policy's lockout threshold
     *     differs from the lockout's
     */
    public LoginFlow build() {
      require(acceptance, "certificateAcceptance");
      require(credentials, "credentialStore");
      require(certificates, "certificateStore");
      require(tickets, "downloadTicketStore");
      require(hasher, "passwordHasher");
      PasswordPolicy p = require(policy, "passwordPolicy");
      CredentialLockout l = require(lockout, "credentialLockout");
      require(audit, "auditTrail");
      require(clock, "clock");
      require(zone, "zone");
      if (p.lockoutThreshold() != l.threshold()) {
        throw new IllegalStateException("the password policy locks after " + p.lockoutThreshold()
            + " failures but the credential lockout after " + l.threshold());
      }
      return new LoginFlow(this);
    }

    private static <T> T require(@Nullable T part, String name) {
      if (part == null) {
        throw new IllegalStateException(name + " is required");
      }
      return part;
    }
  }
}
