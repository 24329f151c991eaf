package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end from a config file with a {@code managed} source: servers, skills and plugins
 * published through {@code /v1/entries} are served at once by the registry that lists the source, a
 * deleted version moves the latest back, claims are read and changed, bad requests are refused by
 * name, and published entries and their claims survive a restart with other source claims.
 */
class PublishServeTest {
  private static final String SERVER = "io.example/published";
  private static final String LATEST =
      "/registry/main/v0.1/servers/io.example%2Fpublished/versions/latest";

  @TempDir Path dir;

  private static String server(String version) {
    return "{\"$schema\": \"https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json\","
        + " \"version\": \""
        + version
        + "\", \"name\": \""
        + SERVER
        + "\", \"description\": \"Published through the API\"}";
  }

  private static String skill(String version) {
    return "{\"namespace\": \"io.github.acme\", \"name\": \"pdf\", \"version\": \""
        + version
        + "\", \"description\": \"Reads PDFs\", \"packages\": [{\"registryType\": \"oci\","
        + " \"identifier\": \"ghcr.io/acme/pdf:"
        + version
        + "\"}]}";
  }

  private WaggleConfig config(DatabaseBlock database, String managedClaims, String auth) {
    return new ConfigLoader(database.env(), dir, dir.resolve("home"))
        .parse(
            """
            sources:
              - name: published
                managed: {}
            %s
              - name: catalog
                file: {path: registry.json}
                syncPolicy: {interval: 1h}
            registries:
              - {name: main, sources: [published, catalog]}
            %s
            """
                    .formatted(managedClaims, auth)
                + database.yaml())
        .orElseThrow();
  }

  private Launcher start(WaggleConfig config) {
    return Launcher.start(config, LoopbackLaunch.options(dir.resolve("waggle-home")));
  }

  private static List<String> ids(JsonNode list, String key) {
    List<String> ids = new ArrayList<>();
    list.get(key).forEach(e -> ids.add(e.get("name").asText() + "@" + e.get("version").asText()));
    return ids;
  }

  @Test
  void publishedEntriesAreServedDeletedAndReClaimedAndSurviveARestart() {
    registry()
        .server("io.example/synced", "1.0.0", "From the file")
        .writeTo(dir.resolve("registry.json"));
    DatabaseBlock database = DatabaseBlock.fresh();

    try (Launcher launcher = start(config(database, "", "auth: {mode: anonymous}"))) {
      Api api = new Api(launcher.publicUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(api.get("/registry/main/v0.1/servers").status()).isEqualTo(200));

      Api.Reply published =
          api.send(
              "POST",
              "/v1/entries",
              "{\"claims\": {\"team\": \"platform\"}, \"server\": " + server("1.0.0") + "}");
      assertThat(published.status()).as("%s", published.body()).isEqualTo(201);
      // The bare server.json, as its author wrote it: version before name.
      List<String> keys = new ArrayList<>();
      published.body().fieldNames().forEachRemaining(keys::add);
      assertThat(keys).containsExactly("$schema", "version", "name", "description");
      assertThat(api.ok(LATEST).path("server").path("version").asText()).isEqualTo("1.0.0");

      assertThat(api.send("POST", "/v1/entries", "{\"server\": " + server("1.1.0") + "}").status())
          .as("a later version without the first one's claims")
          .isEqualTo(409);
      assertThat(
              api.send(
                      "POST",
                      "/v1/entries",
                      "{\"claims\": {\"team\": [\"platform\"]}, \"server\": "
                          + server("1.1.0")
                          + "}")
                  .status())
          .isEqualTo(201);
      assertThat(api.ok(LATEST).path("server").path("version").asText()).isEqualTo("1.1.0");
      Api.Reply duplicate =
          api.send(
              "POST",
              "/v1/entries",
              "{\"claims\": {\"team\": \"platform\"}, \"server\": " + server("1.1.0") + "}");
      assertThat(duplicate.status()).isEqualTo(409);
      assertThat(duplicate.body().get("detail").asText())
          .isEqualTo("version already exists: io.example/published@1.1.0");

      Api.Reply skill = api.send("POST", "/v1/entries", "{\"skill\": " + skill("1.0.0") + "}");
      assertThat(skill.status()).as("%s", skill.body()).isEqualTo(201);
      assertThat(skill.body().get("isLatest").asBoolean()).isTrue();
      assertThat(skill.body().get("status").asText()).isEqualTo("active");
      assertThat(skill.body().has("createdAt")).isTrue();
      assertThat(
              api.send(
                      "POST",
                      "/v1/entries",
                      "{\"plugin\": " + skill("2.0.0").replace("\"pdf\"", "\"lint\"") + "}")
                  .status())
          .isEqualTo(201);
      assertThat(ids(api.ok("/registry/main/v0.1/x/dev.toolhive/skills"), "skills"))
          .containsExactly("pdf@1.0.0");
      assertThat(ids(api.ok("/registry/main/v0.1/x/dev.toolhive/plugins"), "plugins"))
          .containsExactly("lint@2.0.0");

      assertThat(
              api.send("DELETE", "/v1/entries/server/io.example%2Fpublished/versions/1.1.0", null)
                  .status())
          .isEqualTo(204);
      assertThat(api.ok(LATEST).path("server").path("version").asText()).isEqualTo("1.0.0");
      assertThat(
              api.send("DELETE", "/v1/entries/server/io.example%2Fpublished/versions/9.9.9", null)
                  .status())
          .isEqualTo(404);
      assertThat(api.send("DELETE", "/v1/entries/plugin/lint/versions/2.0.0", null).status())
          .isEqualTo(204);
      assertThat(api.ok("/registry/main/v0.1/x/dev.toolhive/plugins").get("plugins").size())
          .isZero();

      assertThat(api.ok("/v1/entries/skill/pdf/claims").get("claims").size()).isZero();
      assertThat(
              api.send("PUT", "/v1/entries/skill/pdf/claims", "{\"claims\": {\"team\": \"data\"}}")
                  .status())
          .isEqualTo(204);
      assertThat(api.ok("/v1/entries/skill/pdf/claims").get("claims").get("team").get(0).asText())
          .isEqualTo("data");
      assertThat(
              api.ok("/v1/entries/server/io.example%2Fpublished/claims")
                  .get("claims")
                  .get("team")
                  .get(0)
                  .asText())
          .isEqualTo("platform");
    }

    // Restarted with the managed source now tagged: the entry keeps its own claims.
    try (Launcher launcher =
        start(config(database, "    claims: {org: acme}", "auth: {mode: anonymous}"))) {
      Api api = new Api(launcher.publicUrl());
      assertThat(api.ok(LATEST).path("server").path("version").asText()).isEqualTo("1.0.0");
      JsonNode claims = api.ok("/v1/entries/server/io.example%2Fpublished/claims").get("claims");
      assertThat(claims.size()).isEqualTo(1);
      assertThat(claims.get("team").get(0).asText()).isEqualTo("platform");
    }
  }

