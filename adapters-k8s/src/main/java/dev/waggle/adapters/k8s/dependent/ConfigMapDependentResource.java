package dev.waggle.adapters.k8s.dependent;

import dev.waggle.adapters.k8s.crd.McpRegistry;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes adapter: the ConfigMap {@code <name>-registry-server-config} holding the registry's
 * {@code config.yaml} verbatim. Unlike ToolHive it is labelled, and foreign labels and annotations
 * on it survive.
 */
public final class ConfigMapDependentResource extends OwnedResource<ConfigMap> {
  public static final String CONFIG_KEY = "config.yaml";
  public static final String CHECKSUM_ANNOTATION = "toolhive.stacklok.dev/content-checksum";

  public ConfigMapDependentResource(KubernetesClient client) {
    super(client, ConfigMap.class);
  }

  @Override
  public ConfigMap desired(RegistryBlueprint blueprint) {
    McpRegistry registry = blueprint.registry();
    String config = registry.getSpec().getConfigYaml();
    ConfigMap map = Templates.load("configmap.yaml", ConfigMap.class);
    map.setMetadata(ownedMetadata(registry, RegistryNames.configMap(registry)));
    map.getMetadata().setAnnotations(Map.of(CHECKSUM_ANNOTATION, Hashes.fnv32a(config)));
    map.setData(new HashMap<>(Map.of(CONFIG_KEY, config)));
    return map;
  }

  @Override
  protected Optional<ConfigMap> corrected(ConfigMap actual, ConfigMap desired) {
    boolean changed = mergeLabelsAndAnnotations(actual, desired);
    if (!Objects.equals(actual.getData(), desired.getData())) {
      actual.setData(desired.getData());
      changed = true;
    }
    return changed ? Optional.of(actual) : Optional.empty();
  }
}
