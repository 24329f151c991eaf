package dev.waggle.adapters.http;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.waggle.application.port.in.BrowseCatalog;
import dev.waggle.application.port.in.BrowseExtensions;
import dev.waggle.application.port.in.CheckReadiness;
import dev.waggle.application.port.in.InspectSources;
import dev.waggle.application.port.in.ManageRegistries;
import dev.waggle.application.port.in.ManageSources;
import dev.waggle.application.port.in.PublishEntries;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.application.port.out.CatalogMetrics;
import dev.waggle.application.port.out.ServedVersionEncoder;
import dev.waggle.application.port.out.SyncMetrics;
import dev.waggle.application.port.out.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP adapter wiring: binds {@link HttpApi}, the public and internal listeners, on top of the
 * {@link BrowseCatalog}, {@link CheckReadiness}, {@link TriggerSync}, {@link InspectSources},
 * {@link BrowseExtensions}, {@link PublishEntries}, {@link ManageSources} and {@link
 * ManageRegistries} use cases bound elsewhere; the {@link ServedVersionEncoder} the application
 * encodes served versions with; and the process's {@link Telemetry} with the {@link SyncMetrics},
 * {@link CatalogMetrics} and {@link Tracing} the application reports to (kept when metrics or
 * tracing are on, dropped otherwise), and its meters for storage's connection pool.
 */
public final class HttpApiModule extends AbstractModule {
  private final HttpSettings settings;
  private final Optional<ListenerSockets> sockets;
  private final TelemetrySettings telemetry;

  public HttpApiModule(HttpSettings settings) {
    this(settings, Optional.empty());
  }

  public HttpApiModule(HttpSettings settings, Optional<ListenerSockets> sockets) {
    this(settings, sockets, TelemetrySettings.NONE);
  }

  /**
   * @param sockets the listen addresses bound ahead (see {@link ListenerSockets}); the listeners
   *     serve on them instead of binding their own
   * @param telemetry where metrics are pushed and whether requests are traced
   */
  public HttpApiModule(
      HttpSettings settings, Optional<ListenerSockets> sockets, TelemetrySettings telemetry) {
    this.telemetry = Objects.requireNonNull(telemetry, "'telemetry' must not be null");
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
    this.sockets = Objects.requireNonNull(sockets, "'sockets' must not be null");
  }

  /** The wire form of served versions, which the application encodes once per snapshot. */
  @Provides
  @Singleton
  ServedVersionEncoder servedVersionEncoder() {
    return new JsonServedVersionEncoder();
  }

  @Override
  protected void configure() {
    // Storage may count its connection pool into the same meters, when there are meters.
    OptionalBinder.newOptionalBinder(binder(), MeterRegistry.class)
        .setBinding()
        .toProvider(MeterRegistryProvider.class);
  }

  /** The meters' registry, when metrics are on; null tells the optional binding there is none. */
  private static final class MeterRegistryProvider implements Provider<MeterRegistry> {
    private final Optional<PrometheusMetrics> metrics;

    @Inject
    MeterRegistryProvider(Optional<PrometheusMetrics> metrics) {
      this.metrics = metrics;
    }

    @Override
    public MeterRegistry get() {
      return metrics.map(PrometheusMetrics::registry).orElse(null);
    }
  }

  @Provides
  @Singleton
  Telemetry telemetry() {
    return new Telemetry(settings.buildInfo(), settings.metrics(), telemetry);
  }

  @Provides
  @Singleton
  Optional<PrometheusMetrics> prometheusMetrics(Telemetry telemetry) {
    return telemetry.metrics();
  }

  @Provides
  @Singleton
  Tracing tracing(Telemetry telemetry) {
    return telemetry.tracing();
  }

  @Provides
  @Singleton
  CatalogMetrics catalogMetrics(Optional<PrometheusMetrics> metrics) {
    return metrics.<CatalogMetrics>map(PrometheusMetrics::catalog).orElse(CatalogMetrics.NONE);
  }

  @Provides
  @Singleton
  SyncMetrics syncMetrics(Optional<PrometheusMetrics> metrics) {
    return metrics.<SyncMetrics>map(PrometheusMetrics::sync).orElse(SyncMetrics.NONE);
  }

  @Provides
  @Singleton
  HttpApi httpApi(
      BrowseCatalog browseCatalog,
      CheckReadiness checkReadiness,
      TriggerSync triggerSync,
      InspectSources inspectSources,
      BrowseExtensions browseExtensions,
      PublishEntries publishEntries,
      Telemetry telemetry,
      ManageSources manageSources,
      ManageRegistries manageRegistries) {
    return new HttpApi(
        settings,
        new HttpApi.UseCases(
            browseCatalog,
            checkReadiness,
            triggerSync,
            inspectSources,
            browseExtensions,
            publishEntries,
            Optional.of(new HttpApi.AdminUseCases(manageSources, manageRegistries))),
        sockets,
        HttpApi.GRACEFUL_STOP,
        telemetry.metrics(),
        telemetry.tracer());
  }
}
