package dev.waggle.domain.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.domain.ValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoleRulesTest {
  private static final RoleRules RULES =
      new RoleRules(
          Map.of(
              Role.SUPER_ADMIN,
              List.of(new ClaimRule(Map.of("role", List.of("super-admin")))),
              Role.MANAGE_SOURCES,
              List.of(
                  new ClaimRule(Map.of("org", List.of("acme"), "team", List.of("platform"))),
                  new ClaimRule(Map.of("groups", List.of("source-admins", "ops")))),
              Role.MANAGE_ENTRIES,
              List.of(new ClaimRule(Map.of("org", List.of("acme"))))));

  private static Map<String, Object> token(Object... keyValues) {
    Map<String, Object> token = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      token.put((String) keyValues[i], keyValues[i + 1]);
    }
    return token;
  }

  @Test
  void aRoleIsHeldWhenAnyOfItsRulesMatches() {
    assertThat(RULES.rolesOf(Claims.heldIn(token("groups", List.of("ops")))))
        .containsExactly(Role.MANAGE_SOURCES);
    assertThat(RULES.rolesOf(Claims.heldIn(token("org", "acme", "team", "platform"))))
        .containsExactly(Role.MANAGE_SOURCES, Role.MANAGE_ENTRIES);
  }

  @Test
  void everyKeyOfARuleMustMatch() {
    assertThat(RULES.rolesOf(Claims.heldIn(token("org", "acme", "team", "data"))))
        .containsExactly(Role.MANAGE_ENTRIES);
    assertThat(RULES.rolesOf(Claims.heldIn(token("team", "platform")))).isEmpty();
  }

  @Test
  void aListClaimInTheTokenMatchesWhenAnyOfItsValuesIsOneTheRuleNames() {
    assertThat(
            RULES.rolesOf(Claims.heldIn(token("groups", List.of("readers", "source-admins", "x")))))
        .containsExactly(Role.MANAGE_SOURCES);
  }

  @Test
  void claimValuesThatAreNeitherStringsNorListsOfStringsNeverMatch() {
    RoleRules numeric =
        new RoleRules(
            Map.of(Role.SUPER_ADMIN, List.of(new ClaimRule(Map.of("level", List.of("7"))))));
    assertThat(numeric.rolesOf(Claims.heldIn(token("level", 7)))).isEmpty();
    assertThat(numeric.rolesOf(Claims.heldIn(token("level", Map.of("value", "7"))))).isEmpty();
    assertThat(numeric.rolesOf(Claims.heldIn(token("level", true)))).isEmpty();
    assertThat(numeric.rolesOf(Claims.heldIn(token("level", List.of(7, "7")))))
        .containsExactly(Role.SUPER_ADMIN);
  }

  @Test
  void aCallerWhoseClaimsMatchNoRuleHoldsNoRoleButStillHasItsClaimsChecked() {
    Caller outsider = RULES.caller("eve", token("sub", "eve", "org", "globex", "exp", 1234));
    assertThat(outsider.roles()).isEmpty();
    assertThat(outsider.subject()).contains("eve");
    assertThat(outsider.claims())
        .contains(new Claims(Map.of("sub", List.of("eve"), "org", List.of("globex"))));
    assertThat(outsider.canSee(Claims.of("org", "acme"))).isFalse();
    assertThat(outsider.canSee(Claims.NONE)).isFalse();
  }

  @Test
  void aSuperAdminRuleGrantsTheBypass() {
    Caller admin = RULES.caller("root", token("role", "super-admin"));
    assertThat(admin.superAdmin()).isTrue();
    assertThat(admin.hasRole(Role.MANAGE_REGISTRIES)).isTrue();
    assertThat(admin.canSee(Claims.NONE)).isTrue();
  }

  @Test
  void aRoleWithoutRulesIsHeldByNobody() {
    RoleRules none = new RoleRules(Map.of(Role.SUPER_ADMIN, List.of()));
    assertThat(none.rolesOf(Claims.heldIn(token("role", "super-admin")))).isEmpty();
  }

  @Test
  void anEmptyRuleOrAnEmptyValueListIsRefusedBecauseItWouldNeverMatch() {
    assertThatThrownBy(() -> new ClaimRule(Map.of()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("at least one claim");
    assertThatThrownBy(() -> new ClaimRule(Map.of("org", List.of())))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("org: a claim needs at least one value");
  }
}
