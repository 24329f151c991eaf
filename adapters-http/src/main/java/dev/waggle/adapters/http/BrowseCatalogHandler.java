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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

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

  /** Enough for every page a crawler walks between two syncs, like {@link RenderedAnswers}. */
  static final int MAX_READ_LISTINGS = 1024;

  private static final String SEES_EVERYTHING = "*";

  private final RenderedAnswers rendered = new RenderedAnswers();
  private final Map<RawListing, ReadListing> listings = new ConcurrentHashMap<>();

  BrowseCatalogHandler(BrowseCatalog browseCatalog) {
    this.browseCatalog = browseCatalog;
  }

  void listServers(Context ctx, boolean namedRegistry) {
    ReadListing read = readListing(ctx, namedRegistry);
    Caller caller = caller(ctx);
    String callerKey = callerKey(caller);
    String request = read.request(callerKey);
    // A page asked again at the same generation is written from the answer given before.
    if (CatalogResponses.again(
        ctx, rendered, browseCatalog.generation(read.query().registry()), request)) {
      return;
    }
    CatalogResponses.list(
        ctx, rendered, request, browseCatalog.listServers(read.query().askedBy(caller)));
  }

  /**
   * The listing a request asks for, read from its raw form once: the same route, registry segment
   * and query string always read alike, so a request seen before skips parsing and validating. Only
   * valid requests are kept; a bad one is read (and refused) every time.
   */
  private ReadListing readListing(Context ctx, boolean namedRegistry) {
    RawListing raw =
        new RawListing(
            namedRegistry,
            namedRegistry ? ctx.pathParam(REGISTRY) : "",
            Objects.requireNonNullElse(ctx.queryString(), ""));
    ReadListing read = listings.get(raw);
    if (read != null) {
      return read;
    }
    read = ReadListing.of(readQuery(ctx, namedRegistry));
    if (listings.size() >= MAX_READ_LISTINGS) {
      listings.clear();
    }
    listings.put(raw, read);
    return read;
  }

  private ListServersQuery readQuery(Context ctx, boolean namedRegistry) {
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

    return new ListServersQuery(
        registry.orElseThrow(),
        cursor,
        limit.orElse(ListServersQuery.DEFAULT_LIMIT),
        search,
        updatedSince,
        version,
        includeDeleted.orElse(false),
        Caller.anonymous());
  }

  /** A listing request as it came: the route, the registry segment as decoded, the raw query. */
  private record RawListing(boolean named, String registry, String query) {}

  /**
   * A listing request as read, for an anonymous caller, and its key without the caller; the key of
   * a caller who sees everything is kept too, as it is the one asked for most.
   */
  private record ReadListing(ListServersQuery query, String requestWithoutCaller, String request) {
    static ReadListing of(ListServersQuery query) {
      String withoutCaller =
          BrowseCatalogHandler.request(
              "servers",
              query.registry().value(),
              query.cursor().map(Cursor::encode).orElse(""),
              Integer.toString(query.limit()),
              query.search().orElse(""),
              query.updatedSince().map(Instant::toString).orElse(""),
              query.version().map(BrowseCatalogHandler::selector).orElse(""),
              Boolean.toString(query.includeDeleted()));
      return new ReadListing(
          query,
          withoutCaller,
          BrowseCatalogHandler.request(withoutCaller, callerKey(Caller.anonymous())));
    }

    String request(String callerKey) {
      return callerKey.equals(SEES_EVERYTHING)
          ? request
          : BrowseCatalogHandler.request(requestWithoutCaller, callerKey);
    }
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
      return SEES_EVERYTHING;
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
