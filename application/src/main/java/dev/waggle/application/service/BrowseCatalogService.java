package dev.waggle.application.service;

import dev.waggle.application.port.in.BrowseCatalog;
import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.in.RegistryAccessDeniedException;
import dev.waggle.application.port.in.RegistryNotFoundException;
import dev.waggle.application.port.in.ServerNotFoundException;
import dev.waggle.application.port.out.EntryStore;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.paging.Page;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import java.util.List;
import java.util.Objects;

/** Service: serves a registry's merged catalog after checking the caller may see the registry. */
public final class BrowseCatalogService implements BrowseCatalog {
  private final EntryStore entries;
  private final RegistryStore registries;
  private final RegistryName defaultRegistry;

  public BrowseCatalogService(
      EntryStore entries, RegistryStore registries, RegistryName defaultRegistry) {
    this.entries = Objects.requireNonNull(entries, "'entries' must not be null");
    this.registries = Objects.requireNonNull(registries, "'registries' must not be null");
    this.defaultRegistry =
        Objects.requireNonNull(defaultRegistry, "'defaultRegistry' must not be null");
  }

  @Override
  public RegistryName defaultRegistry() {
    return defaultRegistry;
  }

  @Override
  public Page<ServerListing> listServers(ListServersQuery query) {
    Objects.requireNonNull(query, "'query' must not be null");
    requireVisibleRegistry(query.registry(), query.caller());
    return entries.listServers(query);
  }

  @Override
  public List<ServerListing> listVersions(
      RegistryName registry, ServerName name, boolean includeDeleted, Caller caller) {
    requireVisibleRegistry(registry, caller);
    List<ServerListing> versions = entries.listVersions(registry, name, includeDeleted, caller);
    if (versions.isEmpty()) {
      throw new ServerNotFoundException(name, null);
    }
    return versions;
  }

  @Override
  public ServerListing getVersion(
      RegistryName registry,
      ServerName name,
      VersionSelector version,
      boolean includeDeleted,
      Caller caller) {
    requireVisibleRegistry(registry, caller);
    return entries
        .findVersion(registry, name, version, includeDeleted, caller)
        .orElseThrow(
            () ->
                new ServerNotFoundException(
                    name, version.exact().map(v -> v.value()).orElse("latest")));
  }

  private void requireVisibleRegistry(RegistryName name, Caller caller) {
    Objects.requireNonNull(name, "'registry' must not be null");
    Objects.requireNonNull(caller, "'caller' must not be null");
    RegistryDefinition registry =
        registries.findRegistry(name).orElseThrow(() -> new RegistryNotFoundException(name));
    if (!caller.canSee(registry.claims())) {
      throw new RegistryAccessDeniedException(name);
    }
  }
}
