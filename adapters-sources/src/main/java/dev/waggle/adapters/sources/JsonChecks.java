package dev.waggle.adapters.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Source adapter helper: the JSON-schema-like checks the server.json rules are built from. Each
 * check stops at the first broken rule by throwing {@link Broken}, which carries the field path.
 */
final class JsonChecks {
  private static final int MAX_VALUE_LENGTH = 200;

  private JsonChecks() {}

  /** Thrown by a check to end the walk at the first violation; carries no stack trace. */
  static final class Broken extends RuntimeException {
    private final transient RuleViolation violation;

    Broken(String field, JsonNode value, String reason) {
      super(reason, null, false, false);
      this.violation = new RuleViolation(field, render(value), reason);
    }

    RuleViolation violation() {
      return violation;
    }
  }

  static Broken broken(String field, JsonNode value, String reason) {
    return new Broken(field, value, reason);
  }

  static String child(String path, String key) {
    if (plain(key)) {
      return path.isEmpty() ? key : path + "." + key;
    }
    return path + "[\"" + key.replace("\"", "\\\"") + "\"]";
  }

  /**
   * Whether a key can follow a dot in a field path: {@code [A-Za-z_$][A-Za-z0-9_$]*}, checked by
   * hand because every field of every server is named on the way through the rules.
   */
  private static boolean plain(String key) {
    if (key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '$';
      if (!letter && (i == 0 || c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  static String item(String path, int index) {
    return path + "[" + index + "]";
  }

  static void requireObject(JsonNode node, String path, String what) {
    if (!node.isObject()) {
      throw broken(path, node, what + " must be a JSON object");
    }
  }

  static void requirePresent(JsonNode parent, String key, String path) {
    if (!parent.has(key)) {
      throw broken(child(path, key), null, "is required");
    }
  }

  /** A required string member; null is not a string. */
  static String requiredString(JsonNode parent, String key, String path) {
    requirePresent(parent, key, path);
    return optionalString(parent, key, path);
  }

  /** An optional string member; returns null when absent. */
  static String optionalString(JsonNode parent, String key, String path) {
    JsonNode value = parent.get(key);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw broken(child(path, key), value, "must be a string");
    }
    return value.textValue();
  }

  static void optionalBoolean(JsonNode parent, String key, String path) {
    JsonNode value = parent.get(key);
    if (value != null && !value.isBoolean()) {
      throw broken(child(path, key), value, "must be true or false");
    }
  }

  /** Checks every item of an optional array member with {@code itemCheck(item, itemPath)}. */
  static void optionalArray(
      JsonNode parent, String key, String path, BiConsumer<JsonNode, String> itemCheck) {
    JsonNode value = parent.get(key);
    if (value == null) {
      return;
    }
    String arrayPath = child(path, key);
    if (!value.isArray()) {
      throw broken(arrayPath, value, "must be an array");
    }
    for (int i = 0; i < value.size(); i++) {
      itemCheck.accept(value.get(i), item(arrayPath, i));
    }
  }

  /** Checks every member value of an optional object member with {@code valueCheck}. */
  static void optionalMap(
      JsonNode parent, String key, String path, BiConsumer<JsonNode, String> valueCheck) {
    JsonNode value = parent.get(key);
    if (value == null) {
      return;
    }
    String mapPath = child(path, key);
    if (!value.isObject()) {
      throw broken(mapPath, value, "must be a JSON object");
    }
    for (var member : value.properties()) {
      valueCheck.accept(member.getValue(), child(mapPath, member.getKey()));
    }
  }

  static void stringItem(JsonNode item, String path) {
    if (!item.isTextual()) {
      throw broken(path, item, "must be a string");
    }
  }

  /** Length as JSON Schema counts it: in Unicode code points, not UTF-16 units. */
  static void length(String value, int min, int max, String field) {
    int length = value.codePointCount(0, value.length());
    if (length < min || length > max) {
      String rule =
          min == 0
              ? "must be at most " + max + " characters"
              : "must be " + min + " to " + max + " characters";
      throw broken(field, text(value), rule + " long (is " + length + ")");
    }
  }

  static void pattern(String value, Pattern pattern, String field, String rule) {
    if (!pattern.matcher(value).matches()) {
      throw broken(field, text(value), rule);
    }
  }

  static void oneOf(String value, List<String> allowed, String field) {
    if (!allowed.contains(value)) {
      throw broken(field, text(value), "must be one of " + String.join(", ", allowed));
    }
  }

  /** The {@code uri} format: an RFC 3986 URI with a scheme. */
  static URI uri(String value, String field) {
    try {
      URI uri = new URI(value);
      if (uri.isAbsolute()) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // Reported below with the same message as a relative reference.
    }
    throw broken(field, text(value), "must be an absolute URI");
  }

  static JsonNode text(String value) {
    return JsonDocuments.NODES.textNode(value);
  }

  private static String render(JsonNode value) {
    if (value == null) {
      return null;
    }
    // Whole documents would drown the rejection; the start is enough to find the value.
    return JsonDocuments.abbreviate(value, MAX_VALUE_LENGTH);
  }
}
