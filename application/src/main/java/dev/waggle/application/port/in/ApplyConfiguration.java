package dev.waggle.application.port.in;

import dev.waggle.domain.registry.CatalogLayout;

/** Use case: making the stored sources and registries match the configuration file at start. */
public interface ApplyConfiguration {

  /** Writes the layout in one step; on failure nothing changes and the error says why. */
  void apply(CatalogLayout layout);
}
