package io.shomei.core.migration;

import io.shomei.core.audit.AuditEvent;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.identity.CertificateMapper;
import io.shomei.core.identity.MappingResult;
import io.shomei.core.identity.UserIdPolicy;
import io.shomei.core.identity.UserIdResult;
import io.shomei.core.internal.x509.CertificateFacts;
import io.shomei.core.internal.x509.ChainValidator;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.CertificateStore.ActivationResult;
import io.shomei.spi.CertificateStore.RecordResult;
import io.shomei.spi.StorageException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The import rules behind {@code CertificateInventory}. Immutable and thread-safe. */
final class Importer {
  /** Most requests held back for a retry by a bulk import. */
  public static final int MAX_DEFERRED = 100_000;

  /** Attempts of the record-and-activate compare-and-set before giving up on a moving account. */
  private static final int MAX_ATTEMPTS = 5;

  private final CertificateStore store;
  private final AuditTrail audit;
  private final Clock clock;
  private final CertificateMapper mapper;
  private final UserIdPolicy policy;
  private final Map<String, List<X509Certificate>> anchors;
  private final Map<String, ChainValidator> validators;
  private final String actor;
  private final @Nullable CredentialStore credentials;

  /**
   * The importer.
   *
   * @param store the certificate store
   * @param audit the audit trail
   * @param clock dates records and changes
   * @param policy the user-ID policy of the mapping
   * @param anchors trust anchors per service
   * @param actor the audit actor
   */
  public Importer(CertificateStore store, AuditTrail audit, Clock clock, UserIdPolicy policy,
      Map<String, List<X509Certificate>> anchors, String actor,
      @Nullable CredentialStore credentials) {
    this.store = store;
    this.credentials = credentials;
    this.audit = audit;
    this.clock = clock;
    this.policy = policy;
    this.mapper = CertificateMapper.withPolicy(policy);
    this.anchors = Map.copyOf(anchors);
    Map<String, ChainValidator> v = new LinkedHashMap<>();
    anchors.forEach((service, list) -> v.put(service, new ChainValidator(list)));
    this.validators = Map.copyOf(v);
    this.actor = actor;
  }

  /**
   * The services with anchors.
   *
   * @return the services
   */
  public Set<String> services() {
    return validators.keySet();
  }

  /**
   * The same importer auditing as an operator.
   *
   * @param operatorId the operator's identity: 1..119 chars, no control characters, no leading or
   *     trailing blanks
   * @return the importer
   * @throws IllegalArgumentException if the identity is malformed
   */
  public Importer byOperator(String operatorId) {
    if (operatorId.isBlank() || operatorId.length() > 119
        || !operatorId.strip().equals(operatorId)
        || operatorId.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("operatorId must be 1..119 chars, no control characters,"
          + " no leading or trailing blanks");
    }
    return new Importer(store, audit, clock, policy, anchors, "operator:" + operatorId,
        credentials);
  }

