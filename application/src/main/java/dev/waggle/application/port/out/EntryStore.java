package dev.waggle.application.port.out;

import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.paging.Page;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.util.List;
import java.util.Optional;

/**
 * Outgoing port: the entry pool every source writes into and every registry reads from.
 *
 * <p>Reads merge a registry's sources by precedence: for each server name only the first source (in
 * the registry's order) that holds a version of it visible to the caller supplies versions.
 */
public interface EntryStore {

  /**
   * Replaces everything a source holds with {@code servers}, atomically: on failure the previous
   * contents stay served. Keeps each version's publish time across replacements, moves its update
   * time only when its document changed, and recomputes which version of each name is latest. The
   * claims of a name are those of its first manifest.
   */
  void replaceSourceContents(SourceName source, List<ServerManifest> servers);

  /** One page of a registry, in (name, version) order, strictly after the query's cursor. */
  Page<ServerListing> listServers(ListServersQuery query);

  /** The versions of one name in a registry, newest publish first; empty when none is visible. */
  List<ServerListing> listVersions(
      RegistryName registry, ServerName name, boolean includeDeleted, Caller caller);

  Optional<ServerListing> findVersion(
      RegistryName registry,
      ServerName name,
      VersionSelector version,
      boolean includeDeleted,
      Caller caller);

  /** How many live (not deleted) versions a source holds now. */
  int countVersions(SourceName source);
}
