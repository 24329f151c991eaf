package dev.waggle.domain.access;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Value object: {@code auth.authz} — for each role, the claim rules that grant it. A caller holds a
 * role when any of its rules matches the caller's claims; a role without rules is held by nobody.
 * Roles are worked out from the token alone, once per request; nothing stores them.
 */
public record RoleRules(Map<Role, List<ClaimRule>> rules) {
  public RoleRules {
    Objects.requireNonNull(rules, "'rules' must not be null");
    Map<Role, List<ClaimRule>> copy = new EnumMap<>(Role.class);
    rules.forEach((role, list) -> copy.put(role, List.copyOf(list)));
    rules = Collections.unmodifiableMap(copy);
  }

  /** The roles a caller holding {@code held} has, in {@link Role} order. */
  public Set<Role> rolesOf(Claims held) {
    Objects.requireNonNull(held, "'held' must not be null");
    Set<Role> roles = EnumSet.noneOf(Role.class);
    rules.forEach(
        (role, list) -> {
          if (list.stream().anyMatch(rule -> rule.matches(held))) {
            roles.add(role);
          }
        });
    return roles;
  }

  /**
   * The caller a token makes under these rules: its claims are checked against every resource it
   * reaches, and it holds the roles its claims earn.
   */
  public Caller caller(String subject, Map<String, ?> tokenClaims) {
    Claims held = Claims.heldIn(tokenClaims);
    return Caller.authenticated(subject, java.util.Optional.of(held), rolesOf(held));
  }
}
