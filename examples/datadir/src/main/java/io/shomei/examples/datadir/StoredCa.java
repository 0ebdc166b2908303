package io.shomei.examples.datadir;

import io.shomei.core.IssuingCa;
import io.shomei.spi.KeyCustody;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One issuing CA kept in a data directory: its label (the operator's name for it), where its key
 * is kept and its issuing window. The first is the CA {@code init} set up; {@code ca add} adds the
 * others.
 *
 * @param label the operator's name for it: lower-case letters, digits and {@code -}, 1..32
 * @param custodyKind {@code software} (a keystore in the data directory) or {@code pkcs11} (an
 *     alias on the directory's token)
 * @param custody the opened key custody
 * @param window when it issues
 * @since 0.2.0
 */
public record StoredCa(String label, String custodyKind, KeyCustody custody, CaWindow window) {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  /** The label of the CA {@code init} set up, in a directory made before CAs had labels. */
  public static final String FIRST_LABEL = "initial";

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException for a malformed label
   */
  public StoredCa {
    checkLabel(label);
    Objects.requireNonNull(custodyKind, "custodyKind");
    Objects.requireNonNull(custody, "custody");
    Objects.requireNonNull(window, "window");
  }

  /**
   * Checks a label: lower-case letters, digits and {@code -}, starting with a letter or digit, at
   * most 32 characters (it names files in the data directory).
   *
   * @param label the label
   * @return {@code label}
   * @throws IllegalArgumentException if it is malformed
   */
  public static String checkLabel(String label) {
    if (!LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException("a CA label is 1..32 lower-case letters, digits and '-',"
          + " starting with a letter or digit");
    }
    return label;
  }

  /**
   * The CA certificate that signs customer certificates (the first of the custody's chain).
   *
   * @return the certificate
   */
  public X509Certificate certificate() {
    return custody.certificateChain().get(0);
  }

  /**
   * The CA's key ID ({@link IssuingCa#keyId()}): the lower-case hex of its certificate's subject
   * key identifier, under which its CRLs are kept; the CLI names a CA by it or by its label.
   *
   * @return the key ID
   */
  public String keyId() {
    return IssuingCa.of(custody).keyId();
  }

  /**
   * The CA as the SDK's builder takes it ({@link io.shomei.core.Shomei.Builder#issuingCa}): its
   * custody with this window, for every service.
   *
   * @return the issuing CA
   * @throws IllegalArgumentException if its certificate has no subject key identifier
   */
  public IssuingCa issuingCa() {
    IssuingCa ca = IssuingCa.of(custody);
    if (window.statusOnly()) {
      return ca.statusOnly();
    }
    Instant from = window.issuingFrom();
    Instant until = window.issuingUntil();
    if (from != null) {
      ca = ca.issuingFrom(from);
    }
    if (until != null) {
      ca = ca.issuingUntil(until);
    }
    return ca;
  }

  StoredCa withWindow(CaWindow w) {
    return new StoredCa(label, custodyKind, custody, w);
  }

  @Override
  public String toString() {
    return "StoredCa[" + label + ", " + custodyKind + ", "
        + certificate().getSubjectX500Principal().getName() + ", " + window.describe() + "]";
  }
}
