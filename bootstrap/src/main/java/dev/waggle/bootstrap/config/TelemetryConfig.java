package dev.waggle.bootstrap.config;

/**
 * Configuration: the {@code telemetry} settings in force; export does not run in this version, so
 * an enabled block is refused.
 */
public record TelemetryConfig(boolean enabled, double tracingSampling) {
  public static final TelemetryConfig DISABLED = new TelemetryConfig(false, 0.05);
}
