package dev.waggle.bootstrap.config;

/**
 * Configuration: the {@code telemetry} block; checked; export does not run in this version, so an
 * enabled block is refused.
 */
public record TelemetryConfig(
    boolean enabled,
    String serviceName,
    String serviceVersion,
    String endpoint,
    boolean insecure,
    boolean tracingEnabled,
    double tracingSampling,
    boolean metricsEnabled) {
  public static final TelemetryConfig DISABLED =
      new TelemetryConfig(
          false, "thv-registry-api", "unknown", "localhost:4318", false, false, 0.05, false);
}
