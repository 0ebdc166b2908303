package io.shomei.store.jdbc;

import static io.shomei.store.jdbc.Columns.instant;
import static io.shomei.store.jdbc.Columns.instantOrNull;
import static io.shomei.store.jdbc.Columns.micros;
import static io.shomei.store.jdbc.Columns.setInstant;

import io.shomei.spi.AccountKey;
import io.shomei.spi.OperatorRecord;
import io.shomei.spi.OperatorRole;
import io.shomei.spi.OperatorStore;
import io.shomei.spi.Proposal;
import io.shomei.spi.ProposalStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@link OperatorStore} on the {@code shomei_operator} and {@code shomei_proposal} tables.
 * {@link #decide} locks the proposal's row ({@code SELECT ... FOR UPDATE}), so concurrent decisions
 * on one proposal are serialized across nodes; the check constraint
 * {@code shomei_proposal_four_eyes_ck} keeps a proposer from deciding even behind the store's back.
 * Thread-safe.
 */
final class JdbcOperatorStore implements OperatorStore {
  private static final String WHAT = "JDBC operator store: ";
  private static final String SELECT_PROPOSAL = "SELECT id, action, user_id, service, parameters, "
      + "proposed_by, proposed_at, expires_at, status, decided_by, decided_at FROM shomei_proposal ";

  private final Transactor tx;

  JdbcOperatorStore(Transactor tx) {
    this.tx = tx;
  }

  @Override
  public void saveOperator(OperatorRecord operator) {
    Objects.requireNonNull(operator, "operator");
    String roles = operator.roles().stream().sorted().map(Enum::name)
        .collect(Collectors.joining(","));
    tx.inTransaction(WHAT + "saveOperator", c -> {
      try (PreparedStatement up = c.prepareStatement(
          "UPDATE shomei_operator SET roles = ?, enabled = ? WHERE id = ?")) {
        up.setString(1, roles);
        up.setBoolean(2, operator.enabled());
        up.setString(3, operator.id());
        if (up.executeUpdate() == 1) {
          return 1;
        }
      }
      try (PreparedStatement ins = c.prepareStatement(
          "INSERT INTO shomei_operator (id, roles, enabled) VALUES (?, ?, ?)")) {
        ins.setString(1, operator.id());
        ins.setString(2, roles);
        ins.setBoolean(3, operator.enabled());
        return ins.executeUpdate();
      }
    });
  }

  @Override
  public Optional<OperatorRecord> findOperator(String id) {
    Objects.requireNonNull(id, "id");
    return Optional.ofNullable(tx.read(WHAT + "findOperator", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, roles, enabled FROM shomei_operator WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          Set<OperatorRole> roles = EnumSet.noneOf(OperatorRole.class);
          for (OperatorRole r : OperatorRole.values()) {
            if (("," + Columns.string(rs, "roles") + ",").contains("," + r.name() + ",")) {
              roles.add(r);
            }
          }
          return new OperatorRecord(Columns.string(rs, "id"), roles, rs.getBoolean("enabled"));
        }
      }
    }));
  }

  @Override
  public boolean propose(Proposal proposal) {
    Objects.requireNonNull(proposal, "proposal");
    if (proposal.status() != ProposalStatus.PENDING) {
      throw new IllegalArgumentException("a new proposal must be PENDING");
    }
    if (!micros(proposal.expiresAt()).isAfter(micros(proposal.proposedAt()))) {
      throw new IllegalArgumentException("expiresAt must be after proposedAt at microsecond precision");
    }
    try {
      tx.inTransactionOrDuplicate(WHAT + "propose", c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shomei_proposal (id, action, "
            + "user_id, service, parameters, proposed_by, proposed_at, expires_at, status) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')")) {
          AccountKey account = proposal.account();
          ps.setString(1, proposal.id());
          ps.setString(2, proposal.action());
          ps.setString(3, account == null ? null : account.userId());
          ps.setString(4, account == null ? null : account.service());
          ps.setString(5, DetailsCodec.encode(proposal.parameters()));
          ps.setString(6, proposal.proposedBy());
          setInstant(ps, 7, micros(proposal.proposedAt()));
          setInstant(ps, 8, micros(proposal.expiresAt()));
          return ps.executeUpdate();
        }
      });
      return true;
    } catch (Transactor.DuplicateKey e) {
      return false;
    }
  }

  @Override
  public Optional<Proposal> findProposal(String id) {
    Objects.requireNonNull(id, "id");
    return Optional.ofNullable(tx.read(WHAT + "findProposal", c -> find(c, id, false)));
  }

  @Override
  public List<Proposal> findPending(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be 1..10000");
    }
    return List.copyOf(tx.readValue(WHAT + "findPending", c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT_PROPOSAL
          + "WHERE status = 'PENDING' AND expires_at > ? ORDER BY proposed_at, id")) {
        setInstant(ps, 1, micros(now));
        ps.setMaxRows(limit);
        List<Proposal> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next() && out.size() < limit) {
            Proposal p = read(rs);
            if (p.decidableAt(now)) {
              out.add(p);
            }
          }
        }
        return out;
      }
    }));
  }

  @Override
  public DecisionResult decide(String id, String operator, ProposalStatus decision, Instant at) {
    Objects.requireNonNull(id, "id");
    OperatorRecord.requireValidId(operator);
    Objects.requireNonNull(at, "at");
    if (decision == ProposalStatus.PENDING) {
      throw new IllegalArgumentException("a decision is APPROVED or REJECTED");
    }
    return tx.inTransaction(WHAT + "decide", c -> {
      Proposal p = find(c, id, true);
      if (p == null) {
        return new DecisionResult.NotFound();
      }
      Optional<DecisionResult> refused = p.refusalOfDecision(operator, at);
      if (refused.isPresent()) {
        return refused.get();
      }
      Instant when = micros(at);
      try (PreparedStatement ps = c.prepareStatement("UPDATE shomei_proposal SET status = ?, "
          + "decided_by = ?, decided_at = ? WHERE id = ? AND status = 'PENDING'")) {
        ps.setString(1, decision.name());
        ps.setString(2, operator);
        setInstant(ps, 3, when);
        ps.setString(4, id);
        if (ps.executeUpdate() != 1) {
          throw new SQLException("the locked pending proposal could not be updated", "40001");
        }
      }
      return new DecisionResult.Decided(p.decided(decision, operator, when));
    });
  }

  private static @Nullable Proposal find(Connection c, String id, boolean lock)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_PROPOSAL + "WHERE id = ?"
        + (lock ? " FOR UPDATE" : ""))) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? read(rs) : null;
      }
    }
  }

  private static Proposal read(ResultSet rs) throws SQLException {
    String user = rs.getString("user_id");
    String service = rs.getString("service");
    return new Proposal(
        Columns.string(rs, "id"),
        Columns.string(rs, "action"),
        user == null || service == null ? null : new AccountKey(user, service),
        DetailsCodec.decode(Columns.string(rs, "parameters")),
        Columns.string(rs, "proposed_by"),
        instant(rs, "proposed_at"),
        instant(rs, "expires_at"),
        ProposalStatus.valueOf(Columns.string(rs, "status")),
        rs.getString("decided_by"),
        instantOrNull(rs, "decided_at"));
  }

  @Override
  public String toString() {
    return "JdbcOperatorStore";
  }
}
