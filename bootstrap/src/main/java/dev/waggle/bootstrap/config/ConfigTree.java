package dev.waggle.bootstrap.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waggle.bootstrap.config.ConfigSchema.FreeMap;
import dev.waggle.bootstrap.config.ConfigSchema.Key;
import dev.waggle.bootstrap.config.ConfigSchema.ListOf;
import dev.waggle.bootstrap.config.ConfigSchema.Scalar;
import dev.waggle.bootstrap.config.ConfigSchema.Section;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Configuration: turns the parsed YAML into a tree spelled with canonical key names, reporting keys
 * nobody reads (an error when one looks like a misspelt known key), then lays {@code
 * THV_REGISTRY_*} environment variables over it — for any known key, whether or not the file
 * mentions it.
 */
final class ConfigTree {
  static final String ENV_PREFIX = "THV_REGISTRY_";

  /** Variables with the prefix that are settings of their own, not config keys. */
  static final Set<String> ENV_ONLY =
      Set.of(
          "INSECURE_URL",
          "COMPRESS_RESPONSE",
          "WATCH_NAMESPACE",
          "LEADER_ELECTION_ID",
          "LOG_LEVEL",
          "ADDRESS",
          "INTERNAL_ADDRESS");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ConfigTree() {}

  static ObjectNode normalize(JsonNode document, ConfigReport report) {
    if (document == null || document.isNull() || document.isMissingNode()) {
      return NODES.objectNode();
    }
    if (!document.isObject()) {
      report.error("", "the configuration must be a YAML mapping of keys (sources, registries...)");
      return NODES.objectNode();
    }
    return (ObjectNode) normalize(document, ConfigSchema.ROOT, "", report);
  }

