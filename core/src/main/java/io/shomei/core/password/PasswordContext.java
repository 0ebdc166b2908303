package io.shomei.core.password;

import io.shomei.spi.AcquisitionPassword;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.LoginPassword;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the context-dependent rules compare a candidate with. Earlier passwords are known only as
 * encoded hashes; the rules verify the candidate against them (any supported algorithm).
 *
 * @param userId the user ID (for "must not contain the user ID"), or {@code null} if unknown
 * @param passwordHistory encoded hashes of the current and earlier login passwords, newest first
 *     (the history rule looks at the first N)
 * @param temporaryPasswordHash the encoded hash of the temporary password the bank issued, or
 *     {@code null}
 * @param acquisitionPasswordHash the encoded hash of the acquisition password, or {@code null}
 * @since 0.1.0
 */
public record PasswordContext(
    @Nullable String userId,
    List<String> passwordHistory,
    @Nullable String temporaryPasswordHash,
    @Nullable String acquisitionPasswordHash) {

  /** Copies the history and checks every hash is supported. */
  public PasswordContext {
    passwordHistory = List.copyOf(passwordHistory);
    for (String h : passwordHistory) {
      requireSupported(h);
    }
    if (temporaryPasswordHash != null) {
      requireSupported(temporaryPasswordHash);
    }
    if (acquisitionPasswordHash != null) {
      requireSupported(acquisitionPasswordHash);
    }
  }

  private static void requireSupported(String hash) {
    if (!PasswordHasher.isSupported(hash)) {
      throw new IllegalArgumentException("not a supported password hash");
    }
  }

  /**
   * No context: only the context-free rules can be violated.
   *
   * @return the empty context
   */
  public static PasswordContext none() {
    return new PasswordContext(null, List.of(), null, null);
  }

  /**
   * Only a user ID.
   *
   * @param userId the user ID
   * @return the context
   */
  public static PasswordContext forUser(String userId) {
    return new PasswordContext(userId, List.of(), null, null);
  }

  /**
   * The context of a password change for a stored account: its user ID; as history the current
   * login password (unless temporary) followed by {@link CredentialRecord#passwordHistory()}; the
   * current login password as the temporary one if it is temporary; the acquisition password.
   *
   * @param record the stored credentials
   * @return the context
   */
  public static PasswordContext of(CredentialRecord record) {
    List<String> history = new ArrayList<>();
    String temporary = null;
    LoginPassword login = record.loginPassword();
    if (login != null) {
      if (login.temporary()) {
        temporary = login.hash();
      } else {
        history.add(login.hash());
      }
    }
    history.addAll(record.passwordHistory());
    AcquisitionPassword acquisition = record.acquisitionPassword();
    return new PasswordContext(record.account().userId(), history, temporary,
        acquisition == null ? null : acquisition.hash());
  }

  @Override
  public String toString() {
    return "PasswordContext[userId=" + userId + ", history=" + passwordHistory.size()
        + " entries, temporary=" + (temporaryPasswordHash != null) + ", acquisition="
        + (acquisitionPasswordHash != null) + "]";
  }
}
