package dev.waggle.application.service;

import dev.waggle.application.port.in.BrowseExtensions;
import dev.waggle.application.port.in.ExtensionNotFoundException;
import dev.waggle.application.port.in.ExtensionPage;
import dev.waggle.application.port.in.ListExtensionsQuery;
import dev.waggle.application.port.in.RegistryAccessDeniedException;
import dev.waggle.application.port.in.RegistryNotFoundException;
import dev.waggle.application.port.out.ExtensionCatalogStore;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.extension.ExtensionCursor;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionId;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionVersions;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Service: serves a registry's skills and plugins from storage, after checking the caller may see
 * the registry, leaving out entries whose claims the caller does not hold.
 */
public final class BrowseExtensionsService implements BrowseExtensions {
  /** The most rows one read asks for while hidden entries are skipped. */
  private static final int MAX_BATCH = 1000;

  private final RegistryStore registries;
  private final ExtensionCatalogStore store;

  public BrowseExtensionsService(RegistryStore registries, ExtensionCatalogStore store) {
    this.registries = Objects.requireNonNull(registries, "'registries' must not be null");
    this.store = Objects.requireNonNull(store, "'store' must not be null");
  }

  @Override
  public ExtensionPage list(ListExtensionsQuery query) {
    Objects.requireNonNull(query, "'query' must not be null");
    visibleRegistry(query.registry(), query.caller());
    int limit = query.limit();
    // One visible row past the page says whether another page follows. Hidden rows are skipped
    // while the page fills, reading on in batches, so that a page is short only at the end.
    List<ExtensionEntry> kept = new ArrayList<>(limit + 1);
    Optional<ExtensionCursor> after = query.cursor();
    int batch = limit + 1;
    while (kept.size() <= limit) {
      List<ExtensionEntry> rows =
          store.list(query.registry(), query.kind(), after, batch, query.search(), query.status());
      for (ExtensionEntry row : rows) {
        if (query.caller().canSee(row.claims())) {
          kept.add(row);
          if (kept.size() > limit) {
            break;
          }
        }
      }
      if (rows.size() < batch) {
        break;
      }
      ExtensionEntry last = rows.get(rows.size() - 1);
      after = Optional.of(new ExtensionCursor(last.id(), last.version()));
      batch = Math.min(batch * 2, MAX_BATCH);
    }
    if (kept.size() <= limit) {
      return new ExtensionPage(kept, Optional.empty());
    }
    List<ExtensionEntry> page = kept.subList(0, limit);
    // The cursor is the last entry served: it names nothing the caller may not see.
    ExtensionEntry last = page.get(limit - 1);
    return new ExtensionPage(page, Optional.of(new ExtensionCursor(last.id(), last.version())));
  }

  @Override
  public List<ExtensionEntry> versions(
      RegistryName registry, ExtensionKind kind, ExtensionId id, Caller caller) {
    Objects.requireNonNull(kind, "'kind' must not be null");
    Objects.requireNonNull(id, "'id' must not be null");
    visibleRegistry(registry, caller);
    List<ExtensionEntry> versions = visible(store.versions(registry, kind, id), caller);
    if (versions.isEmpty()) {
      throw new ExtensionNotFoundException(kind, id, null);
    }
    return versions.stream()
        .sorted(Comparator.comparing(ExtensionEntry::version, ExtensionVersions.NEWEST_FIRST))
        .toList();
  }

  @Override
  public ExtensionEntry version(
      RegistryName registry,
      ExtensionKind kind,
      ExtensionId id,
      VersionSelector version,
      Caller caller) {
    Objects.requireNonNull(kind, "'kind' must not be null");
    Objects.requireNonNull(id, "'id' must not be null");
    Objects.requireNonNull(version, "'version' must not be null");
    visibleRegistry(registry, caller);
    return store
        .version(registry, kind, id, version.exact())
        .filter(entry -> caller.canSee(entry.claims()))
        .orElseThrow(
            () ->
                new ExtensionNotFoundException(
                    kind, id, version.exact().map(Version::value).orElse(null)));
  }

  private void visibleRegistry(RegistryName name, Caller caller) {
    Objects.requireNonNull(name, "'registry' must not be null");
    Objects.requireNonNull(caller, "'caller' must not be null");
    RegistryDefinition registry =
        registries.findRegistry(name).orElseThrow(() -> new RegistryNotFoundException(name));
    if (!caller.canSee(registry.claims())) {
      throw new RegistryAccessDeniedException(name);
    }
  }

  private static List<ExtensionEntry> visible(List<ExtensionEntry> entries, Caller caller) {
    return entries.stream().filter(entry -> caller.canSee(entry.claims())).toList();
  }
}