  private static JsonNode normalize(JsonNode value, Key key, String path, ConfigReport report) {
    if (value.isNull()) {
      return value;
    }
    if (key instanceof Section section) {
      if (!value.isObject()) {
        report.error(path, "must be a mapping of keys, not " + describe(value));
        return null;
      }
      ObjectNode result = NODES.objectNode();
      Map<String, String> spelledAs = new TreeMap<>();
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        String childPath = join(path, field.getKey());
        Optional<Map.Entry<String, Key>> child = section.child(field.getKey());
        if (child.isEmpty()) {
          reportUnknownKey(section, field.getKey(), path, report);
          continue;
        }
        String canonical = child.get().getKey();
        String earlier = spelledAs.put(canonical, field.getKey());
        if (earlier != null) {
          report.warning(
              childPath,
              "the same key as '"
                  + earlier
                  + "' (keys match case-insensitively); the later one wins");
        }
        JsonNode normalized =
            normalize(field.getValue(), child.get().getValue(), join(path, canonical), report);
        if (normalized != null) {
          result.set(canonical, normalized);
        }
      }
      return result;
    }
    if (key instanceof ListOf list) {
      if (!value.isArray()) {
        if (list.item() instanceof Scalar && value.isValueNode()) {
          // Viper decodes weakly: a single value where a list of values is expected is a list of
          // one.
          return NODES.arrayNode().add(value);
        }
        report.error(path, "must be a list, not " + describe(value));
        return null;
      }
      ArrayNode result = NODES.arrayNode();
      for (int i = 0; i < value.size(); i++) {
        JsonNode item = normalize(value.get(i), list.item(), path + "[" + i + "]", report);
        result.add(item == null ? NODES.nullNode() : item);
      }
      return result;
    }
    if (key instanceof FreeMap) {
      if (!value.isObject()) {
        report.error(
            path,
            "must be a mapping of claim names to a string or a list of strings, not "
                + describe(value));
        return null;
      }
      return value;
    }
    Scalar scalar = (Scalar) key;
    if (scalar.type() != ConfigSchema.Type.ANY && !value.isValueNode()) {
      report.error(path, "must be a single value, not " + describe(value));
      return null;
    }
    return value;
  }

  /**
   * Applies every {@code THV_REGISTRY_<KEY>_<KEY>...} variable: the words after the prefix walk the
   * key tree case-insensitively (keys hold no underscores, so each word is one key), a number picks
   * an existing list item, and a list of values takes comma-separated text.
   */
  static void applyEnvironment(ObjectNode root, Map<String, String> env, ConfigReport report) {
    new TreeMap<>(env)
        .forEach(
            (variable, value) -> {
              if (!variable.toUpperCase(Locale.ROOT).startsWith(ENV_PREFIX)
                  || value == null
                  || value.isEmpty()) {
                return;
              }
              String rest = variable.substring(ENV_PREFIX.length()).toUpperCase(Locale.ROOT);
              if (ENV_ONLY.contains(rest)) {
                return;
              }
              Optional<String> problem = apply(root, rest.split("_", -1), variable, value, report);
              problem.ifPresent(
                  why -> report.warning("", "environment variable " + variable + " " + why));
            });
  }

  private static Optional<String> apply(
      ObjectNode root, String[] words, String variable, String value, ConfigReport report) {
    Key key = ConfigSchema.ROOT;
    JsonNode container = root;
    String path = "";
    for (int i = 0; i < words.length; i++) {
      String word = words[i];
      boolean last = i == words.length - 1;
      if (key instanceof Section section) {
        Optional<Map.Entry<String, Key>> child = section.child(word);
        if (child.isEmpty()) {
          return Optional.of("matches no configuration key; ignored");
        }
        String name = child.get().getKey();
        Key childKey = child.get().getValue();
        ObjectNode object = (ObjectNode) container;
        path = join(path, name);
        if (last) {
          return setLeaf(object, name, childKey, path, variable, value, report);
        }
        if (childKey instanceof Section) {
          JsonNode existing = object.get(name);
          if (existing == null || !existing.isObject()) {
            existing = object.putObject(name);
          }
          container = existing;
        } else if (childKey instanceof ListOf) {
          JsonNode existing = object.get(name);
          if (existing == null || !existing.isArray()) {
            return Optional.of(
                "points into " + path + ", which the configuration does not have; ignored");
          }
          container = existing;
        } else {
          return Optional.of("matches no configuration key; ignored");
        }
        key = childKey;
      } else if (key instanceof ListOf list) {
        int index;
        try {
          index = Integer.parseInt(word);
        } catch (NumberFormatException e) {
          return Optional.of("needs a list index after " + path + "; ignored");
        }
        if (index < 0 || index >= container.size() || !container.get(index).isObject()) {
          return Optional.of("points to " + path + "[" + word + "], which does not exist; ignored");
        }
        path = path + "[" + index + "]";
        if (last || !(list.item() instanceof Section)) {
          return Optional.of("names a whole list item, not a value; ignored");
        }
        container = container.get(index);
        key = list.item();
      } else {
        return Optional.of("matches no configuration key; ignored");
      }
    }
    return Optional.of("matches no configuration key; ignored");
  }

  private static Optional<String> setLeaf(
      ObjectNode object,
      String name,
      Key key,
      String path,
      String variable,
      String value,
      ConfigReport report) {
    if (key instanceof Scalar) {
      object.put(name, value);
    } else if (key instanceof ListOf list && list.item() instanceof Scalar) {
      ArrayNode values = object.putArray(name);
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          values.add(part.strip());
        }
      }
    } else {
      return Optional.of("names the block " + path + ", not a single value; ignored");
    }
    report.markFromEnvironment(path, variable);
    return Optional.empty();
  }

  /**
   * ToolHive ignores keys it does not know, so an unrelated one stays a warning; but one that looks
   * like a misspelt known key is an error, because ignoring it quietly changes what runs ({@code
   * databse:} would start an embedded database instead of connecting to the one meant).
   */
  private static void reportUnknownKey(
      Section section, String key, String parentPath, ConfigReport report) {
    String path = join(parentPath, key);
    if (path.equalsIgnoreCase("registryName")) {
      report.warning(
          path,
          "unknown key, ignored (ToolHive ignores it too; registries are named by"
              + " registries[].name)");
      return;
    }
    Optional<String> meant = KeySuggestion.closest(key, section.children().keySet());
    if (meant.isPresent()) {
      report.error(path, "unknown key; did you mean '" + meant.get() + "'?");
      // The key meant is missing only because of the typo; "is required" there would repeat it.
      report.markReported(join(parentPath, meant.get()));
    } else {
      report.warning(path, "unknown key, ignored");
    }
  }

  static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String describe(JsonNode value) {
    if (value.isObject()) {
      return "a mapping";
    }
    if (value.isArray()) {
      return "a list";
    }
    return "the value " + value.asText();
  }
}
