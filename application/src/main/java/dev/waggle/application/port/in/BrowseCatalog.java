package dev.waggle.application.port.in;

import dev.waggle.domain.access.Caller;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.paging.Page;
import dev.waggle.domain.registry.RegistryName;
import java.util.List;
import java.util.OptionalLong;

/**
 * Use case: reading a registry's servers the way the MCP Registry API serves them — the sources
 * merged by precedence, filtered by what the caller may see.
 */
public interface BrowseCatalog {

  /** The registry served at the bare {@code /v0.1} paths. */
  RegistryName defaultRegistry();

  /**
   * The generation this replica serves a registry at now, empty when it holds no such registry:
   * whatever it answered at that generation to the same request from a caller with the same claims
   * is still the answer, so an adapter may give it again without asking.
   */
  OptionalLong generation(RegistryName registry);

  /**
   * Whether this replica serves a registry of that name, whatever the caller may see of it; the
   * answer of {@link #listServers} for it is then not a {@link RegistryNotFoundException}.
   */
  boolean servesRegistry(RegistryName registry);

  /**
   * @throws RegistryNotFoundException when no such registry exists
   * @throws RegistryAccessDeniedException when the caller's claims do not cover the registry's
   */
  CatalogAnswer<Page<ServedVersion>> listServers(ListServersQuery query);

  /**
   * Every visible version of one server, newest publish first.
   *
   * @throws ServerNotFoundException when the caller sees no version of it
   */
  CatalogAnswer<List<ServedVersion>> listVersions(
      RegistryName registry, ServerName name, boolean includeDeleted, Caller caller);

  /**
   * @throws ServerNotFoundException when that version is missing or hidden
   */
  CatalogAnswer<ServedVersion> getVersion(
      RegistryName registry,
      ServerName name,
      VersionSelector version,
      boolean includeDeleted,
      Caller caller);
}
