package dev.waggle.adapters.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP adapter helper: per-request metrics of the public listener under ToolHive's names — duration
 * histogram and count by method, scheme, route pattern and status, requests in flight, and errors
 * by class. Meters are looked up once per (method, scheme, route, status) and kept, so the
 * catalog's fast path pays a map lookup, not a tag list built per request.
 */
final class HttpMetrics {
  /** ToolHive's HTTP buckets, in seconds. */
  static final Duration[] BUCKETS =
      MicrometerSyncMetrics.seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);

  /** The route label of a request no route matched: unbounded paths must not become labels. */
  static final String UNKNOWN_ROUTE = "unknown_route";

  /**
   * The methods of HTTP's specifications; any other (a scanner's {@code PROPFIND}, a made-up word)
   * is labelled {@code _OTHER}, as OpenTelemetry's conventions say, so that no client can grow the
   * series without bound.
   */
  private static final Set<String> KNOWN_METHODS =
      Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE");

  static final String OTHER_METHOD = "_OTHER";

  /** Marks a request counted in flight, so that only those are counted out again. */
  private static final String IN_FLIGHT = "waggle.metrics.inFlight";

  private final MeterRegistry registry;
  private final Map<Key, Meters> meters = new ConcurrentHashMap<>();
  private final Map<ActiveKey, AtomicLong> active = new ConcurrentHashMap<>();

  HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A before-hook: the request is in flight. */
  void started(Context ctx) {
    AtomicLong inFlight = active(method(ctx), ctx.scheme());
    inFlight.incrementAndGet();
    ctx.attribute(IN_FLIGHT, inFlight);
  }

  /** From the request logger, which Javalin calls once every request has its answer. */
  void finished(Context ctx, Float executionTimeMs) {
    AtomicLong inFlight = ctx.attribute(IN_FLIGHT);
    if (inFlight != null) {
      inFlight.decrementAndGet();
    }
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    Key key =
        new Key(
            method(ctx),
            ctx.scheme(),
            endpoint == null ? UNKNOWN_ROUTE : endpoint.path,
            ctx.statusCode());
    Meters recorded = meters.computeIfAbsent(key, this::register);
    long nanos = executionTimeMs == null ? 0 : (long) (executionTimeMs * 1_000_000d);
    recorded.duration.record(nanos, TimeUnit.NANOSECONDS);
    recorded.count.increment();
    if (recorded.error != null) {
      recorded.error.increment();
    }
  }

  private static String method(Context ctx) {
    return method(ctx.method().name());
  }

  /** The method as labels and span names carry it: {@code _OTHER} unless HTTP defines it. */
  static String method(String method) {
    return KNOWN_METHODS.contains(method) ? method : OTHER_METHOD;
  }

  private AtomicLong active(String method, String scheme) {
    return active.computeIfAbsent(
        new ActiveKey(method, scheme),
        k -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder("http.server.active.requests", value, AtomicLong::get)
              .description("Requests in flight")
              .tags("http_request_method", k.method(), "url_scheme", k.scheme())
              .register(registry);
          return value;
        });
  }

  private Meters register(Key key) {
    String status = Integer.toString(key.status());
    String[] tags = {
      "http_request_method", key.method(),
      "url_scheme", key.scheme(),
      "http_route", key.route(),
      "http_response_status_code", status
    };
    Timer duration =
        Timer.builder("http.server.request.duration")
            .description("Duration of HTTP requests")
            .tags(tags)
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    Counter count =
        Counter.builder("stacklok.registry.http.requests")
            .description("Total number of HTTP requests")
            .tags(tags)
            .register(registry);
    Counter error = null;
    if (key.status() >= 400) {
      error =
          Counter.builder("stacklok.registry.errors")
              .description("Errors by type, for the sync and HTTP paths")
              .tags(
                  "error_type",
                  key.status() >= 500 ? "server_error" : "client_error",
                  "area",
                  "http")
              .register(registry);
    }
    return new Meters(duration, count, error);
  }

  private record Key(String method, String scheme, String route, int status) {}

  private record ActiveKey(String method, String scheme) {}

  /** The meters of one key; {@code error} is null below 400. */
  private record Meters(Timer duration, Counter count, Counter error) {}
}