  /**
   * Imports one certificate.
   *
   * @param request the request
   * @param conflicts the active-conflict policy
   * @return the result
   */
  public ImportResult importOne(ImportRequest request, ActiveConflictPolicy conflicts) {
    ChainValidator validator = validators.get(request.service());
    if (validator == null) {
      return refused(ImportRefusal.UNKNOWN_SERVICE,
          "no trust anchors are configured for service " + request.service());
    }
    X509Certificate cert = request.certificate();
    if (CertificateFacts.isCa(cert)) {
      return refused(ImportRefusal.NOT_AN_END_ENTITY, "the certificate is a CA certificate");
    }
    if (CertificateFacts.isSelfIssued(cert)) {
      return refused(ImportRefusal.NOT_AN_END_ENTITY, "the certificate is self-issued");
    }
    BigInteger serial = cert.getSerialNumber();
    if (serial.signum() <= 0 || serial.bitLength() > 159) {
      return refused(ImportRefusal.UNSUPPORTED_CERTIFICATE,
          "the serial is not a positive number of at most 20 octets");
    }
    byte[] der = CertificateParser.der(cert);
    if (der.length > CertificateRecord.MAX_DER_LENGTH) {
      return refused(ImportRefusal.UNSUPPORTED_CERTIFICATE,
          "the certificate is larger than " + CertificateRecord.MAX_DER_LENGTH + " bytes");
    }
    Instant notBefore = cert.getNotBefore().toInstant();
    Instant notAfter = cert.getNotAfter().toInstant();
    if (notAfter.isBefore(notBefore)) {
      return refused(ImportRefusal.UNSUPPORTED_CERTIFICATE, "notAfter is before notBefore");
    }
    String fingerprint = CertificateRecord.fingerprintOf(der);

    Optional<CertificateRecord> same = store.findByFingerprint(fingerprint);
    if (same.isPresent()) {
      return new ImportResult.Duplicate(same.get());
    }
    // another certificate of this issuer with this serial: the store's record() answers
    // DuplicateSerial (another issuer's certificate with the same serial is no conflict)

    Instant now = clock.instant();
    ChainValidator.Outcome path = validator.validate(cert, request.intermediates(), notBefore);
    if (path instanceof ChainValidator.Outcome.Invalid first) {
      Instant later = now.isBefore(notAfter) ? now : notAfter;
      if (later.isAfter(notBefore)) {
        path = validator.validate(cert, request.intermediates(), later);
      }
      if (path instanceof ChainValidator.Outcome.Invalid) {
        return refused(ImportRefusal.UNTRUSTED_CHAIN, first.detail());
      }
    }

    String userId;
    boolean conforming;
    String explicit = request.userId();
    MappingResult mapping = mapper.map(cert);
    if (mapping instanceof MappingResult.Mapped m) {
      if (explicit != null && !explicit.equals(m.userId())) {
        return refused(ImportRefusal.USER_ID_MISMATCH,
            "the certificate's subject maps to another user ID than the one given");
      }
      userId = m.userId();
      conforming = true;
    } else {
      MappingResult.Refused r = (MappingResult.Refused) mapping;
      if (explicit == null) {
        return refused(ImportRefusal.SUBJECT_NOT_MAPPABLE, r.reason() + ": " + r.detail()
            + "; give the user ID explicitly to register it as non-conforming");
      }
      if (!(policy.parse(explicit) instanceof UserIdResult.Valid)) {
        return refused(ImportRefusal.INVALID_USER_ID,
            "the given user ID is not a user ID under " + policy);
      }
      userId = explicit;
      conforming = false;
    }
    AccountKey account = new AccountKey(userId, request.service());
    Candidate c = new Candidate(serial, account, notBefore, notAfter, der, conforming, now);

    ImportStatus status = request.status();
    if (status instanceof ImportStatus.Revoked r) {
      Instant at = r.revokedAt() == null ? now : r.revokedAt();
      return recordFinal(c, c.base().withStatus(CertificateStatus.REVOKED, at, null, r.reason()));
    }
    if (status instanceof ImportStatus.Superseded) {
      BigInteger successor = successorFor(c);
      if (successor == null) {
        return refused(ImportRefusal.NO_SUCCESSOR, "the account has no certificate to name as"
            + " this one's successor; import the newer certificate first");
      }
      return recordFinal(c, c.base().withStatus(CertificateStatus.SUPERSEDED, now, successor, null));
    }
    CredentialStore enrolled = credentials;
    if (enrolled != null && enrolled.find(account).isEmpty()) {
      // an ACTIVE certificate of an account nobody enrolled: no login password, no letter
      return refused(ImportRefusal.NOT_ENROLLED, "the account was never enrolled; enroll the"
          + " user for the service first");
    }
    return importActive(c, conflicts);
  }

  /** What is known of the certificate being imported. */
  // private and short-lived: the DER array is never handed out or compared
  @SuppressWarnings("ArrayRecordComponent")
  private record Candidate(BigInteger serial, AccountKey account, Instant notBefore,
      Instant notAfter, byte[] der, boolean conforming, Instant now) {
    CertificateRecord base() {
      return CertificateRecord.issued(serial, account, notBefore, notAfter, der, now, conforming,
          null);
    }
  }

