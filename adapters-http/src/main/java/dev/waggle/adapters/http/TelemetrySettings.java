package dev.waggle.adapters.http;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings value for telemetry beyond the scrape: the service's name and version on every span and
 * metric, where OTLP/HTTP sends to, whether metrics are pushed there, and whether requests, syncs
 * and store calls are traced, at what sampling ratio.
 *
 * @param collector the collector's base URL ({@code http(s)://host:port}); {@code /v1/traces} and
 *     {@code /v1/metrics} are appended
 * @param exportMetrics whether metrics are pushed to the collector every {@code metricsStep}
 * @param tracingSampling the share of new traces kept, when tracing is on: 0 < x ≤ 1
 */
public record TelemetrySettings(
    String serviceName,
    String serviceVersion,
    URI collector,
    boolean exportMetrics,
    Duration metricsStep,
    Optional<Double> tracingSampling) {
  /** No export and no tracing: what runs when the {@code telemetry} block asks for neither. */
  public static final TelemetrySettings NONE =
      new TelemetrySettings(
          "thv-registry-api",
          "unknown",
          URI.create("http://localhost:4318"),
          false,
          Duration.ofSeconds(60),
          Optional.empty());

  public TelemetrySettings {
    requireText(serviceName, "serviceName");
    requireText(serviceVersion, "serviceVersion");
    Objects.requireNonNull(collector, "'collector' must not be null");
    if (!"http".equals(collector.getScheme()) && !"https".equals(collector.getScheme())
        || collector.getHost() == null) {
      throw new IllegalArgumentException(
          "'collector' must be an http(s)://host:port URL, not " + collector);
    }
    Objects.requireNonNull(metricsStep, "'metricsStep' must not be null");
    if (metricsStep.isNegative() || metricsStep.isZero()) {
      throw new IllegalArgumentException("'metricsStep' must be positive, not " + metricsStep);
    }
    Objects.requireNonNull(tracingSampling, "'tracingSampling' must not be null");
    tracingSampling.ifPresent(
        ratio -> {
          if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException(
                "'tracingSampling' must be greater than 0 and at most 1, not " + ratio);
          }
        });
  }

  /** The OTLP/HTTP path of one signal on the collector, e.g. {@code /v1/traces}. */
  String signalUrl(String path) {
    String base = collector.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + name + "' must not be blank");
    }
  }
}
