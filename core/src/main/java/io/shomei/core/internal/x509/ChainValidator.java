package io.shomei.core.internal.x509;

import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * Builds candidate paths from a leaf through the other presented certificates (in any order) to
 * the trust anchors of one service (bounded: at most {@value #MAX_PRESENTED} other certificates,
 * paths of at most {@value #MAX_DEPTH} CA certificates, {@value #MAX_CANDIDATES} candidates and
 * {@value #MAX_STEPS} path extensions per call), and validates them with the JDK's PKIX
 * {@link CertPathValidator} at a given instant, revocation checking off (the store binding replaces
 * it). Thread-safe.
 *
 * <h2>Signatures</h2>
 *
 * <p>The PKIX validator is handed each candidate certificate wrapped in a
 * {@link FastVerifyingCertificate}: its signature check tries Bouncy Castle (an unregistered
 * provider instance, {@link EcdsaFastPath}) for ECDSA on the NIST curves first and leaves every
 * other case, and every signature Bouncy Castle does not verify, to the JDK. Every other check is
 * the JDK's on the same certificate, so the verdicts are those of the plain JDK validator
 * ({@link #withJdkSignatures}, kept for the differential test and the benchmarks), at about a fifth
 * of the signature cost.
 *
 * <h2>Verified paths</h2>
 *
 * <p>With a cache size above zero, a path that validated is remembered under the SHA-256
 * fingerprint of the leaf's DER, and a later call for the same leaf skips the path search and the
 * signature checks when (a) every CA certificate of the remembered path is among the presented
 * ones again (same DER) and (b) every certificate of it is valid at the new instant (the only input
 * of the PKIX result that changes: anchors and parameters are fixed per validator, revocation
 * checking is off). Anything else takes the full validation. The signature checks are most of a
 * validation (an ECDSA P-256 verification); everything else is redone on every call. Failures are
 * never remembered. When the cache is full an arbitrary entry is dropped for the new one, so a
 * stream of distinct certificates cannot grow it.
 */
public final class ChainValidator {
  /** Most certificates looked at besides the leaf; more are refused. */
  public static final int MAX_PRESENTED = 10;

  /** Longest path (leaf excluded) considered. */
  static final int MAX_DEPTH = 6;

  /** Most candidate paths validated per call. */
  static final int MAX_CANDIDATES = 8;

  /**
   * Most path extensions tried per call. Without it, ten presented certificates that all name
   * each other as issuer (none chaining to an anchor) make the search try every ordering up to
   * {@link #MAX_DEPTH}: about 600,000 paths, a second of CPU per login attempt.
   */
  static final int MAX_STEPS = 64;

  private final Set<X500Principal> anchorSubjects;
  private final PKIXParameters template;
  private final int cacheSize;
  /** Null: every signature by the JDK alone (the validator before the fast path). */
  private final @Nullable EcdsaFastPath fastPath;
  /** Leaf fingerprint to its validated path (leaf excluded) and anchor. */
  private final ConcurrentHashMap<String, Remembered> verified;

  /** A verified path: its CA certificates (leaf and anchor excluded) and its anchor. */
  private record Remembered(List<X509Certificate> cas, X509Certificate anchor) {}

  /**
   * A validator for one set of trust anchors.
   *
   * @param anchors the anchor certificates (at least one)
   * @throws IllegalArgumentException if there is none
   */
  public ChainValidator(Collection<X509Certificate> anchors) {
    this(anchors, 0);
  }

  /**
   * A validator for one set of trust anchors that remembers verified paths.
   *
   * @param anchors the anchor certificates (at least one)
   * @param cacheSize how many verified paths to remember (0: none)
   * @throws IllegalArgumentException if there is no anchor or the size is negative
   */
  public ChainValidator(Collection<X509Certificate> anchors, int cacheSize) {
    this(anchors, cacheSize, new EcdsaFastPath());
  }

  /**
   * The validator as it was before the Bouncy Castle fast path: the JDK's PKIX validator verifies
   * every signature with the JDK's providers. Same verdicts as {@link #ChainValidator(Collection,
   * int)}, slower; for the differential test and the benchmarks.
   *
   * @param anchors the anchor certificates (at least one)
   * @param cacheSize how many verified paths to remember (0: none)
   * @return the validator
   * @throws IllegalArgumentException if there is no anchor or the size is negative
   */
  public static ChainValidator withJdkSignatures(Collection<X509Certificate> anchors,
      int cacheSize) {
    return new ChainValidator(anchors, cacheSize, null);
  }

  private ChainValidator(Collection<X509Certificate> anchors, int cacheSize,
      @Nullable EcdsaFastPath fastPath) {
    this.fastPath = fastPath;
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize must not be negative");
    }
    this.cacheSize = cacheSize;
    this.verified = new ConcurrentHashMap<>();
    if (anchors.isEmpty()) {
      throw new IllegalArgumentException("at least one trust anchor is required");
    }
    Set<TrustAnchor> set = new LinkedHashSet<>();
    Set<X500Principal> subjects = new HashSet<>();
    for (X509Certificate a : anchors) {
      set.add(new TrustAnchor(a, null));
      subjects.add(a.getSubjectX500Principal());
    }
    this.anchorSubjects = Set.copyOf(subjects);
    try {
      PKIXParameters p = new PKIXParameters(set);
      p.setRevocationEnabled(false);
      this.template = p;
    } catch (InvalidAlgorithmParameterException e) {
      throw new IllegalArgumentException("unusable trust anchors", e);
    }
  }

  /**
   * Outcome of {@link #validate}.
   */
  public sealed interface Outcome {
    /**
     * A path validated.
     *
     * @param path the validated path, leaf first, trust anchor excluded
     * @param anchor the trust anchor the path ends at (one of the validator's anchors); its own
     *     validity is not part of the path validation (RFC 5280 section 6.1.1: an anchor is a
     *     name and a key), so a caller that cares checks it
     */
    record Valid(List<X509Certificate> path, X509Certificate anchor) implements Outcome {}

    /**
     * No path validated.
     *
     * @param detail why, in English, without values taken from the certificates
     */
    record Invalid(String detail) implements Outcome {}
  }

  /**
   * Finds and validates a path.
   *
   * @param leaf the end-entity certificate
   * @param others the other presented certificates, in any order (the anchor may be among them)
   * @param now the validation instant
   * @return the valid path or why there is none
   */
  public Outcome validate(X509Certificate leaf, List<X509Certificate> others, Instant now) {
    return validate(leaf, null, others, now);
  }

  /**
   * Finds and validates a path, using the verified paths when the leaf's fingerprint is given.
   *
   * @param leaf the end-entity certificate
   * @param fingerprint the SHA-256 fingerprint of the leaf's DER as {@link
   *     io.shomei.spi.CertificateRecord#fingerprintOf} computes it, or {@code null} to neither use
   *     nor fill the cache
   * @param others the other presented certificates, in any order (the anchor may be among them)
   * @param now the validation instant
   * @return the valid path or why there is none
   */
  public Outcome validate(X509Certificate leaf, @Nullable String fingerprint,
      List<X509Certificate> others, Instant now) {
    if (others.size() > MAX_PRESENTED) {
      return new Outcome.Invalid("more than " + MAX_PRESENTED + " certificates presented");
    }
    if (fingerprint != null && cacheSize > 0) {
      Remembered remembered = verified.get(fingerprint);
      if (remembered != null) {
        List<X509Certificate> path = again(leaf, remembered.cas(), others, Date.from(now));
        if (path != null) {
          return new Outcome.Valid(path, remembered.anchor());
        }
      }
    }
    Outcome outcome = validateFully(leaf, others, now);
    if (fingerprint != null && cacheSize > 0 && outcome instanceof Outcome.Valid valid) {
      remember(fingerprint, valid);
    }
    return outcome;
  }

  /** How many verified paths are remembered now (for tests). */
  int cachedPaths() {
    return verified.size();
  }

  /**
   * The remembered path rebuilt from the presented certificates, or {@code null} when one of its CA
   * certificates is not presented again or one of its certificates is not valid at {@code at}.
   */
  private static @Nullable List<X509Certificate> again(X509Certificate leaf,
      List<X509Certificate> cas, List<X509Certificate> others, Date at) {
    List<X509Certificate> path = new ArrayList<>(cas.size() + 1);
    path.add(leaf);
    for (X509Certificate ca : cas) {
      X509Certificate presented = null;
      for (X509Certificate o : others) {
        if (o.equals(ca)) { // X509Certificate.equals compares the DER
          presented = o;
          break;
        }
      }
      if (presented == null) {
        return null;
      }
      path.add(presented);
    }
    for (X509Certificate c : path) {
      try {
        c.checkValidity(at); // what PKIX checks for every certificate of the path
      } catch (java.security.cert.CertificateExpiredException
          | java.security.cert.CertificateNotYetValidException e) {
        return null;
      }
    }
    return List.copyOf(path);
  }

  private void remember(String fingerprint, Outcome.Valid valid) {
    List<X509Certificate> path = valid.path();
    if (verified.size() >= cacheSize && !verified.containsKey(fingerprint)) {
      Iterator<String> it = verified.keySet().iterator();
      while (verified.size() >= cacheSize && it.hasNext()) {
        it.next();
        it.remove();
      }
    }
    verified.put(fingerprint,
        new Remembered(List.copyOf(path.subList(1, path.size())), valid.anchor()));
  }

  private Outcome validateFully(X509Certificate leaf, List<X509Certificate> others, Instant now) {
    List<List<X509Certificate>> candidates = new ArrayList<>();
    List<X509Certificate> path = new ArrayList<>();
    path.add(leaf);
    int[] steps = {0};
    extend(path, others, candidates, steps);
    if (candidates.isEmpty()) {
      return new Outcome.Invalid(steps[0] >= MAX_STEPS
          ? "no path from the certificate to a trust anchor of this service within "
              + MAX_STEPS + " path-building steps"
          : "no path from the certificate to a trust anchor of this service");
    }
    CertificateFactory cf;
    CertPathValidator validator;
    try {
      cf = CertificateFactory.getInstance("X.509");
      validator = CertPathValidator.getInstance("PKIX");
    } catch (CertificateException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK's X.509 PKIX support is required", e);
    }
    PKIXParameters params = (PKIXParameters) template.clone();
    params.setDate(Date.from(now));
    String firstFailure = null;
    for (List<X509Certificate> candidate : candidates) {
      try {
        CertPath certPath = cf.generateCertPath(forPkix(candidate));
        PKIXCertPathValidatorResult result =
            (PKIXCertPathValidatorResult) validator.validate(certPath, params);
        X509Certificate anchor = result.getTrustAnchor().getTrustedCert();
        if (anchor == null) { // every anchor here is built from a certificate
          throw new IllegalStateException("a trust anchor without its certificate");
        }
        return new Outcome.Valid(List.copyOf(candidate), anchor);
      } catch (CertPathValidatorException e) {
        if (firstFailure == null) {
          firstFailure = describe(e);
        }
      } catch (CertificateException | InvalidAlgorithmParameterException e) {
        if (firstFailure == null) {
          firstFailure = "the path could not be checked (" + e.getClass().getSimpleName() + ")";
        }
      }
    }
    return new Outcome.Invalid(firstFailure == null ? "no valid path" : firstFailure);
  }

  /** The candidate as the PKIX validator gets it: wrapped for the fast path, if there is one. */
  private List<X509Certificate> forPkix(List<X509Certificate> candidate) {
    EcdsaFastPath fast = fastPath;
    if (fast == null) {
      return candidate;
    }
    List<X509Certificate> wrapped = new ArrayList<>(candidate.size());
    for (X509Certificate c : candidate) {
      wrapped.add(new FastVerifyingCertificate(c, fast));
    }
    return wrapped;
  }

  private void extend(List<X509Certificate> path, List<X509Certificate> pool,
      List<List<X509Certificate>> out, int[] steps) {
    if (out.size() >= MAX_CANDIDATES || steps[0] >= MAX_STEPS) {
      return;
    }
    X509Certificate last = path.get(path.size() - 1);
    X500Principal issuer = last.getIssuerX500Principal();
    if (anchorSubjects.contains(issuer)) {
      out.add(List.copyOf(path));
    }
    if (path.size() > MAX_DEPTH) {
      return;
    }
    for (X509Certificate c : pool) {
      if (out.size() >= MAX_CANDIDATES || steps[0] >= MAX_STEPS) {
        return;
      }
      if (c.getSubjectX500Principal().equals(issuer) && !containsSame(path, c)) {
        steps[0]++;
        path.add(c);
        extend(path, pool, out, steps);
        path.remove(path.size() - 1);
      }
    }
  }

  private static boolean containsSame(List<X509Certificate> path, X509Certificate c) {
    for (X509Certificate p : path) {
      if (p.equals(c)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(CertPathValidatorException e) {
    CertPathValidatorException.Reason reason = e.getReason();
    int index = e.getIndex();
    @Nullable String where = index < 0 ? null : index == 0 ? "the certificate" : "CA certificate " + index + " of the path";
    String what = reason == CertPathValidatorException.BasicReason.UNSPECIFIED
        ? "signature, name chaining or constraint failure"
        : reason.toString();
    return where == null ? "path invalid: " + what : "path invalid at " + where + ": " + what;
  }
}
