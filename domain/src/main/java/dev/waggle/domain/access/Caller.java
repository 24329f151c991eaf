package dev.waggle.domain.access;

import java.util.Optional;

/**
 * Value object: who is asking. An anonymous caller (no claims at all, as in {@code auth.mode:
 * anonymous}) and a super admin see everything; everyone else sees what their claims allow.
 */
public record Caller(Optional<Claims> claims, boolean superAdmin) {
  private static final Caller ANONYMOUS = new Caller(Optional.empty(), false);

  public static Caller anonymous() {
    return ANONYMOUS;
  }

  public static Caller withClaims(Claims claims) {
    return new Caller(Optional.of(claims), false);
  }

  /** Whether a resource carrying {@code resourceClaims} is visible to this caller. */
  public boolean canSee(Claims resourceClaims) {
    return superAdmin || claims.map(held -> held.canSee(resourceClaims)).orElse(true);
  }

  /** Whether this caller sees everything, so that no claim filter needs to run. */
  public boolean seesEverything() {
    return superAdmin || claims.isEmpty();
  }
}
