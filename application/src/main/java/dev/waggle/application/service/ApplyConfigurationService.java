package dev.waggle.application.service;

import dev.waggle.application.port.in.ApplyConfiguration;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.domain.registry.CatalogLayout;
import java.util.Objects;

/** Service: writes the configured sources and registries to storage and remembers it did. */
public final class ApplyConfigurationService implements ApplyConfiguration {
  private final RegistryStore registries;
  private volatile boolean applied;

  public ApplyConfigurationService(RegistryStore registries) {
    this.registries = Objects.requireNonNull(registries, "'registries' must not be null");
  }

  @Override
  public void apply(CatalogLayout layout) {
    Objects.requireNonNull(layout, "'layout' must not be null");
    registries.applyConfiguration(layout);
    applied = true;
  }

  /** Whether the configuration has been written; readiness waits for it. */
  public boolean applied() {
    return applied;
  }
}
