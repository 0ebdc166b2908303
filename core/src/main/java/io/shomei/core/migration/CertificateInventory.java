package io.shomei.core.migration;

import static io.shomei.core.internal.SetOnce.once;

import io.shomei.core.audit.AuditTrail;
import io.shomei.core.identity.UserIdPolicy;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialStore;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Registers certificates another system issued (a bank's existing inventory) in the
 * {@link CertificateStore}, so that login accepts them, operators can act on them and campaigns
 * find them.
 *
 * <pre>{@code
 * CertificateInventory inventory = shomei.inventory().byOperator("migration-2021");
 * ImportResult one = inventory.importCertificate(
 *     ImportRequest.of(certificate, "fx-forward"), ActiveConflictPolicy.SUPERSEDE_OLDER);
 *
 * ImportSummary all = inventory.importFiles(Path.of("inventory"), "fx-forward",
 *     ActiveConflictPolicy.SUPERSEDE_OLDER, (source, result, soFar) -> progress.show(soFar));
 * }</pre>
 *
 * <h2>What an import checks, in this order</h2>
 *
 * <ol>
 *   <li>The service has trust anchors ({@link ImportRefusal#UNKNOWN_SERVICE}); the certificate is
 *       an end entity, not a CA and not self-issued ({@link ImportRefusal#NOT_AN_END_ENTITY}); its
 *       serial and size fit a {@link io.shomei.spi.CertificateRecord}
 *       ({@link ImportRefusal#UNSUPPORTED_CERTIFICATE}).
 *   <li><b>Duplicates</b>: a certificate with the same SHA-256 fingerprint already recorded gives
 *       {@link ImportResult.Duplicate}, whatever else the request says, so a bulk import can be run
 *       again and imports nothing new. Another certificate of the same issuer with the same serial
 *       gives {@link ImportRefusal#SERIAL_CONFLICT}; another issuer's certificate with that serial
 *       is no conflict (an adopted CA's serials may overlap the bank's CA's).
 *   <li><b>Chain</b>: a PKIX path (JDK {@code CertPathValidator}, revocation checking off) from the
 *       certificate through the request's intermediates to a trust anchor of the service. It is
 *       validated at the certificate's own {@code notBefore} and, if that fails, at the earlier of
 *       its {@code notAfter} and now: an inventory holds expired certificates (a 2020 certificate
 *       still imports in 2026), and what matters is that the bank's CA issued it while it was a
 *       valid CA. Login checks the path again at the instant of each login.
 *   <li><b>User</b>: the subject is mapped with the {@link UserIdPolicy} (exactly one CN, parsed
 *       from DER; see {@link io.shomei.core.identity.CertificateMapper}). Without an explicit user ID
 *       the mapped one is used ({@link ImportRefusal#SUBJECT_NOT_MAPPABLE} if there is none). An
 *       explicit user ID must satisfy the policy ({@link ImportRefusal#INVALID_USER_ID}) and equal
 *       the mapped one if the subject maps ({@link ImportRefusal#USER_ID_MISMATCH}); if the subject
 *       does not map, the certificate is recorded with {@code conforming = false}: login refuses it
 *       ({@link io.shomei.core.identity.AcceptanceRefusal#NON_CONFORMING}) and a campaign lists it
 *       as needing re-acquisition.
 *   <li><b>Account</b>: an ACTIVE certificate is imported only for an enrolled account
 *       ({@link ImportRefusal#NOT_ENROLLED}), when the inventory has the credential store (always
 *       for {@code Shomei.inventory()}).
 *   <li><b>State</b>: ACTIVE goes through {@link CertificateStore#activate} (compare-and-set), and
 *       the {@link ActiveConflictPolicy} decides between it and an active certificate the account
 *       already has; SUPERSEDED and REVOKED are recorded in that state (see {@link ImportStatus}).
 * </ol>
 *
 * <p>Leaf rules that login applies (signature algorithm allow-list, key size, clientAuth) are not
 * import conditions: a legacy certificate that login would refuse can still be registered, so the
 * bank knows about it.
 *
 * <p>Each import is audited as {@code CERTIFICATE_IMPORTED} with the serial, fingerprint, status,
 * conformance and, when one was superseded, {@code CERTIFICATE_SUPERSEDED}. Details never carry
 * secrets (there are none in a certificate import).
 *
 * <p>Thread-safe; the bulk methods run on the calling thread. Expected outcomes are
 * {@link ImportResult} values; storage failures are {@link io.shomei.spi.StorageException}.
 *
 * @since 0.1.0
 */
public final class CertificateInventory {
  private final Importer importer;

  private CertificateInventory(Importer importer) {
    this.importer = importer;
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
   * The services certificates can be imported for.
   *
   * @return an immutable set
   */
  public Set<String> services() {
    return importer.services();
  }

  /**
   * This inventory with imports audited as done by an operator ({@code operator:<id>}) instead of
   * {@code system}.
   *
   * @param operatorId the operator's identity as the host authenticated it: 1..119 chars, no
   *     control characters, no leading or trailing blanks
   * @return a new inventory over the same parts
   * @throws IllegalArgumentException if the identity is malformed
   */
  public CertificateInventory byOperator(String operatorId) {
    return new CertificateInventory(importer.byOperator(operatorId));
  }

  /**
   * Imports one certificate.
   *
   * @param request the certificate and what to register it as
   * @param policy what to do if the account already has an active certificate (for an ACTIVE
   *     request)
   * @return the result
   * @throws io.shomei.spi.StorageException if the store or audit log fails
   */
  public ImportResult importCertificate(ImportRequest request, ActiveConflictPolicy policy) {
    return importer.importOne(Objects.requireNonNull(request, "request"),
        Objects.requireNonNull(policy, "policy"));
  }

  /**
   * Imports many certificates, one after the other, and counts the results. A request refused with
   * {@link ImportRefusal#NO_SUCCESSOR} is retried once after all the others (its successor may come
   * later in the input); at most {@value #MAX_DEFERRED} are held for that, later ones are reported at
   * once.
   *
   * @param requests the inputs (for a stream: {@code stream.iterator()})
   * @param policy what to do when an account already has an active certificate
   * @param listener receives each result as it is decided
   * @return the counts
   * @throws io.shomei.spi.StorageException if the store or audit log fails (the counts so far went
   *     to the listener)
   */
  public ImportSummary importAll(Iterator<ImportRequest> requests, ActiveConflictPolicy policy,
      ImportListener listener) {
    return importer.importAll(Objects.requireNonNull(requests, "requests"),
        Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Imports every certificate file of a directory ({@link CertificateFiles#list}, in name order) as
   * ACTIVE certificates of the users their subjects map to, with the other certificates of each
   * file as intermediates. An unreadable file counts as {@link ImportRefusal#UNREADABLE}. Running it
   * again imports nothing new.
   *
   * @param directory the directory
   * @param service the service
   * @param policy what to do when an account already has an active certificate
   * @param listener receives each result (with the file path as source)
   * @return the counts
   * @throws CertificateFiles.ListingException if the directory cannot be listed
   * @throws io.shomei.spi.StorageException if the store or audit log fails
   */
  public ImportSummary importFiles(Path directory, String service, ActiveConflictPolicy policy,
      ImportListener listener) {
    Objects.requireNonNull(service, "service");
    return importer.importFiles(CertificateFiles.list(directory), service,
        Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(listener, "listener"));
  }

  /** Most requests {@link #importAll} holds back for a retry. */
  public static final int MAX_DEFERRED = Importer.MAX_DEFERRED;

  @Override
  public String toString() {
    return "CertificateInventory[services=" + services() + "]";
  }

  /**
   * Builds a {@link CertificateInventory}. Each setter may be called once (trust anchors once per
   * service); {@link #build()} fails fast on a missing part.
   *
   * <p>Required: {@link #certificateStore}, {@link #auditTrail}, {@link #clock} and trust anchors for
   * at least one service. Optional: {@link #userIdPolicy} (default
   * {@link UserIdPolicy#eightDigits()}).
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable CertificateStore store;
    private @Nullable AuditTrail audit;
    private @Nullable Clock clock;
    private @Nullable UserIdPolicy policy;
    private @Nullable CredentialStore credentials;
    private final Map<String, List<X509Certificate>> anchors = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Where certificates are recorded (required).
     *
     * @param certificateStore the store
     * @return this builder
     */
    public Builder certificateStore(CertificateStore certificateStore) {
      store = once(store, certificateStore, "certificateStore");
      return this;
    }

    /**
     * Where imports are audited (required).
     *
     * @param trail the audit trail
     * @return this builder
     */
    public Builder auditTrail(AuditTrail trail) {
      audit = once(audit, trail, "auditTrail");
      return this;
    }

    /**
     * The clock that dates the records and state changes (required).
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      clock = once(clock, c, "clock");
      return this;
    }

    /**
     * The accounts' credentials (optional; {@code Shomei.inventory()} always gives it). With it,
     * an ACTIVE certificate is imported only for an enrolled account
     * ({@link ImportRefusal#NOT_ENROLLED}).
     *
     * @param credentialStore the credential store
     * @return this builder
     * @since 0.2.0
     */
    public Builder credentialStore(CredentialStore credentialStore) {
      credentials = once(credentials, credentialStore, "credentialStore");
      return this;
    }

    /**
     * The user-ID syntax of the mapping policy (default {@link UserIdPolicy#eightDigits()}); use the
     * same policy as login.
     *
     * @param p the policy
     * @return this builder
     */
    public Builder userIdPolicy(UserIdPolicy p) {
      policy = once(policy, p, "userIdPolicy");
      return this;
    }

    /**
     * The trust anchors certificates of a service must chain to. During a change of issuing CA a
     * bank lists both the old and the new CA here (and in the login's anchors).
     *
     * @param service the service
     * @param trustAnchors at least one CA certificate
     * @return this builder
     * @throws IllegalArgumentException if the list is empty or the service identifier is invalid
     * @throws IllegalStateException if anchors for the service were already set
     */
    public Builder trustAnchors(String service, Collection<X509Certificate> trustAnchors) {
      new AccountKey("x", service); // validates the service identifier
      once(anchors.containsKey(service), "trustAnchors(" + service + ")");
      if (trustAnchors.isEmpty()) {
        throw new IllegalArgumentException("at least one trust anchor is required");
      }
      anchors.put(service, List.copyOf(trustAnchors));
      return this;
    }

    /**
     * Builds the inventory.
     *
     * @return the inventory
     * @throws IllegalStateException naming the first missing part
     */
    public CertificateInventory build() {
      if (store == null) {
        throw new IllegalStateException("certificateStore is required");
      }
      if (audit == null) {
        throw new IllegalStateException("auditTrail is required");
      }
      if (clock == null) {
        throw new IllegalStateException("clock is required");
      }
      if (anchors.isEmpty()) {
        throw new IllegalStateException("trust anchors for at least one service are required");
      }
      return new CertificateInventory(new Importer(store, audit, clock,
          policy == null ? UserIdPolicy.eightDigits() : policy, anchors, "system", credentials));
    }
  }
}
