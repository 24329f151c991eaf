package dev.waggle.bootstrap.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waggle.domain.GoDuration;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Configuration: binds the YAML tree to {@link ConfigFile} with Jackson — keys matched
 * case-insensitively and a single value accepted as a list, as ToolHive's Viper does — turning
 * every value Jackson cannot read into a reported problem at its key path, so binding carries on
 * and finds the next one. It also lays {@code THV_REGISTRY_*} variables over the tree first.
 */
final class ConfigBinding {
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

  private static final String REPORT = "report";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .addModule(new SimpleModule().addDeserializer(Duration.class, new GoDurations()))
          .addHandler(new Problems())
          .build();

  private ConfigBinding() {}

  static ConfigFile.Root bind(ObjectNode tree, ConfigReport report) {
    warnAboutKeysWrittenTwice(tree, ConfigFile.Root.class, "", report);
    try {
      ConfigFile.Root root =
          MAPPER
              .readerFor(ConfigFile.Root.class)
              .withAttribute(REPORT, report)
              .readValue(MAPPER.treeAsTokens(tree));
      return root == null ? emptyRoot() : root;
    } catch (IOException e) {
      // Problems() turns every recoverable one into a report; this is what is left.
      report.error("", "cannot read the configuration: " + e.getMessage());
      return emptyRoot();
    }
  }

  private static ConfigFile.Root emptyRoot() {
    return new ConfigFile.Root(null, null, null, null, null, null, null, null);
  }

