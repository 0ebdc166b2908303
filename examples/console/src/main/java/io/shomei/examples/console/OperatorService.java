package io.shomei.examples.console;

import io.shomei.core.EnrollmentResult;
import io.shomei.core.ServiceSettings;
import io.shomei.core.Shomei;
import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.migration.ActiveConflictPolicy;
import io.shomei.core.migration.ImportRequest;
import io.shomei.core.migration.ImportResult;
import io.shomei.core.password.LetterFields;
import io.shomei.spi.OperatorRecord;
import io.shomei.spi.OperatorRole;
import io.shomei.spi.OperatorStore;
import io.shomei.spi.Secret;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The operators' own service in Shomei. Branch staff log in to the console exactly as customers log
 * in to a service: Shomei's certificate step (chain to the service's anchors, CN mapped to a user
 * ID, bound to that account's ACTIVE certificate) and its password step. What makes it theirs:
 *
 * <ul>
 *   <li>its only trust anchors are the operators' CA certificates, which no customer service
 *       trusts, and the customers' CA is not one of them: a customer's certificate is refused at
 *       the certificate step as "not issued by this bank" ({@code UNTRUSTED_CHAIN}), typed and
 *       audited like any refused login;
 *   <li>its accounts are the staff numbers enrolled here ({@link #enroll}), with the certificate
 *       the operators' CA issued registered as the account's ACTIVE certificate; a customer's user
 *       ID is an account of another service, so even a certificate of the same CN binds to
 *       nothing here;
 *   <li>the roles come from the {@link OperatorStore}, keyed by the same staff number.
 * </ul>
 *
 * <p>Shomei never issues certificates for this service (its one issuing CA is the customers'); the
 * profile exists because every service has one.
 */
public final class OperatorService {
  /** The service identifier of the console's logins. */
  public static final String SERVICE = "branch-console";

  /** The OID naming the console service's (never used) certificate profile. */
  static final String POLICY_OID = "1.3.6.1.4.1.55555.9.1";

  private OperatorService() {}

  /**
   * The console service's settings.
   *
   * @param operatorCas the operators' CA certificates (the only anchors of the console's logins)
   * @param rules the rule set (no rule names this service, so none applies to it)
   * @return the settings
   */
  public static ServiceSettings settings(List<X509Certificate> operatorCas, Eligibility rules) {
    CertificateProfile profile =
        CertificateProfile.builder(SERVICE, SERVICE, POLICY_OID).build();
    return new ServiceSettings(SERVICE, profile, operatorCas, rules);
  }

  /**
   * Enrolls a branch operator: an account of the console service with a temporary password (to
   * be changed at the first console login), the certificate the operators' CA issued registered as
   * its ACTIVE certificate, and the roles in the operator store. Audited by the SDK as
   * {@code ACCOUNT_CREATED} and {@code CERTIFICATE_IMPORTED}.
   *
   * @param shomei an engine built with {@link #settings}
   * @param operators the operator store
   * @param staffId the operator's staff number (a user ID under the data directory's policy)
   * @param roles the operator's roles
   * @param certificate the operator's certificate, issued by an operators' CA
   * @return the temporary password, for the operator's own letter (the caller destroys it)
   * @throws IllegalStateException if the enrollment or the import is refused (the reason is named)
   */
  public static Secret enroll(Shomei shomei, OperatorStore operators, String staffId,
      Set<OperatorRole> roles, X509Certificate certificate) {
    Objects.requireNonNull(certificate, "certificate");
    EnrollmentResult r = shomei.enrollment().enroll(staffId, SERVICE);
    if (!(r instanceof EnrollmentResult.Enrolled enrolled)) {
      throw new IllegalStateException("operator " + staffId + " not enrolled: " + r);
    }
    LetterFields letter = enrolled.letter();
    // the console has no acquisition: the operator never uses an acquisition password
    letter.acquisitionPassword().destroy();
    ImportResult imported = shomei.inventory().byOperator("console-setup")
        .importCertificate(ImportRequest.of(certificate, SERVICE),
            ActiveConflictPolicy.SUPERSEDE_OLDER);
    if (!(imported instanceof ImportResult.Imported)) {
      letter.temporaryPassword().destroy();
      throw new IllegalStateException("the certificate of operator " + staffId
          + " was not registered: " + imported);
    }
    operators.saveOperator(new OperatorRecord(staffId, roles, true));
    return letter.temporaryPassword();
  }
}
