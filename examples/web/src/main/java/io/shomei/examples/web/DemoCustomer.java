package io.shomei.examples.web;

import io.shomei.spi.Secret;
import io.shomei.core.Shomei;
import io.shomei.core.EnrollmentResult;
import io.shomei.core.password.LetterFields;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Arrays;

/** The demo customer made at the first start, and the bank's letter printed for them once. */
final class DemoCustomer {
  private DemoCustomer() {}

  /**
   * Enrolls a customer with a random 8-digit user ID and prints the letter.
   *
   * @return the user ID
   */
  static String enroll(Shomei shomei, String service, SecureRandom random, PrintStream out) {
    for (int attempt = 0; attempt < 10; attempt++) {
      String userId = String.valueOf(10_000_000 + random.nextInt(90_000_000));
      EnrollmentResult result = shomei.enrollment().enroll(userId, service);
      if (result instanceof EnrollmentResult.Enrolled e) {
        print(out, service, e);
        return userId;
      }
      if (!(result instanceof EnrollmentResult.AlreadyEnrolled)) {
        throw new IllegalStateException("cannot enroll the demo customer: " + result);
      }
    }
    throw new IllegalStateException("no free user ID for the demo customer");
  }

  /**
   * Enrolls the same customer in another service (each service has its own account, passwords and
   * certificate) and prints that letter too.
   */
  static void enrollAlso(Shomei shomei, String userId, String service, PrintStream out) {
    EnrollmentResult result = shomei.enrollment().enroll(userId, service);
    if (!(result instanceof EnrollmentResult.Enrolled e)) {
      throw new IllegalStateException("cannot enroll the demo customer: " + result);
    }
    print(out, service, e);
  }

  private static void print(PrintStream out, String service, EnrollmentResult.Enrolled e) {
    try (LetterFields letter = e.letter()) {
      out.println("== The bank's letter to the demo customer"
          + " (shown once: only password hashes are stored) ==");
      out.println("service: " + service);
      out.println("user-id: " + letter.userId());
      print(out, "temporary-password: ", letter.temporaryPassword());
      print(out, "acquisition-password: ", letter.acquisitionPassword());
    }
  }

  private static void print(PrintStream out, String label, Secret secret) {
    char[] chars = secret.toCharArray();
    try {
      out.print(label);
      out.println(chars);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }
}
