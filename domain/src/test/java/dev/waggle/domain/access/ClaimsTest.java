package dev.waggle.domain.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.domain.ValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimsTest {
  private final Claims platformAndData =
      new Claims(Map.of("org", List.of("acme"), "team", List.of("platform", "data")));

  @Test
  void aCallerInAnyOfTheListedTeamsSeesTheResource() {
    Caller platform =
        Caller.withClaims(new Claims(Map.of("org", List.of("acme"), "team", List.of("platform"))));
    assertThat(platform.canSee(platformAndData)).isTrue();
  }

  @Test
  void aCallerMissingOneKeyDoesNotSeeTheResource() {
    Caller noOrg = Caller.withClaims(Claims.of("team", "platform"));
    assertThat(noOrg.canSee(platformAndData)).isFalse();
  }

  @Test
  void aCallerWithTheKeyButNoMatchingValueDoesNotSeeTheResource() {
    Caller finance =
        Caller.withClaims(new Claims(Map.of("org", List.of("acme"), "team", List.of("finance"))));
    assertThat(finance.canSee(platformAndData)).isFalse();
  }

  @Test
  void anEmptyValueListAsksOnlyForTheKey() {
    Claims anyTeam = new Claims(Map.of("team", List.of()));
    assertThat(Caller.withClaims(Claims.of("team", "whatever")).canSee(anyTeam)).isTrue();
    assertThat(Caller.withClaims(Claims.of("org", "acme")).canSee(anyTeam)).isFalse();
  }

  @Test
  void resourcesWithoutClaimsAreHiddenFromCallersWithClaims() {
    assertThat(Caller.withClaims(Claims.of("org", "acme")).canSee(Claims.NONE)).isFalse();
  }

  @Test
  void anonymousCallersAndSuperAdminsSeeEverything() {
    assertThat(Caller.anonymous().canSee(Claims.NONE)).isTrue();
    assertThat(Caller.anonymous().canSee(platformAndData)).isTrue();
    Caller admin =
        Caller.authenticated(
            "admin", java.util.Optional.of(Claims.NONE), java.util.Set.of(Role.SUPER_ADMIN));
    assertThat(admin.canSee(platformAndData)).isTrue();
    assertThat(admin.canGrant(platformAndData)).isTrue();
  }

  @Test
  void aSuperAdminHoldsEveryRoleAndOthersOnlyTheirOwn() {
    Caller admin =
        Caller.authenticated(
            "admin", java.util.Optional.empty(), java.util.Set.of(Role.SUPER_ADMIN));
    Caller curator =
        Caller.authenticated(
            "curator", java.util.Optional.empty(), java.util.Set.of(Role.MANAGE_ENTRIES));
    assertThat(admin.hasRole(Role.MANAGE_SOURCES)).isTrue();
    assertThat(curator.hasRole(Role.MANAGE_ENTRIES)).isTrue();
    assertThatThrownBy(() -> curator.require(Role.MANAGE_SOURCES))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("forbidden: insufficient permissions");
  }

  @Test
  void grantingThroughACallerNeedsEveryValueItWouldWrite() {
    Caller platform = Caller.withClaims(Claims.of("team", "platform"));
    assertThat(platform.canGrant(Claims.of("team", "platform"))).isTrue();
    assertThat(platform.canGrant(new Claims(Map.of("team", List.of("platform", "data")))))
        .isFalse();
    assertThat(Caller.anonymous().canGrant(Claims.of("team", "data"))).isTrue();
  }

  @Test
  void grantingClaimsNeedsEveryValue() {
    Claims writer = new Claims(Map.of("org", List.of("acme"), "team", List.of("platform")));
    assertThat(writer.covers(Claims.of("team", "platform"))).isTrue();
    assertThat(writer.covers(new Claims(Map.of("team", List.of("platform", "data"))))).isFalse();
  }

  @Test
  void untypedClaimsAcceptStringsAndStringListsOnly() {
    Claims parsed = Claims.fromUntyped("claims", Map.of("org", "acme", "team", List.of("a", "b")));
    assertThat(parsed.values())
        .containsEntry("org", List.of("acme"))
        .containsEntry("team", List.of("a", "b"));
    assertThatThrownBy(() -> Claims.fromUntyped("sources[0].claims", Map.of("level", 3)))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("sources[0].claims.level: ")
        .hasMessageContaining("string or a list of strings");
    assertThatThrownBy(() -> Claims.fromUntyped("claims", Map.of("team", List.of("a", Map.of()))))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void claimsInAnotherOrderAreTheSameOwnerButAnExtraValueOrNoneIsNot() {
    Claims reordered =
        new Claims(Map.of("team", List.of("data", "platform"), "org", List.of("acme")));
    assertThat(platformAndData.sameAs(reordered)).isTrue();
    assertThat(platformAndData.sameAs(Claims.of("org", "acme"))).isFalse();
    assertThat(
            platformAndData.sameAs(
                new Claims(
                    Map.of("org", List.of("acme"), "team", List.of("platform", "data", "ops")))))
        .isFalse();
    assertThat(platformAndData.sameAs(Claims.NONE)).isFalse();
    assertThat(Claims.NONE.sameAs(Claims.NONE)).isTrue();
  }
}
