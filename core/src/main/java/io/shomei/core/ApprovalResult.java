package io.shomei.core;

import io.shomei.spi.AccountKey;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.spi.CertificateStore.RevocationResult;
import io.shomei.spi.Proposal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Outcome of {@link OperatorActions#approve} and {@link OperatorActions#reject}.
 *
 * @since 0.2.0
 */
public sealed interface ApprovalResult {

  /**
   * Approved by this call, and the action ran as the approving operator. What it hands out (a new
   * password for the letter) is in {@code outcome}, for the approver only.
   *
   * @param proposal the proposal, now approved
   * @param outcome what the action did
   * @since 0.2.0
   */
  record Approved(Proposal proposal, ActionOutcome outcome) implements ApprovalResult {
    /** Checks for nulls. */
    public Approved {
      Objects.requireNonNull(proposal, "proposal");
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /**
   * Rejected by this call; nothing ran.
   *
   * @param proposal the proposal, now rejected
   * @since 0.2.0
   */
  record Rejected(Proposal proposal) implements ApprovalResult {
    /** Checks for null. */
    public Rejected {
      Objects.requireNonNull(proposal, "proposal");
    }
  }

  /**
   * Nothing was decided and nothing ran.
   *
   * @param reason why
   * @param proposal the proposal as stored, or {@code null} if there is none or the operator may not
   *     see it
   * @since 0.2.0
   */
  record Refused(Reason reason, @Nullable Proposal proposal) implements ApprovalResult {
    /** Checks for null. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Why a decision was refused.
   *
   * @since 0.2.0
   */
  enum Reason {
    /** The deciding operator is not in the operator store, or is disabled. */
    UNKNOWN_OPERATOR,
    /** The deciding operator's roles do not include {@code APPROVER} (an auditor, a maker). */
    ROLE_NOT_ALLOWED,
    /** No proposal with that id. */
    NOT_FOUND,
    /** The deciding operator proposed it: never the same identity on both sides. */
    PROPOSER,
    /** The proposal expired before the decision. */
    EXPIRED,
    /** The proposal was already decided (a replayed or concurrent approval). */
    ALREADY_DECIDED,
    /** The proposal names an action this release cannot run; it stays pending. */
    UNKNOWN_ACTION
  }

  /**
   * What an approved action did.
   *
   * @since 0.2.0
   */
  sealed interface ActionOutcome {
    /**
     * A password action ran (reset, unlock): for a reset, {@link OperatorOutcome.NewPassword}
     * carries the secret for the letter.
     *
     * @param outcome the action's outcome
     * @since 0.2.0
     */
    record OnAccount(OperatorOutcome outcome) implements ActionOutcome {
      /** Checks for null. */
      public OnAccount {
        Objects.requireNonNull(outcome, "outcome");
      }
    }

    /**
     * A revocation ran.
     *
     * @param result the store's answer
     * @since 0.2.0
     */
    record Revocation(RevocationResult result) implements ActionOutcome {
      /** Checks for null. */
      public Revocation {
        Objects.requireNonNull(result, "result");
      }
    }

    /**
     * A flag "PC lost or replaced" was approved, but the account no longer holds an active
     * certificate (it was revoked or replaced meanwhile): nothing was revoked.
     *
     * @param account the account
     * @since 0.2.0
     */
    record NoActiveCertificate(AccountKey account) implements ActionOutcome {
      /** Checks for null. */
      public NoActiveCertificate {
        Objects.requireNonNull(account, "account");
      }
    }

    /**
     * A rule change was approved: the host deploys exactly these rules.
     *
     * @param service the service
     * @param rules the approved rules, parsed
     * @param ruleText the approved rule file
     * @param sha256 the SHA-256 of the rule file, as audited
     * @since 0.2.0
     */
    record Rules(String service, RuleSet rules, String ruleText, String sha256)
        implements ActionOutcome {
      /** Checks for nulls. */
      public Rules {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(ruleText, "ruleText");
        Objects.requireNonNull(sha256, "sha256");
      }

      @Override
      public String toString() {
        return "Rules[service=" + service + ", sha256=" + sha256 + "]";
      }
    }
  }
}
