package dev.waggle.adapters.k8s.reconciler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes adapter: reads the names of the sources a registry syncs on a schedule (git, api,
 * file) out of its {@code configYAML}, where managed and kubernetes sources have nothing to sync,
 * and whether the registry wants a token ({@code auth.mode: oauth}).
 */
final class ConfigYamlSources {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> SYNCED_KINDS = List.of("git", "api", "file");

  private ConfigYamlSources() {}

  /**
   * @throws IllegalArgumentException when the text is not YAML
   */
  static List<String> syncedSources(String configYaml) {
    JsonNode root = parse(configYaml);
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

  /**
   * Whether the registry asks callers for a bearer token. Keys are matched without case, as the
   * registry server matches them.
   *
   * @throws IllegalArgumentException when the text is not YAML
   */
  static boolean oauthMode(String configYaml) {
    JsonNode auth = field(parse(configYaml), "auth");
    JsonNode mode = field(auth, "mode");
    return mode != null && mode.isTextual() && mode.asText().strip().equalsIgnoreCase("oauth");
  }

  private static JsonNode field(JsonNode node, String name) {
    if (node == null || !node.isObject()) {
      return null;
    }
    for (var it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (key.equalsIgnoreCase(name)) {
        return node.get(key);
      }
    }
    return null;
  }

  private static JsonNode parse(String configYaml) {
    try {
      return YAML.readTree(configYaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "configYAML is not valid YAML: " + e.getOriginalMessage(), e);
    }
  }
}
