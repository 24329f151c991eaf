package dev.waggle.bootstrap.config;

/**
 * Configuration: the {@code telemetry} settings in force. Metrics are served for Prometheus to
 * scrape; OTLP export and tracing do not run in this version, so asking for them is refused.
 *
 * @param enabled the master switch
 * @param metricsEnabled {@code metrics.enabled}; counts only under the master switch
 */
public record TelemetryConfig(boolean enabled, boolean metricsEnabled, double tracingSampling) {
  public static final TelemetryConfig DISABLED = new TelemetryConfig(false, false, 0.05);

  /** Whether {@code GET /metrics} answers on the internal listener, as in ToolHive. */
  public boolean metricsServed() {
    return enabled && metricsEnabled;
  }
}
