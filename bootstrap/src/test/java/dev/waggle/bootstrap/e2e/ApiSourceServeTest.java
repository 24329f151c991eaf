package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.Api.namesAndVersions;
import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waggle.bootstrap.BuildMetadata;
import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
    return Launcher.start(
        config,
        new Launcher.Options(
            "127.0.0.1:0",
            "127.0.0.1:0",
            dir.resolve(name + "-home"),
            Duration.ofMillis(200),
            BuildMetadata.current()));
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
}
