package dev.waggle.adapters.http;

import dev.waggle.application.port.out.CatalogMetrics;
import dev.waggle.domain.registry.RegistryName;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Adapter of {@link CatalogMetrics}: per registry, the generation and the size of the snapshot this
 * replica serves, and how long building and swapping each one took — read from what the served
 * catalogs report, never from the database.
 */
final class MicrometerCatalogMetrics implements CatalogMetrics {
  /** From a few names changed (milliseconds) to a large catalog loaded whole (seconds). */
  static final Duration[] BUCKETS =
      MicrometerSyncMetrics.seconds(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30);

  private final MeterRegistry registry;
  private final Map<RegistryName, Served> served = new ConcurrentHashMap<>();

  MicrometerCatalogMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void swapped(RegistryName name, long generation, int versions, Duration took) {
    Served now = served.computeIfAbsent(name, this::register);
    now.generation.set(generation);
    now.versions.set(versions);
    Timer.builder("waggle.catalog.swap.duration")
        .description("Time to build a served-catalog snapshot and swap it in")
        .tag("registry", name.value())
        .serviceLevelObjectives(BUCKETS)
        .register(registry)
        .record(took);
  }

  @Override
  public void removed(RegistryName name) {
    Served gone = served.remove(name);
    if (gone != null) {
      registry.remove(gone.generationGauge);
      registry.remove(gone.versionsGauge);
    }
  }

  private Served register(RegistryName name) {
    AtomicLong generation = new AtomicLong();
    AtomicLong versions = new AtomicLong();
    Gauge generationGauge =
        Gauge.builder("waggle.catalog.generation", generation, AtomicLong::get)
            .description("Generation of the served catalog snapshot")
            .tag("registry", name.value())
            .register(registry);
    Gauge versionsGauge =
        Gauge.builder("waggle.catalog.versions", versions, AtomicLong::get)
            .description("Server versions held by the served catalog snapshot")
            .tag("registry", name.value())
            .register(registry);
    return new Served(generation, versions, generationGauge, versionsGauge);
  }

  private record Served(
      AtomicLong generation, AtomicLong versions, Gauge generationGauge, Gauge versionsGauge) {}
}
