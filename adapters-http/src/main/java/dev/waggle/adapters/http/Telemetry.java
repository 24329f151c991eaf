package dev.waggle.adapters.http;

import dev.waggle.application.port.out.Tracing;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP adapter: the process's telemetry — the meters scraped at {@code /metrics} and, when a
 * collector is named, pushed to it over OTLP/HTTP under the same names; and the OpenTelemetry SDK
 * that traces requests, syncs and store calls to the same collector. Closing it sends what is still
 * buffered.
 */
public final class Telemetry implements AutoCloseable {
  static final String TRACER = "dev.waggle";
  private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);
  private static final Duration FLUSH = Duration.ofSeconds(10);

  private final Optional<PrometheusMetrics> metrics;
  private final Optional<OtlpMeterRegistry> push;
  private final Optional<SdkTracerProvider> tracerProvider;

  /**
   * @param serveMetrics whether meters are kept at all (and served for scraping)
   */
  Telemetry(BuildInfo build, boolean serveMetrics, TelemetrySettings settings) {
    Objects.requireNonNull(build, "'build' must not be null");
    Objects.requireNonNull(settings, "'settings' must not be null");
    push =
        serveMetrics && settings.exportMetrics()
            ? Optional.of(otlpRegistry(settings))
            : Optional.empty();
    metrics =
        serveMetrics
            ? Optional.of(
                new PrometheusMetrics(
                    build, push.<List<MeterRegistry>>map(List::of).orElse(List.of())))
            : Optional.empty();
    push.ifPresent(
        p ->
            LOG.info(
                "Pushing metrics over OTLP/HTTP to {} every {}s",
                settings.signalUrl("/v1/metrics"),
                settings.metricsStep().toSeconds()));
    tracerProvider = settings.tracingSampling().map(ratio -> tracerProvider(settings, ratio));
  }

  /** No metrics and no traces. */
  static Telemetry none(BuildInfo build) {
    return new Telemetry(build, false, TelemetrySettings.NONE);
  }

  Optional<PrometheusMetrics> metrics() {
    return metrics;
  }

  /** The tracer of the server spans, when tracing is on. */
  Optional<Tracer> tracer() {
    return tracerProvider.map(p -> p.get(TRACER));
  }

  /** The application's spans: OpenTelemetry's when tracing is on, none otherwise. */
  Tracing tracing() {
    return tracer().<Tracing>map(OpenTelemetryTracing::new).orElse(Tracing.NONE);
  }

  /** Sends the spans and metrics still buffered, then stops exporting. */
  @Override
  public void close() {
    tracerProvider.ifPresent(p -> p.shutdown().join(FLUSH.toSeconds(), TimeUnit.SECONDS));
    // Closing a push registry publishes once more: the last minute is not lost at shutdown.
    push.ifPresent(OtlpMeterRegistry::close);
  }

  private static SdkTracerProvider tracerProvider(TelemetrySettings settings, double ratio) {
    String url = settings.signalUrl("/v1/traces");
    LOG.info("Tracing {} of new traces, exported over OTLP/HTTP to {}", ratio, url);
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(url).build();
    return SdkTracerProvider.builder()
        .setResource(resource(settings))
        // A caller's sampling decision is kept, so that a trace it started stays whole; the
        // ratio decides only for traces that start here.
        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
        .build();
  }

  private static Resource resource(TelemetrySettings settings) {
    return Resource.getDefault()
        .merge(
            Resource.create(
                Attributes.of(
                    AttributeKey.stringKey("service.name"),
                    settings.serviceName(),
                    AttributeKey.stringKey("service.version"),
                    settings.serviceVersion())));
  }

  private static OtlpMeterRegistry otlpRegistry(TelemetrySettings settings) {
    String url = settings.signalUrl("/v1/metrics");
    Map<String, String> resource =
        Map.of(
            "service.name", settings.serviceName(), "service.version", settings.serviceVersion());
    OtlpConfig config =
        new OtlpConfig() {
          @Override
          public String get(String key) {
            // Nothing from system properties or the environment: config.yaml says it all.
            return null;
          }

          @Override
          public String url() {
            return url;
          }

          @Override
          public Duration step() {
            return settings.metricsStep();
          }

          @Override
          public Map<String, String> resourceAttributes() {
            return resource;
          }

          @Override
          public TimeUnit baseTimeUnit() {
            // As the Prometheus names say: durations in seconds.
            return TimeUnit.SECONDS;
          }
        };
    return new OtlpMeterRegistry(config, Clock.SYSTEM);
  }
}
