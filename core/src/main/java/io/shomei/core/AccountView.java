package io.shomei.core;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import java.util.List;
import java.util.Objects;

/**
 * What a branch operator sees of one account: its credential state (no hashes), its certificates
 * in every state, and how many download tickets are live.
 *
 * @param account the account
 * @param credentials the password states and counters
 * @param certificates every certificate of the account, oldest first
 * @param liveDownloadTickets download tickets not yet expired or used up
 * @since 0.1.0
 */
public record AccountView(
    AccountKey account,
    CredentialState credentials,
    List<CertificateRecord> certificates,
    int liveDownloadTickets) {
  /** Checks for nulls and copies the list. */
  public AccountView {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(credentials, "credentials");
    certificates = List.copyOf(certificates);
  }
}
