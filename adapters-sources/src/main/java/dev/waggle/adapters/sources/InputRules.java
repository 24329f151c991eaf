package dev.waggle.adapters.sources;

import static dev.waggle.adapters.sources.JsonChecks.broken;
import static dev.waggle.adapters.sources.JsonChecks.child;
import static dev.waggle.adapters.sources.JsonChecks.oneOf;
import static dev.waggle.adapters.sources.JsonChecks.optionalArray;
import static dev.waggle.adapters.sources.JsonChecks.optionalBoolean;
import static dev.waggle.adapters.sources.JsonChecks.optionalMap;
import static dev.waggle.adapters.sources.JsonChecks.optionalString;
import static dev.waggle.adapters.sources.JsonChecks.requireObject;
import static dev.waggle.adapters.sources.JsonChecks.requiredString;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Source adapter rule set: the shapes of server.json inputs — plain inputs, inputs with variables,
 * named values (headers, environment variables) and command-line arguments.
 */
final class InputRules {
  private static final List<String> FORMATS = List.of("string", "number", "boolean", "filepath");

  private InputRules() {}

  static void input(JsonNode node, String path) {
    requireObject(node, path, "an input");
    optionalString(node, "description", path);
    optionalString(node, "default", path);
    optionalString(node, "placeholder", path);
    optionalString(node, "value", path);
    String format = optionalString(node, "format", path);
    if (format != null) {
      oneOf(format, FORMATS, child(path, "format"));
    }
    optionalBoolean(node, "isRequired", path);
    optionalBoolean(node, "isSecret", path);
    optionalArray(node, "choices", path, JsonChecks::stringItem);
  }

  static void inputWithVariables(JsonNode node, String path) {
    input(node, path);
    optionalMap(node, "variables", path, InputRules::input);
  }

  /** A header or environment variable: an input with a name. */
  static void keyValue(JsonNode node, String path) {
    requireObject(node, path, "a named input");
    requiredString(node, "name", path);
    inputWithVariables(node, path);
  }

  /** A positional or named command-line argument. */
  static void argument(JsonNode node, String path) {
    requireObject(node, path, "an argument");
    String type = requiredString(node, "type", path);
    switch (type) {
      case "positional" -> {
        if (!node.has("valueHint") && !node.has("value")) {
          throw broken(
              child(path, "valueHint"), null, "a positional argument needs valueHint or value");
        }
        optionalString(node, "valueHint", path);
      }
      case "named" -> requiredString(node, "name", path);
      default ->
          throw broken(child(path, "type"), JsonChecks.text(type), "must be positional or named");
    }
    optionalBoolean(node, "isRepeated", path);
    inputWithVariables(node, path);
  }
}
