package dev.waggle.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.adapters.k8s.WithCrudApiServer;
import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.ConfigResult;
import dev.waggle.bootstrap.config.WaggleConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code serve} with a {@code kubernetes} source reads annotated MCPServer objects of
 * two namespaces from a (mock) cluster and serves them over HTTP, through the sync engine like
 * every other kind: the server.json rules, the filter and the source's sync status.
 */
@WithCrudApiServer
class KubernetesSourceServeTest {
  private static final String ANNOTATION = "toolhive.stacklok.dev/";

  KubernetesClient client;

  @Test
  void exportedServersOfBothWatchedNamespacesAreServedAndOthersAreNot(@TempDir Path dir) {
    exported("team-a", "weather", true);
    exported("team-b", "search", true);
    exported("team-a", "private", false);
    exported("elsewhere", "ignored", true);

    DatabaseBlock database = DatabaseBlock.fresh();
    String yaml =
        """
        sources:
          - name: cluster
            kubernetes: {namespaces: [team-a, team-b]}
        registries:
          - name: cluster
            sources: [cluster]
        auth: {mode: anonymous}
        """
            + database.yaml();
    Map<String, String> env = database.env();
    WaggleConfig config = new ConfigLoader(env, dir, dir.resolve("home")).parse(yaml).orElseThrow();

    try (Launcher launcher =
        Launcher.start(config, LoopbackLaunch.options(dir.resolve("waggle-home")), () -> client)) {
      Api api = new Api(launcher.publicUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(Api.namesAndVersions(api.ok("/v0.1/servers")))
                      .containsExactly(
                          "com.toolhive.k8s.team-a/weather@1.4.2",
                          "com.toolhive.k8s.team-b/search@1.4.2"));
      assertThat(
              api.ok("/v0.1/servers/com.toolhive.k8s.team-a%2Fweather/versions/latest")
                  .at("/server/remotes/0/url")
                  .asText())
          .isEqualTo("https://mcp.example.com/weather");
    }
  }

