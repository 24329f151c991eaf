package dev.waggle.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.domain.access.Claims;
import dev.waggle.domain.access.Role;
import dev.waggle.domain.access.RoleRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code auth.authz} block: ToolHive's shape read into role rules, every mistake named. */
class AuthzConfigTest {
  private static final String HEAD =
      """
      sources:
        - {name: local, file: {path: catalog.json}, syncPolicy: {interval: 5m}}
      registries:
        - {name: default, sources: [local], claims: {org: acme}}
      auth:
        mode: oauth
        oauth:
          providers:
            - {name: corp, issuerUrl: "https://id.example.com", audience: registry}
      """;

  @TempDir Path workDir;

  @BeforeEach
  void catalog() throws IOException {
    Files.writeString(workDir.resolve("catalog.json"), "{}");
  }

  private ConfigLoader loader() {
    return new ConfigLoader(Map.of(), workDir, workDir.resolve("home"));
  }

  private ConfigResult load(String authz) {
    return loader().parse(HEAD + authz.indent(2));
  }

  private static List<String> errors(ConfigResult result) {
    return result.errors().stream().map(ConfigProblem::toString).toList();
  }

  private static List<String> warnings(ConfigResult result) {
    return result.warnings().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void toolHivesRoleRulesReachTheHttpAdapter() {
    ConfigResult result =
        load(
            """
            authz:
              roles:
                superAdmin:
                  - {groups: registry-admins}
                manageSources:
                  - {org: acme, role: [platform, sre]}
                manageEntries:
                  - {org: acme}
            """);

    assertThat(errors(result)).isEmpty();
    RoleRules rules = result.orElseThrow().auth().http().authz().orElseThrow();
    assertThat(rules.rolesOf(new Claims(Map.of("org", List.of("acme"), "role", List.of("sre")))))
        .containsExactly(Role.MANAGE_SOURCES, Role.MANAGE_ENTRIES);
    assertThat(rules.rolesOf(Claims.of("groups", "registry-admins")))
        .containsExactly(Role.SUPER_ADMIN);
    assertThat(result.orElseThrow().auth().http().authorizes()).isTrue();
  }

  @Test
  void everyMistakeIsNamedWithItsKeyPathAndValue() {
    ConfigResult result =
        load(
            """
            authz:
              roles:
                admin:
                  - {groups: admins}
                superAdmin:
                  - {}
                manageSources:
                  - {org: 7}
                  - {team: []}
                  - {team: [platform, 3]}
                manageEntries: {org: acme}
                manageRegistries:
                  - registry-admins
            """);

    assertThat(errors(result))
        .containsExactlyInAnyOrder(
            "auth.authz.roles.admin: unknown role; the roles are superAdmin, manageSources,"
                + " manageRegistries, manageEntries",
            "auth.authz.roles.superAdmin[0]: an empty rule matches no token; name at least one"
                + " claim, e.g. {org: acme}",
            "auth.authz.roles.manageSources[0].org: must be a string or a list of strings (got 7)",
            "auth.authz.roles.manageSources[1].team: an empty list matches no token; list at least"
                + " one value",
            "auth.authz.roles.manageSources[2].team[1]: must be a string (got 3)",
            "auth.authz.roles.manageEntries: must be a list of claim rules, each rule a list item"
                + " such as `- {org: acme}` (got {\"org\":\"acme\"})",
            "auth.authz.roles.manageRegistries[0]: must map claim names to a value or a list of"
                + " values (got \"registry-admins\")");
  }

  @Test
  void anAuthzBlockWithoutRolesOrWithUnknownKeysIsCalledOut() {
    assertThat(errors(load("authz: {rules: {superAdmin: [{org: acme}]}}")))
        .containsExactly("auth.authz.rules: unknown key; auth.authz holds only `roles`");
    assertThat(errors(load("authz: [superAdmin]")))
        .containsExactly("auth.authz: must be a mapping with a `roles` key (got [\"superAdmin\"])");
    ConfigResult empty = load("authz: {roles: {}}");
    assertThat(errors(empty)).isEmpty();
    assertThat(warnings(empty))
        .containsExactly(
            "auth.authz.roles: grants no role: with auth.authz set, nobody may use the admin API"
                + " and every caller sees only what its token's claims reach");
  }

  @Test
  void inAnonymousModeTheRulesAreIgnoredWithOneWarning() {
    String anonymous =
        HEAD.replace("mode: oauth", "mode: anonymous")
            + """
              authz:
                roles:
                  superAdmin:
                    - {groups: admins}
            """;
    ConfigResult result = loader().parse(anonymous);

    assertThat(errors(result)).isEmpty();
    assertThat(result.orElseThrow().auth().authz()).isEmpty();
    assertThat(result.orElseThrow().auth().http().authz()).isEmpty();
    assertThat(warnings(result))
        .contains(
            "auth.authz: ignored because auth.mode is anonymous: every caller may do and see"
                + " everything");
  }

  @Test
  void theAuthModeFlagStillDecidesWhetherTheRulesApply() {
    String withRules =
        HEAD
            + """
              authz:
                roles:
                  superAdmin:
                    - {groups: admins}
            """;

    ConfigResult overridden = loader().withAuthMode(AuthConfig.Mode.ANONYMOUS).parse(withRules);

    assertThat(errors(overridden)).isEmpty();
    assertThat(overridden.orElseThrow().auth().authz()).isEmpty();
    assertThat(warnings(overridden))
        .contains(
            "auth.authz: ignored because auth.mode is anonymous: every caller may do and"
                + " see everything");
    assertThat(loader().parse(withRules).orElseThrow().auth().authz()).isPresent();
  }
}
