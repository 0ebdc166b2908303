package io.shomei.examples.web;

import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.DownloadResult;
import io.shomei.core.EnrollmentResult;
import io.shomei.core.Shomei;
import io.shomei.core.password.LetterFields;
import io.shomei.examples.datadir.DataDir;
import io.shomei.spi.AccountKey;
import io.shomei.spi.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A customer of {@code fx-forward} enrolled for the several-node tests: the letter's passwords in
 * owner-only files (curl reads them with {@code --data-urlencode name@file}, so they never appear
 * on a command line).
 *
 * @param userId the user ID
 * @param password the file with the temporary login password
 * @param acquisition the file with the certificate acquisition password
 * @param acquisitionText the certificate acquisition password (also the PKCS#12 file's password)
 */
record ClusterCustomer(String userId, Path password, Path acquisition, String acquisitionText) {
  private static final AtomicInteger NEXT_USER = new AtomicInteger(41_000_000);

  AccountKey account() {
    return new AccountKey(userId, DataDir.FX_FORWARD);
  }

  /** Enrolls a new customer through the SDK, as the branch would. */
  static ClusterCustomer enroll(Shomei admin, Path tmp) throws IOException {
    String userId = String.valueOf(NEXT_USER.incrementAndGet());
    EnrollmentResult r = admin.enrollment().enroll(userId, DataDir.FX_FORWARD);
    try (LetterFields l = ((EnrollmentResult.Enrolled) r).letter()) {
      String acquisition = new String(l.acquisitionPassword().toCharArray());
      return new ClusterCustomer(userId,
          secret(tmp, "password-" + userId, new String(l.temporaryPassword().toCharArray())),
          secret(tmp, "acquisition-" + userId, acquisition), acquisition);
    }
  }

  /** This customer's certificate acquired through the SDK (the login part starts from it). */
  Path acquireDirectly(Shomei admin, Path tmp) throws IOException {
    AcquisitionResult r = admin.acquisition().acquire(AcquisitionRequest.of(userId,
        DataDir.FX_FORWARD, Secret.of(Files.readString(password)), Secret.of(acquisitionText)));
    AcquisitionResult.Acquired a = (AcquisitionResult.Acquired) r;
    DownloadResult d = admin.acquisition().download(a.downloadTicket().orElseThrow().id());
    Path p12 = tmp.resolve(userId + ".p12");
    Files.write(p12, ((DownloadResult.Downloaded) d).pkcs12());
    return p12;
  }

  /** An owner-only file with {@code content}. */
  static Path secret(Path tmp, String name, String content) throws IOException {
    Path f = tmp.resolve(name);
    Files.createFile(f, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }
}
