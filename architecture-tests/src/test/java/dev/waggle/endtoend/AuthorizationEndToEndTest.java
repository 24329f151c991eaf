package dev.waggle.endtoend;

import static dev.waggle.endtoend.CatalogFiles.catalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.endtoend.WaggleFixture.Client;
import dev.waggle.endtoend.WaggleFixture.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, the read scenarios of ToolHive's authorization suite: the assembled Waggle on
 * embedded PostgreSQL, four file sources and four registries tagged with claims, and a real OIDC
 * provider signing one token per persona — in anonymous mode, in auth-only mode (OAuth without
 * {@code authz}) and with role rules.
 */
class AuthorizationEndToEndTest {
  private static final String ALL = "/registry/acme-all/v0.1";
  private static final String SKILLS = ALL + "/x/dev.toolhive/skills";

  static final String LAYOUT =
      """
      sources:
        - name: platform-tools
          file: {path: platform.json}
          syncPolicy: {interval: 1h}
          claims: {org: acme, team: platform}
        - name: data-tools
          file: {path: data.json}
          syncPolicy: {interval: 1h}
          claims: {org: acme, team: data}
        - name: shared-catalog
          file: {path: shared.json}
          syncPolicy: {interval: 1h}
          claims: {org: acme}
        - name: untagged-tools
          file: {path: untagged.json}
          syncPolicy: {interval: 1h}
      registries:
        - name: acme-all
          sources: [platform-tools, data-tools, shared-catalog]
          claims: {org: acme}
        - name: acme-platform
          sources: [platform-tools, shared-catalog]
          claims: {org: acme, team: platform}
        - name: acme-data
          sources: [data-tools, shared-catalog]
          claims: {org: acme, team: data}
        - name: untagged
          sources: [untagged-tools]
      """;

  static final String ROLES =
      """
      authz:
        roles:
          superAdmin:
            - {role: super-admin}
          manageSources:
            - {org: acme, role: platform-admin}
          manageRegistries:
            - {role: registry-admin}
          manageEntries:
            - {org: acme, groups: [writers, publishers]}
      """;

  /**
   * The four registry files; the server io.acme/shadowed and the skill io.acme/playbook are in both
   * team sources.
   */
  static void writeCatalogs(Path dir) {
    WaggleFixture.write(
        dir.resolve("platform.json"),
        catalog()
            .server("io.acme/deploy", "1.0.0", "Deploys")
            .server("io.acme/deploy", "2.0.0", "Deploys faster")
            .server("io.acme/shadowed", "1.0.0", "platform build")
            .skill("io.acme", "runbook", "1.0.0")
            .skill("io.acme", "playbook", "1.0.0")
            .json());
    WaggleFixture.write(
        dir.resolve("data.json"),
        catalog()
            .server("io.acme/warehouse", "1.0.0", "Queries the warehouse")
            .server("io.acme/shadowed", "1.0.0", "data build")
            .skill("io.acme", "sql", "1.0.0")
            .skill("io.acme", "playbook", "2.0.0")
            .json());
    WaggleFixture.write(
        dir.resolve("shared.json"),
        catalog().server("io.acme/common", "1.0.0", "For everyone at acme").json());
    WaggleFixture.write(
        dir.resolve("untagged.json"),
        catalog().server("io.acme/orphan", "1.0.0", "Carries no claims").json());
  }

