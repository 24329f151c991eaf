package dev.waggle.adapters.http;

import dev.waggle.application.port.in.BrowseCatalog;
import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.paging.Cursor;
import dev.waggle.domain.paging.Page;
import dev.waggle.domain.registry.RegistryName;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
    Page<ServerListing> page = browseCatalog.listServers(query);
    JsonBodies.write(ctx, 200, ServerListJson.fromPage(page));
  }

  void listVersions(Context ctx, boolean namedRegistry) {
    ParameterReader parameters = new ParameterReader(ctx);
    Optional<RegistryName> registry = registry(parameters, namedRegistry);
    Optional<ServerName> name = parameters.path(SERVER_NAME, ServerName::of);
    Optional<Boolean> includeDeleted = parameters.query(INCLUDE_DELETED, CatalogParameters::flag);
    parameters.requireValid();

    List<ServerListing> versions =
        browseCatalog.listVersions(
            registry.orElseThrow(), name.orElseThrow(), includeDeleted.orElse(false), caller(ctx));
    JsonBodies.write(ctx, 200, ServerListJson.fromAll(versions));
  }

  void getVersion(Context ctx, boolean namedRegistry) {
    ParameterReader parameters = new ParameterReader(ctx);
    Optional<RegistryName> registry = registry(parameters, namedRegistry);
    Optional<ServerName> name = parameters.path(SERVER_NAME, ServerName::of);
    Optional<VersionSelector> version = parameters.path(VERSION, VersionSelector::parse);
    Optional<Boolean> includeDeleted = parameters.query(INCLUDE_DELETED, CatalogParameters::flag);
    parameters.requireValid();

    ServerListing listing =
        browseCatalog.getVersion(
            registry.orElseThrow(),
            name.orElseThrow(),
            version.orElseThrow(),
            includeDeleted.orElse(false),
            caller(ctx));
    JsonBodies.write(ctx, 200, ServerResponseJson.fromDomain(listing));
  }

  private Optional<RegistryName> registry(ParameterReader parameters, boolean namedRegistry) {
    return namedRegistry
        ? parameters.path(REGISTRY, RegistryName::of)
        : Optional.of(browseCatalog.defaultRegistry());
  }

  private static Caller caller(Context ctx) {
    // Every caller is anonymous until authentication is configured; the auth issue adds it here.
    return Caller.anonymous();
  }
}
