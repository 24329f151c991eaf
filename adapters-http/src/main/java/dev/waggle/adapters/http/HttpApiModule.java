package dev.waggle.adapters.http;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.waggle.application.port.in.BrowseCatalog;
import dev.waggle.application.port.in.BrowseExtensions;
import dev.waggle.application.port.in.CheckReadiness;
import dev.waggle.application.port.in.InspectSources;
import dev.waggle.application.port.in.ManageRegistries;
import dev.waggle.application.port.in.ManageSources;
import dev.waggle.application.port.in.PublishEntries;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.application.port.out.ServedVersionEncoder;
import dev.waggle.application.port.out.SyncMetrics;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP adapter wiring: binds {@link HttpApi}, the public and internal listeners, on top of the
 * {@link BrowseCatalog}, {@link CheckReadiness}, {@link TriggerSync}, {@link InspectSources},
 * {@link BrowseExtensions}, {@link PublishEntries}, {@link ManageSources} and {@link
 * ManageRegistries} use cases bound elsewhere, and the {@link ServedVersionEncoder} the application
 * encodes served versions with, and the {@link SyncMetrics} the sync service reports to: kept with
 * the HTTP metrics when metrics are on, dropped otherwise.
 */
public final class HttpApiModule extends AbstractModule {
  private final HttpSettings settings;
  private final Optional<ListenerSockets> sockets;

  public HttpApiModule(HttpSettings settings) {
    this(settings, Optional.empty());
  }

  /**
   * @param sockets the listen addresses bound ahead (see {@link ListenerSockets}); the listeners
   *     serve on them instead of binding their own
   */
  public HttpApiModule(HttpSettings settings, Optional<ListenerSockets> sockets) {
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
    this.sockets = Objects.requireNonNull(sockets, "'sockets' must not be null");
  }

  /** The wire form of served versions, which the application encodes once per snapshot. */
  @Provides
  @Singleton
  ServedVersionEncoder servedVersionEncoder() {
    return new JsonServedVersionEncoder();
  }

  @Provides
  @Singleton
  Optional<PrometheusMetrics> prometheusMetrics() {
    return settings.metrics()
        ? Optional.of(new PrometheusMetrics(settings.buildInfo()))
        : Optional.empty();
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
      Optional<PrometheusMetrics> metrics,
      ManageSources manageSources,
      ManageRegistries manageRegistries) {
    return new HttpApi(
        settings,
        sockets,
        browseCatalog,
        checkReadiness,
        triggerSync,
        inspectSources,
        browseExtensions,
        publishEntries,
        HttpApi.GRACEFUL_STOP,
        metrics,
        Optional.of(new HttpApi.AdminUseCases(manageSources, manageRegistries)));
  }
}
