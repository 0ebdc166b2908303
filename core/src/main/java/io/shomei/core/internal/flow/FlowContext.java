package io.shomei.core.internal.flow;

import io.shomei.core.audit.AuditEvent;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.flow.RetirementPolicy;
import io.shomei.core.flow.ServiceSettings;
import io.shomei.core.flow.TicketLimits;
import io.shomei.core.identity.UserIdPolicy;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.password.CredentialLockout;
import io.shomei.core.password.PasswordHasher;
import io.shomei.core.password.PasswordPolicy;
import io.shomei.core.password.SecretGenerator;
import io.shomei.core.pkcs12.Pkcs12Packager;
import io.shomei.core.pkcs12.Pkcs12Profile;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.Storage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything the use cases share, assembled once by {@code Shomei.Builder}. Immutable.
 *
 * @param storage the stores and their atomic multi-store writes; the three stores below are its
 *     members
 * @param certificates the certificate store
 * @param credentials the credential store
 * @param tickets the download ticket store
 * @param audit the audit trail
 * @param clock the clock
 * @param random the CSPRNG
 * @param hasher the password hasher
 * @param policy the login password policy
 * @param lockout throttling and lockout
 * @param generator the secret generator
 * @param issuer the certificate issuer
 * @param packagers one packager per PKCS#12 profile
 * @param defaultPkcs12Profile the profile used when a request names none
 * @param services per-service settings
 * @param userIdPolicy the user-ID syntax
 * @param ticketLimits the download ticket limits
 * @param retirement when superseded certificates are revoked
 * @param voluntaryReacquisition whether a customer with a usable certificate may re-acquire
 * @param custody the CA key custody
 * @param crlNextUpdate the CRL interval
 * @param temporaryPasswordValidity how long a temporary password stays valid, or {@code null}
 */
public record FlowContext(
    Storage storage,
    CertificateStore certificates,
    CredentialStore credentials,
    DownloadTicketStore tickets,
    AuditTrail audit,
    Clock clock,
    SecureRandom random,
    PasswordHasher hasher,
    PasswordPolicy policy,
    CredentialLockout lockout,
    SecretGenerator generator,
    CertificateIssuer issuer,
    Map<Pkcs12Profile, Pkcs12Packager> packagers,
    Pkcs12Profile defaultPkcs12Profile,
    Map<String, ServiceSettings> services,
    UserIdPolicy userIdPolicy,
    TicketLimits ticketLimits,
    RetirementPolicy retirement,
    boolean voluntaryReacquisition,
    KeyCustody custody,
    Duration crlNextUpdate,
    @Nullable Duration temporaryPasswordValidity) {

  /** Copies the maps; checks that the stores are the storage's. */
  public FlowContext {
    if (certificates != storage.certificateStore() || credentials != storage.credentialStore()
        || tickets != storage.downloadTicketStore()) {
      throw new IllegalArgumentException("the stores must be the storage's members");
    }
    packagers = Map.copyOf(packagers);
    services = Map.copyOf(services);
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * The clock's instant at the precision stores keep (microseconds).
   *
   * @return now
   */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Appends a customer event.
   *
   * @param type the type
   * @param account the account
   * @param details the details
   */
  public void customer(AuditEventType type, AccountKey account, Map<String, String> details) {
    audit.append(AuditEvent.byCustomer(type, account, details));
  }

  /**
   * Appends a system event.
   *
   * @param type the type
   * @param account the account, or {@code null}
   * @param details the details
   */
  public void system(AuditEventType type, @Nullable AccountKey account, Map<String, String> details) {
    audit.append(new AuditEvent(type, "system", account, details));
  }
}
