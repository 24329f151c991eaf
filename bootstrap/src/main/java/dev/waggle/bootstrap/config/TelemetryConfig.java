package dev.waggle.bootstrap.config;

import dev.waggle.adapters.http.TelemetrySettings;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration: the {@code telemetry} settings in force — metrics served for scraping and, when a
 * collector is named, pushed to it over OTLP/HTTP; traces exported there when tracing is on.
 *
 * @param enabled the master switch
 * @param serviceName {@code serviceName}, on every span and pushed metric
 * @param serviceVersion {@code serviceVersion}; empty means the running build's version
 * @param endpoint {@code endpoint}, the collector's {@code host:port}, already checked
 * @param insecure {@code insecure}: plain HTTP to the collector instead of HTTPS
 * @param metricsEnabled {@code metrics.enabled}; counts only under the master switch
 * @param tracingEnabled {@code tracing.enabled}; counts only under the master switch
 * @param tracingSampling {@code tracing.sampling}, 0 < x ≤ 1
 */
public record TelemetryConfig(
    boolean enabled,
    String serviceName,
    Optional<String> serviceVersion,
    Optional<String> endpoint,
    boolean insecure,
    boolean metricsEnabled,
    boolean tracingEnabled,
    double tracingSampling) {
  /** ToolHive's defaults. */
  public static final String DEFAULT_SERVICE_NAME = "thv-registry-api";

  /** Where ToolHive sends when no endpoint is named: a collector beside the process. */
  public static final String DEFAULT_ENDPOINT = "localhost:4318";

  public static final double DEFAULT_SAMPLING = 0.05;

  /** How often pushed metrics are sent, as ToolHive does. */
  static final Duration METRICS_STEP = Duration.ofSeconds(60);

  public static final TelemetryConfig DISABLED =
      new TelemetryConfig(
          false,
          DEFAULT_SERVICE_NAME,
          Optional.empty(),
          Optional.empty(),
          false,
          false,
          false,
          DEFAULT_SAMPLING);

  public TelemetryConfig {
    Objects.requireNonNull(serviceName, "'serviceName' must not be null");
    Objects.requireNonNull(serviceVersion, "'serviceVersion' must not be null");
    Objects.requireNonNull(endpoint, "'endpoint' must not be null");
  }

  /** Whether {@code GET /metrics} answers on the internal listener, as in ToolHive. */
  public boolean metricsServed() {
    return enabled && metricsEnabled;
  }

  /**
   * Whether metrics are also pushed over OTLP: only when an endpoint is named, since a push to the
   * default address with no collector there would only fill the log with failures.
   */
  public boolean metricsPushed() {
    return metricsServed() && endpoint.isPresent();
  }

  /** Whether requests, syncs and store calls are traced. */
  public boolean traced() {
    return enabled && tracingEnabled;
  }

  /** The collector's base URL: {@code https://host:port}, or {@code http://} when insecure. */
  public URI collector() {
    return URI.create((insecure ? "http://" : "https://") + endpoint.orElse(DEFAULT_ENDPOINT));
  }

  /** The HTTP adapter's telemetry settings; {@code buildVersion} stands in for no version. */
  public TelemetrySettings http(String buildVersion) {
    return new TelemetrySettings(
        serviceName,
        serviceVersion.orElse(buildVersion),
        collector(),
        metricsPushed(),
        METRICS_STEP,
        traced() ? Optional.of(tracingSampling) : Optional.empty());
  }
}
