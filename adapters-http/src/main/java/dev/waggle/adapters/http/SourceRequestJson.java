package dev.waggle.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waggle.domain.GoDuration;
import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.GlobPattern;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP adapter DTO: ToolHive's {@code SourceCreateRequest}, the body of {@code PUT
 * /v1/sources/{name}}. It only spells the domain's values; every rule is the domain's.
 */
record SourceRequestJson(
    GitJson git,
    ApiJson api,
    FileJson file,
    Map<String, Object> managed,
    KubernetesJson kubernetes,
    SyncPolicyJson syncPolicy,
    FilterJson filter,
    Map<String, Object> claims,
    Boolean strict) {
  private static final ObjectMapper JSON = new ObjectMapper();

  record GitJson(
      String repository, String branch, String tag, String commit, String path, Object auth) {}

  record ApiJson(String endpoint, String timeout) {}

  /**
   * @param data a registry document, inline: as a JSON string, as ToolHive takes it, or as the JSON
   *     object itself
   */
  record FileJson(String path, String url, JsonNode data, String timeout) {}

  record KubernetesJson(List<String> namespaces) {}

  record SyncPolicyJson(String interval) {}

  record FilterJson(GlobsJson names, GlobsJson tags) {}

  record GlobsJson(List<String> include, List<String> exclude) {}

  /**
   * @throws ValidationException naming the field of the first broken rule
   */
  SourceDefinition toDomain(SourceName name) {
    Map<String, Object> blocks = new LinkedHashMap<>();
    blocks.put("git", git);
    blocks.put("api", api);
    blocks.put("file", file);
    blocks.put("managed", managed);
    blocks.put("kubernetes", kubernetes);
    blocks.values().removeIf(java.util.Objects::isNull);
    SourceKind.requireExactlyOne(blocks.keySet());
    SourceKind kind = kind(blocks.values().iterator().next());
    Optional<Duration> interval =
        Optional.ofNullable(syncPolicy)
            .map(SyncPolicyJson::interval)
            .map(text -> duration("syncPolicy.interval", text));
    return new SourceDefinition(
        name,
        kind,
        interval,
        entryFilter(),
        Claims.fromUntyped("claims", claims),
        Boolean.TRUE.equals(strict));
  }

  private static SourceKind kind(Object block) {
    if (block instanceof GitJson g) {
      if (g.auth() != null) {
        // A path sent here would have the server read any file it can and send it to a host the
        // caller chose; secrets stay with whoever writes config.yaml.
        throw new ValidationException(
            "git.auth",
            null,
            "is accepted only in config.yaml: a password file named through the API could send"
                + " any file the server can read to the repository's host");
      }
      return new SourceKind.Git(
          uri(
              "git.repository",
              SourceKind.Git.uriSpelling(required("git.repository", g.repository()))),
          blankToEmpty(g.branch()),
          blankToEmpty(g.tag()),
          blankToEmpty(g.commit()),
          g.path(),
          Optional.empty(),
          Optional.empty());
    }
    if (block instanceof ApiJson a) {
      return new SourceKind.Api(
          uri("api.endpoint", required("api.endpoint", a.endpoint())),
          a.timeout() == null ? null : duration("api.timeout", a.timeout()));
    }
    if (block instanceof FileJson f) {
      Duration timeout = f.timeout() == null ? null : duration("file.timeout", f.timeout());
      Optional<String> data =
          f.data() == null || f.data().isNull() ? Optional.empty() : Optional.of(data(f.data()));
      return new SourceKind.File(
          blankToEmpty(f.path()).map(Path::of),
          blankToEmpty(f.url()).map(u -> uri("file.url", u)),
          data,
          timeout);
    }
    if (block instanceof KubernetesJson k) {
      return new SourceKind.Kubernetes(k.namespaces());
    }
    return new SourceKind.Managed();
  }

  /** Inline data is kept as text; it must at least be a JSON object for a sync to read it. */
  private static String data(JsonNode data) {
    JsonNode document = data;
    if (data.isTextual()) {
      try {
        document = JSON.readTree(data.asText());
      } catch (IOException e) {
        throw new ValidationException(
            "file.data", null, "must be a registry document in JSON: " + e.getMessage());
      }
      if (document == null || !document.isObject()) {
        throw new ValidationException("file.data", null, "must be a registry document in JSON");
      }
      return data.asText();
    }
    if (!document.isObject()) {
      throw new ValidationException("file.data", null, "must be a registry document in JSON");
    }
    return document.toString();
  }

  private EntryFilter entryFilter() {
    if (filter == null) {
      return EntryFilter.NONE;
    }
    GlobsJson names = filter.names() == null ? new GlobsJson(null, null) : filter.names();
    GlobsJson tags = filter.tags() == null ? new GlobsJson(null, null) : filter.tags();
    return new EntryFilter(
        globs("filter.names.include", names.include()),
        globs("filter.names.exclude", names.exclude()),
        new LinkedHashSet<>(orEmpty(tags.include())),
        new LinkedHashSet<>(orEmpty(tags.exclude())));
  }

  private static List<GlobPattern> globs(String field, List<String> texts) {
    List<GlobPattern> patterns = new ArrayList<>();
    List<String> globs = orEmpty(texts);
    for (int i = 0; i < globs.size(); i++) {
      patterns.add(GlobPattern.compile(field + "[" + i + "]", globs.get(i)));
    }
    return patterns;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new ValidationException(field, value, "is required");
    }
    return value.strip();
  }

  private static Optional<String> blankToEmpty(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  private static URI uri(String field, String text) {
    try {
      return new URI(text);
    } catch (java.net.URISyntaxException e) {
      throw new ValidationException(field, text, "is not a valid URL: " + e.getReason());
    }
  }

  private static Duration duration(String field, String text) {
    try {
      return GoDuration.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ValidationException(
          field, text, "must be a valid duration (e.g., '30m', '1h'): " + e.getMessage());
    }
  }
}
