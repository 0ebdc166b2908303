package io.shomei.core.eligibility;

import io.shomei.core.identity.CertificatePolicy;
import io.shomei.core.internal.x509.CertificateFacts;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;
import org.bouncycastle.asn1.x500.RDN;
import org.jspecify.annotations.Nullable;

/** A {@link CertificateSelector} prepared for fast matching: cheap criteria first, DER last. */
final class CompiledSelector {
  private final Set<String> services;
  private final @Nullable Instant startFrom;
  private final @Nullable Instant startTo;
  private final @Nullable Instant endFrom;
  private final @Nullable Instant endTo;
  private final @Nullable EnumSet<CertificateStatus> statuses;
  private final boolean needsDer;
  private final RDN @Nullable [] issuer;
  private final byte @Nullable [] issuerKeyId;
  private final Set<String> policies;
  private final @Nullable String keyAlgorithm;
  private final CertificateSelector.KeySizes keySizes;
  private final Set<String> signatureOids;
  private final boolean keyRefusedByPolicy;

  CompiledSelector(CertificateSelector s) {
    services = s.services();
    TimeRange vs = s.validityStart();
    startFrom = vs.from();
    startTo = vs.to();
    TimeRange ve = s.validityEnd();
    endFrom = ve.from();
    endTo = ve.to();
    statuses = s.statuses().isEmpty() ? null : EnumSet.copyOf(s.statuses());
    needsDer = s.needsDer();
    String dn = s.issuerDn();
    issuer = dn == null ? null : Names.requireDistinguishedName(dn);
    String kid = s.issuerKeyId();
    issuerKeyId = kid == null ? null : HexFormat.of().parseHex(kid);
    policies = s.policyOids();
    keyAlgorithm = s.keyAlgorithm();
    keySizes = s.keySizes();
    Set<String> oids = new HashSet<>();
    for (String alg : s.signatureAlgorithms()) {
      oids.add(Names.signatureAlgorithmOid(alg));
    }
    signatureOids = Set.copyOf(oids);
    keyRefusedByPolicy = s.keyRefusedByPolicy();
  }

  boolean needsDer() {
    return needsDer;
  }

  /** The criteria a stored record answers without parsing. */
  boolean matchesRecord(CertificateRecord r) {
    if (!services.isEmpty() && !services.contains(r.account().service())) {
      return false;
    }
    if (statuses != null && !statuses.contains(r.status())) {
      return false;
    }
    Instant nb = r.notBefore();
    if ((startFrom != null && nb.isBefore(startFrom)) || (startTo != null && nb.isAfter(startTo))) {
      return false;
    }
    Instant na = r.notAfter();
    return (endFrom == null || !na.isBefore(endFrom)) && (endTo == null || !na.isAfter(endTo));
  }

  /** The criteria that need the DER. */
  boolean matchesFacts(CertificateFacts f, CertificatePolicy policy) {
    if (issuer != null && !Names.sameName(issuer, f.issuer())) {
      return false;
    }
    if (issuerKeyId != null && !f.authorityKeyIdEquals(issuerKeyId)) {
      return false;
    }
    if (!policies.isEmpty() && policies.stream().noneMatch(f.policyOids()::contains)) {
      return false;
    }
    if (keyAlgorithm != null && !keyAlgorithm.equals(f.key().algorithm())) {
      return false;
    }
    if (!keySizes.isAll() && (f.key().bits() < 0 || !keySizes.contains(f.key().bits()))) {
      return false;
    }
    if (keyRefusedByPolicy && policy.checkKey(f.subjectPublicKeyInfo()).isEmpty()) {
      return false;
    }
    return signatureOids.isEmpty() || signatureOids.contains(f.signatureAlgorithmOid());
  }
}
