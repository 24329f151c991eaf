package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.Api.namesAndVersions;
import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, federation: one Waggle serves a registry file, a second Waggle's {@code api} source
 * reads it through the first one's {@code /registry/default} base — paging, the upstream's status
 * kept, a change picked up, and the last data still served when the upstream is gone.
 */
class ApiSourceServeTest {
  private static final String NS = "io.example.federated/";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Launcher start(String name, DatabaseBlock database, String sourceYaml) {
    String yaml =
        """
        sources:
          - name: catalog
            syncPolicy: {interval: 1h}
        %s
        registries:
          - {name: default, sources: [catalog]}
        auth: {mode: anonymous}
        """
                .formatted(sourceYaml.indent(4).stripTrailing())
            + database.yaml();
    WaggleConfig config =
        new ConfigLoader(database.env(), dir, dir.resolve(name)).parse(yaml).orElseThrow();
    return Launcher.start(config, LoopbackLaunch.options(dir.resolve(name + "-home")));
  }

  /** Marks one server deprecated the ToolHive way, in its publisher-provided block. */
  private static void deprecate(Path file, String name) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
    for (JsonNode server : root.path("data").path("servers")) {
      if (server.path("name").asText().equals(name)) {
        ((ObjectNode) server)
            .putObject("_meta")
            .putObject("io.modelcontextprotocol.registry/publisher-provided")
            .putObject("io.github.stacklok")
            .putObject("example")
            .put("status", "deprecated");
      }
    }
    RegistryFiles.writeText(file, JSON.writeValueAsString(root));
  }

  private static String status(JsonNode list, String nameAndVersion) {
    for (JsonNode item : list.get("servers")) {
      if (Api.nameAndVersion(item).equals(nameAndVersion)) {
        return item.path("_meta")
            .path("io.modelcontextprotocol.registry/official")
            .path("status")
            .asText();
      }
    }
    throw new AssertionError(nameAndVersion + " is not listed");
  }

  @Test
  @SuppressWarnings("try") // the upstream is stopped inside its block to cut the federation off
  void givenAnotherWaggleAsUpstream_whenSynced_thenItsCatalogIsServedAndFollowsItsChanges()
      throws IOException {
    Path file = dir.resolve("catalog.json");
    RegistryFiles catalog = registry();
    for (int i = 0; i < 45; i++) {
      catalog.server(NS + "server-" + (100 + i), "1.0.0", "Server " + i);
    }
    catalog.server(NS + "old", "0.9.0", "Kept for old clients");
    catalog.writeTo(file);
    deprecate(file, NS + "old");

    try (Launcher upstream =
        start("upstream", DatabaseBlock.fresh(), "file: {path: catalog.json}")) {
      Api upstreamApi = new Api(upstream.publicUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> upstreamApi.allPages("/registry/default/v0.1/servers", 100).size() == 46);

      String endpoint = upstream.publicUrl() + "/registry/default";
      try (Launcher federated =
          start("federated", DatabaseBlock.fresh(), "api: {endpoint: \"" + endpoint + "\"}")) {
        Api api = new Api(federated.publicUrl());
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> api.allPages("/v0.1/servers", 100).size() == 46);
        assertThat(status(api.ok("/v0.1/servers?search=old"), NS + "old@0.9.0"))
            .as("the upstream's status is kept")
            .isEqualTo("deprecated");

        catalog.server(NS + "new", "2.0.0", "Added upstream").writeTo(file);
        assertThat(upstreamApi.syncAndWait("catalog").get("lastResult").asText())
            .isEqualTo("updated");

        assertThat(api.syncAndWait("catalog").get("lastResult").asText()).isEqualTo("updated");
        assertThat(namesAndVersions(api.ok("/v0.1/servers?search=new")))
            .containsExactly(NS + "new@2.0.0");
        assertThat(api.syncAndWait("catalog").get("lastResult").asText()).isEqualTo("unchanged");

        upstream.close();
        JsonNode failed = api.syncAndWait("catalog");

        assertThat(failed.get("phase").asText()).isEqualTo("failed");
        assertThat(failed.get("message").asText()).contains("the last good data stays served");
        assertThat(api.allPages("/v0.1/servers", 100)).hasSize(47);
      }
    }
  }

  /**
   * An upstream registry whose curator marks the lower version latest: one page in the MCP Registry
   * API's shape, served on loopback.
   */
  private static HttpServer curatedUpstream() throws IOException {
    String item =
        """
        {"server": {"$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
          "name": "%1$spinned", "description": "Pinned by its curator", "version": "%2$s"},
         "_meta": {"io.modelcontextprotocol.registry/official": {"status": "active",
          "publishedAt": "%3$s", "updatedAt": "%3$s", "isLatest": %4$s}}}""";
    byte[] page =
        ("{\"servers\": ["
                + item.formatted(NS, "1.0.0", "2025-03-01T10:00:00Z", "true")
                + ","
                + item.formatted(NS, "2.0.0", "2025-04-01T10:00:00Z", "false")
                + "], \"metadata\": {\"count\": 2}}")
            .getBytes(StandardCharsets.UTF_8);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v0.1/servers",
        exchange -> {
          try (exchange) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
          }
        });
    server.start();
    return server;
  }

  private static JsonNode official(JsonNode item) {
    return item.path("_meta").path("io.modelcontextprotocol.registry/official");
  }

  @Test
  void givenAnUpstreamThatMarksALowerVersionLatest_whenFederatedTwice_thenEachWaggleServesItsWord()
      throws IOException {
    HttpServer curated = curatedUpstream();
    try (Launcher middle =
            start(
                "middle",
                DatabaseBlock.fresh(),
                "api: {endpoint: \"http://127.0.0.1:" + curated.getAddress().getPort() + "\"}");
        Launcher edge =
            start(
                "edge",
                DatabaseBlock.fresh(),
                "api: {endpoint: \"" + middle.publicUrl() + "/registry/default\"}")) {
      for (Launcher waggle : List.of(middle, edge)) {
        Api api = new Api(waggle.publicUrl());
        // The edge may have first looked before the middle held anything: ask it again.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  api.syncAndWait("catalog");
                  return api.allPages("/v0.1/servers", 100).size() == 2;
                });

        JsonNode latest =
            api.ok("/v0.1/servers/" + NS.replace("/", "%2F") + "pinned/versions/latest");
        assertThat(latest.at("/server/version").asText())
            .as("the version the upstream marks latest, though 2.0.0 is higher")
            .isEqualTo("1.0.0");
        assertThat(official(latest).path("publishedAt").asText()).isEqualTo("2025-03-01T10:00:00Z");
        JsonNode higher =
            api.ok("/v0.1/servers/" + NS.replace("/", "%2F") + "pinned/versions/2.0.0");
        assertThat(official(higher).path("isLatest").asBoolean()).isFalse();
        assertThat(official(higher).path("publishedAt").asText()).isEqualTo("2025-04-01T10:00:00Z");
        assertThat(official(higher).path("updatedAt").asText())
            .as("updatedAt is this registry's own, so that updated_since keeps working")
            .isNotEqualTo("2025-04-01T10:00:00Z");
      }
    } finally {
      curated.stop(0);
    }
  }
}
