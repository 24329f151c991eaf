package dev.waggle.adapters.http;

import dev.waggle.application.port.out.CatalogMetrics;
import dev.waggle.application.port.out.ServedCatalogStore.SourceSize;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Adapter of {@link CatalogMetrics}: per registry, the generation and the size of the snapshot this
 * replica serves, and how long building and swapping each one took; per source, ToolHive's server,
 * skill and plugin gauges — all read from what the served catalogs report, never from the database
 * on a scrape.
 */
final class MicrometerCatalogMetrics implements CatalogMetrics {
  /** From a few names changed (milliseconds) to a large catalog loaded whole (seconds). */
  static final Duration[] BUCKETS =
      MicrometerSyncMetrics.seconds(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30);

  private final MeterRegistry registry;
  private final Map<RegistryName, Served> served = new ConcurrentHashMap<>();
  private final Map<SourceName, Sizes> sources = new ConcurrentHashMap<>();

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

  @Override
  public synchronized void sources(Map<SourceName, SourceSize> sizes) {
    sizes.forEach(
        (source, size) -> {
          Sizes now = sources.computeIfAbsent(source, this::register);
          now.servers.set(size.servers());
          now.skills.set(size.skills());
          now.plugins.set(size.plugins());
        });
    sources
        .keySet()
        .removeIf(
            source -> {
              boolean gone = !sizes.containsKey(source);
              if (gone) {
                sources.get(source).gauges.forEach(registry::remove);
              }
              return gone;
            });
  }

  private Sizes register(SourceName source) {
    Sizes size = new Sizes();
    size.gauges.add(
        gauge("stacklok.registry.servers", source, size.servers, "Server versions per source"));
    size.gauges.add(
        gauge("stacklok.registry.skills", source, size.skills, "Skill versions per source"));
    size.gauges.add(
        gauge("stacklok.registry.plugins", source, size.plugins, "Plugin versions per source"));
    return size;
  }

  private Gauge gauge(String name, SourceName source, AtomicLong value, String description) {
    return Gauge.builder(name, value, AtomicLong::get)
        .description(description)
        .tag("source", source.value())
        .register(registry);
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

  /** One source's last reported size, and its gauges to remove when it goes. */
  private static final class Sizes {
    final AtomicLong servers = new AtomicLong();
    final AtomicLong skills = new AtomicLong();
    final AtomicLong plugins = new AtomicLong();
    final List<Gauge> gauges = new ArrayList<>();
  }
}
