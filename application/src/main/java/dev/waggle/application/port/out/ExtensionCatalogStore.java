package dev.waggle.application.port.out;

import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.extension.ExtensionCursor;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionId;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionStatus;
import dev.waggle.domain.registry.RegistryName;
import java.util.List;
import java.util.Optional;

/**
 * Outgoing port: the skills and plugins a registry serves, read where they are stored. Each
 * (namespace, name) comes whole from the first of the registry's sources that holds any version of
 * it; versions of one entry are never mixed across sources.
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
}
