package dev.waggle.application.port.out;

import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.extension.ExtensionCursor;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionId;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionPrecedence.Holding;
import dev.waggle.domain.extension.ExtensionStatus;
import dev.waggle.domain.registry.RegistryName;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Outgoing port: the skills and plugins a registry serves, read where they are stored. The first
 * three reads answer for a caller who sees everything: each (namespace, name) comes whole from the
 * first of the registry's sources that holds any version of it. The others read every source's
 * versions, so that a caller whose claims hide the first source's can be served the next one's.
 */
public interface ExtensionCatalogStore {

  /**
   * Up to {@code limit} versions of a kind after {@code after}, in (namespace, name, version) byte
   * order, matching {@code search} (a case-insensitive piece of {@code namespace/name}, title or
   * description) and {@code status} when given.
   */
  List<ExtensionEntry> list(
      RegistryName registry,
      ExtensionKind kind,
      Optional<ExtensionCursor> after,
      int limit,
      Optional<String> search,
      Optional<ExtensionStatus> status);

  /** Every version of one entry, in version byte order; empty when the registry has none. */
  List<ExtensionEntry> versions(RegistryName registry, ExtensionKind kind, ExtensionId id);

  /** One version of an entry, or, when {@code version} is empty, the latest one. */
  Optional<ExtensionEntry> version(
      RegistryName registry, ExtensionKind kind, ExtensionId id, Optional<Version> version);

  /**
   * Up to {@code limit} versions of a kind held by any of the registry's sources, strictly after
   * {@code after}, in (namespace, name, version, source position) byte order, matching {@code
   * search} and {@code status} as {@link #list} does.
   */
  List<SourcedEntry> listEverySource(
      RegistryName registry,
      ExtensionKind kind,
      Optional<SourcedCursor> after,
      int limit,
      Optional<String> search,
      Optional<ExtensionStatus> status);

  /**
   * For each of {@code ids} the registry holds, each source holding it with each set of claims its
   * versions carry there; ids no source holds are absent.
   */
  Map<ExtensionId, List<Holding>> holdings(
      RegistryName registry, ExtensionKind kind, Collection<ExtensionId> ids);

  /** Every version of one entry in every source of the registry, in (version, position) order. */
  List<SourcedEntry> everySource(RegistryName registry, ExtensionKind kind, ExtensionId id);

  /**
   * One source's version of an entry.
   *
   * @param position the source's place in the registry's order, 0 first
   * @param latest whether it is the latest version its source holds of the entry
   */
  record SourcedEntry(ExtensionEntry entry, int position, boolean latest) {
    public SourcedEntry {
      Objects.requireNonNull(entry, "'entry' must not be null");
      if (position < 0) {
        throw new IllegalArgumentException("'position' must not be negative: " + position);
      }
    }
  }

  /** A keyset position in {@link #listEverySource}: past this source's copy of this version. */
  record SourcedCursor(ExtensionCursor cursor, int position) {
    public SourcedCursor {
      Objects.requireNonNull(cursor, "'cursor' must not be null");
    }

    /** Past every source's copy of the version {@code cursor} names. */
    public static SourcedCursor pastEverySource(ExtensionCursor cursor) {
      return new SourcedCursor(cursor, Integer.MAX_VALUE);
    }
  }
}
