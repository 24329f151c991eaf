package dev.waggle.application.port.out;

import dev.waggle.application.port.out.ServedCatalogStore.SourceSize;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.time.Duration;
import java.util.Map;

/**
 * Port: where the served catalogs report each snapshot they swap in — its registry, generation and
 * size, how long building it took, and what each source serves — so that a dashboard shows what
 * each replica serves without asking the database on every scrape.
 */
public interface CatalogMetrics {
  /** Reports nothing: for a server that runs without metrics. */
  CatalogMetrics NONE =
      new CatalogMetrics() {
        @Override
        public void swapped(RegistryName registry, long generation, int versions, Duration took) {}

        @Override
        public void removed(RegistryName registry) {}

        @Override
        public void sources(Map<SourceName, SourceSize> sizes) {}
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

  /**
   * What every source serves now, told whenever the catalog changed; a source left out is gone and
   * no longer reported.
   */
  void sources(Map<SourceName, SourceSize> sizes);
}