  /** Waits until every source has been read: a super admin (or anyone, without rules) sees all. */
  static void awaitSynced(Client everything) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                names(everything.get(ALL + "/servers?version=latest")).size() == 4
                    && names(everything.get("/registry/untagged/v0.1/servers")).size() == 1
                    && list(everything.get(SKILLS), "skills", "name").size() == 3);
  }

  static List<String> names(Reply reply) {
    return list(reply, "servers", "/server/name");
  }

  /** One field of every item of a list answer; empty for anything but a 200. */
  static List<String> list(Reply reply, String key, String field) {
    List<String> values = new ArrayList<>();
    if (reply.status() == 200 && reply.body() != null) {
      for (JsonNode item : reply.body().path(key)) {
        values.add(field.startsWith("/") ? item.at(field).asText() : item.path(field).asText());
      }
    }
    return values;
  }

  static List<String> roles(Reply me) {
    assertThat(me.status()).as("%s", me.body()).isEqualTo(200);
    List<String> roles = new ArrayList<>();
    me.body().get("roles").forEach(r -> roles.add(r.asText()));
    return roles;
  }

  static void assertForbidden(Reply reply) {
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(403);
    assertThat(reply.error()).isEqualTo("forbidden: insufficient permissions");
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithRoleRules {
    private OidcProvider oidc;
    private WaggleFixture waggle;
    private Client superAdmin;
    private Client platformAdmin;
    private Client platformWriter;
    private Client dataReader;
    private Client bothTeams;
    private Client registryAdmin;
    private Client outsider;
    private Client noClaims;

    @BeforeAll
    void start(@TempDir Path dir) {
      oidc = new OidcProvider();
      writeCatalogs(dir);
      waggle = WaggleFixture.start(dir, LAYOUT + oidc.authBlock(ROLES));
      superAdmin = waggle.as(oidc.token("root", Map.of("role", "super-admin")));
      platformAdmin =
          waggle.as(
              oidc.token(
                  "pat", Map.of("org", "acme", "team", "platform", "role", "platform-admin")));
      platformWriter =
          waggle.as(
              oidc.token(
                  "wes", Map.of("org", "acme", "team", "platform", "groups", List.of("writers"))));
      dataReader = waggle.as(oidc.token("dan", Map.of("org", "acme", "team", "data")));
      bothTeams =
          waggle.as(oidc.token("bo", Map.of("org", "acme", "team", List.of("platform", "data"))));
      registryAdmin = waggle.as(oidc.token("reg", Map.of("org", "acme", "role", "registry-admin")));
      outsider = waggle.as(oidc.token("eve", Map.of("org", "globex")));
      noClaims = waggle.as(oidc.token("nemo", Map.of()));
      awaitSynced(superAdmin);
    }

    @AfterAll
    void stop() {
      if (waggle != null) {
        waggle.close();
      }
      oidc.close();
    }

    @Test
    @DisplayName("§11.1 3 (system endpoints and unauthenticated access)")
    void systemEndpointsAnswerWithoutATokenAndEverythingElseAsksForOne() {
      assertThat(waggle.internal().get("/health").status()).isEqualTo(200);
      assertThat(waggle.internal().get("/readiness").status()).isEqualTo(200);
      assertThat(waggle.anonymous().get("/openapi.json").status()).isEqualTo(200);
      Reply noToken = waggle.anonymous().get(ALL + "/servers");
      assertThat(noToken.status()).isEqualTo(401);
      assertThat(noToken.raw().headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer realm="));
      assertThat(waggle.anonymous().get("/v1/me").status()).isEqualTo(401);
      assertThat(waggle.as(oidc.tokenForAnotherAudience("pat")).get(ALL + "/servers").status())
          .isEqualTo(401);
    }

    @Test
    @DisplayName("§11.1 3 (the registry access gate)")
    void theRegistryGateLetsInOnlyCallersWhoseClaimsReachTheRegistry() {
      assertThat(platformWriter.get("/registry/acme-platform/v0.1/servers").status())
          .isEqualTo(200);
      Reply refused = dataReader.get("/registry/acme-platform/v0.1/servers");
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.error()).startsWith("forbidden: insufficient claims for registry");
      assertThat(outsider.get(ALL + "/servers").status()).isEqualTo(403);
      assertThat(noClaims.get(ALL + "/servers").status()).isEqualTo(403);
      assertThat(outsider.get(SKILLS).status()).isEqualTo(403);
      // Untagged: default-deny for everyone but super admins.
      assertThat(platformAdmin.get("/registry/untagged/v0.1/servers").status()).isEqualTo(403);
      assertThat(names(superAdmin.get("/registry/untagged/v0.1/servers")))
          .containsExactly("io.acme/orphan");
      assertThat(waggle.anonymous().get("/registry/nowhere/v0.1/servers").status()).isEqualTo(401);
      assertThat(superAdmin.get("/registry/nowhere/v0.1/servers").status()).isEqualTo(404);
    }

    @Test
    @DisplayName(
        "§11.1 3 (per-user entry filtering) and 4 (array claims: OR within lists, super admin)")
    void eachPersonaIsServedTheEntriesItsClaimsReach() {
      String latest = ALL + "/servers?version=latest";
      assertThat(names(platformWriter.get(latest)))
          .containsExactly("io.acme/common", "io.acme/deploy", "io.acme/shadowed");
      assertThat(names(dataReader.get(latest)))
          .containsExactly("io.acme/common", "io.acme/shadowed", "io.acme/warehouse");
      // Array claims: OR within the token's values.
      assertThat(names(bothTeams.get(latest)))
          .containsExactly(
              "io.acme/common", "io.acme/deploy", "io.acme/shadowed", "io.acme/warehouse");
      assertThat(names(superAdmin.get(latest)))
          .containsExactly(
              "io.acme/common", "io.acme/deploy", "io.acme/shadowed", "io.acme/warehouse");
      assertThat(list(platformWriter.get(SKILLS), "skills", "name"))
          .containsExactly("playbook", "runbook");
      assertThat(list(dataReader.get(SKILLS), "skills", "name")).containsExactly("playbook", "sql");
      assertThat(list(bothTeams.get(SKILLS), "skills", "name"))
          .containsExactly("playbook", "runbook", "sql");
    }

    @Test
    @DisplayName("§11.1 13 (source shadowing: promotion when the top copy is hidden)")
    void aNameInTwoSourcesIsServedFromTheFirstSourceTheCallerMaySee() {
      String shadowed = ALL + "/servers/io.acme%2Fshadowed/versions/latest";
      assertThat(platformWriter.get(shadowed).body().at("/server/description").asText())
          .isEqualTo("platform build");
      assertThat(dataReader.get(shadowed).body().at("/server/description").asText())
          .isEqualTo("data build");
      assertThat(bothTeams.get(shadowed).body().at("/server/description").asText())
          .isEqualTo("platform build");
      assertThat(superAdmin.get(shadowed).body().at("/server/description").asText())
          .isEqualTo("platform build");
    }

    @Test
    @DisplayName("§11.1 13 (shadowing of skills: promotion when the top copy is hidden)")
    void aSkillInTwoSourcesIsServedFromTheFirstSourceTheCallerMaySee() {
      String playbook = SKILLS + "/io.acme/playbook";
      // platform-tools (first) holds 1.0.0, data-tools (second) 2.0.0: the data team, which cannot
      // see platform-tools' copy, is served data-tools' through every read.
      assertThat(dataReader.get(playbook).body().path("version").asText()).isEqualTo("2.0.0");
      assertThat(list(dataReader.get(playbook + "/versions"), "skills", "version"))
          .containsExactly("2.0.0");
      assertThat(dataReader.get(playbook + "/versions/2.0.0").status()).isEqualTo(200);
      assertThat(dataReader.get(playbook + "/versions/1.0.0").status()).isEqualTo(404);
      assertThat(list(dataReader.get(SKILLS + "?search=playbook"), "skills", "version"))
          .containsExactly("2.0.0");
      for (Client firstSourceReader : List.of(platformWriter, bothTeams, superAdmin)) {
        assertThat(firstSourceReader.get(playbook).body().path("version").asText())
            .isEqualTo("1.0.0");
        assertThat(list(firstSourceReader.get(SKILLS + "?search=playbook"), "skills", "version"))
            .containsExactly("1.0.0");
        assertThat(firstSourceReader.get(playbook + "/versions/2.0.0").status()).isEqualTo(404);
      }
    }

    @Test
    @DisplayName(
        "§11.1 10 (multi-version consumer queries: list, specific, latest, wrong team, super admin)")
    void versionsOfAnEntryAreServedOnlyToThoseWhoMaySeeIt() {
      String deploy = ALL + "/servers/io.acme%2Fdeploy/versions";
      assertThat(list(platformWriter.get(deploy), "servers", "/server/version"))
          .containsExactlyInAnyOrder("1.0.0", "2.0.0");
      assertThat(platformWriter.get(deploy + "/1.0.0").status()).isEqualTo(200);
      assertThat(platformWriter.get(deploy + "/latest").body().at("/server/version").asText())
          .isEqualTo("2.0.0");
      assertThat(dataReader.get(deploy).status()).isEqualTo(404);
      assertThat(dataReader.get(deploy + "/1.0.0").status()).isEqualTo(404);
      assertThat(dataReader.get(deploy + "/latest").status()).isEqualTo(404);
      assertThat(dataReader.get(SKILLS + "/io.acme/runbook").status()).isEqualTo(404);
      assertThat(list(superAdmin.get(deploy), "servers", "/server/version")).hasSize(2);
    }

    @Test
    @DisplayName("§11.1 3 (per-user filtering keeps pages full and cursors private)")
    void pagesStayFullAndCursorsNameOnlyWhatTheCallerSaw() {
      List<String> seen = new ArrayList<>();
      String cursor = null;
      do {
        Reply page =
            dataReader.get(ALL + "/servers?limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
        List<String> names = names(page);
        seen.addAll(names);
        JsonNode next = page.body().at("/metadata/nextCursor");
        cursor = next.isMissingNode() || next.asText().isEmpty() ? null : next.asText();
        if (cursor != null) {
          assertThat(names).hasSize(1);
        }
      } while (cursor != null);
      assertThat(seen).containsExactly("io.acme/common", "io.acme/shadowed", "io.acme/warehouse");
    }

    @Test
    @DisplayName("§11.1 7 (/v1/me per persona, no roles)")
    void meNamesTheSubjectAndTheRolesItsClaimsEarn() {
      assertThat(roles(superAdmin.get("/v1/me"))).containsExactly("superAdmin");
      assertThat(roles(platformAdmin.get("/v1/me"))).containsExactly("manageSources");
      assertThat(roles(platformWriter.get("/v1/me"))).containsExactly("manageEntries");
      assertThat(roles(registryAdmin.get("/v1/me"))).containsExactly("manageRegistries");
      Reply nobody = outsider.get("/v1/me");
      assertThat(roles(nobody)).isEmpty();
      assertThat(nobody.body().get("subject").asText()).isEqualTo("eve");
      assertThat(roles(noClaims.get("/v1/me"))).isEmpty();
    }

    @Test
    @DisplayName("§11.1 3 (source listing: platform admin, writers 403, outsider, super admin)")
    void sourcesAreForManageSourcesHoldersAndShowOnlyWhatTheirClaimsReach() {
      assertThat(list(platformAdmin.get("/v1/sources"), "sources", "name"))
          .containsExactlyInAnyOrder("platform-tools", "shared-catalog");
      assertThat(list(superAdmin.get("/v1/sources"), "sources", "name"))
          .containsExactlyInAnyOrder(
              "platform-tools", "data-tools", "shared-catalog", "untagged-tools");
      assertForbidden(platformWriter.get("/v1/sources"));
      assertForbidden(outsider.get("/v1/sources"));
      assertForbidden(registryAdmin.get("/v1/sources/platform-tools"));
      assertThat(platformAdmin.get("/v1/sources/platform-tools").status()).isEqualTo(200);
      assertThat(platformAdmin.get("/v1/sources/data-tools").status()).isEqualTo(404);
      assertThat(platformAdmin.get("/v1/sources/untagged-tools").status()).isEqualTo(404);
      assertForbidden(platformWriter.post("/v1/sources/platform-tools/sync", null));
      assertThat(platformAdmin.post("/v1/sources/data-tools/sync", null).status()).isEqualTo(404);
      assertThat(platformAdmin.post("/v1/sources/platform-tools/sync", null).status())
          .isEqualTo(202);
    }

    @Test
    @DisplayName("§11.1 3 and 11 (registry listing per persona)")
    void registriesAreListedToEachPersonaByVisibility() {
      assertThat(list(platformWriter.get("/v1/registries"), "registries", "name"))
          .containsExactly("acme-all", "acme-platform");
      assertThat(list(dataReader.get("/v1/registries"), "registries", "name"))
          .containsExactly("acme-all", "acme-data");
      assertThat(list(bothTeams.get("/v1/registries"), "registries", "name"))
          .containsExactly("acme-all", "acme-data", "acme-platform");
      assertThat(list(superAdmin.get("/v1/registries"), "registries", "name"))
          .containsExactly("acme-all", "acme-data", "acme-platform", "untagged");
      assertThat(list(outsider.get("/v1/registries"), "registries", "name")).isEmpty();
      assertThat(list(noClaims.get("/v1/registries"), "registries", "name")).isEmpty();
      assertThat(dataReader.get("/v1/registries/acme-platform").status()).isEqualTo(404);
      assertThat(platformWriter.get("/v1/registries/acme-platform").body().get("name").asText())
          .isEqualTo("acme-platform");
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class AuthOnly {
    private OidcProvider oidc;
    private WaggleFixture waggle;
    private Client anyone;

    @BeforeAll
    void start(@TempDir Path dir) {
      oidc = new OidcProvider();
      writeCatalogs(dir);
      waggle = WaggleFixture.start(dir, LAYOUT + oidc.authBlock(""));
      anyone = waggle.as(oidc.token("nemo", Map.of()));
      awaitSynced(anyone);
    }

    @AfterAll
    void stop() {
      if (waggle != null) {
        waggle.close();
      }
      oidc.close();
    }

    @Test
    @DisplayName("§11.1 2 (auth-only mode)")
    void anyValidTokenMayDoAndSeeEverythingAndNoTokenIsTurnedAway() {
      assertThat(waggle.anonymous().get(ALL + "/servers").status()).isEqualTo(401);
      assertThat(waggle.internal().get("/health").status()).isEqualTo(200);
      assertThat(names(anyone.get("/registry/untagged/v0.1/servers")))
          .containsExactly("io.acme/orphan");
      assertThat(names(anyone.get(ALL + "/servers?version=latest"))).hasSize(4);
      assertThat(roles(anyone.get("/v1/me")))
          .containsExactly("superAdmin", "manageSources", "manageRegistries", "manageEntries");
      assertThat(list(anyone.get("/v1/sources"), "sources", "name")).hasSize(4);
      assertThat(list(anyone.get("/v1/registries"), "registries", "name")).hasSize(4);
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Anonymous {
    private WaggleFixture waggle;

    @BeforeAll
    void start(@TempDir Path dir) {
      writeCatalogs(dir);
      // The rules are ignored, with a warning, when nobody is asked for a token.
      waggle = WaggleFixture.start(dir, LAYOUT + "auth:\n  mode: anonymous\n" + ROLES.indent(2));
      awaitSynced(waggle.anonymous());
    }

    @AfterAll
    void stop() {
      if (waggle != null) {
        waggle.close();
      }
    }

    @Test
    @DisplayName("§11.1 1 (anonymous mode)")
    void everythingIsOpenToEveryone() {
      Client anyone = waggle.anonymous();
      assertThat(names(anyone.get(ALL + "/servers?version=latest"))).hasSize(4);
      assertThat(names(anyone.get("/registry/untagged/v0.1/servers"))).hasSize(1);
      assertThat(list(anyone.get("/v1/sources"), "sources", "name")).hasSize(4);
      assertThat(list(anyone.get("/v1/registries"), "registries", "name")).hasSize(4);
      assertThat(anyone.get("/v1/sources/untagged-tools").status()).isEqualTo(200);
      assertThat(waggle.internal().get("/health").status()).isEqualTo(200);
    }
  }
}