  /** The key path of the value the parser stands on: {@code sources[0].file.url}. */
  static String path(JsonParser parser) {
    JsonStreamContext context = parser.getParsingContext();
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      context = context.getParent();
    }
    StringBuilder path = new StringBuilder();
    for (; context != null && !context.inRoot(); context = context.getParent()) {
      if (context.inArray()) {
        path.insert(0, "[" + context.getCurrentIndex() + "]");
      } else if (context.getCurrentName() != null) {
        path.insert(0, (context.getParent().inRoot() ? "" : ".") + context.getCurrentName());
      }
    }
    return path.toString();
  }

  private static ConfigReport report(DeserializationContext context) {
    return (ConfigReport) context.getAttribute(REPORT);
  }

  static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String shapeOf(JsonParser parser) {
    return switch (parser.currentToken()) {
      case START_OBJECT -> "a mapping";
      case START_ARRAY -> "a list";
      default -> {
        try {
          yield "the value " + parser.getText();
        } catch (IOException e) {
          yield "a value";
        }
      }
    };
  }

  /** Go durations ({@code 1h30m}), as ToolHive writes them. */
  private static final class GoDurations extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (!parser.currentToken().isScalarValue()) {
        report(context).error(path(parser), "must be a single value, not " + shapeOf(parser));
        parser.skipChildren();
        return null;
      }
      String text = parser.getText();
      try {
        return GoDuration.parse(text);
      } catch (IllegalArgumentException e) {
        report(context)
            .error(
                path(parser),
                "must be a valid duration such as 30s, 5m, 1h or 1h30m (got \"" + text + "\")");
        return null;
      }
    }
  }

  /** Reports what Jackson cannot bind and lets it go on with the value absent. */
  private static final class Problems extends DeserializationProblemHandler {
    @Override
    public boolean handleUnknownProperty(
        DeserializationContext context,
        JsonParser parser,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String name)
        throws IOException {
      String at = path(parser);
      String parent = at.endsWith(name) ? at.substring(0, at.length() - name.length()) : "";
      parent = parent.endsWith(".") ? parent.substring(0, parent.length() - 1) : parent;
      reportUnknownKey(
          report(context),
          parent,
          name,
          deserializer.getKnownPropertyNames().stream()
              .map(String::valueOf)
              .collect(Collectors.toSet()));
      parser.skipChildren();
      return true;
    }

    @Override
    public Object handleUnexpectedToken(
        DeserializationContext context,
        JavaType target,
        JsonToken token,
        JsonParser parser,
        String message)
        throws IOException {
      String expected =
          target.isRecordType()
              ? "must be a mapping of keys, not "
              : target.isMapLikeType()
                  ? "must be a mapping of claim names to a string or a list of strings, not "
                  : target.isCollectionLikeType()
                      ? "must be a list, not "
                      : "must be a single value, not ";
      report(context).error(path(parser), expected + shapeOf(parser));
      parser.skipChildren();
      return null;
    }

    @Override
    public Object handleMissingInstantiator(
        DeserializationContext context,
        Class<?> type,
        ValueInstantiator instantiator,
        JsonParser parser,
        String message)
        throws IOException {
      report(context).error(path(parser), "must be a mapping of keys, not " + shapeOf(parser));
      parser.skipChildren();
      return null;
    }

    @Override
    public Object handleWeirdStringValue(
        DeserializationContext context, Class<?> target, String text, String message) {
      if (target == Boolean.class || target == boolean.class) {
        // Go's strconv.ParseBool spellings, since environment overrides arrive as text.
        switch (text.strip().toLowerCase(Locale.ROOT)) {
          case "true", "t", "1" -> {
            return true;
          }
          case "false", "f", "0" -> {
            return false;
          }
          default -> {}
        }
      }
      String expected =
          target == Boolean.class
              ? "must be true or false"
              : target == BigDecimal.class ? "must be a number" : "must be a whole number";
      report(context).error(path(context.getParser()), expected + " (got \"" + text + "\")");
      return null;
    }

    @Override
    public Object handleWeirdNumberValue(
        DeserializationContext context, Class<?> target, Number value, String message) {
      report(context)
          .error(path(context.getParser()), "must be a whole number (got " + value + ")");
      return null;
    }
  }

  /**
   * ToolHive ignores keys it does not know, so an unrelated one stays a warning; but one that looks
   * like a misspelt known key is an error, because ignoring it quietly changes what runs ({@code
   * databse:} would start an embedded database instead of connecting to the one meant).
   */
  private static void reportUnknownKey(
      ConfigReport report, String parentPath, String key, Set<String> known) {
    String path = join(parentPath, key);
    if (path.equalsIgnoreCase("registryName")) {
      report.warning(
          path,
          "unknown key, ignored (ToolHive ignores it too; registries are named by"
              + " registries[].name)");
      return;
    }
    Optional<String> meant = KeySuggestion.closest(key, known);
    if (meant.isPresent()) {
      report.error(path, "unknown key; did you mean '" + meant.get() + "'?");
      // The key meant is missing only because of the typo; "is required" there would repeat it.
      report.markReported(join(parentPath, meant.get()));
    } else {
      report.warning(path, "unknown key, ignored");
    }
  }

  /** Keys match case-insensitively, so {@code mode} and {@code Mode} are one key set twice. */
  private static void warnAboutKeysWrittenTwice(
      JsonNode node, Type type, String path, ConfigReport report) {
    if (node.isArray() && listItem(type).isPresent()) {
      for (int i = 0; i < node.size(); i++) {
        warnAboutKeysWrittenTwice(node.get(i), listItem(type).get(), path + "[" + i + "]", report);
      }
    }
    if (!node.isObject() || !(type instanceof Class<?> record) || !record.isRecord()) {
      return;
    }
    Map<String, String> spelledAs = new HashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String earlier = spelledAs.put(field.getKey().toLowerCase(Locale.ROOT), field.getKey());
      if (earlier != null) {
        report.warning(
            join(path, field.getKey()),
            "the same key as '"
                + earlier
                + "' (keys match case-insensitively); the later one wins");
      }
      component(record, field.getKey())
          .ifPresent(
              c ->
                  warnAboutKeysWrittenTwice(
                      field.getValue(), c.getGenericType(), join(path, c.getName()), report));
    }
  }

  private static Optional<RecordComponent> component(Class<?> record, String name) {
    for (RecordComponent component : record.getRecordComponents()) {
      if (component.getName().equalsIgnoreCase(name)) {
        return Optional.of(component);
      }
    }
    return Optional.empty();
  }

  private static Optional<Type> listItem(Type type) {
    return type instanceof ParameterizedType list && list.getRawType() == java.util.List.class
        ? Optional.of(list.getActualTypeArguments()[0])
        : Optional.empty();
  }

  private static boolean isRecord(Type type) {
    return type instanceof Class<?> c && c.isRecord();
  }

  private static boolean isScalar(Type type) {
    return type instanceof Class<?> c && !c.isRecord() && c != JsonNode.class;
  }

  /**
   * Applies every {@code THV_REGISTRY_<KEY>_<KEY>...} variable: the words after the prefix walk the
   * record tree of {@link ConfigFile} case-insensitively (keys hold no underscores, so each word is
   * one key), a number picks an existing list item, and a list of values takes comma-separated
   * text. It sets keys the file does not have, too.
   */
  static void applyEnvironment(ObjectNode root, Map<String, String> env, ConfigReport report) {
    new TreeMap<>(env)
        .forEach(
            (variable, value) -> {
              String upper = variable.toUpperCase(Locale.ROOT);
              if (!upper.startsWith(ENV_PREFIX) || value == null || value.isEmpty()) {
                return;
              }
              String rest = upper.substring(ENV_PREFIX.length());
              if (ENV_ONLY.contains(rest)) {
                return;
              }
              String problem = apply(root, rest.split("_", -1), variable, value, report);
              if (problem != null) {
                report.warning("", "environment variable " + variable + " " + problem);
              }
            });
  }

  /** Returns why the variable was ignored, or null once it is applied. */
  private static String apply(
      ObjectNode root, String[] words, String variable, String value, ConfigReport report) {
    Type type = ConfigFile.Root.class;
    JsonNode container = root;
    String path = "";
    for (int i = 0; i < words.length; i++) {
      boolean last = i == words.length - 1;
      if (isRecord(type)) {
        Optional<RecordComponent> child = component((Class<?>) type, words[i]);
        if (child.isEmpty()) {
          return "matches no configuration key; ignored";
        }
        String name = child.get().getName();
        Type childType = child.get().getGenericType();
        ObjectNode object = (ObjectNode) container;
        // The file may spell the key in any case; from here on it is spelled canonically.
        String written = spelling(object, name);
        path = join(path, name);
        if (last) {
          if (isScalar(childType)) {
            object.remove(written);
            object.put(name, value);
          } else if (listItem(childType).filter(ConfigBinding::isScalar).isPresent()) {
            object.remove(written);
            var values = object.putArray(name);
            for (String part : value.split(",")) {
              if (!part.isBlank()) {
                values.add(part.strip());
              }
            }
          } else {
            return "names the block " + path + ", not a single value; ignored";
          }
          report.markFromEnvironment(path, variable);
          return null;
        }
        JsonNode existing = object.get(written);
        if (isRecord(childType)) {
          if (existing == null || !existing.isObject()) {
            object.remove(written);
            existing = object.putObject(name);
          }
        } else if (listItem(childType).filter(ConfigBinding::isRecord).isPresent()) {
          if (existing == null || !existing.isArray()) {
            return "points into " + path + ", which the configuration does not have; ignored";
          }
        } else {
          return "matches no configuration key; ignored";
        }
        container = existing;
        type = childType;
      } else {
        int index;
        try {
          index = Integer.parseInt(words[i]);
        } catch (NumberFormatException e) {
          return "needs a list index after " + path + "; ignored";
        }
        if (index < 0 || index >= container.size() || !container.get(index).isObject()) {
          return "points to " + path + "[" + words[i] + "], which does not exist; ignored";
        }
        path = path + "[" + index + "]";
        if (last) {
          return "names a whole list item, not a value; ignored";
        }
        container = container.get(index);
        type = listItem(type).orElseThrow();
      }
    }
    return "matches no configuration key; ignored";
  }

  /** How {@code object} spells {@code name}, ignoring case; {@code name} when it is absent. */
  static String spelling(ObjectNode object, String name) {
    for (var it = object.fieldNames(); it.hasNext(); ) {
      String written = it.next();
      if (written.equalsIgnoreCase(name)) {
        return written;
      }
    }
    return name;
  }
}
