package dev.waggle.adapters.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * HTTP adapter: the process's metrics in a Prometheus registry — ToolHive's names, labels and
 * buckets, so that dashboards and alerts written for it keep working — served as text at {@code GET
 * /metrics} on the internal listener, and recorded into any push registry beside it (OTLP).
 */
public final class PrometheusMetrics {
  /** The Prometheus text exposition format, which every scraper reads. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** ToolHive's cap: a scrape renders every series, and a pile of them is no use to anyone. */
  static final int CONCURRENT_SCRAPES = 2;

  /** The ownership labels ToolHive stamps on every series. */
  static final String COMPONENT = "registry";

  static final String PRODUCT = "stacklok-platform";

  private final PrometheusMeterRegistry prometheus;
  private final CompositeMeterRegistry registry;
  private final HttpMetrics http;
  private final MicrometerSyncMetrics sync;
  private final MicrometerCatalogMetrics catalog;
  private final Counter shed;
  private final Semaphore scrapes = new Semaphore(CONCURRENT_SCRAPES);

  public PrometheusMetrics(BuildInfo build) {
    this(build, List.of());
  }

  /**
   * @param alsoTo registries that receive the same meters, under the same names: an OTLP push
   */
  PrometheusMetrics(BuildInfo build, List<MeterRegistry> alsoTo) {
    Objects.requireNonNull(build, "'build' must not be null");
    prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry = new CompositeMeterRegistry();
    registry.add(prometheus);
    alsoTo.forEach(registry::add);
    registry.config().commonTags("stacklok_component", COMPONENT, "stacklok_product", PRODUCT);
    Gauge.builder("stacklok.build.info.ratio", () -> 1)
        .description("Always 1; the running build is carried on the labels")
        .tags("component", COMPONENT, "version", build.version(), "commit", build.commit())
        .register(registry);
    http = new HttpMetrics(registry);
    sync = new MicrometerSyncMetrics(registry);
    catalog = new MicrometerCatalogMetrics(registry);
    shed =
        Counter.builder("waggle.http.requests.shed")
            .description("Requests answered 503 at once because every database slot was taken")
            .register(registry);
  }

  /** The registry the meters live in. */
  MeterRegistry registry() {
    return registry;
  }

  HttpMetrics http() {
    return http;
  }

  /** The application's sync metrics, recorded into this registry. */
  public MicrometerSyncMetrics sync() {
    return sync;
  }

  /** The served catalogs' metrics, recorded into this registry. */
  MicrometerCatalogMetrics catalog() {
    return catalog;
  }

  /** Counts one request shed by load shedding. */
  void shed() {
    shed.increment();
  }

  /** {@code GET /metrics}: every series in the text format, or 503 when two scrapes already run. */
  void scrape(Context ctx) {
    if (!scrapes.tryAcquire()) {
      ctx.status(503).contentType(CONTENT_TYPE).result("too many scrapes in flight\n");
      return;
    }
    try {
      ctx.status(200).contentType(CONTENT_TYPE).result(prometheus.scrape());
    } finally {
      scrapes.release();
    }
  }
}
