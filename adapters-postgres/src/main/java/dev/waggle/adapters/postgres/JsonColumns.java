package dev.waggle.adapters.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.GlobPattern;
import dev.waggle.domain.source.SourceKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Persistence adapter helper: the jsonb shapes of claims, source kinds and filters, written so that
 * reading them back rebuilds equal domain values.
 */
final class JsonColumns {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonColumns() {}

  static String claims(Claims claims) {
    ObjectNode node = MAPPER.createObjectNode();
    claims.values().forEach((key, values) -> strings(node.putArray(key), values));
    return write(node);
  }

  static Claims claims(String json) {
    JsonNode node = read(json);
    Map<String, List<String>> values = new LinkedHashMap<>();
    node.properties().forEach(field -> values.put(field.getKey(), strings(field.getValue())));
    return values.isEmpty() ? Claims.NONE : new Claims(values);
  }

  /**
   * The rejections of a sync as a jsonb array. jsonb cannot hold U+0000, which a broken source can
   * contain, so it is written as the six characters of its JSON escape.
   */
  static String rejections(List<EntryRejection> rejections) {
    ArrayNode array = MAPPER.createArrayNode();
    for (EntryRejection rejection : rejections) {
      ObjectNode item = array.addObject();
      item.put("index", rejection.index());
      item.put("entryName", withoutNul(rejection.entryName()));
      item.put("field", withoutNul(rejection.field()));
      item.put("value", withoutNul(rejection.value()));
      item.put("reason", withoutNul(rejection.reason()));
    }
    return write(array);
  }

  static List<EntryRejection> rejections(String json) {
    List<EntryRejection> rejections = new ArrayList<>();
    JsonNode array = json == null ? MAPPER.createArrayNode() : read(json);
    for (JsonNode item : array) {
      rejections.add(
          new EntryRejection(
              item.path("index").asInt(),
              text(item, "entryName").orElse(null),
              text(item, "field").orElse(""),
              text(item, "value").orElse(null),
              text(item, "reason").orElse("")));
    }
    return rejections;
  }

  private static String withoutNul(String text) {
    return text == null ? null : text.replace("\0", "\\u0000");
  }

  static String kind(SourceKind kind) {
    ObjectNode node = MAPPER.createObjectNode();
    if (kind instanceof SourceKind.File file) {
      file.path().ifPresent(p -> node.put("path", p.toString()));
      file.url().ifPresent(u -> node.put("url", u.toString()));
      file.data().ifPresent(d -> node.put("data", d));
      node.put("timeout", file.timeout().toString());
    } else if (kind instanceof SourceKind.Git git) {
      node.put("repository", git.repository().toString());
      git.branch().ifPresent(b -> node.put("branch", b));
      git.tag().ifPresent(t -> node.put("tag", t));
      git.commit().ifPresent(c -> node.put("commit", c));
      node.put("path", git.path());
      git.username().ifPresent(u -> node.put("username", u));
      git.passwordFile().ifPresent(p -> node.put("passwordFile", p.toString()));
    } else if (kind instanceof SourceKind.Api api) {
      node.put("endpoint", api.endpoint().toString());
      node.put("timeout", api.timeout().toString());
    } else if (kind instanceof SourceKind.Kubernetes kubernetes) {
      strings(node.putArray("namespaces"), kubernetes.namespaces());
    }
    return write(node);
  }

  static SourceKind kind(String typeName, String json) {
    JsonNode node = read(json);
    return switch (typeName) {
      case "file" ->
          new SourceKind.File(
              text(node, "path").map(Path::of),
              text(node, "url").map(URI::create),
              text(node, "data"),
              text(node, "timeout").map(Duration::parse).orElse(null));
      case "git" ->
          new SourceKind.Git(
              URI.create(node.path("repository").asText()),
              text(node, "branch"),
              text(node, "tag"),
              text(node, "commit"),
              text(node, "path").orElse(null),
              text(node, "username"),
              text(node, "passwordFile").map(Path::of));
      case "api" ->
          new SourceKind.Api(
              URI.create(node.path("endpoint").asText()),
              text(node, "timeout").map(Duration::parse).orElse(null));
      case "managed" -> new SourceKind.Managed();
      case "kubernetes" -> new SourceKind.Kubernetes(strings(node.path("namespaces")));
      default ->
          throw new IllegalStateException("unknown source kind in the database: " + typeName);
    };
  }

  static String filter(EntryFilter filter) {
    ObjectNode node = MAPPER.createObjectNode();
    strings(node.putArray("includeNames"), globs(filter.includeNames()));
    strings(node.putArray("excludeNames"), globs(filter.excludeNames()));
    strings(node.putArray("includeTags"), filter.includeTags().stream().sorted().toList());
    strings(node.putArray("excludeTags"), filter.excludeTags().stream().sorted().toList());
    return write(node);
  }

  static EntryFilter filter(String json) {
    JsonNode node = read(json);
    return new EntryFilter(
        patterns("filter.names.include", strings(node.path("includeNames"))),
        patterns("filter.names.exclude", strings(node.path("excludeNames"))),
        new LinkedHashSet<>(strings(node.path("includeTags"))),
        new LinkedHashSet<>(strings(node.path("excludeTags"))));
  }

  private static List<String> globs(List<GlobPattern> patterns) {
    return patterns.stream().map(GlobPattern::glob).toList();
  }

  private static List<GlobPattern> patterns(String field, List<String> globs) {
    return globs.stream().map(glob -> GlobPattern.compile(field, glob)).toList();
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  private static void strings(ArrayNode array, Collection<String> values) {
    values.forEach(array::add);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(item -> values.add(item.asText()));
    } else if (array.isTextual()) {
      values.add(array.asText());
    }
    return values;
  }

  private static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a jsonb column", e);
    }
  }

  private static JsonNode read(String json) {
    if (json == null) {
      return MAPPER.createObjectNode();
    }
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read a jsonb column", e);
    }
  }
}
