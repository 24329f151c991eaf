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
   * entries), and starts a sync state for every new synced source.
   */
  void applyConfiguration(CatalogLayout layout);

  Optional<RegistryDefinition> findRegistry(RegistryName name);

  List<RegistryDefinition> listRegistries();

  Optional<SourceDefinition> findSource(SourceName name);

  List<SourceDefinition> listSources();
}
