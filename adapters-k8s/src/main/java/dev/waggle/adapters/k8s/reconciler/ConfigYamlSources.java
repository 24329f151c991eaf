package dev.waggle.adapters.k8s.reconciler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes adapter: reads the names of the sources a registry syncs on a schedule (git, api,
 * file) out of its {@code configYAML}; managed and kubernetes sources have nothing to sync.
 */
final class ConfigYamlSources {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> SYNCED_KINDS = List.of("git", "api", "file");

  private ConfigYamlSources() {}

  /**
   * @throws IllegalArgumentException when the text is not YAML
   */
  static List<String> syncedSources(String configYaml) {
    JsonNode root;
    try {
      root = YAML.readTree(configYaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "configYAML is not valid YAML: " + e.getOriginalMessage(), e);
    }
    List<String> names = new ArrayList<>();
    JsonNode sources = root == null ? null : root.get("sources");
    if (sources == null || !sources.isArray()) {
      return names;
    }
    for (JsonNode source : sources) {
      JsonNode name = source.get("name");
      if (name != null
          && name.isTextual()
          && SYNCED_KINDS.stream().anyMatch(kind -> source.hasNonNull(kind))) {
        names.add(name.asText());
      }
    }
    return names;
  }
}