  @Test
  void badRequestsAreRefusedNamingWhatIsWrong() {
    registry()
        .server("io.example/synced", "1.0.0", "From the file")
        .writeTo(dir.resolve("registry.json"));
    try (Launcher launcher = start(config(DatabaseBlock.fresh(), "", "auth: {mode: anonymous}"))) {
      Api api = new Api(launcher.publicUrl());

      Api.Reply both =
          api.send(
              "POST",
              "/v1/entries",
              "{\"server\": " + server("1.0.0") + ", \"skill\": " + skill("1.0.0") + "}");
      assertThat(both.status()).isEqualTo(400);
      assertThat(both.body().get("detail").asText())
          .contains("only one of server, skill or plugin");
      assertThat(api.send("POST", "/v1/entries", "{}").status()).isEqualTo(400);
      assertThat(api.send("POST", "/v1/entries", "{\"server\": ").status()).isEqualTo(400);

      Api.Reply badClaim =
          api.send(
              "POST",
              "/v1/entries",
              "{\"claims\": {\"team\": 5}, \"server\": " + server("1.0.0") + "}");
      assertThat(badClaim.status()).isEqualTo(400);
      assertThat(badClaim.body().get("errors").get(0).get("location").asText())
          .isEqualTo("claims.team");

      Api.Reply badServer =
          api.send("POST", "/v1/entries", "{\"server\": {\"name\": \"no-slash\"}}");
      assertThat(badServer.status()).isEqualTo(400);
      assertThat(badServer.body().get("errors").get(0).get("location").asText())
          .startsWith("server.");

      Api.Reply badSkill =
          api.send("POST", "/v1/entries", "{\"skill\": {\"name\": \"pdf\", \"version\": \"1\"}}");
      assertThat(badSkill.status()).isEqualTo(400);
      assertThat(badSkill.body().get("errors").get(0).get("location").asText())
          .startsWith("skill.");

      Api.Reply badType = api.send("DELETE", "/v1/entries/widget/x/versions/1.0.0", null);
      assertThat(badType.status()).isEqualTo(400);
      assertThat(badType.body().get("detail").asText())
          .contains("unsupported entry type: must be 'server', 'skill', or 'plugin'");

      assertThat(
              api.send("PUT", "/v1/entries/skill/pdf/claims", "{\"claims\": {\"team\": {}}}")
                  .status())
          .as("a nested claim value")
          .isEqualTo(400);
      assertThat(api.get("/v1/entries/skill/none/claims").status()).isEqualTo(404);

      assertThat(api.announce("POST", "/v1/entries", 1_100_000))
          .as("a body over the limit, refused before it is read")
          .isEqualTo(413);
    }
  }

  @Test
  void withoutAManagedSourceOrAnAuthBlockPublishingIsRefusedWithAReason() {
    registry()
        .server("io.example/synced", "1.0.0", "From the file")
        .writeTo(dir.resolve("registry.json"));
    DatabaseBlock database = DatabaseBlock.fresh();
    WaggleConfig unmanaged =
        new ConfigLoader(database.env(), dir, dir.resolve("home"))
            .parse(
                """
                sources:
                  - name: catalog
                    file: {path: registry.json}
                    syncPolicy: {interval: 1h}
                registries:
                  - {name: main, sources: [catalog]}
                auth: {mode: anonymous}
                """
                    + database.yaml())
            .orElseThrow();
    try (Launcher launcher = start(unmanaged)) {
      Api.Reply reply =
          new Api(launcher.publicUrl())
              .send("POST", "/v1/entries", "{\"server\": " + server("1.0.0") + "}");
      assertThat(reply.status()).isEqualTo(409);
      assertThat(reply.body().get("detail").asText()).contains("managed: {}");
    }
    try (Launcher launcher = start(config(DatabaseBlock.fresh(), "", ""))) {
      Api.Reply reply =
          new Api(launcher.publicUrl())
              .send("POST", "/v1/entries", "{\"server\": " + server("1.0.0") + "}");
      assertThat(reply.status()).isEqualTo(403);
      assertThat(reply.body().get("detail").asText()).contains("Set auth.mode");
    }
  }
}