  @Test
  void anEntryTheServerJsonRulesRefuseIsNamedInTheSourceStatusAndAChangeIsServedAtOnce(
      @TempDir Path dir) {
    exported("team-a", "weather", true);
    exported("team-a", "wordy", true, "x".repeat(150));
    exported("team-b", "internal", true);

    DatabaseBlock database = DatabaseBlock.fresh();
    String yaml =
        """
        sources:
          - name: cluster
            kubernetes: {namespaces: [team-a, team-b]}
            filter:
              names: {exclude: ["com.toolhive.k8s.team-b/*"]}
        registries:
          - name: cluster
            sources: [cluster]
        auth: {mode: anonymous}
        """
            + database.yaml();
    ConfigResult loaded = new ConfigLoader(database.env(), dir, dir.resolve("home")).parse(yaml);
    assertThat(loaded.warnings()).as("a filter on a kubernetes source is applied").isEmpty();
    WaggleConfig config = loaded.orElseThrow();

    try (Launcher launcher = Launcher.start(config, options(dir), () -> client)) {
      Api api = new Api(launcher.publicUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(Api.namesAndVersions(api.ok("/v0.1/servers")))
                      .containsExactly("com.toolhive.k8s.team-a/weather@1.4.2"));
      JsonNode source = api.ok("/v1/sources/cluster");
      assertThat(source.get("sourceType").asText()).isEqualTo("kubernetes");
      assertThat(source.get("syncSchedule").asText()).isEqualTo("1m0s");
      JsonNode status = source.get("syncStatus");
      assertThat(status.get("phase").asText()).isEqualTo("complete");
      assertThat(status.get("lastResult").asText()).isEqualTo("updated");
      assertThat(status.get("serverCount").asInt()).isEqualTo(1);
      assertThat(status.get("rejectedCount").asInt()).isEqualTo(1);
      assertThat(status.at("/rejections/0/entry").asText())
          .isEqualTo("com.toolhive.k8s.team-a/wordy");
      assertThat(status.at("/rejections/0/field").asText()).isEqualTo("description");
      assertThat(status.at("/rejections/0/reason").asText()).contains("MCPServer team-a/wordy");
      assertThat(status.get("message").asText()).contains("1 filtered out", "1 rejected");
      assertThat(
              api.ok("/v1/registries/cluster").at("/sourceStatus/0/syncStatus/serverCount").asInt())
          .isEqualTo(1);

      // Far sooner than the minute between regular checks: the watch asks for the sync.
      exported("team-a", "search", true);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(Api.namesAndVersions(api.ok("/v0.1/servers")))
                      .containsExactly(
                          "com.toolhive.k8s.team-a/search@1.4.2",
                          "com.toolhive.k8s.team-a/weather@1.4.2"));
      // The sync's status is recorded just after its entries are served.
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(api.ok("/v1/sources/cluster").at("/syncStatus/serverCount").asInt())
                      .isEqualTo(2));
    }
  }

  private static Launcher.Options options(Path dir) {
    return LoopbackLaunch.options(dir.resolve("waggle-home"));
  }

  @Test
  void aKubernetesSourceCreatedThroughTheAdminApiIsWatchedAndServed(@TempDir Path dir) {
    exported("team-a", "weather", true);
    DatabaseBlock database = DatabaseBlock.fresh();
    String yaml =
        """
        sources:
          - name: published
            managed: {}
        registries:
          - name: default
            sources: [published]
        auth: {mode: anonymous}
        """
            + database.yaml();
    WaggleConfig config =
        new ConfigLoader(database.env(), dir, dir.resolve("home")).parse(yaml).orElseThrow();

    try (Launcher launcher =
        Launcher.start(config, LoopbackLaunch.options(dir.resolve("waggle-home")), () -> client)) {
      Api api = new Api(launcher.publicUrl());
      assertThat(
              api.send(
                      "PUT",
                      "/v1/sources/cluster",
                      "{\"kubernetes\":{\"namespaces\":[\"team-a\"]}}")
                  .status())
          .isEqualTo(201);
      assertThat(api.send("PUT", "/v1/registries/k8s", "{\"sources\":[\"cluster\"]}").status())
          .isEqualTo(201);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(Api.namesAndVersions(api.ok("/registry/k8s/v0.1/servers")))
                      .containsExactly("com.toolhive.k8s.team-a/weather@1.4.2"));

      // The watch it started follows the cluster: a new object is served without a sync request.
      exported("team-a", "search", true);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(Api.namesAndVersions(api.ok("/registry/k8s/v0.1/servers")))
                      .containsExactly(
                          "com.toolhive.k8s.team-a/search@1.4.2",
                          "com.toolhive.k8s.team-a/weather@1.4.2"));

      // Inline data is judged by the registry-file parser itself.
      Api.Reply broken =
          api.send("PUT", "/v1/sources/pasted", "{\"file\":{\"data\":{\"servers\":[]}}}");
      assertThat(broken.status()).isEqualTo(400);
      assertThat(broken.body().path("error").asText())
          .startsWith("file.data: must be a registry file a sync can read: not a registry file");
      assertThat(api.get("/v1/sources/pasted").status()).isEqualTo(404);
    }
  }

  private void exported(String namespace, String name, boolean export) {
    exported(namespace, name, export, "The " + name + " MCP server");
  }

  private void exported(String namespace, String name, boolean export, String description) {
    GenericKubernetesResource server = new GenericKubernetesResource();
    server.setApiVersion("toolhive.stacklok.dev/v1beta1");
    server.setKind("MCPServer");
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(namespace);
    meta.setName(name);
    meta.setAnnotations(
        Map.of(
            ANNOTATION + "registry-export",
            String.valueOf(export),
            ANNOTATION + "registry-url",
            "https://mcp.example.com/" + name,
            ANNOTATION + "registry-description",
            description));
    server.setMetadata(meta);
    server.setAdditionalProperty(
        "spec", Map.of("image", "ghcr.io/example/" + name + ":1.4.2", "transport", "stdio"));
    client
        .genericKubernetesResources(
            new ResourceDefinitionContext.Builder()
                .withGroup("toolhive.stacklok.dev")
                .withVersion("v1beta1")
                .withKind("MCPServer")
                .withPlural("mcpservers")
                .withNamespaced(true)
                .build())
        .inNamespace(namespace)
        .resource(server)
        .create();
  }
}
