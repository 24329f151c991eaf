package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.adapters.http.testing.OtlpReceiver;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Traces and pushed metrics reach an OTLP/HTTP collector: one server span per request, named after
 * its route and joined to the caller's trace, and the scrape's meters under the same names.
 */
class TelemetryTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";
  private static final String LIST_ROUTE = "/registry/{registry}/v0.1/servers";

  private OtlpReceiver collector;
  private Telemetry telemetry;
  private RunningApi api;

  @BeforeEach
  void startCollector() throws Exception {
    collector = OtlpReceiver.start();
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
    if (telemetry != null) {
      telemetry.close();
    }
    collector.close();
  }

  private void start(boolean pushMetrics, Optional<Double> sampling) {
    telemetry =
        new Telemetry(
            RunningApi.BUILD,
            true,
            new TelemetrySettings(
                "waggle-test",
                "9.9.9",
                URI.create("http://" + collector.endpoint()),
                pushMetrics,
                // Longer than any test: what arrives is what closing sends.
                Duration.ofHours(1),
                sampling));
    api =
        RunningApi.withTelemetry(
            new FakeBrowseCatalog().with(FakeBrowseCatalog.DEFAULT), telemetry);
  }

  /** Stops serving, then flushes: everything recorded has been sent when it returns. */
  private void flush() {
    api.close();
    api = null;
    telemetry.close();
    telemetry = null;
  }

  @Test
  void givenACallersTraceparent_whenARequestIsServed_thenItsSpanJoinsThatTraceNamedByRoute() {
    start(false, Optional.of(0.000001));

    var response =
        api.send(
            HttpRequest.newBuilder(api.publicUri("/registry/default/v0.1/servers?limit=5"))
                .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")
                .header("User-Agent", "dashboard-probe/1.0")
                .GET());
    flush();

    assertThat(response.statusCode()).isEqualTo(200);
    // The ratio is tiny, yet the caller sampled its trace: the span is kept and joins it.
    Span span = single(collector.spans());
    assertThat(span.getName()).isEqualTo("GET " + LIST_ROUTE);
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(OtlpReceiver.hex(span.getTraceId())).isEqualTo(TRACE_ID);
    assertThat(OtlpReceiver.hex(span.getParentSpanId())).isEqualTo(CALLER_SPAN);
    assertThat(OtlpReceiver.text(span.getAttributesList()))
        .containsEntry("http.request.method", "GET")
        .containsEntry("http.route", LIST_ROUTE)
        .containsEntry("url.path", "/registry/default/v0.1/servers")
        .containsEntry("http.response.status_code", "200")
        .containsEntry("user_agent.original", "dashboard-probe/1.0");
    assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_OK);
    assertThat(collector.traceResource())
        .containsEntry("service.name", "waggle-test")
        .containsEntry("service.version", "9.9.9");
  }

  @Test
  void aRequestWithoutTraceparentStartsItsOwnTrace_andAPathNoRouteMatchesIsNamedUnknownRoute() {
    start(false, Optional.of(1.0));

    int status = api.get("/no/such/place/" + "x".repeat(40)).statusCode();
    flush();

    assertThat(status).isEqualTo(404);
    Span span = single(collector.spans());
    // Never the raw path: that would make a span name of every mistyped URL.
    assertThat(span.getName()).isEqualTo("GET unknown_route");
    assertThat(span.getParentSpanId().isEmpty()).isTrue();
    assertThat(OtlpReceiver.text(span.getAttributesList()))
        .containsEntry("http.route", "unknown_route")
        .containsEntry("http.response.status_code", "404");
    // As ToolHive: a client's mistake is not the server's error.
    assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
  }

  @Test
  void aUserAgentLongerThan256CharactersIsCut() {
    start(false, Optional.of(1.0));

    api.send(
        HttpRequest.newBuilder(api.publicUri("/v0.1/servers"))
            .header("User-Agent", "a".repeat(300))
            .GET());
    flush();

    assertThat(OtlpReceiver.text(single(collector.spans()).getAttributesList()))
        .containsEntry("user_agent.original", "a".repeat(256));
  }

  @Test
  void givenACollector_whenMetricsArePushed_thenTheScrapesMetersArriveUnderTheSameNames() {
    start(true, Optional.empty());

    for (int i = 0; i < 3; i++) {
      assertThat(api.get("/registry/default/v0.1/servers").statusCode()).isEqualTo(200);
    }
    flush();

    assertThat(collector.spans()).as("tracing is off").isEmpty();
    List<Metric> metrics = collector.metrics();
    assertThat(metrics)
        .extracting(Metric::getName)
        .contains(
            "http.server.request.duration",
            "stacklok.registry.http.requests",
            "http.server.active.requests",
            "stacklok.build.info.ratio",
            "waggle.http.requests.shed");
    NumberDataPoint requests =
        metrics.stream()
            .filter(m -> m.getName().equals("stacklok.registry.http.requests"))
            .flatMap(m -> m.getSum().getDataPointsList().stream())
            .filter(
                p -> LIST_ROUTE.equals(OtlpReceiver.text(p.getAttributesList()).get("http_route")))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(requests.getAsDouble()).isEqualTo(3.0);
    assertThat(OtlpReceiver.text(requests.getAttributesList()))
        .containsAllEntriesOf(
            Map.of(
                "http_request_method", "GET",
                "http_response_status_code", "200",
                "stacklok_component", "registry",
                "stacklok_product", "stacklok-platform"));
    assertThat(collector.metricResource())
        .containsEntry("service.name", "waggle-test")
        .containsEntry("service.version", "9.9.9");
  }

  private static Span single(List<Span> spans) {
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }
}
