package io.shomei.core;

import io.shomei.spi.AccountKey;
import io.shomei.spi.Proposal;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.StorableText;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An operator action that dual control can hold back until a second operator approves it
 * ({@link OperatorActions#propose}, {@link OperatorActions#approve}). Each action is a value with
 * a stable {@link #kind() kind} and the few strings the store keeps of it ({@link #parameters()});
 * never a secret: the secrets an action hands out are generated when it runs, for the approver.
 *
 * <p>Adding an action (say, "flag a PC as lost") takes a {@link Kind} constant, a record here with
 * its {@link #parameters()} and a case in {@link #of(Proposal)}, and the engine's case that runs it:
 * proposals, approvals, refusals, expiry and audit stay as they are.
 *
 * @since 0.2.0
 */
public sealed interface SensitiveAction {

  /** Longest rule file a {@link ChangeRules} proposal carries (in chars). */
  int MAX_RULE_TEXT = 200_000;

  /**
   * The kinds of sensitive action; the name is the stable code stored with a proposal.
   *
   * @since 0.2.0
   */
  enum Kind {
    /** {@link ResetAcquisitionPassword}. */
    RESET_ACQUISITION_PASSWORD,
    /** {@link ResetTemporaryPassword}. */
    RESET_TEMPORARY_PASSWORD,
    /** {@link UnlockLogin}. */
    UNLOCK_LOGIN,
    /** {@link Revoke}. */
    REVOKE,
    /** {@link ChangeRules}. */
    CHANGE_RULES,
    /**
     * {@link FlagDeviceLostOrReplaced}. It revokes the account's certificate, so a direct call is
     * refused also when only {@link #REVOKE} is under dual control.
     */
    FLAG_DEVICE_LOST_OR_REPLACED
  }

  /**
   * The kind.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * The account it acts on.
   *
   * @return the account, or {@code null} for an action on no account
   */
  @Nullable AccountKey account();

  /**
   * What the store keeps of it besides kind and account (no secrets).
   *
   * @return an immutable map
   */
  Map<String, String> parameters();

  /**
   * The action a stored proposal holds.
   *
   * @param proposal the proposal
   * @return the action, or empty if the proposal names an action this release does not know or its
   *     parameters are malformed
   */
  static Optional<SensitiveAction> of(Proposal proposal) {
    Kind kind;
    try {
      kind = Kind.valueOf(proposal.action());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    AccountKey account = proposal.account();
    Map<String, String> p = proposal.parameters();
    try {
      return Optional.ofNullable(switch (kind) {
        case RESET_ACQUISITION_PASSWORD ->
            account == null ? null : new ResetAcquisitionPassword(account);
        case RESET_TEMPORARY_PASSWORD ->
            account == null ? null : new ResetTemporaryPassword(account);
        case UNLOCK_LOGIN -> account == null ? null : new UnlockLogin(account);
        case REVOKE -> account == null || p.get("serial") == null || p.get("reason") == null
            ? null
            : new Revoke(account, new BigInteger(p.get("serial"), 16),
                RevocationReason.valueOf(p.get("reason")));
        case CHANGE_RULES -> p.get("service") == null || p.get("rule_text") == null ? null
            : new ChangeRules(p.get("service"), p.get("rule_text"));
        case FLAG_DEVICE_LOST_OR_REPLACED ->
            account == null ? null : new FlagDeviceLostOrReplaced(account);
      });
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A new acquisition password for the account ({@link OperatorActions#resetAcquisitionPassword}).
   *
   * @param account the account
   * @since 0.2.0
   */
  record ResetAcquisitionPassword(AccountKey account) implements SensitiveAction {
    /** Checks for null. */
    public ResetAcquisitionPassword {
      Objects.requireNonNull(account, "account");
    }

    @Override
    public Kind kind() {
      return Kind.RESET_ACQUISITION_PASSWORD;
    }

    @Override
    public Map<String, String> parameters() {
      return Map.of();
    }
  }

  /**
   * A new temporary login password for the account
   * ({@link OperatorActions#resetTemporaryPassword}).
   *
   * @param account the account
   * @since 0.2.0
   */
  record ResetTemporaryPassword(AccountKey account) implements SensitiveAction {
    /** Checks for null. */
    public ResetTemporaryPassword {
      Objects.requireNonNull(account, "account");
    }

    @Override
    public Kind kind() {
      return Kind.RESET_TEMPORARY_PASSWORD;
    }

    @Override
    public Map<String, String> parameters() {
      return Map.of();
    }
  }

  /**
   * The customer's PC was lost or replaced ({@link OperatorActions#flagDeviceLostOrReplaced}):
   * revokes the account's active certificate, which lets the three-secret acquisition through
   * again where the service refuses it while a certificate can renew.
   *
   * @param account the account
   * @since 0.2.0
   */
  record FlagDeviceLostOrReplaced(AccountKey account) implements SensitiveAction {
    /** Checks for null. */
    public FlagDeviceLostOrReplaced {
      Objects.requireNonNull(account, "account");
    }

    @Override
    public Kind kind() {
      return Kind.FLAG_DEVICE_LOST_OR_REPLACED;
    }

    @Override
    public Map<String, String> parameters() {
      return Map.of();
    }
  }

  /**
   * Unlocks the account's login ({@link OperatorActions#unlockLogin}).
   *
   * @param account the account
   * @since 0.2.0
   */
  record UnlockLogin(AccountKey account) implements SensitiveAction {
    /** Checks for null. */
    public UnlockLogin {
      Objects.requireNonNull(account, "account");
    }

    @Override
    public Kind kind() {
      return Kind.UNLOCK_LOGIN;
    }

    @Override
    public Map<String, String> parameters() {
      return Map.of();
    }
  }

  /**
   * Revokes one of the account's certificates ({@link OperatorActions#revoke}).
   *
   * @param account the account the certificate belongs to (checked when proposed)
   * @param serial the certificate's serial
   * @param reason the RFC 5280 reason
   * @since 0.2.0
   */
  record Revoke(AccountKey account, BigInteger serial, RevocationReason reason)
      implements SensitiveAction {
    /** Checks for nulls and a positive serial. */
    public Revoke {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(reason, "reason");
      if (serial.signum() <= 0) {
        throw new IllegalArgumentException("serial must be positive");
      }
    }

    @Override
    public Kind kind() {
      return Kind.REVOKE;
    }

    @Override
    public Map<String, String> parameters() {
      return Map.of("serial", serial.toString(16), "reason", reason.name());
    }
  }

  /**
   * Replaces a service's rule file. The engine's rules are fixed when {@link Shomei} is built, so an
   * approval hands the approved, parsed rules back to the host, which deploys exactly those (and
   * nothing a single operator wrote alone).
   *
   * @param service the service whose rules change
   * @param ruleText the new rule file, parsed when proposed (at most
   *     {@value SensitiveAction#MAX_RULE_TEXT} chars)
   * @since 0.2.0
   */
  record ChangeRules(String service, String ruleText) implements SensitiveAction {
    /** Checks the size and that the text can be stored. */
    public ChangeRules {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(ruleText, "ruleText");
      if (ruleText.length() > MAX_RULE_TEXT || !StorableText.isStorable(ruleText)
          || !StorableText.isStorable(service)) {
        throw new IllegalArgumentException("rule text must be storable, at most "
            + MAX_RULE_TEXT + " chars");
      }
    }

    @Override
    public Kind kind() {
      return Kind.CHANGE_RULES;
    }

    @Override
    public @Nullable AccountKey account() {
      return null;
    }

    @Override
    public Map<String, String> parameters() {
      return Map.of("service", service, "rule_text", ruleText, "rule_sha256", sha256());
    }

    /**
     * The SHA-256 of the rule text (UTF-8), in lowercase hex: what the audit trail names.
     *
     * @return the hash
     */
    public String sha256() {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest(ruleText.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
    }

    @Override
    public String toString() {
      return "ChangeRules[service=" + service + ", sha256=" + sha256() + "]";
    }
  }
}