  private @Nullable BigInteger successorFor(Candidate c) {
    Optional<CertificateRecord> active = store.findActive(c.account());
    if (active.isPresent()) {
      return active.get().serial();
    }
    CertificateRecord best = null;
    for (CertificateRecord r : store.findByAccount(c.account())) {
      if (outranks(r.notBefore(), r.serial(), c.notBefore(), c.serial())
          && (best == null || outranks(r.notBefore(), r.serial(), best.notBefore(), best.serial()))) {
        best = r;
      }
    }
    return best == null ? null : best.serial();
  }

  /** Whether certificate a is newer than b: later notBefore, ties broken by the larger serial. */
  private static boolean outranks(Instant aFrom, BigInteger aSerial, Instant bFrom,
      BigInteger bSerial) {
    int byTime = aFrom.compareTo(bFrom);
    return byTime > 0 || (byTime == 0 && aSerial.compareTo(bSerial) > 0);
  }

  private ImportResult importActive(Candidate c, ActiveConflictPolicy conflicts) {
    CertificateRecord recorded = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      CertificateRecord active = store.findActive(c.account()).orElse(null);
      if (active != null) {
        if (conflicts == ActiveConflictPolicy.REFUSE) {
          if (recorded != null) {
            break; // lost a race: ours was recorded but must not supersede; it stays ISSUED
          }
          return refused(ImportRefusal.ACTIVE_EXISTS, "the account already has an active"
              + " certificate (serial " + active.serial().toString(16) + ")");
        }
        if (!outranks(c.notBefore(), c.serial(), active.notBefore(), active.serial())) {
          if (recorded != null) {
            break; // lost a race to a newer certificate: ours stays ISSUED
          }
          return recordFinal(c, c.base().withStatus(CertificateStatus.SUPERSEDED, c.now(),
              active.serial(), null));
        }
      }
      if (recorded == null) {
        RecordResult r = store.record(c.base());
        if (r instanceof RecordResult.DuplicateFingerprint d) {
          return new ImportResult.Duplicate(d.existing());
        }
        if (r instanceof RecordResult.DuplicateSerial) {
          return serialConflict(c.serial());
        }
        recorded = ((RecordResult.Recorded) r).certificate();
      }
      ActivationResult a = store.activate(recorded.issuer(), c.serial(),
          active == null ? null : active.serial(), c.now());
      if (a instanceof ActivationResult.Activated done) {
        CertificateRecord old = done.superseded();
        audited(done.activated(), old);
        return new ImportResult.Imported(done.activated(), old);
      }
      if (a instanceof ActivationResult.NotFound || a instanceof ActivationResult.NotActivatable) {
        throw new StorageException("the store lost or changed certificate "
            + c.serial().toString(16) + " right after recording it: " + a);
      }
      // Conflict: the account's active certificate changed meanwhile; look again
    }
    if (recorded == null) {
      throw new StorageException("the active certificate of the account kept changing");
    }
    audited(recorded, null);
    return new ImportResult.Imported(recorded, null);
  }

  private ImportResult recordFinal(Candidate c, CertificateRecord record) {
    RecordResult r = store.record(record);
    if (r instanceof RecordResult.DuplicateFingerprint d) {
      return new ImportResult.Duplicate(d.existing());
    }
    if (r instanceof RecordResult.DuplicateSerial) {
      return serialConflict(c.serial());
    }
    CertificateRecord stored = ((RecordResult.Recorded) r).certificate();
    audited(stored, null);
    return new ImportResult.Imported(stored, null);
  }

  private void audited(CertificateRecord r, @Nullable CertificateRecord superseded) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("serial", r.serial().toString(16));
    d.put("sha256", r.sha256Fingerprint());
    d.put("status", r.status().name());
    d.put("conforming", String.valueOf(r.conforming()));
    d.put("not_before", r.notBefore().toString());
    d.put("not_after", r.notAfter().toString());
    if (r.supersededBy() != null) {
      d.put("superseded_by", r.supersededBy().toString(16));
    }
    if (r.revocationReason() != null) {
      d.put("reason", r.revocationReason().name());
    }
    if (superseded != null) {
      d.put("supersedes", superseded.serial().toString(16));
      audit.append(new AuditEvent(AuditEventType.CERTIFICATE_SUPERSEDED, actor, r.account(),
          Map.of("serial", superseded.serial().toString(16), "superseded_by",
              r.serial().toString(16))));
    }
    audit.append(new AuditEvent(AuditEventType.CERTIFICATE_IMPORTED, actor, r.account(), d));
  }

  private static ImportResult serialConflict(BigInteger serial) {
    return refused(ImportRefusal.SERIAL_CONFLICT, "another certificate of the same issuer with"
        + " serial " + serial.toString(16) + " is already recorded");
  }

  private static ImportResult refused(ImportRefusal reason, String detail) {
    return new ImportResult.Refused(reason, detail);
  }

  /**
   * Imports requests one by one, retrying NO_SUCCESSOR refusals at the end.
   *
   * @param requests the requests
   * @param conflicts the policy
   * @param listener the listener
   * @return the counts
   */
  public ImportSummary importAll(Iterator<ImportRequest> requests, ActiveConflictPolicy conflicts,
      ImportListener listener) {
    return run(new Iterator<>() {
      @Override
      public boolean hasNext() {
        return requests.hasNext();
      }

      @Override
      public Input next() {
        return new Input(requests.next(), null, null);
      }
    }, conflicts, listener);
  }

  /**
   * Reads and imports files.
   *
   * @param files the files, in order
   * @param service the service
   * @param conflicts the policy
   * @param listener the listener
   * @return the counts
   */
  public ImportSummary importFiles(List<Path> files, String service, ActiveConflictPolicy conflicts,
      ImportListener listener) {
    Iterator<Path> paths = files.iterator();
    return run(new Iterator<>() {
      @Override
      public boolean hasNext() {
        return paths.hasNext();
      }

      @Override
      public Input next() {
        Path p = paths.next();
        CertificateFile f = CertificateFiles.read(p);
        if (f instanceof CertificateFile.Unreadable u) {
          return new Input(null, p.toString(),
              new ImportResult.Refused(ImportRefusal.UNREADABLE, u.detail()));
        }
        return new Input(((CertificateFile.Certificates) f).toRequest(service), null, null);
      }
    }, conflicts, listener);
  }

  /** One input: a request, or a result decided before any import (an unreadable file). */
  private record Input(@Nullable ImportRequest request, @Nullable String source,
      @Nullable ImportResult decided) {}

  private ImportSummary run(Iterator<Input> inputs, ActiveConflictPolicy conflicts,
      ImportListener listener) {
    ImportSummary summary = ImportSummary.empty();
    List<ImportRequest> deferred = new ArrayList<>();
    while (inputs.hasNext()) {
      Input in = inputs.next();
      ImportRequest request = in.request();
      ImportResult result;
      String source;
      if (request == null) {
        result = java.util.Objects.requireNonNull(in.decided());
        source = java.util.Objects.requireNonNull(in.source());
      } else {
        result = importOne(request, conflicts);
        source = request.label();
        if (result instanceof ImportResult.Refused r && r.reason() == ImportRefusal.NO_SUCCESSOR
            && deferred.size() < MAX_DEFERRED) {
          deferred.add(request);
          continue;
        }
      }
      summary = summary.plus(result);
      listener.onResult(source, result, summary);
    }
    // newest first (the order of outranks), so that an older superseded certificate can name a
    // newer one recorded here, and nothing retried later could have been an earlier one's successor
    deferred.sort(Comparator.comparing(
        (ImportRequest r) -> r.certificate().getNotBefore().toInstant())
        .thenComparing(r -> r.certificate().getSerialNumber()).reversed());
    for (ImportRequest request : deferred) {
      ImportResult result = importOne(request, conflicts);
      summary = summary.plus(result);
      listener.onResult(request.label(), result, summary);
    }
    return summary;
  }
}
