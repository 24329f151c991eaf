package dev.waggle.bootstrap.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration: typed, path-aware reads of one mapping of the normalised tree. A value of the
 * wrong type is reported with its key path and then treated as absent, so loading carries on and
 * finds the next problem too.
 */
final class ConfigNode {
  private final JsonNode node;
  private final String path;
  private final ConfigReport report;

  ConfigNode(JsonNode node, String path, ConfigReport report) {
    this.node = node;
    this.path = path;
    this.report = report;
  }

  String path() {
    return path;
  }

  String pathOf(String key) {
    return ConfigTree.join(path, key);
  }

  /** Whether the key is written at all, even with an empty value ({@code managed:}). */
  boolean has(String key) {
    return node.has(key);
  }

  /** Whether the key holds a value other than null. */
  boolean isSet(String key) {
    JsonNode value = node.get(key);
    return value != null && !value.isNull();
  }

  Optional<ConfigNode> section(String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    return Optional.of(new ConfigNode(value, pathOf(key), report));
  }

  /** The section, or an empty one when absent, for blocks whose keys all have defaults. */
  ConfigNode sectionOrEmpty(String key) {
    return section(key)
        .orElseGet(
            () -> new ConfigNode(JsonNodeFactory.instance.objectNode(), pathOf(key), report));
  }

  List<ConfigNode> sections(String key) {
    JsonNode value = node.get(key);
    List<ConfigNode> items = new ArrayList<>();
    if (value == null || !value.isArray()) {
      return items;
    }
    for (int i = 0; i < value.size(); i++) {
      String itemPath = pathOf(key) + "[" + i + "]";
      JsonNode item = value.get(i);
      if (item == null || !item.isObject()) {
        report.error(itemPath, "must be a mapping of keys");
        item = JsonNodeFactory.instance.objectNode();
      }
      items.add(new ConfigNode(item, itemPath, report));
    }
    return items;
  }

  /** The number of items of a list key; 0 when absent. */
  int size(String key) {
    JsonNode value = node.get(key);
    return value != null && value.isArray() ? value.size() : 0;
  }

  Optional<String> string(String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isValueNode()) {
      report.error(pathOf(key), "must be a text value");
      return Optional.empty();
    }
    return Optional.of(value.asText());
  }

  /** A text value with surrounding blanks removed; blank text counts as absent. */
  Optional<String> text(String key) {
    return string(key).map(String::strip).filter(s -> !s.isEmpty());
  }

  Optional<String> requiredText(String key) {
    Optional<String> value = text(key);
    if (value.isEmpty() && !report.hasErrorAt(pathOf(key))) {
      report.error(pathOf(key), "is required");
    }
    return value;
  }

  Optional<Integer> integer(String key) {
    return string(key)
        .flatMap(
            text -> {
              try {
                return Optional.of(Integer.parseInt(text.strip()));
              } catch (NumberFormatException e) {
                report.error(pathOf(key), "must be a whole number (got \"" + text + "\")");
                return Optional.empty();
              }
            });
  }

  Optional<BigDecimal> decimal(String key) {
    return string(key)
        .flatMap(
            text -> {
              try {
                return Optional.of(new BigDecimal(text.strip()));
              } catch (NumberFormatException e) {
                report.error(pathOf(key), "must be a number (got \"" + text + "\")");
                return Optional.empty();
              }
            });
  }

  /** Booleans as Go's strconv.ParseBool reads them, since env overrides arrive as text. */
  Optional<Boolean> bool(String key) {
    return string(key)
        .flatMap(
            text ->
                switch (text.strip().toLowerCase(Locale.ROOT)) {
                  case "true", "t", "1" -> Optional.of(true);
                  case "false", "f", "0" -> Optional.of(false);
                  default -> {
                    report.error(pathOf(key), "must be true or false (got \"" + text + "\")");
                    yield Optional.empty();
                  }
                });
  }

  boolean flag(String key) {
    return bool(key).orElse(false);
  }

  Optional<Duration> duration(String key) {
    return string(key)
        .flatMap(
            text -> {
              try {
                return Optional.of(GoDuration.parse(text));
              } catch (IllegalArgumentException e) {
                report.error(
                    pathOf(key),
                    "must be a valid duration such as 30s, 5m, 1h or 1h30m (got \"" + text + "\")");
                return Optional.empty();
              }
            });
  }

  List<String> strings(String key) {
    JsonNode value = node.get(key);
    List<String> result = new ArrayList<>();
    if (value == null || !value.isArray()) {
      return result;
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      if (item == null || item.isNull() || !item.isValueNode()) {
        report.error(pathOf(key) + "[" + i + "]", "must be a text value");
      } else {
        result.add(item.asText());
      }
    }
    return result;
  }

  /** An absolute http(s) URL with a host, or a reported error. */
  Optional<URI> httpUrl(String key) {
    Optional<String> text = text(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(text.get());
    } catch (URISyntaxException e) {
      report.error(
          pathOf(key), "is not a valid URL: " + e.getReason() + " (got \"" + text.get() + "\")");
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      report.error(pathOf(key), "must use http or https (got \"" + text.get() + "\")");
      return Optional.empty();
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      report.error(pathOf(key), "must be an absolute URL with a host (got \"" + text.get() + "\")");
      return Optional.empty();
    }
    return Optional.of(uri);
  }

  /**
   * A secret file: an absolute path (as ToolHive demands) to a file present now, so start fails
   * early.
   */
  Optional<Path> absoluteFile(String key) {
    Optional<String> text = text(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Path file = Path.of(text.get());
    if (!file.isAbsolute()) {
      report.error(pathOf(key), "must be an absolute path (got \"" + text.get() + "\")");
      return Optional.empty();
    }
    if (!Files.isRegularFile(file)) {
      report.error(pathOf(key), "there is no file at " + text.get());
      return Optional.empty();
    }
    return Optional.of(file);
  }

  /** A free mapping (claims) as plain Java values, for the domain's own typed parsing. */
  Optional<Map<String, Object>> untypedMap(String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull() || !value.isObject()) {
      return Optional.empty();
    }
    return Optional.of(toJava(value));
  }

  /** Each item of a list of free mappings, with its path. */
  List<Map.Entry<String, Map<String, Object>>> untypedMaps(String key) {
    JsonNode value = node.get(key);
    List<Map.Entry<String, Map<String, Object>>> items = new ArrayList<>();
    if (value == null || !value.isArray()) {
      return items;
    }
    for (int i = 0; i < value.size(); i++) {
      String itemPath = pathOf(key) + "[" + i + "]";
      JsonNode item = value.get(i);
      if (item == null || !item.isObject()) {
        report.error(itemPath, "must be a mapping of claim names to values");
      } else {
        items.add(Map.entry(itemPath, toJava(item)));
      }
    }
    return items;
  }

  private static Map<String, Object> toJava(JsonNode object) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      map.put(field.getKey(), toJavaValue(field.getValue()));
    }
    return map;
  }

  private static Object toJavaValue(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(item -> list.add(toJavaValue(item)));
      return list;
    }
    if (value.isObject()) {
      return toJava(value);
    }
    if (value.isNull()) {
      return null;
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    return value.numberValue();
  }
}
