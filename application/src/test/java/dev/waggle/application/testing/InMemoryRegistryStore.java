package dev.waggle.application.testing;

import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceName;
import java.util.List;
import java.util.Optional;

/** Port fake: the catalog layout held in memory. */
public final class InMemoryRegistryStore implements RegistryStore {
  private volatile CatalogLayout layout = new CatalogLayout(List.of(), List.of(), null);

  @Override
  public void applyConfiguration(CatalogLayout layout) {
    this.layout = layout;
  }

  @Override
  public Optional<RegistryDefinition> findRegistry(RegistryName name) {
    return layout.registry(name);
  }

  @Override
  public List<RegistryDefinition> listRegistries() {
    return layout.registries();
  }

  @Override
  public Optional<SourceDefinition> findSource(SourceName name) {
    return layout.source(name);
  }

  @Override
  public List<SourceDefinition> listSources() {
    return layout.sources();
  }
}
