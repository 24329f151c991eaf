package dev.waggle.application.testing;

import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.out.EntryStore;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.catalog.OfficialMeta;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.paging.Page;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Port fake: remembers what each source holds; reads serve every version of a single-source
 * registry, enough for service tests that are about what gets written.
 */
public final class InMemoryEntryStore implements EntryStore {
  private final Map<SourceName, List<ServerManifest>> contents = new HashMap<>();
  private RuntimeException nextFailure;
  private int writes;

  public synchronized void failNextWrite(RuntimeException failure) {
    nextFailure = failure;
  }

  public synchronized List<ServerManifest> contents(SourceName source) {
    return contents.getOrDefault(source, List.of());
  }

  public synchronized int writes() {
    return writes;
  }

  @Override
  public synchronized void replaceSourceContents(SourceName source, List<ServerManifest> servers) {
    if (nextFailure != null) {
      RuntimeException failure = nextFailure;
      nextFailure = null;
      throw failure;
    }
    writes++;
    contents.put(source, List.copyOf(servers));
  }

  @Override
  public synchronized Page<ServerListing> listServers(ListServersQuery query) {
    List<ServerListing> all =
        contents.values().stream().flatMap(List::stream).map(InMemoryEntryStore::listing).toList();
    return new Page<>(all.subList(0, Math.min(all.size(), query.limit())), Optional.empty());
  }

  @Override
  public synchronized List<ServerListing> listVersions(
      RegistryName registry, ServerName name, boolean includeDeleted, Caller caller) {
    return contents.values().stream()
        .flatMap(List::stream)
        .filter(m -> m.name().equals(name))
        .map(InMemoryEntryStore::listing)
        .toList();
  }

  @Override
  public synchronized Optional<ServerListing> findVersion(
      RegistryName registry,
      ServerName name,
      VersionSelector version,
      boolean includeDeleted,
      Caller caller) {
    return listVersions(registry, name, includeDeleted, caller).stream()
        .filter(l -> version.exact().map(v -> v.equals(l.version())).orElse(true))
        .findFirst();
  }

  @Override
  public synchronized int countVersions(SourceName source) {
    return contents(source).size();
  }

  private static ServerListing listing(ServerManifest m) {
    Instant now = Instant.EPOCH;
    return new ServerListing(
        m.name(),
        m.version(),
        m.document(),
        new OfficialMeta(m.status(), null, now, now, now, true));
  }
}
