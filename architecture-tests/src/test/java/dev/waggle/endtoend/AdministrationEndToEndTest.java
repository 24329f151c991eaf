package dev.waggle.endtoend;

import static dev.waggle.endtoend.AuthorizationEndToEndTest.assertForbidden;
import static dev.waggle.endtoend.AuthorizationEndToEndTest.awaitSynced;
import static dev.waggle.endtoend.AuthorizationEndToEndTest.list;
import static dev.waggle.endtoend.AuthorizationEndToEndTest.names;
import static dev.waggle.endtoend.AuthorizationEndToEndTest.writeCatalogs;
import static dev.waggle.endtoend.CatalogFiles.catalog;
import static dev.waggle.endtoend.PublishingEndToEndTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.endtoend.WaggleFixture.Client;
import dev.waggle.endtoend.WaggleFixture.Reply;
import java.io.IOException;
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
 * End to end, the admin scenarios of ToolHive's authorization suite (reference §11.1, 11, 12 and
 * 14): sources and registries created, changed and deleted through {@code /v1} by personas from
 * real tokens under full {@code authz}, and the unshadowed entry listings of both. One Waggle
 * serves every test; each test writes names of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdministrationEndToEndTest {
  private static final String PLATFORM = "{\"org\": \"acme\", \"team\": \"platform\"}";
  private static final String DATA = "{\"org\": \"acme\", \"team\": \"data\"}";

  private OidcProvider oidc;
  private WaggleFixture waggle;
  private Path dir;
  private Path auditLog;
  private Client superAdmin;
  private Client platformAdmin;
  private Client dataAdmin;
  private Client platformRegistrar;
  private Client dataRegistrar;
  private Client globexRegistrar;
  private Client writer;
  private Client platformReader;
  private Client dataReader;

  @BeforeAll
  void start(@TempDir Path dir) {
    this.dir = dir;
    oidc = new OidcProvider();
    writeCatalogs(dir);
    WaggleFixture.write(
        dir.resolve("extra.json"),
        catalog().server("io.acme/extra", "1.0.0", "Added through the API").json());
    auditLog = dir.resolve("audit.log");
    String audit =
        """
        audit:
          enabled: true
          logFile: "%s"
        """
            .formatted(auditLog);
    waggle =
        WaggleFixture.start(
            dir,
            AuthorizationEndToEndTest.LAYOUT
                + oidc.authBlock(AuthorizationEndToEndTest.ROLES)
                + audit);
    superAdmin = persona("root", Map.of("role", "super-admin"));
    platformAdmin =
        persona("pat", Map.of("org", "acme", "team", "platform", "role", "platform-admin"));
    dataAdmin = persona("dee", Map.of("org", "acme", "team", "data", "role", "platform-admin"));
    platformRegistrar =
        persona("reg", Map.of("org", "acme", "team", "platform", "role", "registry-admin"));
    dataRegistrar = persona("rod", Map.of("org", "acme", "team", "data", "role", "registry-admin"));
    globexRegistrar = persona("eve", Map.of("org", "globex", "role", "registry-admin"));
    writer =
        persona("wes", Map.of("org", "acme", "team", "platform", "groups", List.of("writers")));
    platformReader = persona("pia", Map.of("org", "acme", "team", "platform"));
    dataReader = persona("dan", Map.of("org", "acme", "team", "data"));
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

  private static String registry(String claims, String... sources) {
    return "{\"sources\": [\""
        + String.join("\", \"", sources)
        + "\"]"
        + (claims == null ? "" : ", \"claims\": " + claims)
        + "}";
  }

  private String fileSource(String interval, String claims) {
    return """
        {"file": {"path": "%s"}, "syncPolicy": {"interval": "%s"}, "claims": %s}"""
        .formatted(dir.resolve("extra.json"), interval, claims);
  }

  @Test
  @DisplayName(
      "§11.1 11 (registry CRUD): create 201, update 200, non-subset claims and invisible sources"
          + " 403, outsiders and config registries 403, delete 204 then 404, lists per persona")
  void registryCrud() {
    String path = "/v1/registries/e2e-platform";
    Reply created =
        platformRegistrar.put(path, registry(PLATFORM, "platform-tools", "shared-catalog"));
    assertStatus(created, 201);
    assertThat(created.body().get("creationType").asText()).isEqualTo("API");
    assertThat(names(platformReader.get("/registry/e2e-platform/v0.1/servers?version=latest")))
        .containsExactly("io.acme/common", "io.acme/deploy", "io.acme/shadowed");
    assertStatus(dataReader.get("/registry/e2e-platform/v0.1/servers"), 403);

    Reply updated = platformRegistrar.put(path, registry(PLATFORM, "platform-tools"));
    assertStatus(updated, 200);
    assertThat(names(platformReader.get("/registry/e2e-platform/v0.1/servers?version=latest")))
        .containsExactly("io.acme/deploy", "io.acme/shadowed");

    // Claims the registrar does not hold; untagged (superAdmin only); a source it cannot see.
    assertStatus(platformRegistrar.put(path, registry(DATA, "platform-tools")), 403);
    assertStatus(
        platformRegistrar.put("/v1/registries/e2e-bare", registry(null, "platform-tools")), 403);
    Reply hidden = platformRegistrar.put(path, registry(PLATFORM, "data-tools"));
    assertStatus(hidden, 403);
    assertThat(hidden.error()).contains("cannot reference source data-tools");
    Reply unknown = platformRegistrar.put(path, registry(PLATFORM, "nowhere"));
    assertStatus(unknown, 400);
    assertThat(unknown.body().toString()).contains("source not found: nowhere");
    assertStatus(
        platformRegistrar.put(path, "{\"sources\": [], \"claims\": " + PLATFORM + "}"), 400);
    assertStatus(
        platformRegistrar.put(path, registry(PLATFORM, "platform-tools", "platform-tools")), 400);

    // Others: another team, another org, no role.
    assertStatus(dataRegistrar.put(path, registry("{\"org\": \"acme\"}", "shared-catalog")), 403);
    assertStatus(dataRegistrar.delete(path), 403);
    assertStatus(globexRegistrar.delete(path), 403);
    assertForbidden(writer.put(path, registry(PLATFORM, "platform-tools")));
    assertForbidden(platformAdmin.delete(path));

    // Config-created registries are the file's.
    Reply config =
        superAdmin.put(
            "/v1/registries/acme-all", registry("{\"org\": \"acme\"}", "shared-catalog"));
    assertStatus(config, 403);
    assertThat(config.error()).contains("cannot modify config-created registry via API");
    assertStatus(superAdmin.delete("/v1/registries/acme-all"), 403);

    // Lists per persona.
    assertThat(list(platformReader.get("/v1/registries"), "registries", "name"))
        .contains("e2e-platform");
    assertThat(list(dataReader.get("/v1/registries"), "registries", "name"))
        .doesNotContain("e2e-platform");
    assertStatus(dataReader.get(path), 404);
    assertThat(platformReader.get(path).body().get("sources").toString())
        .isEqualTo("[\"platform-tools\"]");

    assertStatus(platformRegistrar.delete(path), 204);
    assertStatus(platformReader.get(path), 404);
    assertStatus(platformRegistrar.delete(path), 404);
    assertStatus(platformReader.get("/registry/e2e-platform/v0.1/servers"), 404);
  }

  @Test
  @DisplayName(
      "§11.1 12 (source CRUD and delete protection): create 201 and sync, update 200, 404 to"
          + " other teams, config sources 403, kind change 400, 409 while a registry uses it")
  void sourceCrud() {
    String path = "/v1/sources/e2e-extra";
    assertForbidden(writer.put(path, fileSource("1h", PLATFORM)));
    assertForbidden(platformRegistrar.put(path, fileSource("1h", PLATFORM)));
    assertStatus(platformAdmin.put(path, fileSource("1h", DATA)), 403);
    Reply created = platformAdmin.put(path, fileSource("1h", PLATFORM));
    assertStatus(created, 201);
    assertThat(created.body().get("creationType").asText()).isEqualTo("API");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                list(platformAdmin.get(path + "/entries"), "entries", "name")
                    .contains("io.acme/extra"));
    assertStatus(platformAdmin.put(path, fileSource("2h", PLATFORM)), 200);
    assertThat(platformAdmin.get(path).body().get("syncSchedule").asText()).startsWith("2h");
    assertStatus(dataAdmin.get(path), 404);
    assertThat(list(dataAdmin.get("/v1/sources"), "sources", "name")).doesNotContain("e2e-extra");
    assertStatus(dataAdmin.put(path, fileSource("1h", DATA)), 403);
    assertStatus(dataAdmin.delete(path), 403);
    Reply kind = platformAdmin.put(path, "{\"managed\": {}, \"claims\": " + PLATFORM + "}");
    assertStatus(kind, 400);
    assertThat(kind.body().toString()).contains("changing source type is not allowed");

    Reply config = superAdmin.put("/v1/sources/platform-tools", fileSource("1h", PLATFORM));
    assertStatus(config, 403);
    assertThat(config.error()).contains("cannot modify config-created source via API");
    assertStatus(superAdmin.delete("/v1/sources/platform-tools"), 403);

    // Referenced by a registry: kept until the registry goes.
    assertStatus(
        platformRegistrar.put("/v1/registries/e2e-uses-extra", registry(PLATFORM, "e2e-extra")),
        201);
    assertThat(names(platformReader.get("/registry/e2e-uses-extra/v0.1/servers")))
        .containsExactly("io.acme/extra");
    Reply referenced = platformAdmin.delete(path);
    assertStatus(referenced, 409);
    assertThat(referenced.error()).contains("referenced");
    assertStatus(platformRegistrar.delete("/v1/registries/e2e-uses-extra"), 204);
    assertStatus(platformAdmin.delete(path), 204);
    assertStatus(platformAdmin.get(path), 404);
    assertStatus(platformAdmin.delete(path), 404);

    // One managed source at most.
    assertStatus(
        superAdmin.put(
            "/v1/sources/e2e-managed", "{\"managed\": {}, \"claims\": {\"org\": \"acme\"}}"),
        201);
    Reply second =
        superAdmin.put(
            "/v1/sources/e2e-managed-2", "{\"managed\": {}, \"claims\": {\"org\": \"acme\"}}");
    assertStatus(second, 409);
    assertThat(second.error()).contains("at most one managed source is allowed");
    assertStatus(superAdmin.delete("/v1/sources/e2e-managed"), 204);

    awaitAudited("source.create", "pat");
  }

  private void awaitAudited(String type, String subject) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              List<JsonNode> events = new ArrayList<>();
              if (Files.exists(auditLog)) {
                for (String line : Files.readAllLines(auditLog)) {
                  events.add(WaggleFixture.JSON.readTree(line));
                }
              }
              assertThat(events)
                  .anySatisfy(
                      e -> {
                        assertThat(e.get("type").asText()).isEqualTo(type);
                        assertThat(e.at("/subjects/sub").asText()).isEqualTo(subject);
                        assertThat(e.get("outcome").asText()).isEqualTo("success");
                      });
            });
  }

  @Test
  @DisplayName(
      "§11.1 14 (admin entry listings): a source's and a registry's entries, unshadowed and"
          + " gated by their own claims only; writers and the wrong role are forbidden")
  void adminEntryListings() throws IOException {
    Reply platform = platformAdmin.get("/v1/sources/platform-tools/entries");
    assertStatus(platform, 200);
    JsonNode deploy = null;
    for (JsonNode entry : platform.body().get("entries")) {
      if (entry.get("name").asText().equals("io.acme/deploy")) {
        deploy = entry;
      }
    }
    assertThat(deploy).isNotNull();
    assertThat(deploy.get("entryType").asText()).isEqualTo("MCP");
    assertThat(list(new Reply(200, deploy, null), "versions", "version"))
        .containsExactlyInAnyOrder("1.0.0", "2.0.0");
    assertThat(list(platform, "entries", "entryType")).contains("SKILL");
    assertStatus(dataAdmin.get("/v1/sources/platform-tools/entries"), 404);
    assertStatus(platformAdmin.get("/v1/sources/untagged-tools/entries"), 404);
    assertStatus(superAdmin.get("/v1/sources/untagged-tools/entries"), 200);
    assertForbidden(writer.get("/v1/sources/platform-tools/entries"));
    assertForbidden(platformRegistrar.get("/v1/sources/platform-tools/entries"));

    // The registry listing: every copy of every version, with its source and position, even
    // entries the registrar's own team could not read on the consumer API.
    Reply all = platformRegistrar.get("/v1/registries/acme-all/entries");
    assertStatus(all, 200);
    List<String> shadowed = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (JsonNode row : all.body().get("entries")) {
      names.add(row.get("name").asText());
      if (row.get("name").asText().equals("io.acme/shadowed")) {
        shadowed.add(row.get("sourceName").asText() + "@" + row.get("position").asInt());
      }
    }
    assertThat(shadowed).containsExactlyInAnyOrder("platform-tools@0", "data-tools@1");
    assertThat(names).contains("io.acme/warehouse", "io.acme/common", "io.acme/deploy");
    assertStatus(dataRegistrar.get("/v1/registries/acme-platform/entries"), 404);
    assertStatus(globexRegistrar.get("/v1/registries/acme-all/entries"), 404);
    assertStatus(platformRegistrar.get("/v1/registries/untagged/entries"), 404);
    assertStatus(superAdmin.get("/v1/registries/untagged/entries"), 200);
    assertForbidden(writer.get("/v1/registries/acme-all/entries"));
    assertForbidden(platformAdmin.get("/v1/registries/acme-all/entries"));
    assertStatus(waggle.anonymous().get("/v1/registries/acme-all/entries"), 401);
  }
}
