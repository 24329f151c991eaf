package dev.waggle.bootstrap.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration: the tree of keys a ToolHive Registry Server {@code config.yaml} may hold, plus
 * Waggle's own. It spells each key once, canonically; files and environment variables are matched
 * against it case-insensitively, as ToolHive's Viper does.
 */
final class ConfigSchema {

  /** One position in the key tree. */
  sealed interface Key permits Section, ListOf, Scalar, FreeMap {}

  /** A mapping with known keys. */
  record Section(Map<String, Key> children) implements Key {
    Optional<Map.Entry<String, Key>> child(String name) {
      return children.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .findFirst();
    }
  }

  /** A list whose items all have the same shape. */
  record ListOf(Key item) implements Key {}

  /** A single value. */
  record Scalar(Type type) implements Key {}

  /** A mapping whose keys are data, not configuration (claims): kept as written. */
  record FreeMap() implements Key {}

  /**
   * What a scalar holds; used to read values, and to type values that come from the environment.
   */
  enum Type {
    STRING,
    INTEGER,
    BOOLEAN,
    DURATION,
    DECIMAL,
    ANY
  }

  static final Section ROOT = root();

  private ConfigSchema() {}

  private static Section root() {
    Key text = new Scalar(Type.STRING);
    Key duration = new Scalar(Type.DURATION);
    Key integer = new Scalar(Type.INTEGER);
    Key bool = new Scalar(Type.BOOLEAN);
    Key texts = new ListOf(text);
    Key claims = new FreeMap();
    Key includeExclude = section("include", texts, "exclude", texts);

    Key source =
        section(
            "name", text,
            "git",
                section(
                    "repository", text,
                    "branch", text,
                    "tag", text,
                    "commit", text,
                    "path", text,
                    "auth", section("username", text, "passwordFile", text)),
            "api", section("endpoint", text, "timeout", duration),
            "file",
                section(
                    "path", text, "url", text, "timeout", duration, "data", new Scalar(Type.ANY)),
            "managed", section(),
            "kubernetes", section("namespaces", texts),
            "syncPolicy", section("interval", duration),
            "filter", section("names", includeExclude, "tags", includeExclude),
            "claims", claims,
            "strict", bool);

    Key registry = section("name", text, "sources", texts, "claims", claims);

    Key database =
        section(
            "host", text,
            "port", integer,
            "user", text,
            "database", text,
            "migrationUser", text,
            "password", text,
            "migrationPassword", text,
            "sslMode", text,
            "maxOpenConns", integer,
            "maxIdleConns", integer,
            "connMaxLifetime", duration,
            "maxMetaSize", integer,
            "dynamicAuth", section("awsRdsIam", section("region", text)));

    Key provider =
        section(
            "name", text,
            "issuerUrl", text,
            "audience", text,
            "jwksUrl", text,
            "clientId", text,
            "clientSecretFile", text,
            "caCertPath", text,
            "authTokenFile", text,
            "introspectionUrl", text,
            "allowPrivateIP", bool);
    Key roleList = new ListOf(claims);
    Key auth =
        section(
            "mode",
            text,
            "publicPaths",
            texts,
            "oauth",
            section("resourceUrl", text, "realm", text, "providers", new ListOf(provider)),
            "authz",
            section(
                "roles",
                section(
                    "superAdmin", roleList,
                    "manageSources", roleList,
                    "manageRegistries", roleList,
                    "manageEntries", roleList)));

    Key audit =
        section(
            "enabled", bool,
            "logFile", text,
            "eventTypes", texts,
            "excludeEventTypes", texts,
            "includeRequestData", bool,
            "maxDataSize", integer);

    Key telemetry =
        section(
            "enabled", bool,
            "serviceName", text,
            "serviceVersion", text,
            "endpoint", text,
            "insecure", bool,
            "tracing", section("enabled", bool, "sampling", new Scalar(Type.DECIMAL)),
            "metrics", section("enabled", bool));

    return (Section)
        section(
            "sources", new ListOf(source),
            "registries", new ListOf(registry),
            "defaultRegistry", text,
            "database", database,
            "auth", auth,
            "audit", audit,
            "telemetry", telemetry,
            // Waggle's own: ToolHive keeps removed versions forever.
            "retention", section("deletedVersions", duration));
  }

  private static Key section(Object... namesAndKeys) {
    Map<String, Key> children = new LinkedHashMap<>();
    for (int i = 0; i < namesAndKeys.length; i += 2) {
      children.put((String) namesAndKeys[i], (Key) namesAndKeys[i + 1]);
    }
    return new Section(children);
  }
}
