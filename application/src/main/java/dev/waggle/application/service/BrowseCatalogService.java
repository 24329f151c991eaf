package dev.waggle.application.service;

import dev.waggle.application.port.in.BrowseCatalog;
import dev.waggle.application.port.in.CatalogAnswer;
import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.in.RegistryAccessDeniedException;
import dev.waggle.application.port.in.RegistryNotFoundException;
import dev.waggle.application.port.in.ServedVersion;
import dev.waggle.application.port.in.ServerNotFoundException;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.paging.Page;
import dev.waggle.domain.registry.RegistryName;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Service: serves a registry's merged catalog from this replica's snapshot of it, after checking
 * the caller may see the registry; a request costs the page it returns, not the catalog's size.
 */
public final class BrowseCatalogService implements BrowseCatalog {
  private final ServedCatalogs catalogs;
  private final RegistryName defaultRegistry;

  public BrowseCatalogService(ServedCatalogs catalogs, RegistryName defaultRegistry) {
    this.catalogs = Objects.requireNonNull(catalogs, "'catalogs' must not be null");
    this.defaultRegistry =
        Objects.requireNonNull(defaultRegistry, "'defaultRegistry' must not be null");
  }

  @Override
  public RegistryName defaultRegistry() {
    return defaultRegistry;
  }

  @Override
  public OptionalLong generation(RegistryName registry) {
    return catalogs
        .snapshot(registry)
        .map(snapshot -> OptionalLong.of(snapshot.generation()))
        .orElse(OptionalLong.empty());
  }

  @Override
  public boolean servesRegistry(RegistryName registry) {
    Objects.requireNonNull(registry, "'registry' must not be null");
    return catalogs.snapshot(registry).isPresent();
  }

  @Override
  public CatalogAnswer<Page<ServedVersion>> listServers(ListServersQuery query) {
    Objects.requireNonNull(query, "'query' must not be null");
    CatalogSnapshot snapshot = visibleRegistry(query.registry(), query.caller());
    return answer(snapshot, snapshot.page(query));
  }

  @Override
  public CatalogAnswer<List<ServedVersion>> listVersions(
      RegistryName registry, ServerName name, boolean includeDeleted, Caller caller) {
    Objects.requireNonNull(name, "'name' must not be null");
    CatalogSnapshot snapshot = visibleRegistry(registry, caller);
    List<ServedVersion> versions = snapshot.versions(name, includeDeleted, caller);
    if (versions.isEmpty()) {
      throw new ServerNotFoundException(name, null);
    }
    return answer(snapshot, versions);
  }

  @Override
  public CatalogAnswer<ServedVersion> getVersion(
      RegistryName registry,
      ServerName name,
      VersionSelector version,
      boolean includeDeleted,
      Caller caller) {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(version, "'version' must not be null");
    CatalogSnapshot snapshot = visibleRegistry(registry, caller);
    ServedVersion found =
        snapshot
            .version(name, version, includeDeleted, caller)
            .orElseThrow(
                () ->
                    new ServerNotFoundException(
                        name, version.exact().map(v -> v.value()).orElse("latest")));
    return answer(snapshot, found);
  }

  private CatalogSnapshot visibleRegistry(RegistryName name, Caller caller) {
    Objects.requireNonNull(name, "'registry' must not be null");
    Objects.requireNonNull(caller, "'caller' must not be null");
    CatalogSnapshot snapshot =
        catalogs.snapshot(name).orElseThrow(() -> new RegistryNotFoundException(name));
    if (!caller.canSee(snapshot.claims())) {
      throw new RegistryAccessDeniedException(name);
    }
    return snapshot;
  }

  private static <T> CatalogAnswer<T> answer(CatalogSnapshot snapshot, T value) {
    return new CatalogAnswer<>(value, snapshot.generation(), snapshot.restricted());
  }
}
