package io.shomei.core;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateStore.RevocationResult;
import io.shomei.spi.IssuerName;
import io.shomei.spi.RevocationReason;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Branch operator actions (MISSION R7), all performed on behalf of one identified operator and
 * all audited with {@code actor = operator:<id>}. Obtain it from
 * {@link io.shomei.core.Shomei#operator(String)}; authenticating and authorizing the operator is
 * the host's job.
 *
 * <h2>Dual control</h2>
 *
 * <p>With {@link Shomei.Builder#dualControl(DualControl)}, the {@link SensitiveAction sensitive
 * actions} it names can no longer be performed directly (their methods here throw
 * {@link IllegalStateException}): one operator {@link #propose proposes}, a second one
 * {@link #approve approves}, and only the approval runs the action and receives what it hands out.
 * For this, operators and their roles live in the {@link io.shomei.spi.OperatorStore}: proposing
 * takes {@link io.shomei.spi.OperatorRole#BRANCH_OPERATOR}, deciding takes
 * {@link io.shomei.spi.OperatorRole#APPROVER}; an auditor does neither. Both steps are audited.
 *
 * <pre>{@code
 * ProposalResult p = shomei.operator("branch-042/tanaka")
 *     .propose(new SensitiveAction.ResetAcquisitionPassword(account));
 * // ... another operator, from the proposal's id:
 * if (shomei.operator("branch-042/suzuki").approve(id)
 *     instanceof ApprovalResult.Approved a
 *     && a.outcome() instanceof ApprovalResult.ActionOutcome.OnAccount on
 *     && on.outcome() instanceof OperatorOutcome.NewPassword pw) {
 *   // print the letter with pw.newPassword(), then destroy it
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public interface OperatorActions {

  /**
   * The operator these actions are performed and audited as.
   *
   * @return the operator identity
   */
  String operatorId();

  /**
   * Issues a new random acquisition password for a customer who forgot theirs or locked it: the old
   * one stops working at once, the lock, counter and one-time consumption are cleared. Audited as
   * {@code OPERATOR_RESET_ACQUISITION_PASSWORD}.
   *
   * @param account the account
   * @return {@link OperatorOutcome.NewPassword} with the password to print, or
   *     {@link OperatorOutcome.NoAccount}
   * @throws IllegalStateException if the action is under dual control (since 0.2.0)
   */
  OperatorOutcome resetAcquisitionPassword(AccountKey account);

  /**
   * Unlocks the login password and clears its counter; the password stays. Audited as
   * {@code OPERATOR_UNLOCKED_LOGIN}.
   *
   * @param account the account
   * @return {@link OperatorOutcome.Done} or {@link OperatorOutcome.NoAccount}
   * @throws IllegalStateException if the action is under dual control (since 0.2.0)
   */
  OperatorOutcome unlockLogin(AccountKey account);

  /**
   * Issues a new temporary login password (to be changed at the next login), unlocking the login.
   * A replaced permanent password goes to the history. Audited as
   * {@code OPERATOR_RESET_TEMPORARY_PASSWORD}.
   *
   * @param account the account
   * @return {@link OperatorOutcome.NewPassword} with the password to print, or
   *     {@link OperatorOutcome.NoAccount}
   * @throws IllegalStateException if the action is under dual control (since 0.2.0)
   */
  OperatorOutcome resetTemporaryPassword(AccountKey account);

  /**
   * Revokes a certificate (final). Revoking an account's active certificate leaves it without one,
   * so the customer may acquire a new one by self-service. Its download tickets are deleted.
   * Audited as {@code CERTIFICATE_REVOKED}.
   *
   * <p>A serial is unique per issuer only: when certificates of several issuers carry this serial
   * (an adopted CA's and the bank's), none is revoked and the answer is not found; give the issuer
   * with {@link #revoke(IssuerName, BigInteger, RevocationReason)}.
   *
   * @param serial the certificate's serial
   * @param reason the RFC 5280 reason
   * @return the store's outcome: revoked, already revoked, or not found
   * @throws IllegalStateException if the action is under dual control (since 0.2.0)
   */
  RevocationResult revoke(BigInteger serial, RevocationReason reason);

  /**
   * Revokes the certificate of this issuer with this serial, like
   * {@link #revoke(BigInteger, RevocationReason)}.
   *
   * @param issuer the certificate's issuer
   * @param serial the certificate's serial
   * @param reason the RFC 5280 reason
   * @return the store's outcome: revoked, already revoked, or not found
   * @throws IllegalStateException if the action is under dual control
   * @since 0.2.0
   */
  RevocationResult revoke(IssuerName issuer, BigInteger serial, RevocationReason reason);

  /**
   * Revokes the account's active certificate, whatever its serial (the customer reports a lost or
   * replaced PC; the branch need not look the serial up first). Audited like {@link #revoke}.
   *
   * @param account the account
   * @param reason the RFC 5280 reason
   * @return the store's answer, or empty if the account holds no active certificate
   * @throws io.shomei.spi.StorageException if a store fails
   * @throws IllegalStateException if revocation is under dual control
   * @since 0.2.0
   */
  Optional<RevocationResult> revokeActive(AccountKey account, RevocationReason reason);

  /**
   * Flags the customer's PC as lost or replaced: the account's active certificate is revoked with
   * reason {@code cessationOfOperation} (not for cause: no new acquisition password is needed) and
   * the flag is audited as {@code OPERATOR_FLAGGED_DEVICE_LOST_OR_REPLACED}. Afterwards the account
   * holds no certificate that can renew, so a service whose three-secret path is
   * {@link ThreeSecretFallback#REFUSE} accepts the three secrets again. When the PC may be in
   * someone else's hands, revoke for cause instead ({@link #revokeActive} with
   * {@code KEY_COMPROMISE}) and issue a new acquisition password.
   *
   * @param account the account
   * @return the store's answer, or empty if the account holds no active certificate
   * @throws io.shomei.spi.StorageException if a store fails
   * @since 0.2.0
   */
  Optional<RevocationResult> flagDeviceLostOrReplaced(AccountKey account);

  /**
   * A customer's certificates and credential state (no hashes). Audited as
   * {@code OPERATOR_VIEWED_ACCOUNT}.
   *
   * @param account the account
   * @return the view, or empty if the account has no credential record and no certificate
   */
  Optional<AccountView> view(AccountKey account);

  /**
   * Proposes a sensitive action for another operator's approval. Needs the role
   * {@link io.shomei.spi.OperatorRole#BRANCH_OPERATOR} in the operator store. Any sensitive action
   * can be proposed, under dual control or not. The result carries no secret. Audited as
   * {@code OPERATOR_PROPOSED} (or {@code OPERATOR_DUAL_CONTROL_REFUSED}).
   *
   * @param action the action
   * @return {@link ProposalResult.Proposed} with the stored proposal, or why not
   * @throws UnsupportedOperationException if the storage keeps no operators
   * @throws io.shomei.spi.StorageException if a store fails
   * @since 0.2.0
   */
  ProposalResult propose(SensitiveAction action);

  /**
   * Approves another operator's proposal and runs its action as this operator. Needs the role
   * {@link io.shomei.spi.OperatorRole#APPROVER}; never the proposer; only before expiry; only once
   * (of concurrent approvals, on any number of nodes, exactly one wins). Audited as
   * {@code OPERATOR_APPROVED} followed by the action's own event, or as
   * {@code OPERATOR_DUAL_CONTROL_REFUSED}.
   *
   * <p>The proposal is marked approved before the action runs: if the action then fails with a
   * {@link io.shomei.spi.StorageException}, the proposal stays approved and the branch proposes
   * again.
   *
   * @param proposalId the proposal's id
   * @return {@link ApprovalResult.Approved} with what the action handed out, or
   *     {@link ApprovalResult.Refused}
   * @throws UnsupportedOperationException if the storage keeps no operators
   * @throws io.shomei.spi.StorageException if a store fails
   * @since 0.2.0
   */
  ApprovalResult approve(String proposalId);

  /**
   * Rejects another operator's proposal; nothing runs. Same rules as {@link #approve}. Audited as
   * {@code OPERATOR_REJECTED} or {@code OPERATOR_DUAL_CONTROL_REFUSED}.
   *
   * @param proposalId the proposal's id
   * @return {@link ApprovalResult.Rejected} or {@link ApprovalResult.Refused}
   * @throws UnsupportedOperationException if the storage keeps no operators
   * @throws io.shomei.spi.StorageException if a store fails
   * @since 0.2.0
   */
  ApprovalResult reject(String proposalId);

  /**
   * The proposals still waiting for a decision, oldest first (at most 1000).
   *
   * @return an immutable list
   * @throws UnsupportedOperationException if the storage keeps no operators
   * @throws io.shomei.spi.StorageException if a store fails
   * @since 0.2.0
   */
  java.util.List<io.shomei.spi.Proposal> pendingProposals();

  /**
   * The roles this operator holds now, as the {@link io.shomei.spi.OperatorStore} records them:
   * for a host that opens its screens only to an identity with a role, and shows only the forms
   * that identity can use ({@link #propose} and {@link #approve} check the roles themselves). Empty
   * when the store does not know the operator or the operator is disabled. Not audited: a host
   * asks on every request.
   *
   * @return an immutable set, empty for an unknown or disabled operator
   * @throws UnsupportedOperationException if the storage keeps no operators
   * @throws io.shomei.spi.StorageException if the store fails
   * @since 0.2.0
   */
  java.util.Set<io.shomei.spi.OperatorRole> roles();
}
