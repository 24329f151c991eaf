package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: sources and registries made through the admin API of the server started from a config
 * file — an inline source synced at once, a registry that serves it as soon as it is put, changes
 * served, the refusals a user meets, and API rows that survive a restart with the configuration
 * applied again.
 */
class AdminApiServeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  private record Reply(int status, JsonNode body) {}

  private static Reply send(URI base, String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response =
        CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(
        response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()));
  }

  /** A registry file's text, as a user would paste it into {@code file.data}. */
  private String document(String name, String version) throws IOException {
    Path file = dir.resolve("pasted-" + version + ".json");
    registry().server(name, version, "Pasted through the API").writeTo(file);
    return Files.readString(file);
  }

  private static String inlineSource(String document) {
    return JSON.createObjectNode()
        .set("file", JSON.createObjectNode().put("data", document))
        .toString();
  }

  private static List<String> served(Api api, String registry) {
    return Api.namesAndVersions(api.ok("/registry/" + registry + "/v0.1/servers"));
  }

  @Test
  void sourcesAndRegistriesMadeThroughTheApiAreServedChangedRefusedAndKeptAcrossARestart()
      throws Exception {
    registry()
        .server("io.example.admin/configured", "1.0.0", "From the config file")
        .writeTo(dir.resolve("registry.json"));
    DatabaseBlock database = DatabaseBlock.fresh();
    WaggleConfig config =
        new ConfigLoader(database.env(), dir, dir.resolve("home"))
            .parse(
                """
                sources:
                  - name: catalog
                    file: {path: registry.json}
                    syncPolicy: {interval: 30m}
                registries:
                  - {name: default, sources: [catalog]}
                auth: {mode: anonymous}
                """
                    + database.yaml())
            .orElseThrow();
    Launcher.Options options = LoopbackLaunch.options(dir.resolve("waggle-home"));

    try (Launcher launcher = Launcher.start(config, options)) {
      URI base = launcher.publicUrl();
      Api api = new Api(base);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(served(api, "default"))
                      .containsExactly("io.example.admin/configured@1.0.0"));

      Reply created =
          send(
              base,
              "PUT",
              "/v1/sources/pasted",
              inlineSource(document("io.example.admin/pasted", "1.0.0")));
      assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
      assertThat(created.body().path("creationType").asText()).isEqualTo("API");
      // Synced at once, without waiting for any schedule.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          api.ok("/v1/sources/pasted")
                              .path("syncStatus")
                              .path("serverCount")
                              .asInt())
                      .isEqualTo(1));

      Reply team =
          send(base, "PUT", "/v1/registries/team", "{\"sources\":[\"pasted\",\"catalog\"]}");
      assertThat(team.status()).as("%s", team.body()).isEqualTo(201);
      // Served as soon as the write answered.
      assertThat(served(api, "team"))
          .containsExactly("io.example.admin/configured@1.0.0", "io.example.admin/pasted@1.0.0");

      Reply changed =
          send(
              base,
              "PUT",
              "/v1/sources/pasted",
              inlineSource(document("io.example.admin/pasted", "2.0.0")));
      assertThat(changed.status()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(served(api, "team")).contains("io.example.admin/pasted@2.0.0"));

      Reply held = send(base, "DELETE", "/v1/sources/pasted", null);
      assertThat(held.status()).isEqualTo(409);
      assertThat(held.body().path("error").asText())
          .isEqualTo(
              "source is referenced by one or more registries: pasted is referenced by 1"
                  + " registry(ies)");
      Reply configured = send(base, "DELETE", "/v1/sources/catalog", null);
      assertThat(configured.status()).isEqualTo(403);
      assertThat(configured.body().path("error").asText())
          .isEqualTo("cannot modify config-created source via API");
      assertThat(send(base, "PUT", "/v1/registries/default", "{\"sources\":[\"pasted\"]}").status())
          .isEqualTo(403);
      Reply unknown = send(base, "PUT", "/v1/registries/team", "{\"sources\":[\"nowhere\"]}");
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.body().path("error").asText()).contains("source not found: nowhere");
    }

    // The configuration is applied again at start; what the API made stays as it was.
    try (Launcher launcher = Launcher.start(config, options)) {
      URI base = launcher.publicUrl();
      Api api = new Api(base);
      assertThat(api.ok("/v1/sources/pasted").path("creationType").asText()).isEqualTo("API");
      assertThat(api.ok("/v1/registries/team").path("creationType").asText()).isEqualTo("API");
      assertThat(served(api, "team")).contains("io.example.admin/pasted@2.0.0");

      assertThat(send(base, "PUT", "/v1/registries/team", "{\"sources\":[\"catalog\"]}").status())
          .isEqualTo(200);
      assertThat(served(api, "team")).containsExactly("io.example.admin/configured@1.0.0");
      Reply entries = send(base, "GET", "/v1/sources/pasted/entries", null);
      assertThat(entries.body().path("entries").get(0).path("name").asText())
          .isEqualTo("io.example.admin/pasted");
      assertThat(send(base, "DELETE", "/v1/sources/pasted", null).status()).isEqualTo(204);
      assertThat(send(base, "DELETE", "/v1/registries/team", null).status()).isEqualTo(204);
      assertThat(api.get("/registry/team/v0.1/servers").status()).isEqualTo(404);
      assertThat(api.get("/v1/sources/pasted").status()).isEqualTo(404);
    }
  }
}
