package dev.waggle.adapters.http;

import dev.waggle.application.port.out.SyncMetrics;
import dev.waggle.domain.source.SourceName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * Adapter of {@link SyncMetrics}: each sync's duration by source and outcome, and sync errors by
 * reason. Each source's size is {@link MicrometerCatalogMetrics}'s, so that every replica shows it.
 */
public final class MicrometerSyncMetrics implements SyncMetrics {
  /** ToolHive's sync buckets, in seconds: a file reads in a blink, a large git clone in minutes. */
  static final Duration[] BUCKETS = seconds(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 180, 300);

  private final MeterRegistry registry;

  MicrometerSyncMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void succeeded(SourceName source, Duration took) {
    duration(source, "success").record(took);
  }

  @Override
  public void failed(SourceName source, Duration took, Failure failure) {
    duration(source, "error").record(took);
    Counter.builder("stacklok.registry.errors")
        .description("Errors by type, for the sync and HTTP paths")
        .tags("error_type", errorType(failure), "area", "sync")
        .register(registry)
        .increment();
  }

  /** The reason as ToolHive's condition reasons read, in a label's lower case. */
  static String errorType(Failure failure) {
    return failure.name().toLowerCase(Locale.ROOT) + "_failed";
  }

  private Timer duration(SourceName source, String outcome) {
    // Micrometer keeps one timer per name and tags; a sync is rare enough to look it up each time.
    return Timer.builder("stacklok.registry.sync.duration")
        .description("Duration of sync operations")
        .tags("source", source.value(), "outcome", outcome)
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  static Duration[] seconds(double... bounds) {
    Duration[] durations = new Duration[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      durations[i] = Duration.ofNanos(Math.round(bounds[i] * 1e9));
    }
    return durations;
  }
}
