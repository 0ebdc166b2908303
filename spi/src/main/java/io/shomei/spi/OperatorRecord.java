package io.shomei.spi;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A branch operator known to the store, with the roles the bank gave them.
 *
 * @param id the operator's identity (as in the audit actor {@code operator:<id>}): 1..119 storable
 *     chars without control characters or surrounding blanks
 * @param roles the roles (immutable; may be empty)
 * @param enabled whether the operator may act at all (a disabled operator keeps their history)
 * @since 0.2.0
 */
public record OperatorRecord(String id, Set<OperatorRole> roles, boolean enabled) {
  /** Longest identity: the audit actor {@code operator:<id>} is at most 128 chars. */
  public static final int MAX_ID = 128 - "operator:".length();

  /** Validates the identity and copies the roles. */
  public OperatorRecord {
    requireValidId(id);
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  /**
   * Whether the operator is enabled and holds a role.
   *
   * @param role the role
   * @return {@code true} if the operator may act in that role
   */
  public boolean may(OperatorRole role) {
    return enabled && roles.contains(role);
  }

  /**
   * Checks an operator identity.
   *
   * @param id the identity
   * @return {@code id}
   * @throws IllegalArgumentException if it is blank, too long, has control characters or
   *     surrounding blanks, or cannot be stored
   */
  public static String requireValidId(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isBlank() || id.length() > MAX_ID || !id.strip().equals(id)
        || id.chars().anyMatch(Character::isISOControl) || !StorableText.isStorable(id)) {
      throw new IllegalArgumentException(
          "operator id must be 1.." + MAX_ID + " chars, no control characters, not blank");
    }
    return id;
  }
}
