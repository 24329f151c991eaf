package dev.waggle.adapters.sources;

import static dev.waggle.adapters.sources.JsonChecks.broken;
import static dev.waggle.adapters.sources.JsonChecks.child;
import static dev.waggle.adapters.sources.JsonChecks.length;
import static dev.waggle.adapters.sources.JsonChecks.oneOf;
import static dev.waggle.adapters.sources.JsonChecks.optionalArray;
import static dev.waggle.adapters.sources.JsonChecks.optionalString;
import static dev.waggle.adapters.sources.JsonChecks.pattern;
import static dev.waggle.adapters.sources.JsonChecks.requireObject;
import static dev.waggle.adapters.sources.JsonChecks.requiredString;
import static dev.waggle.adapters.sources.JsonChecks.text;
import static dev.waggle.adapters.sources.JsonChecks.uri;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.domain.ValidationException;
import dev.waggle.domain.catalog.PublisherMeta;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.Version;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Source adapter rule set: what makes a {@code server.json} object (MCP schema 2025-12-11)
 * acceptable, written from the schema's facts plus the registry's own name and version rules.
 */
final class ServerJsonRules {
  static final String CURRENT_SCHEMA =
      "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";

  private static final Pattern NAME_SHAPE = Pattern.compile("[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+");
  // ECMAScript's \s, which is what the schema's "^https?://[^\s]+$" means.
  private static final Pattern TRANSPORT_URL =
      Pattern.compile(
          "https?://[^\\t\\n\\x0B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]+");
  private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern ICON_SIZE = Pattern.compile("\\d+x\\d+|any");
  private static final List<String> MIME_TYPES =
      List.of("image/png", "image/jpeg", "image/jpg", "image/svg+xml", "image/webp");
  private static final List<String> THEMES = List.of("light", "dark");
  private static final List<String> REMOTE_TYPES = List.of("streamable-http", "sse");

  /** The first rule {@code server} breaks, or empty when it is acceptable. */
  Optional<RuleViolation> check(JsonNode server) {
    try {
      server(server);
      return Optional.empty();
    } catch (JsonChecks.Broken e) {
      return Optional.of(e.violation());
    }
  }

  private static void server(JsonNode server) {
    requireObject(server, "", "a server entry");
    name(server);
    String description = requiredString(server, "description", "");
    length(description, 1, 100, "description");
    version(server);
    String title = optionalString(server, "title", "");
    if (title != null) {
      length(title, 1, 100, "title");
      if (title.isBlank()) {
        throw broken("title", text(title), "must not be only whitespace");
      }
    }
    optionalUri(server, "$schema", "");
    optionalUri(server, "websiteUrl", "");
    repository(server.get("repository"));
    optionalArray(server, "icons", "", ServerJsonRules::icon);
    optionalArray(server, "packages", "", ServerJsonRules::pkg);
    optionalArray(server, "remotes", "", ServerJsonRules::remote);
    meta(server.get("_meta"));
  }

  private static void name(JsonNode server) {
    String name = requiredString(server, "name", "");
    length(name, ServerName.MIN_LENGTH, ServerName.MAX_LENGTH, "name");
    pattern(name, NAME_SHAPE, "name", "must be namespace/name in reverse-DNS form");
    try {
      ServerName.of(name);
    } catch (ValidationException e) {
      throw broken("name", text(name), e.reason());
    }
  }

  private static void version(JsonNode server) {
    String version = requiredString(server, "version", "");
    length(version, 0, Version.MAX_LENGTH, "version");
    try {
      Version.of(version);
    } catch (ValidationException e) {
      throw broken("version", text(version), e.reason());
    }
  }

  private static void repository(JsonNode repository) {
    if (repository == null) {
      return;
    }
    requireObject(repository, "repository", "repository");
    uri(requiredString(repository, "url", "repository"), "repository.url");
    requiredString(repository, "source", "repository");
    optionalString(repository, "id", "repository");
    optionalString(repository, "subfolder", "repository");
  }

