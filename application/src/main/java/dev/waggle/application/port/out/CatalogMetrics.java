package dev.waggle.application.port.out;

import dev.waggle.domain.registry.RegistryName;
import java.time.Duration;

/**
 * Port: where the served catalogs report each snapshot they swap in — its registry, generation and
 * size, and how long building it took — so that a dashboard shows what each replica serves.
 */
public interface CatalogMetrics {
  /** Reports nothing: for a server that runs without metrics. */
  CatalogMetrics NONE =
      new CatalogMetrics() {
        @Override
        public void swapped(RegistryName registry, long generation, int versions, Duration took) {}

        @Override
        public void removed(RegistryName registry) {}
      };

  /**
   * A new snapshot of {@code registry} is served.
   *
   * @param versions every stored version the snapshot holds, of every candidate entry
   * @param took from reading storage to the swap
   */
  void swapped(RegistryName registry, long generation, int versions, Duration took);

  /** The registry is gone and no longer served. */
  void removed(RegistryName registry);
}
