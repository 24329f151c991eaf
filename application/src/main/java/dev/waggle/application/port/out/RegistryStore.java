package dev.waggle.application.port.out;

import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceName;
import java.util.List;
import java.util.Optional;

/** Outgoing port: the stored sources and registries, the shape of the catalog. */
public interface RegistryStore {

  /**
   * Makes the configuration-created sources and registries equal to {@code layout} in one
   * transaction: creates and updates what it lists, deletes what it no longer lists (with their
   * entries), and starts a sync state for every new synced source. API-created sources and
   * registries are never changed or deleted by it.
   *
   * @throws IllegalStateException, changing nothing, when the layout names an API-created source or
   *     registry, or drops a source an API-created registry lists
   */
  void applyConfiguration(CatalogLayout layout);

  Optional<RegistryDefinition> findRegistry(RegistryName name);

  List<RegistryDefinition> listRegistries();

  Optional<SourceDefinition> findSource(SourceName name);

  List<SourceDefinition> listSources();

  /** A source with who made it and when; empty when there is none. */
  Optional<SourceRecord> sourceRecord(SourceName name);

  /** Every source with who made it and when, by name. */
  List<SourceRecord> sourceRecords();

  /** A registry with who made it and when; empty when there is none. */
  Optional<RegistryRecord> registryRecord(RegistryName name);

  /** Every registry with who made it and when, by name. */
  List<RegistryRecord> registryRecords();

  /**
   * Creates an API source or replaces the definition of the API source of that name, in one
   * transaction; a new synced source gets a sync state due now. A config-created source of that
   * name is left alone.
   *
   * @return whether it was created
   * @throws dev.waggle.application.port.in.ConflictException when a managed source exists already
   *     (also when another request created one meanwhile), or the name is a config-created source
   */
  boolean putApiSource(SourceDefinition source);

  /**
   * Deletes an API source with its entries and sync state, in one transaction.
   *
   * @return false when there is no API source of that name
   * @throws dev.waggle.application.port.in.ConflictException while a registry lists it, naming how
   *     many
   */
  boolean deleteApiSource(SourceName name);

  /**
   * Creates an API registry or replaces the sources and claims of the API registry of that name,
   * and brings what it serves up to date and moves its generation, in one transaction.
   *
   * @return whether it was created
   * @throws dev.waggle.application.port.in.ConflictException when a source it lists is gone, or the
   *     name is a config-created registry
   */
  boolean putApiRegistry(RegistryDefinition registry);

  /**
   * Deletes an API registry, so that it is served no more.
   *
   * @return false when there is no API registry of that name
   */
  boolean deleteApiRegistry(RegistryName name);

  /** Every entry a source holds, by type and name, each with its versions. */
  List<SourceEntry> sourceEntries(SourceName name);

  /** Every version of every entry of a registry's sources, in source order, then type and name. */
  List<RegistryEntry> registryEntries(RegistryName name);
}
