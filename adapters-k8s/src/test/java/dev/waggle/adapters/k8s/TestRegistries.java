package dev.waggle.adapters.k8s;

import dev.waggle.adapters.k8s.crd.CrdGeneration;
import dev.waggle.adapters.k8s.crd.McpRegistry;
import dev.waggle.adapters.k8s.crd.McpRegistrySpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test fixtures: MCPRegistry objects and a mock cluster that knows their CRD. */
public final class TestRegistries {
  public static final String MINIMAL_CONFIG =
      """
      sources:
        - name: k8s
          kubernetes: {}
      registries:
        - name: default
          sources: ["k8s"]
      database: {host: postgres, port: 5432, user: db_app, database: registry}
      auth: {mode: anonymous}
      """;

  public static final String SYNCED_CONFIG =
      """
      sources:
        - name: upstream
          api: {endpoint: "https://registry.modelcontextprotocol.io"}
          syncPolicy: {interval: 30m}
        - name: catalog
          git: {repository: "https://github.com/example/catalog.git"}
          syncPolicy: {interval: 1h}
        - name: local
          file: {path: /config/registry/production/registry.json}
          syncPolicy: {interval: 1h}
        - name: publish
          managed: {}
        - name: cluster
          kubernetes: {}
      registries:
        - name: default
          sources: ["upstream", "catalog", "local", "publish", "cluster"]
      auth: {mode: anonymous}
      """;

  /** A raw container env entry: POD_NAME from the downward API. */
  public static final Map<String, Object> POD_NAME_FROM_FIELD =
      Map.of(
          "name",
          "POD_NAME",
          "valueFrom",
          Map.of("fieldRef", Map.of("fieldPath", "metadata.name")));

  /** The annotation `kubectl rollout restart` puts on a pod template. */
  public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  /** The time {@link #restartRollout} stamps. */
  public static final String RESTART_TIME = "2026-11-22T09:00:00Z";

  private TestRegistries() {}

  /** A registry with the minimal config, not yet stored anywhere. */
  public static McpRegistry defaultRegistry(String namespace, String name) {
    McpRegistry registry = new McpRegistry();
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(namespace);
    meta.setName(name);
    registry.setMetadata(meta);
    McpRegistrySpec spec = new McpRegistrySpec();
    spec.setConfigYaml(MINIMAL_CONFIG);
    registry.setSpec(spec);
    return registry;
  }

  /** A raw pod template whose only container is registry-api with the one field given. */
  public static Map<String, Object> registryApiTemplate(String field, Object value) {
    return Map.of(
        "spec", Map.of("containers", List.of(Map.of("name", "registry-api", field, value))));
  }

  /** What `kubectl rollout restart` does to a Deployment, at {@link #RESTART_TIME}. */
  public static void restartRollout(Deployment deployment) {
    deployment
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .put(RESTARTED_AT, RESTART_TIME);
  }

  /**
   * Teaches the mock API server the shipped MCPRegistry CRD (CrdDriftTest keeps it equal to the
   * classes), so that its status is a subresource.
   */
  public static void installCrd(KubernetesClient client) {
    Path shipped = Path.of("..", "deploy", "crds", CrdGeneration.FILE_NAME);
    client.apiextensions().v1().customResourceDefinitions().load(shipped.toFile()).create();
  }

  /** Stores the registry and returns it as the API server holds it (uid, generation set). */
  public static McpRegistry create(KubernetesClient client, McpRegistry registry) {
    return client.resource(registry).create();
  }

  public static McpRegistry reload(KubernetesClient client, McpRegistry registry) {
    return client
        .resources(McpRegistry.class)
        .inNamespace(registry.getMetadata().getNamespace())
        .withName(registry.getMetadata().getName())
        .get();
  }
}
