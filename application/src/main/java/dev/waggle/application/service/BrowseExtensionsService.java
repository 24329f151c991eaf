package dev.waggle.application.service;

import dev.waggle.application.port.in.BrowseExtensions;
import dev.waggle.application.port.in.ExtensionNotFoundException;
import dev.waggle.application.port.in.ExtensionPage;
import dev.waggle.application.port.in.ListExtensionsQuery;
import dev.waggle.application.port.in.RegistryAccessDeniedException;
import dev.waggle.application.port.in.RegistryNotFoundException;
import dev.waggle.application.port.out.ExtensionCatalogStore;
import dev.waggle.application.port.out.ExtensionCatalogStore.SourcedCursor;
import dev.waggle.application.port.out.ExtensionCatalogStore.SourcedEntry;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.extension.ExtensionCursor;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionId;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionPrecedence;
import dev.waggle.domain.extension.ExtensionPrecedence.Holding;
import dev.waggle.domain.extension.ExtensionVersions;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Service: serves a registry's skills and plugins from storage, after checking the caller may see
 * the registry; each entry comes from the first of the registry's sources whose copy the caller may
 * see ({@link ExtensionPrecedence}), so a copy hidden from it gives way to the next source's.
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
    if (query.caller().seesEverything()) {
      // Nothing is hidden: the store's winners are the page, one row past it says whether another
      // page follows.
      List<ExtensionEntry> rows =
          store.list(
              query.registry(),
              query.kind(),
              query.cursor(),
              limit + 1,
              query.search(),
              query.status());
      return page(rows, limit);
    }
    return page(restrictedRows(query), limit);
  }

  /**
   * Up to one more than a page of the versions served to a caller whose claims hide some: every
   * source's rows are read in batches, each name served from the first source the caller may see,
   * so that a page is short only at the end.
   */
  private List<ExtensionEntry> restrictedRows(ListExtensionsQuery query) {
    Caller caller = query.caller();
    int limit = query.limit();
    List<ExtensionEntry> kept = new ArrayList<>(limit + 1);
    Map<ExtensionId, OptionalInt> serving = new HashMap<>();
    Optional<SourcedCursor> after = query.cursor().map(SourcedCursor::pastEverySource);
    int batch = limit + 1;
    while (kept.size() <= limit) {
      List<SourcedEntry> rows =
          store.listEverySource(
              query.registry(), query.kind(), after, batch, query.search(), query.status());
      Set<ExtensionId> unknown = new LinkedHashSet<>();
      for (SourcedEntry row : rows) {
        if (!serving.containsKey(row.entry().id())) {
          unknown.add(row.entry().id());
        }
      }
      if (!unknown.isEmpty()) {
        // Which source serves a name depends on all its versions, not only those on this batch.
        Map<ExtensionId, List<Holding>> holdings =
            store.holdings(query.registry(), query.kind(), unknown);
        for (ExtensionId id : unknown) {
          serving.put(
              id, ExtensionPrecedence.servingSource(caller, holdings.getOrDefault(id, List.of())));
        }
      }
      for (SourcedEntry row : rows) {
        ExtensionEntry entry = row.entry();
        if (ExtensionPrecedence.serves(
            caller, serving.get(entry.id()), row.position(), entry.claims())) {
          kept.add(entry);
          if (kept.size() > limit) {
            break;
          }
        }
      }
      if (rows.size() < batch) {
        break;
      }
      SourcedEntry last = rows.get(rows.size() - 1);
      after =
          Optional.of(
              new SourcedCursor(
                  new ExtensionCursor(last.entry().id(), last.entry().version()), last.position()));
      batch = Math.min(batch * 2, MAX_BATCH);
    }
    return kept;
  }

  private static ExtensionPage page(List<ExtensionEntry> rows, int limit) {
    if (rows.size() <= limit) {
      return new ExtensionPage(rows, Optional.empty());
    }
    List<ExtensionEntry> page = rows.subList(0, limit);
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
    List<ExtensionEntry> versions =
        caller.seesEverything()
            ? store.versions(registry, kind, id)
            : served(registry, kind, id, caller).stream().map(SourcedEntry::entry).toList();
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
    Optional<Version> exact = version.exact();
    Optional<ExtensionEntry> found =
        caller.seesEverything()
            ? store.version(registry, kind, id, exact)
            : servedVersion(served(registry, kind, id, caller), exact);
    return found.orElseThrow(
        () -> new ExtensionNotFoundException(kind, id, exact.map(Version::value).orElse(null)));
  }

  /** The versions of one entry served to a caller whose claims may hide some. */
  private List<SourcedEntry> served(
      RegistryName registry, ExtensionKind kind, ExtensionId id, Caller caller) {
    return ExtensionPrecedence.servedVersions(
        caller,
        store.everySource(registry, kind, id),
        SourcedEntry::position,
        row -> row.entry().claims());
  }

  /**
   * The exact version asked for, or the serving source's latest; should that one be hidden while
   * others are not, the latest of those served.
   */
  private static Optional<ExtensionEntry> servedVersion(
      List<SourcedEntry> served, Optional<Version> exact) {
    if (exact.isPresent()) {
      return served.stream()
          .map(SourcedEntry::entry)
          .filter(e -> e.version().equals(exact.get()))
          .findFirst();
    }
    Optional<ExtensionEntry> flagged =
        served.stream().filter(SourcedEntry::latest).map(SourcedEntry::entry).findFirst();
    if (flagged.isPresent()) {
      return flagged;
    }
    Optional<Version> latest =
        ExtensionVersions.latest(served.stream().map(r -> r.entry().version()).toList());
    return latest.flatMap(
        v ->
            served.stream()
                .map(SourcedEntry::entry)
                .filter(e -> e.version().equals(v))
                .findFirst());
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
}
