package io.shomei.core.internal.identity;

import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * Builds candidate paths from a leaf through the other presented certificates (in any order) to
 * the trust anchors of one service (bounded: at most {@value #MAX_PRESENTED} other certificates,
 * paths of at most {@value #MAX_DEPTH} CA certificates, {@value #MAX_CANDIDATES} candidates and
 * {@value #MAX_STEPS} path extensions per call), and validates them with the JDK's PKIX
 * {@link CertPathValidator} at a given instant, revocation checking off (the store binding replaces
 * it). Immutable and thread-safe.
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

  /**
   * A validator for one set of trust anchors.
   *
   * @param anchors the anchor certificates (at least one)
   * @throws IllegalArgumentException if there is none
   */
  public ChainValidator(Collection<X509Certificate> anchors) {
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
     */
    record Valid(List<X509Certificate> path) implements Outcome {}

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
    if (others.size() > MAX_PRESENTED) {
      return new Outcome.Invalid("more than " + MAX_PRESENTED + " certificates presented");
    }
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
        CertPath certPath = cf.generateCertPath(candidate);
        validator.validate(certPath, params);
        return new Outcome.Valid(List.copyOf(candidate));
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