  private static void icon(JsonNode icon, String path) {
    requireObject(icon, path, "an icon");
    String src = requiredString(icon, "src", path);
    String srcPath = child(path, "src");
    length(src, 0, 255, srcPath);
    if (!"https".equalsIgnoreCase(uri(src, srcPath).getScheme())) {
      throw broken(srcPath, text(src), "must be an https URL");
    }
    String mimeType = optionalString(icon, "mimeType", path);
    if (mimeType != null) {
      oneOf(mimeType, MIME_TYPES, child(path, "mimeType"));
    }
    optionalArray(
        icon,
        "sizes",
        path,
        (size, sizePath) -> {
          JsonChecks.stringItem(size, sizePath);
          pattern(size.textValue(), ICON_SIZE, sizePath, "must be WIDTHxHEIGHT or any");
        });
    String theme = optionalString(icon, "theme", path);
    if (theme != null) {
      oneOf(theme, THEMES, child(path, "theme"));
    }
  }

  private static void pkg(JsonNode pkg, String path) {
    requireObject(pkg, path, "a package");
    requiredString(pkg, "registryType", path);
    requiredString(pkg, "identifier", path);
    String version = optionalString(pkg, "version", path);
    if (version != null) {
      if (version.isEmpty()) {
        throw broken(child(path, "version"), text(version), "must not be empty");
      }
      if (version.equals("latest")) {
        throw broken(child(path, "version"), text(version), "'latest' is not a version; name one");
      }
    }
    optionalUri(pkg, "registryBaseUrl", path);
    String sha = optionalString(pkg, "fileSha256", path);
    if (sha != null) {
      pattern(sha, SHA256, child(path, "fileSha256"), "must be 64 lower-case hex digits");
    }
    optionalString(pkg, "runtimeHint", path);
    JsonChecks.requirePresent(pkg, "transport", path);
    localTransport(pkg.get("transport"), child(path, "transport"));
    optionalArray(pkg, "runtimeArguments", path, InputRules::argument);
    optionalArray(pkg, "packageArguments", path, InputRules::argument);
    optionalArray(pkg, "environmentVariables", path, InputRules::keyValue);
  }

  private static void localTransport(JsonNode transport, String path) {
    requireObject(transport, path, "a transport");
    String type = requiredString(transport, "type", path);
    switch (type) {
      case "stdio" -> {
        // The stdio shape defines nothing but its type.
      }
      case "streamable-http", "sse" -> httpTransport(transport, path);
      default ->
          throw broken(
              child(path, "type"), text(type), "must be one of stdio, streamable-http, sse");
    }
  }

  private static void remote(JsonNode remote, String path) {
    requireObject(remote, path, "a remote");
    String type = requiredString(remote, "type", path);
    if (!REMOTE_TYPES.contains(type)) {
      throw broken(
          child(path, "type"),
          text(type),
          "must be streamable-http or sse (stdio is for packages only)");
    }
    httpTransport(remote, path);
    JsonChecks.optionalMap(remote, "variables", path, InputRules::input);
  }

  private static void httpTransport(JsonNode transport, String path) {
    String url = requiredString(transport, "url", path);
    pattern(url, TRANSPORT_URL, child(path, "url"), "must be an http(s) URL without spaces");
    optionalArray(transport, "headers", path, InputRules::keyValue);
  }

  private static void meta(JsonNode meta) {
    if (meta == null) {
      return;
    }
    requireObject(meta, "_meta", "_meta");
    JsonNode provided = meta.get(PublisherMeta.PUBLISHER_PROVIDED);
    if (provided != null) {
      requireObject(
          provided, child("_meta", PublisherMeta.PUBLISHER_PROVIDED), "publisher-provided");
    }
  }

  private static void optionalUri(JsonNode parent, String key, String path) {
    String value = optionalString(parent, key, path);
    if (value != null) {
      uri(value, child(path, key));
    }
  }
}
