package dev.waggle.adapters.http;

import dev.waggle.application.port.in.BrowseCatalog;
import dev.waggle.application.port.in.CatalogAnswer;
import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.in.ServedVersion;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.paging.Cursor;
import dev.waggle.domain.registry.RegistryName;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * HTTP adapter: serves the MCP Registry API v0.1 read endpoints by calling the {@link
 * BrowseCatalog} use case, for a named registry or for the default one.
 */
final class BrowseCatalogHandler {
  static final String REGISTRY = "registry";
  static final String SERVER_NAME = "serverName";
  static final String VERSION = "version";
  static final String INCLUDE_DELETED = "include_deleted";
  static final String UPDATED_SINCE = "updated_since";

  private final BrowseCatalog browseCatalog;
  private final RenderedAnswers rendered = new RenderedAnswers();

  BrowseCatalogHandler(BrowseCatalog browseCatalog) {
    this.browseCatalog = browseCatalog;
  }

  void listServers(Context ctx, boolean namedRegistry) {
    ParameterReader parameters = new ParameterReader(ctx);
    Optional<RegistryName> registry = registry(parameters, namedRegistry);
    Optional<Cursor> cursor = parameters.query("cursor", Cursor::decode);
    Optional<Integer> limit = parameters.query("limit", CatalogParameters::limit);
    Optional<String> search = parameters.query("search", text -> text);
    Optional<Instant> updatedSince =
        parameters.query(UPDATED_SINCE, CatalogParameters::updatedSince);
    Optional<VersionSelector> version = parameters.query(VERSION, VersionSelector::parse);
    Optional<Boolean> includeDeleted = parameters.query(INCLUDE_DELETED, CatalogParameters::flag);
    if (updatedSince.isPresent() && includeDeleted.equals(Optional.of(false))) {
      parameters.reject(
          "query." + INCLUDE_DELETED,
          parameters.queryValue(INCLUDE_DELETED).orElse(null),
          "cannot be false when updated_since is given: incremental sync must see deleted servers");
    }
    parameters.requireValid();

    ListServersQuery query =
        new ListServersQuery(
            registry.orElseThrow(),
            cursor,
            limit.orElse(ListServersQuery.DEFAULT_LIMIT),
            search,
            updatedSince,
            version,
            includeDeleted.orElse(false),
            caller(ctx));
    String request =
        request(
            "servers",
            query.registry().value(),
            query.cursor().map(Cursor::encode).orElse(""),
            Integer.toString(query.limit()),
            query.search().orElse(""),
            query.updatedSince().map(Instant::toString).orElse(""),
            query.version().map(BrowseCatalogHandler::selector).orElse(""),
            Boolean.toString(query.includeDeleted()),
            callerKey(query.caller()));
    // A page asked again at the same generation is written from the answer given before.
    if (CatalogResponses.again(
        ctx, rendered, browseCatalog.generation(query.registry()), request)) {
      return;
    }
    CatalogResponses.list(ctx, rendered, request, browseCatalog.listServers(query));
  }

  void listVersions(Context ctx, boolean namedRegistry) {
    ParameterReader parameters = new ParameterReader(ctx);
    Optional<RegistryName> registry = registry(parameters, namedRegistry);
    Optional<ServerName> name = parameters.path(SERVER_NAME, ServerName::of);
    Optional<Boolean> includeDeleted = parameters.query(INCLUDE_DELETED, CatalogParameters::flag);
    parameters.requireValid();

    Caller caller = caller(ctx);
    CatalogAnswer<List<ServedVersion>> versions =
        browseCatalog.listVersions(
            registry.orElseThrow(), name.orElseThrow(), includeDeleted.orElse(false), caller);
    CatalogResponses.all(
        ctx,
        rendered,
        request(
            "versions",
            registry.orElseThrow().value(),
            name.orElseThrow().value(),
            Boolean.toString(includeDeleted.orElse(false)),
            callerKey(caller)),
        versions);
  }

  void getVersion(Context ctx, boolean namedRegistry) {
    ParameterReader parameters = new ParameterReader(ctx);
    Optional<RegistryName> registry = registry(parameters, namedRegistry);
    Optional<ServerName> name = parameters.path(SERVER_NAME, ServerName::of);
    Optional<VersionSelector> version = parameters.path(VERSION, VersionSelector::parse);
    Optional<Boolean> includeDeleted = parameters.query(INCLUDE_DELETED, CatalogParameters::flag);
    parameters.requireValid();

    Caller caller = caller(ctx);
    CatalogAnswer<ServedVersion> listing =
        browseCatalog.getVersion(
            registry.orElseThrow(),
            name.orElseThrow(),
            version.orElseThrow(),
            includeDeleted.orElse(false),
            caller);
    CatalogResponses.one(
        ctx,
        rendered,
        request(
            "version",
            registry.orElseThrow().value(),
            name.orElseThrow().value(),
            selector(version.orElseThrow()),
            Boolean.toString(includeDeleted.orElse(false)),
            callerKey(caller)),
        listing);
  }

  /**
   * The request as parsed, one field per line: what the answer depends on besides the generation,
   * so that equivalent spellings of a request share one tag.
   */
  private static String request(String... fields) {
    return String.join("\n", fields);
  }

  private static String selector(VersionSelector selector) {
    return selector.exact().map(v -> "=" + v.value()).orElse("latest");
  }

  /**
   * Who asks, as far as it changes the answer: nothing for callers that see everything (anonymous,
   * auth-only, super admins), else the claims, keys and values sorted and each length-prefixed, so
   * that two callers share a key only when they see alike — no claim value, whatever characters it
   * holds, can make one caller's key spell another's.
   */
  static String callerKey(Caller caller) {
    if (caller.seesEverything()) {
      return "*";
    }
    StringBuilder key = new StringBuilder("claims");
    new TreeMap<>(caller.claims().orElseThrow().values())
        .forEach(
            (name, values) -> {
              appendCounted(key.append(';'), name);
              values.stream().distinct().sorted().forEach(v -> appendCounted(key.append(','), v));
            });
    return key.toString();
  }

  private static void appendCounted(StringBuilder key, String text) {
    key.append(text.length()).append(':').append(text);
  }

  private Optional<RegistryName> registry(ParameterReader parameters, boolean namedRegistry) {
    return namedRegistry
        ? parameters.path(REGISTRY, RegistryName::of)
        : Optional.of(browseCatalog.defaultRegistry());
  }

  private static Caller caller(Context ctx) {
    return Authentication.domainCaller(ctx);
  }
}
