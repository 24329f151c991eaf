package dev.waggle.endtoend;

import static dev.waggle.endtoend.AuthorizationEndToEndTest.awaitSynced;
import static dev.waggle.endtoend.AuthorizationEndToEndTest.list;
import static dev.waggle.endtoend.AuthorizationEndToEndTest.names;
import static dev.waggle.endtoend.AuthorizationEndToEndTest.writeCatalogs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.endtoend.WaggleFixture.Client;
import dev.waggle.endtoend.WaggleFixture.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, the publishing scenarios of ToolHive's authorization suite (reference §11.1, 3 to 9
 * and 13): personas from real tokens publish, claim and delete servers, skills and plugins in a
 * managed source tagged {@code org: acme}, under full {@code authz}, with the audit trail on. One
 * Waggle serves every test; each test publishes names of its own so that the order does not matter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishingEndToEndTest {
  private static final String INTERNAL = "/registry/acme-internal/v0.1";
  private static final String SKILLS = INTERNAL + "/x/dev.toolhive/skills";
  private static final String PLUGINS = INTERNAL + "/x/dev.toolhive/plugins";

  /** Writers are recognised by their group alone, so a writer from another org can try too. */
  private static final String ROLES =
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
            - {groups: [writers, publishers]}
      """;

  private OidcProvider oidc;
  private WaggleFixture waggle;
  private Path auditLog;
  private Client superAdmin;
  private Client platformWriter;
  private Client dataWriter;
  private Client bothTeamsWriter;
  private Client platformReader;
  private Client dataReader;
  private Client globexWriter;

  @BeforeAll
  void start(@TempDir Path dir) {
    oidc = new OidcProvider();
    writeCatalogs(dir);
    auditLog = dir.resolve("audit.log");
    String layout =
        AuthorizationEndToEndTest.LAYOUT
            .replace(
                "registries:\n",
                """
                registries:
                  - name: acme-internal
                    sources: [internal, platform-tools, data-tools, shared-catalog]
                    claims: {org: acme}
                """)
            .replace(
                "  - name: untagged-tools\n",
                """
                  - name: internal
                    managed: {}
                    claims: {org: acme}
                  - name: untagged-tools
                """);
    String audit =
        """
        audit:
          enabled: true
          logFile: "%s"
        """
            .formatted(auditLog);
    waggle = WaggleFixture.start(dir, layout + oidc.authBlock(ROLES) + audit);
    superAdmin = persona("root", Map.of("role", "super-admin"));
    platformWriter =
        persona("wes", Map.of("org", "acme", "team", "platform", "groups", List.of("writers")));
    dataWriter =
        persona("dora", Map.of("org", "acme", "team", "data", "groups", List.of("publishers")));
    bothTeamsWriter =
        persona(
            "bo", Map.of("org", "acme", "team", List.of("platform", "data"), "groups", "writers"));
    platformReader = persona("pia", Map.of("org", "acme", "team", "platform"));
    dataReader = persona("dan", Map.of("org", "acme", "team", "data"));
    globexWriter = persona("eve", Map.of("org", "globex", "groups", List.of("writers")));
    awaitSynced(superAdmin);
  }

  private Client persona(String subject, Map<String, Object> claims) {
    return waggle.as(oidc.token(subject, claims));
  }

  @AfterAll
  void stop() {
    if (waggle != null) {
      waggle.close();
    }
    oidc.close();
  }

  static String server(String name, String version, String description) {
    return """
        {"$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
         "name": "%s", "description": "%s", "version": "%s",
         "remotes": [{"type": "streamable-http", "url": "https://mcp.acme.io/%s"}]}"""
        .formatted(name, description, version, name.substring(name.indexOf('/') + 1));
  }

  static String extension(String name, String version) {
    return """
        {"namespace": "io.acme", "name": "%s", "description": "The %s extension",
         "version": "%s", "status": "active",
         "packages": [{"registryType": "oci", "identifier": "ghcr.io/acme/%s:%s"}]}"""
        .formatted(name, name, version, name, version);
  }

  /** A publish body: {@code member} is server, skill or plugin; {@code claims} JSON or null. */
  static String publish(String member, String document, String claims) {
    return "{"
        + (claims == null ? "" : "\"claims\": " + claims + ", ")
        + "\""
        + member
        + "\": "
        + document
        + "}";
  }

  private static final String PLATFORM = "{\"org\": \"acme\", \"team\": \"platform\"}";
  private static final String DATA = "{\"org\": \"acme\", \"team\": \"data\"}";

  static void assertStatus(Reply reply, int status) {
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(status);
  }

  private List<JsonNode> auditEvents(String type) {
    List<JsonNode> events = new ArrayList<>();
    try {
      if (!Files.exists(auditLog)) {
        return events;
      }
      for (String line : Files.readAllLines(auditLog)) {
        JsonNode event = WaggleFixture.JSON.readTree(line);
        if (event.path("type").asText().equals(type)) {
          events.add(event);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return events;
  }

  @Test
  @DisplayName(
      "§11.1 3 (publish, visibility, delete): a writer publishes for its team, others are refused,"
          + " the entry is served to its team only, and only its team or a super admin deletes it")
  void fullAuthzPublishVisibilityAndDelete() {
    String deploy = server("io.acme/e2e-deploy", "1.0.0", "platform's deployer");
    assertStatus(platformWriter.post("/v1/entries", publish("server", deploy, PLATFORM)), 201);
    // Mismatched: claims the writer does not hold.
    Reply foreign =
        platformWriter.post(
            "/v1/entries", publish("server", server("io.acme/e2e-other", "1.0.0", "x"), DATA));
    assertStatus(foreign, 403);
    // Outsider: its own org's claims are its own, but the managed source is acme's.
    Reply outsider =
        globexWriter.post(
            "/v1/entries",
            publish("server", server("io.globex/e2e", "1.0.0", "x"), "{\"org\": \"globex\"}"));
    assertStatus(outsider, 403);
    assertThat(outsider.error()).contains("managed source");
    // Readers hold no manageEntries role.
    assertStatus(platformReader.post("/v1/entries", publish("server", deploy, PLATFORM)), 403);
    // Duplicate.
    Reply duplicate = platformWriter.post("/v1/entries", publish("server", deploy, PLATFORM));
    assertStatus(duplicate, 409);
    assertThat(duplicate.error()).isEqualTo("version already exists: io.acme/e2e-deploy@1.0.0");

    // Served at once, to those whose claims reach it.
    String latest = INTERNAL + "/servers/io.acme%2Fe2e-deploy/versions/latest";
    assertThat(platformReader.get(latest).body().at("/server/description").asText())
        .isEqualTo("platform's deployer");
    assertStatus(dataReader.get(latest), 404);
    assertThat(names(dataReader.get(INTERNAL + "/servers"))).doesNotContain("io.acme/e2e-deploy");
    assertThat(names(bothTeamsWriter.get(INTERNAL + "/servers"))).contains("io.acme/e2e-deploy");

    String version = "/v1/entries/server/io.acme%2Fe2e-deploy/versions/1.0.0";
    assertStatus(dataWriter.delete(version), 403);
    assertStatus(platformWriter.delete(version), 204);
    assertStatus(platformReader.get(latest), 404);
    assertStatus(platformWriter.delete(version), 404);

    // A super admin deletes anyone's entry.
    String data = server("io.acme/e2e-etl", "1.0.0", "data's loader");
    assertStatus(dataWriter.post("/v1/entries", publish("server", data, DATA)), 201);
    assertStatus(superAdmin.delete("/v1/entries/server/io.acme%2Fe2e-etl/versions/1.0.0"), 204);
    assertStatus(dataReader.get(INTERNAL + "/servers/io.acme%2Fe2e-etl/versions/latest"), 404);
  }

  @Test
  @DisplayName(
      "§11.1 3 (audit): a publish is recorded with the publisher's subject, a refusal as denied")
  void publishingIsAudited() {
    assertStatus(
        platformWriter.post(
            "/v1/entries",
            publish("server", server("io.acme/e2e-audited", "1.0.0", "x"), PLATFORM)),
        201);
    assertStatus(
        platformReader.post(
            "/v1/entries",
            publish("server", server("io.acme/e2e-audited", "2.0.0", "x"), PLATFORM)),
        403);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              List<JsonNode> publishes = auditEvents("entry.publish");
              assertThat(publishes)
                  .anySatisfy(
                      e -> {
                        assertThat(e.at("/subjects/sub").asText()).isEqualTo("wes");
                        assertThat(e.get("outcome").asText()).isEqualTo("success");
                      });
              assertThat(publishes)
                  .anySatisfy(
                      e -> {
                        assertThat(e.at("/subjects/sub").asText()).isEqualTo("pia");
                        assertThat(e.get("outcome").asText()).isEqualTo("denied");
                      });
            });
    assertThat(auditLogText()).doesNotContain("eyJ");
  }

  private String auditLogText() {
    try {
      return Files.readString(auditLog);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  @DisplayName(
      "§11.1 4 (array claims): a list value is granted only by a writer holding every value,"
          + " and seen by anyone holding one of them")
  void arrayClaims() {
    String both = "{\"org\": \"acme\", \"team\": [\"platform\", \"data\"]}";
    String shared = server("io.acme/e2e-shared", "1.0.0", "for both teams");
    assertStatus(platformWriter.post("/v1/entries", publish("server", shared, both)), 403);
    assertStatus(bothTeamsWriter.post("/v1/entries", publish("server", shared, both)), 201);
    String latest = INTERNAL + "/servers/io.acme%2Fe2e-shared/versions/latest";
    assertStatus(platformReader.get(latest), 200);
    assertStatus(dataReader.get(latest), 200);
    assertStatus(superAdmin.get(latest), 200);
    assertStatus(persona("out", Map.of("org", "acme", "team", "sales")).get(latest), 404);
  }

  @Test
  @DisplayName(
      "§11.1 5 (empty claims): under authz a publish without claims is refused, and entries of"
          + " one team stay hidden from the other")
  void emptyClaims() {
    String doc = server("io.acme/e2e-empty", "1.0.0", "x");
    for (String claims : new String[] {"{}", "null", null}) {
      Reply refused = platformWriter.post("/v1/entries", publish("server", doc, claims));
      assertStatus(refused, 400);
      assertThat(refused.body().toString())
          .contains("claims are required when authorization is enabled");
    }
    assertStatus(superAdmin.get(INTERNAL + "/servers/io.acme%2Fe2e-empty/versions/latest"), 404);

    // The cross-team matrix.
    String p = server("io.acme/e2e-matrix-p", "1.0.0", "x");
    String d = server("io.acme/e2e-matrix-d", "1.0.0", "x");
    assertStatus(platformWriter.post("/v1/entries", publish("server", p, PLATFORM)), 201);
    assertStatus(dataWriter.post("/v1/entries", publish("server", d, DATA)), 201);
    assertThat(names(platformReader.get(INTERNAL + "/servers")))
        .contains("io.acme/e2e-matrix-p")
        .doesNotContain("io.acme/e2e-matrix-d");
    assertThat(names(dataReader.get(INTERNAL + "/servers")))
        .contains("io.acme/e2e-matrix-d")
        .doesNotContain("io.acme/e2e-matrix-p");
    assertThat(names(superAdmin.get(INTERNAL + "/servers")))
        .contains("io.acme/e2e-matrix-p", "io.acme/e2e-matrix-d");
    // Cleanup by the owners.
    assertStatus(
        platformWriter.delete("/v1/entries/server/io.acme%2Fe2e-matrix-p/versions/1.0.0"), 204);
    assertStatus(
        dataWriter.delete("/v1/entries/server/io.acme%2Fe2e-matrix-d/versions/1.0.0"), 204);
  }

  @Test
  @DisplayName(
      "§11.1 6 (entry claims get/put): 200 to the owner, 403 to another team or a reader,"
          + " 401 without a token, 404 for an unknown name, 400 for an unknown type")
  void entryClaimsMatrix() {
    assertStatus(
        platformWriter.post(
            "/v1/entries", publish("server", server("io.acme/e2e-claims", "1.0.0", "x"), PLATFORM)),
        201);
    String claims = "/v1/entries/server/io.acme%2Fe2e-claims/claims";
    Reply owner = platformWriter.get(claims);
    assertStatus(owner, 200);
    assertThat(owner.body().get("claims").toString())
        .isEqualTo("{\"org\":[\"acme\"],\"team\":[\"platform\"]}");
    assertStatus(superAdmin.get(claims), 200);
    assertStatus(dataWriter.get(claims), 403);
    assertStatus(platformReader.get(claims), 403);
    assertStatus(waggle.anonymous().get(claims), 401);
    assertStatus(platformWriter.get("/v1/entries/server/io.acme%2Fe2e-nothing/claims"), 404);
    assertStatus(platformWriter.get("/v1/entries/widget/io.acme%2Fe2e-claims/claims"), 400);

    // Put: only a subset of one's own claims, only on what one sees.
    assertStatus(platformWriter.put(claims, "{\"claims\": " + DATA + "}"), 403);
    assertStatus(dataWriter.put(claims, "{\"claims\": " + DATA + "}"), 403);
    assertStatus(platformWriter.put(claims, "{\"claims\": {}}"), 403);
    assertStatus(bothTeamsWriter.put(claims, "{\"claims\": " + DATA + "}"), 204);
    // Handed over to the data team: the platform team lost it, the data team has it.
    assertStatus(platformWriter.get(claims), 403);
    assertStatus(dataWriter.get(claims), 200);
    String latest = INTERNAL + "/servers/io.acme%2Fe2e-claims/versions/latest";
    assertStatus(platformReader.get(latest), 404);
    assertStatus(dataReader.get(latest), 200);
  }

  @Test
  @DisplayName(
      "§11.1 8 (publish claim consistency): later versions carry the first version's claims,"
          + " else 409; a duplicate version is 409")
  void publishClaimConsistency() {
    assertStatus(
        bothTeamsWriter.post(
            "/v1/entries", publish("server", server("io.acme/e2e-own", "1.0.0", "v1"), PLATFORM)),
        201);
    assertStatus(
        bothTeamsWriter.post(
            "/v1/entries", publish("server", server("io.acme/e2e-own", "2.0.0", "v2"), PLATFORM)),
        201);
    Reply mismatch =
        bothTeamsWriter.post(
            "/v1/entries", publish("server", server("io.acme/e2e-own", "3.0.0", "v3"), DATA));
    assertStatus(mismatch, 409);
    assertThat(mismatch.error()).contains("claims mismatch");
    // Another writer of the same team may add a version with the same claims.
    assertStatus(
        platformWriter.post(
            "/v1/entries", publish("server", server("io.acme/e2e-own", "3.0.0", "v3"), PLATFORM)),
        201);
    assertStatus(
        platformWriter.post(
            "/v1/entries", publish("server", server("io.acme/e2e-own", "2.0.0", "v2"), PLATFORM)),
        409);
    assertThat(
            list(
                platformReader.get(INTERNAL + "/servers/io.acme%2Fe2e-own/versions"),
                "servers",
                "/server/version"))
        .containsExactlyInAnyOrder("1.0.0", "2.0.0", "3.0.0");
    // Deleting the latest moves the pointer back.
    assertStatus(platformWriter.delete("/v1/entries/server/io.acme%2Fe2e-own/versions/3.0.0"), 204);
    assertThat(
            platformReader
                .get(INTERNAL + "/servers/io.acme%2Fe2e-own/versions/latest")
                .body()
                .at("/server/version")
                .asText())
        .isEqualTo("2.0.0");
  }

  @Test
  @DisplayName(
      "§11.1 9 (skill lifecycle): publish, list, get, versions, cross-team visibility,"
          + " the wrong owner cannot delete, delete, 404")
  void skillLifecycle() {
    lifecycle("skill", SKILLS, "skills");
  }

  @Test
  @DisplayName(
      "§11.1 9 (plugin lifecycle): publish, list, get, versions, cross-team visibility,"
          + " the wrong owner cannot delete, delete, 404")
  void pluginLifecycle() {
    lifecycle("plugin", PLUGINS, "plugins");
  }

  private void lifecycle(String member, String base, String key) {
    String name = "e2e-" + member;
    Reply first =
        platformWriter.post("/v1/entries", publish(member, extension(name, "1.0.0"), PLATFORM));
    assertStatus(first, 201);
    assertThat(first.body().get("isLatest").asBoolean()).isTrue();
    assertStatus(
        platformWriter.post("/v1/entries", publish(member, extension(name, "1.1.0"), PLATFORM)),
        201);
    assertStatus(
        dataWriter.post("/v1/entries", publish(member, extension(name, "1.2.0"), DATA)), 409);

    assertThat(list(platformReader.get(base), key, "name")).contains(name);
    assertThat(list(dataReader.get(base), key, "name")).doesNotContain(name);
    Reply got = platformReader.get(base + "/io.acme/" + name);
    assertStatus(got, 200);
    assertThat(got.body().toString()).contains("1.1.0");
    assertStatus(dataReader.get(base + "/io.acme/" + name), 404);
    assertThat(list(platformReader.get(base + "/io.acme/" + name + "/versions"), key, "version"))
        .containsExactlyInAnyOrder("1.0.0", "1.1.0");
    assertStatus(platformReader.get(base + "/io.acme/" + name + "/versions/1.0.0"), 200);
    assertStatus(dataReader.get(base + "/io.acme/" + name + "/versions/1.0.0"), 404);

    String claims = "/v1/entries/" + member + "/" + name + "/claims";
    assertStatus(platformWriter.get(claims), 200);
    assertStatus(dataWriter.get(claims), 403);

    String v1 = "/v1/entries/" + member + "/" + name + "/versions/1.0.0";
    String v11 = "/v1/entries/" + member + "/" + name + "/versions/1.1.0";
    assertStatus(dataWriter.delete(v1), 403);
    assertStatus(platformWriter.delete(v11), 204);
    assertThat(list(platformReader.get(base + "/io.acme/" + name + "/versions"), key, "version"))
        .containsExactly("1.0.0");
    assertStatus(platformWriter.delete(v1), 204);
    assertStatus(platformReader.get(base + "/io.acme/" + name), 404);
    assertStatus(platformWriter.delete(v1), 404);
    assertStatus(platformWriter.get(claims), 404);
  }

  @Test
  @DisplayName(
      "§11.1 13 (shadowing with the managed source): a published name shadows the same name"
          + " in a lower source for those who see it; others are served the lower copy")
  void publishedEntriesShadowSyncedOnes() {
    // io.acme/common is in shared-catalog (org: acme); internal comes first in acme-internal.
    assertStatus(
        platformWriter.post(
            "/v1/entries",
            publish("server", server("io.acme/common", "9.0.0", "platform's override"), PLATFORM)),
        201);
    String latest = INTERNAL + "/servers/io.acme%2Fcommon/versions/latest";
    assertThat(platformReader.get(latest).body().at("/server/description").asText())
        .isEqualTo("platform's override");
    // Hidden from the data team, so it is promoted to the shared copy.
    assertThat(dataReader.get(latest).body().at("/server/description").asText())
        .isEqualTo("For everyone at acme");
    assertThat(
            list(
                platformReader.get(INTERNAL + "/servers/io.acme%2Fcommon/versions"),
                "servers",
                "/server/version"))
        .containsExactly("9.0.0");
    // The other registry does not list the managed source at all.
    assertThat(
            platformReader
                .get("/registry/acme-all/v0.1/servers/io.acme%2Fcommon/versions/latest")
                .body()
                .at("/server/description")
                .asText())
        .isEqualTo("For everyone at acme");
    assertStatus(platformWriter.delete("/v1/entries/server/io.acme%2Fcommon/versions/9.0.0"), 204);
    assertThat(platformReader.get(latest).body().at("/server/description").asText())
        .isEqualTo("For everyone at acme");
  }
}
