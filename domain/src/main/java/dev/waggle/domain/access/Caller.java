package dev.waggle.domain.access;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Value object: who is asking — a subject when a token named one, the claims that decide what it
 * sees (none at all when claims are not checked: anonymous mode, or OAuth without {@code authz}),
 * and the roles it holds.
 */
public record Caller(Optional<String> subject, Optional<Claims> claims, Set<Role> roles) {
  private static final Caller ANONYMOUS =
      new Caller(Optional.empty(), Optional.empty(), EnumSet.allOf(Role.class));

  public Caller {
    Objects.requireNonNull(subject, "'subject' must not be null");
    Objects.requireNonNull(claims, "'claims' must not be null");
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  /**
   * Nobody was asked who they are: ToolHive skips every role and claim check then, which holding
   * every role and no claims amounts to.
   */
  public static Caller anonymous() {
    return ANONYMOUS;
  }

  /** A caller whose claims are checked and who holds no role. */
  public static Caller withClaims(Claims claims) {
    return new Caller(Optional.empty(), Optional.of(claims), Set.of());
  }

  /** A caller a token vouched for. */
  public static Caller authenticated(String subject, Optional<Claims> claims, Set<Role> roles) {
    return new Caller(Optional.ofNullable(subject), claims, roles);
  }

  /** Bypasses every claim check and holds every role. */
  public boolean superAdmin() {
    return roles.contains(Role.SUPER_ADMIN);
  }

  public boolean hasRole(Role role) {
    return superAdmin() || roles.contains(role);
  }

  /**
   * @throws AccessDeniedException when this caller does not hold {@code role}
   */
  public void require(Role role) {
    if (!hasRole(role)) {
      throw new AccessDeniedException(AccessDeniedException.INSUFFICIENT_PERMISSIONS);
    }
  }

  /** Whether a resource carrying {@code resourceClaims} is visible to this caller. */
  public boolean canSee(Claims resourceClaims) {
    return superAdmin() || claims.map(held -> held.canSee(resourceClaims)).orElse(true);
  }

  /**
   * Whether this caller may put {@code newClaims} on something it writes: it must hold every value
   * (subset), so that nobody grants more visibility than it has.
   */
  public boolean canGrant(Claims newClaims) {
    return superAdmin() || claims.map(held -> held.covers(newClaims)).orElse(true);
  }

  /** Whether this caller sees everything, so that no claim filter needs to run. */
  public boolean seesEverything() {
    return superAdmin() || claims.isEmpty();
  }
}
