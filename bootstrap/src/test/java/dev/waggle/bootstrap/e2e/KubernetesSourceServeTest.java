package dev.waggle.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waggle.adapters.k8s.WithCrudApiServer;
import dev.waggle.bootstrap.BuildMetadata;
import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
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
 * two namespaces from a (mock) cluster and serves them over HTTP.
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
        Launcher.start(
            config,
            new Launcher.Options(
                "127.0.0.1:0",
                "127.0.0.1:0",
                dir.resolve("waggle-home"),
                Duration.ofMillis(200),
                BuildMetadata.current()),
            () -> client)) {
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

  private void exported(String namespace, String name, boolean export) {
    GenericKubernetesResource server = new GenericKubernetesResource();
    server.setApiVersion("toolhive.stacklok.dev/v1beta1");
    server.setKind("MCPServer");
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(namespace);
    meta.setName(name);
    meta.setAnnotations(
        Map.of(
            ANNOTATION + "registry-export", String.valueOf(export),
            ANNOTATION + "registry-url", "https://mcp.example.com/" + name,
            ANNOTATION + "registry-description", "The " + name + " MCP server"));
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
