package io.shomei.core.identity;

import static io.shomei.core.internal.SetOnce.once;

import io.shomei.core.internal.x509.Bc;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.TBSCertList;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The CRLs other certificate authorities publish, for the CAs a bank adopted or imported
 * certificates from: Shomei's login consults them, so that a certificate (or a CA certificate of
 * its path) that its own CA revoked is refused even while the bank's record of it says ACTIVE.
 *
 * <pre>{@code
 * IssuerCrls crls = IssuerCrls.builder()
 *     .require(legacyIssuingCa)           // a current CRL must be loaded, or its logins are refused
 *     .consult(legacyRoot)                // its CRL is checked when one is loaded (revoked CAs)
 *     .build();
 * Shomei shomei = Shomei.builder()...issuerCrls(crls).build();
 * CrlLoad r = crls.load(Path.of("/var/lib/bank/legacy-ca.crl"));   // the host fetches on its schedule
 * }</pre>
 *
 * <p>The host fetches each CRL (from a file, or from the CA's distribution point URL) and hands the
 * bytes to {@link #load(byte[])}, on every node, as often as the CA publishes. A CRL is taken only
 * when it verifies against a configured CA certificate of the same name (signature by that CA's
 * key, cRLSign in its keyUsage, an algorithm the {@link CertificatePolicy} allows), is complete
 * (no delta, indirect or per-reason CRL), has a nextUpdate, and is newer than the CRL loaded before
 * for the same CA and scope (by CRL number, else thisUpdate): an attacker who can replace the file
 * cannot undo a revocation with an older CRL. A refused load changes nothing and says why
 * ({@link CrlLoad.Refused}).
 *
 * <h2>At login</h2>
 *
 * <p>After the certificate path validated, every certificate of the path (the customer's and each
 * CA certificate below the trust anchor) whose issuer is a configured CA (same name <em>and</em>
 * key) is looked up in that CA's CRL: listed means {@link AcceptanceRefusal#REVOKED_BY_ISSUER},
 * whatever the bank's record says. For a CA configured with {@link Builder#require}, a CRL must
 * also be current: none loaded, or its nextUpdate (plus {@link Builder#requiredCrlGrace}) passed,
 * is {@link AcceptanceRefusal#REVOCATION_STATUS_UNKNOWN}, never an acceptance. The trust anchor
 * itself is not looked up (RFC 5280 section 6.1: an anchor is trusted as configured).
 *
 * <p>The CRLs live in this object's memory, per JVM: each node loads them. A CRL of a million
 * entries takes about 100 MB.
 *
 * <p>Thread-safe: loads and logins may run concurrently; a login sees the CRL before or after a
 * load, never a mix.
 *
 * @since 0.2.0
 */
public final class IssuerCrls {
  /** The largest DER CRL {@link #load(byte[])} takes unless the builder says otherwise: 32 MiB. */
  public static final int DEFAULT_MAX_CRL_BYTES = 32 * 1024 * 1024;

  private final List<Ca> cas;
  private final CertificatePolicy policy;
  private final int maxBytes;
  private final Duration grace;
  private final ConcurrentHashMap<Slot, Parsed> current = new ConcurrentHashMap<>();

  /** A configured CA: its certificate, name, key encoding and whether a CRL is required. */
  private record Ca(int index, X509Certificate certificate, X500Principal subject, String key,
      boolean required) {}

  /** Where a loaded CRL sits: per configured CA and scope. */
  private record Slot(int ca, CrlLoad.Scope scope) {}

  /** One listed certificate: its reason code (-1 when absent) and revocation date. */
  private record Listed(int reason, Instant at) {}

  /** A loaded CRL: what it says about itself, the SHA-256 of its DER, and its entries. */
  private record Parsed(CrlLoad.Loaded info, String digest, Map<BigInteger, Listed> entries) {}

  /** Why the revocation step refuses a path: the refusal and its explanation. */
  record Problem(AcceptanceRefusal reason, String detail) {}

  private IssuerCrls(Builder b) {
    this.cas = List.copyOf(b.cas);
    this.policy = b.policy == null ? CertificatePolicy.bankDefault() : b.policy;
    this.maxBytes = b.maxBytes == null ? DEFAULT_MAX_CRL_BYTES : b.maxBytes;
    this.grace = b.grace == null ? Duration.ZERO : b.grace;
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
   * Reads a CRL file (DER or PEM) and loads it as {@link #load(byte[])} does.
   *
   * @param file the file
   * @return what was loaded, or why not
   * @throws IOException if the file cannot be read
   */
  public CrlLoad load(Path file) throws IOException {
    long size = Files.size(file);
    if (size > 2L * maxBytes) {
      return refused(CrlRefusal.TOO_LARGE, "the file has " + size + " bytes, more than the "
          + maxBytes + " a DER CRL may have (or twice that as PEM)");
    }
    return load(Files.readAllBytes(file));
  }

  /**
   * Verifies a CRL against its issuer and, if it is newer than the one loaded for that issuer and
   * scope, makes it the one logins consult.
   *
   * @param encoded the CRL as DER, or as one PEM {@code X509 CRL} block
   * @return what was loaded, or why not (never thrown)
   */
  public CrlLoad load(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.length > 2L * maxBytes) {
      return refused(CrlRefusal.TOO_LARGE, "more than " + maxBytes + " bytes");
    }
    byte[] der = pemOrDer(encoded);
    if (der == null) {
      return refused(CrlRefusal.MALFORMED, "not a PEM X509 CRL block");
    }
    if (der.length > maxBytes) {
      return refused(CrlRefusal.TOO_LARGE, "the CRL has " + der.length + " bytes, more than "
          + maxBytes);
    }
    CertificateList list;
    try {
      list = readDer(der);
    } catch (IOException | RuntimeException e) {
      list = null; // BC's checked and unchecked parse failures alike
    }
    if (list == null) {
      return refused(CrlRefusal.MALFORMED, "not one DER certificate revocation list");
    }
    try {
      return loadParsed(list, der);
    } catch (IOException | RuntimeException e) {
      // a field BC reads lazily (a time, an entry, an extension value) did not parse
      return refused(CrlRefusal.MALFORMED,
          "a field of the CRL could not be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private CrlLoad loadParsed(CertificateList list, byte[] der) throws IOException {
    TBSCertList tbs = list.getTBSCertList();
    X500Principal issuer = new X500Principal(list.getIssuer().getEncoded(ASN1Encoding.DER));
    if (!tbs.getSignature().equals(list.getSignatureAlgorithm())) {
      return refused(CrlRefusal.MALFORMED,
          "the signature algorithms inside and outside the signed part differ");
    }
    Instant thisUpdate = instant(list.getThisUpdate());
    Time next = list.getNextUpdate();
    if (next == null) {
      return refused(CrlRefusal.NO_NEXT_UPDATE, "the CRL has no nextUpdate");
    }
    Instant nextUpdate = instant(next);
    if (nextUpdate.isBefore(thisUpdate)) {
      return refused(CrlRefusal.MALFORMED, "nextUpdate is before thisUpdate");
    }
    int version = tbs.getVersionNumber();
    if (version != 1 && version != 2) {
      return refused(CrlRefusal.MALFORMED, "unknown CRL version " + version);
    }
    boolean extended = tbs.getExtensions() != null;

    CrlLoad.Scope scope = CrlLoad.Scope.ALL;
    BigInteger number = null;
    Extensions extensions = tbs.getExtensions();
    if (extensions != null) {
      for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
        Extension e = extensions.getExtension(oid);
        if (oid.equals(Extension.deltaCRLIndicator)) {
          return refused(CrlRefusal.DELTA_CRL, "a delta CRL; load the complete CRL");
        } else if (oid.equals(Extension.issuingDistributionPoint)) {
          IssuingDistributionPoint idp = IssuingDistributionPoint.getInstance(e.getParsedValue());
          if (idp.isIndirectCRL() || idp.getOnlySomeReasons() != null
              || idp.onlyContainsAttributeCerts()) {
            return refused(CrlRefusal.UNSUPPORTED_SCOPE,
                "an indirect CRL, or one for some reasons or for attribute certificates only");
          }
          if (idp.onlyContainsUserCerts() && idp.onlyContainsCACerts()) {
            return refused(CrlRefusal.MALFORMED,
                "the CRL is for end-entity certificates only and for CA certificates only");
          }
          scope = idp.onlyContainsUserCerts() ? CrlLoad.Scope.END_ENTITY_CERTIFICATES
              : idp.onlyContainsCACerts() ? CrlLoad.Scope.CA_CERTIFICATES : CrlLoad.Scope.ALL;
        } else if (oid.equals(Extension.cRLNumber)) {
          number = CRLNumber.getInstance(e.getParsedValue()).getCRLNumber();
          if (number.signum() < 0) {
            return refused(CrlRefusal.MALFORMED, "a negative CRL number");
          }
        } else if (e.isCritical() && !oid.equals(Extension.authorityKeyIdentifier)) {
          return refused(CrlRefusal.UNSUPPORTED_CRITICAL_EXTENSION,
              "critical CRL extension " + oid.getId());
        }
      }
    }

    Map<BigInteger, Listed> entries = new HashMap<>();
    Enumeration<?> revoked = tbs.getRevokedCertificateEnumeration();
    while (revoked.hasMoreElements()) {
      TBSCertList.CRLEntry entry = (TBSCertList.CRLEntry) revoked.nextElement();
      BigInteger serial = entry.getUserCertificate().getValue();
      Instant at = instant(entry.getRevocationDate());
      int reason = -1;
      Extensions entryExtensions = entry.getExtensions();
      if (entryExtensions != null) {
        extended = true;
        for (ASN1ObjectIdentifier oid : entryExtensions.getExtensionOIDs()) {
          Extension e = entryExtensions.getExtension(oid);
          if (oid.equals(Extension.certificateIssuer)) {
            return refused(CrlRefusal.UNSUPPORTED_SCOPE,
                "an entry names another certificate issuer (an indirect CRL)");
          } else if (oid.equals(Extension.reasonCode)) {
            reason = CRLReason.getInstance(e.getParsedValue()).getValue().intValue();
            if (reason == CRLReason.removeFromCRL) {
              return refused(CrlRefusal.MALFORMED,
                  "removeFromCRL in a complete CRL (it belongs to delta CRLs)");
            }
          } else if (e.isCritical()) {
            return refused(CrlRefusal.UNSUPPORTED_CRITICAL_EXTENSION,
                "critical CRL entry extension " + oid.getId());
          }
        }
      }
      entries.putIfAbsent(serial, new Listed(reason, at));
    }
    if (extended && version != 2) {
      return refused(CrlRefusal.MALFORMED, "extensions in a version 1 CRL");
    }

    List<Ca> named = new ArrayList<>();
    for (Ca ca : cas) {
      if (ca.subject().equals(issuer)) {
        named.add(ca);
      }
    }
    if (named.isEmpty()) {
      return refused(CrlRefusal.UNKNOWN_ISSUER,
          "no configured CA has the CRL's issuer name " + issuer.getName());
    }
    var alg = list.getSignatureAlgorithm();
    byte[] params = alg.getParameters() == null ? null
        : alg.getParameters().toASN1Primitive().getEncoded(ASN1Encoding.DER);
    if (!policy.allowsSignatureAlgorithm(alg.getAlgorithm().getId(), params)) {
      return refused(CrlRefusal.WEAK_SIGNATURE_ALGORITHM, "the CRL is signed with "
          + alg.getAlgorithm().getId() + ", which the certificate policy does not allow");
    }
    X509CRLHolder holder = new X509CRLHolder(list);
    Ca signer = null;
    for (Ca ca : named) {
      if (verifies(holder, ca)) {
        signer = ca;
        break;
      }
    }
    if (signer == null) {
      return refused(CrlRefusal.BAD_SIGNATURE,
          "the signature does not verify with the key of the configured CA of that name");
    }
    boolean[] usage = signer.certificate().getKeyUsage();
    if (usage != null && (usage.length < 7 || !usage[6])) {
      return refused(CrlRefusal.NOT_A_CRL_SIGNER,
          "the CA's keyUsage does not include cRLSign");
    }

    CrlLoad.Loaded info = new CrlLoad.Loaded(issuer, number, thisUpdate, nextUpdate,
        entries.size(), scope);
    Parsed fresh = new Parsed(info, sha256(der), Collections.unmodifiableMap(entries));
    Slot slot = new Slot(signer.index(), scope);
    CrlLoad[] outcome = {info};
    current.compute(slot, (k, old) -> {
      if (old == null) {
        return fresh;
      }
      BigInteger newNumber = info.crlNumber();
      BigInteger oldNumber = old.info().crlNumber();
      int order = newNumber != null && oldNumber != null ? newNumber.compareTo(oldNumber)
          : info.thisUpdate().compareTo(old.info().thisUpdate());
      if (order > 0) {
        return fresh;
      }
      if (order < 0 || !old.digest().equals(fresh.digest())) {
        outcome[0] = refused(CrlRefusal.NOT_NEWER_THAN_LOADED, "the loaded CRL of this issuer ("
            + describe(old.info()) + ") is at least as new as this one (" + describe(info) + ")");
      }
      return old;
    });
    return outcome[0];
  }

  /**
   * The CRLs in force, in the order the CAs were configured.
   *
   * @return an immutable list
   */
  public List<CrlLoad.Loaded> loaded() {
    List<CrlLoad.Loaded> out = new ArrayList<>();
    for (Ca ca : cas) {
      for (CrlLoad.Scope scope : CrlLoad.Scope.values()) {
        Parsed p = current.get(new Slot(ca.index(), scope));
        if (p != null) {
          out.add(p.info());
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * The revocation step of acceptance: whether a validated path is refused by its issuers' CRLs.
   *
   * @param path the validated path, the customer's certificate first, the anchor excluded
   * @param anchor the trust anchor the path ends at
   * @param now the instant of the login
   * @return the refusal, or {@code null} when the CRLs let the path through
   */
  @Nullable Problem check(List<X509Certificate> path, X509Certificate anchor, Instant now) {
    if (cas.isEmpty()) {
      return null;
    }
    Problem unknown = null;
    for (int i = 0; i < path.size(); i++) {
      X509Certificate cert = path.get(i);
      Ca ca = configured(i + 1 < path.size() ? path.get(i + 1) : anchor);
      if (ca == null) {
        continue;
      }
      String which = i == 0 ? "the certificate" : "CA certificate " + i + " of the path";
      boolean isCa = cert.getBasicConstraints() >= 0;
      Parsed all = current.get(new Slot(ca.index(), CrlLoad.Scope.ALL));
      Parsed part = current.get(new Slot(ca.index(), isCa ? CrlLoad.Scope.CA_CERTIFICATES
          : CrlLoad.Scope.END_ENTITY_CERTIFICATES));
      boolean fresh = false;
      Instant staleSince = null;
      for (Parsed p : new Parsed[] {all, part}) {
        if (p == null) {
          continue;
        }
        Listed listed = p.entries().get(cert.getSerialNumber());
        if (listed != null) {
          return new Problem(AcceptanceRefusal.REVOKED_BY_ISSUER, which
              + " is revoked on its issuer's CRL (" + describe(p.info()) + "): revoked at "
              + listed.at() + (listed.reason() < 0 ? "" : ", reason " + reasonName(listed.reason())));
        }
        Instant until = p.info().nextUpdate().plus(grace);
        if (now.isAfter(until)) {
          staleSince = until;
        } else {
          fresh = true;
        }
      }
      if (ca.required() && !fresh && unknown == null) {
        unknown = new Problem(AcceptanceRefusal.REVOCATION_STATUS_UNKNOWN, staleSince == null
            ? "the issuer of " + which + " requires a CRL and none is loaded"
            : "the issuer of " + which + " requires a current CRL and the loaded one is stale"
                + " since " + staleSince);
      }
    }
    return unknown; // a revocation anywhere on the path is reported before a missing CRL
  }

  private @Nullable Ca configured(X509Certificate issuer) {
    for (Ca ca : cas) {
      if (ca.subject().equals(issuer.getSubjectX500Principal())
          && ca.key().equals(hex(issuer.getPublicKey().getEncoded()))) {
        return ca;
      }
    }
    return null;
  }

  private static boolean verifies(X509CRLHolder holder, Ca ca) {
    try {
      return holder.isSignatureValid(new JcaContentVerifierProviderBuilder()
          .setProvider(Bc.PROVIDER).build(ca.certificate().getPublicKey()));
    } catch (CertException | OperatorCreationException | RuntimeException e) {
      return false; // an algorithm the key cannot verify, or parameters BC refuses
    }
  }

  private static @Nullable CertificateList readDer(byte[] der) throws IOException {
    try (ASN1InputStream in = new ASN1InputStream(new java.io.ByteArrayInputStream(der), der.length)) {
      ASN1Primitive value = in.readObject();
      if (value == null || in.available() != 0
          || !Arrays.equals(value.getEncoded(ASN1Encoding.DER), der)) {
        return null;
      }
      return CertificateList.getInstance(value);
    }
  }

  private static final String PEM_BEGIN = "-----BEGIN X509 CRL-----";
  private static final String PEM_END = "-----END X509 CRL-----";

  /** The DER inside one PEM block, the bytes themselves when they are not PEM, or null. */
  private static byte @Nullable [] pemOrDer(byte[] encoded) {
    int start = 0;
    while (start < encoded.length && isSpace(encoded[start])) {
      start++;
    }
    if (encoded.length - start < PEM_BEGIN.length() || encoded[start] != '-') {
      return encoded;
    }
    String text = new String(encoded, start, encoded.length - start, StandardCharsets.US_ASCII);
    if (!text.startsWith(PEM_BEGIN)) {
      return null;
    }
    int end = text.indexOf(PEM_END, PEM_BEGIN.length()); // after the BEGIN line, never inside it
    if (end < 0 || !text.substring(end + PEM_END.length()).isBlank()) {
      return null;
    }
    StringBuilder b64 = new StringBuilder();
    for (char c : text.substring(PEM_BEGIN.length(), end).toCharArray()) {
      if (c != '\r' && c != '\n' && c != ' ' && c != '\t') {
        b64.append(c);
      }
    }
    try {
      return Base64.getDecoder().decode(b64.toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  private static Instant instant(Time time) {
    return time.getDate().toInstant();
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static String sha256(byte[] der) {
    try {
      return hex(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static String describe(CrlLoad.Loaded info) {
    return (info.crlNumber() == null ? "no number" : "number " + info.crlNumber())
        + ", thisUpdate " + info.thisUpdate();
  }

  private static String reasonName(int code) {
    return switch (code) {
      case 0 -> "unspecified";
      case 1 -> "keyCompromise";
      case 2 -> "cACompromise";
      case 3 -> "affiliationChanged";
      case 4 -> "superseded";
      case 5 -> "cessationOfOperation";
      case 6 -> "certificateHold";
      case 9 -> "privilegeWithdrawn";
      case 10 -> "aACompromise";
      default -> "code " + code;
    };
  }

  private static CrlLoad.Refused refused(CrlRefusal reason, String detail) {
    return new CrlLoad.Refused(reason, detail);
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    for (Ca ca : cas) {
      names.add((ca.required() ? "require " : "consult ") + ca.subject().getName());
    }
    return "IssuerCrls" + names;
  }

  /**
   * Builds {@link IssuerCrls}. Each CA may be configured once; the other setters may be called
   * once each.
   *
   * @since 0.2.0
   */
  public static final class Builder {
    private final List<Ca> cas = new ArrayList<>();
    private @Nullable CertificatePolicy policy;
    private @Nullable Integer maxBytes;
    private @Nullable Duration grace;

    private Builder() {}

    /**
     * Consults the CRL of this CA when one is loaded: a certificate it lists is refused at login;
     * while none is loaded (or the loaded one is stale), its certificates are not refused for
     * that.
     *
     * @param ca the CA certificate (basicConstraints cA) whose key signs the CRLs
     * @return this builder
     * @throws IllegalArgumentException if the certificate is not a CA certificate
     * @throws IllegalStateException if the CA was configured already
     */
    public Builder consult(X509Certificate ca) {
      return add(ca, false);
    }

    /**
     * Requires a current CRL of this CA: its certificates are refused at login
     * ({@link AcceptanceRefusal#REVOCATION_STATUS_UNKNOWN}) while none is loaded or the loaded one
     * is past its nextUpdate (plus {@link #requiredCrlGrace}); a certificate it lists is refused
     * ({@link AcceptanceRefusal#REVOKED_BY_ISSUER}).
     *
     * @param ca the CA certificate (basicConstraints cA) whose key signs the CRLs
     * @return this builder
     * @throws IllegalArgumentException if the certificate is not a CA certificate
     * @throws IllegalStateException if the CA was configured already
     */
    public Builder require(X509Certificate ca) {
      return add(ca, true);
    }

    private Builder add(X509Certificate ca, boolean required) {
      Objects.requireNonNull(ca, "ca");
      if (ca.getBasicConstraints() < 0) {
        throw new IllegalArgumentException("not a CA certificate: " + ca.getSubjectX500Principal());
      }
      for (Ca c : cas) {
        if (c.certificate().equals(ca)) {
          throw new IllegalStateException("CA already configured: " + ca.getSubjectX500Principal());
        }
      }
      cas.add(new Ca(cas.size(), ca, ca.getSubjectX500Principal(), hex(ca.getPublicKey().getEncoded()),
          required));
      return this;
    }

    /**
     * How long after its nextUpdate a CRL still counts as current for a CA configured with
     * {@link #require} (optional; default zero). A CA that publishes late would otherwise stop
     * every login of its customers at once.
     *
     * @param g the grace, zero or more, at most seven days
     * @return this builder
     * @throws IllegalArgumentException if negative or longer than seven days
     * @throws IllegalStateException if already set
     */
    public Builder requiredCrlGrace(Duration g) {
      once(grace, "requiredCrlGrace");
      if (g.isNegative() || g.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalArgumentException("requiredCrlGrace must be between 0 and 7 days");
      }
      grace = g;
      return this;
    }

    /**
     * The signature algorithms a CRL may be signed with (optional; default
     * {@link CertificatePolicy#bankDefault()}): give it the policy login uses.
     *
     * @param certificatePolicy the policy
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder certificatePolicy(CertificatePolicy certificatePolicy) {
      policy = once(policy, certificatePolicy, "certificatePolicy");
      return this;
    }

    /**
     * The largest DER CRL taken (optional; default {@value IssuerCrls#DEFAULT_MAX_CRL_BYTES}).
     *
     * @param bytes at least 1 KiB
     * @return this builder
     * @throws IllegalArgumentException if below 1 KiB
     * @throws IllegalStateException if already set
     */
    public Builder maxCrlBytes(int bytes) {
      once(maxBytes, "maxCrlBytes");
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxCrlBytes must be at least 1024");
      }
      maxBytes = bytes;
      return this;
    }

    /**
     * Builds the instance, with no CRL loaded yet.
     *
     * @return the CRLs
     */
    public IssuerCrls build() {
      return new IssuerCrls(this);
    }
  }
}
