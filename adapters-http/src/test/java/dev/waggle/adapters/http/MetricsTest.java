package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.out.ServedCatalogStore.SourceSize;
import dev.waggle.application.port.out.SyncMetrics.Failure;
import dev.waggle.domain.source.SourceName;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} on the internal listener counts what the public one answered, under
 * ToolHive's names, labels and buckets, so that dashboards written for ToolHive read Waggle.
 */
class MetricsTest {
  private static final String LIST_ROUTE = "/registry/{registry}/v0.1/servers";
  private RunningApi api;

  @AfterEach
  void stop() {
    if (api != null) {
      api.catalog.open();
      api.sync.open();
      api.close();
    }
  }

  private Scrape scrape() {
    HttpResponse<String> response = api.getInternal("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    return new Scrape(response.body());
  }

  private static Map<String, String> request(String route, int status) {
    return Map.of(
        "http_request_method",
        "GET",
        "url_scheme",
        "http",
        "http_route",
        route,
        "http_response_status_code",
        Integer.toString(status));
  }

  @Test
  void givenRequestsToTheListRoute_whenScraped_thenTheCounterAndHistogramCountExactlyThose() {
    api = RunningApi.withMetrics(new FakeBrowseCatalog().with(FakeBrowseCatalog.DEFAULT), 8);
    double before =
        scrape().value("stacklok_registry_http_requests_total", request(LIST_ROUTE, 200));

    for (int i = 0; i < 3; i++) {
      assertThat(api.get("/registry/default/v0.1/servers").statusCode()).isEqualTo(200);
    }
    // A catalog answer is complete at the client once its bytes are written; the request is
    // counted just after that, so the scrape waits until the last one is.
    Scrape after =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                this::scrape,
                s ->
                    s.value("stacklok_registry_http_requests_total", request(LIST_ROUTE, 200))
                        >= 3);

    assertThat(before).isZero();
    assertThat(after.value("stacklok_registry_http_requests_total", request(LIST_ROUTE, 200)))
        .isEqualTo(3.0);
    assertThat(after.value("http_server_request_duration_seconds_count", request(LIST_ROUTE, 200)))
        .isEqualTo(3.0);
    // ToolHive's buckets: the largest finite one is 10 s, and every request fits in it.
    Map<String, String> largest = new HashMap<>(request(LIST_ROUTE, 200));
    largest.put("le", "10.0");
    assertThat(after.value("http_server_request_duration_seconds_bucket", largest)).isEqualTo(3.0);
    assertThat(after.samples())
        .anyMatch(l -> l.startsWith("http_server_request_duration_seconds_bucket{"))
        .anyMatch(l -> l.contains("le=\"0.005\"") && l.contains(LIST_ROUTE));
    // Nothing is in flight once the answers are in.
    assertThat(
            after.value(
                "http_server_active_requests",
                Map.of("http_request_method", "GET", "url_scheme", "http")))
        .isZero();
  }

  @Test
  void unmatchedPathsShareOneRouteLabelAndErrorsAreCountedByClass() {
    api = RunningApi.withMetrics(new FakeBrowseCatalog().with(FakeBrowseCatalog.DEFAULT), 8);

    assertThat(api.get("/no/such/path/one").statusCode()).isEqualTo(404);
    assertThat(api.get("/no/such/path/two").statusCode()).isEqualTo(404);
    assertThat(api.get("/registry/unavailable/v0.1/servers").statusCode()).isEqualTo(503);
    Scrape scrape = scrape();

    assertThat(scrape.value("stacklok_registry_http_requests_total", request("unknown_route", 404)))
        .isEqualTo(2.0);
    assertThat(scrape.text()).doesNotContain("/no/such/path");
    assertThat(scrape.value("stacklok_registry_http_requests_total", request(LIST_ROUTE, 503)))
        .isEqualTo(1.0);
    assertThat(
            scrape.value(
                "stacklok_registry_errors_total",
                Map.of("area", "http", "error_type", "client_error")))
        .isEqualTo(2.0);
    assertThat(
            scrape.value(
                "stacklok_registry_errors_total",
                Map.of("area", "http", "error_type", "server_error")))
        .isEqualTo(1.0);
  }

  @Test
  void methodsOutsideHttpsOwnAreCountedAsOtherSoNoClientCanGrowTheSeries() {
    api = RunningApi.withMetrics(new FakeBrowseCatalog().with(FakeBrowseCatalog.DEFAULT), 8);

    api.raw("PROPFIND", "/v0.1/servers", "");
    api.raw("BREW", "/v0.1/servers", "");
    Scrape scrape = scrape();

    assertThat(scrape.text()).doesNotContain("PROPFIND").doesNotContain("BREW");
    assertThat(
            scrape.samples().stream()
                .filter(l -> l.startsWith("stacklok_registry_http_requests_total{"))
                .filter(l -> l.contains("http_request_method=\"_OTHER\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum())
        .isEqualTo(2.0);
  }

  @Test
  void everySeriesCarriesTheOwnershipLabelsAndTheBuildIsReported() {
    api = RunningApi.withMetrics(new FakeBrowseCatalog().with(FakeBrowseCatalog.DEFAULT), 8);
    api.get("/v0.1/servers");

    Scrape scrape = scrape();

    assertThat(scrape.samples())
        .isNotEmpty()
        .allMatch(l -> l.contains("stacklok_component=\"registry\""))
        .allMatch(l -> l.contains("stacklok_product=\"stacklok-platform\""));
    assertThat(
            scrape.value(
                "stacklok_build_info_ratio",
                Map.of("component", "registry", "version", "1.2.3", "commit", "abc1234")))
        .isEqualTo(1.0);
  }

  @Test
  void syncsAreMeasuredBySourceAndOutcomeAndSourceSizesAreGauges() {
    api = RunningApi.withMetrics(new FakeBrowseCatalog().with(FakeBrowseCatalog.DEFAULT), 8);
    MicrometerSyncMetrics sync = api.metrics.orElseThrow().sync();
    MicrometerCatalogMetrics catalog = api.metrics.orElseThrow().catalog();

    sync.succeeded(new SourceName("files"), Duration.ofMillis(300));
    sync.succeeded(new SourceName("files"), Duration.ofSeconds(40));
    catalog.sources(
        Map.of(
            new SourceName("files"),
            new SourceSize(12, 3, 1),
            new SourceName("gone"),
            new SourceSize(1, 0, 0)));
    catalog.sources(Map.of(new SourceName("files"), new SourceSize(14, 3, 0)));
    sync.failed(new SourceName("upstream"), Duration.ofSeconds(2), Failure.FETCH);
    Scrape scrape = scrape();

    assertThat(
            scrape.value(
                "stacklok_registry_sync_duration_seconds_count",
                Map.of("source", "files", "outcome", "success")))
        .isEqualTo(2.0);
    assertThat(
            scrape.value(
                "stacklok_registry_sync_duration_seconds_bucket",
                Map.of("source", "files", "outcome", "success", "le", "0.5")))
        .isEqualTo(1.0);
    assertThat(
            scrape.value(
                "stacklok_registry_sync_duration_seconds_bucket",
                Map.of("source", "files", "outcome", "success", "le", "60.0")))
        .isEqualTo(2.0);
    assertThat(
            scrape.value(
                "stacklok_registry_sync_duration_seconds_count",
                Map.of("source", "upstream", "outcome", "error")))
        .isEqualTo(1.0);
    assertThat(
            scrape.value(
                "stacklok_registry_errors_total",
                Map.of("area", "sync", "error_type", "fetch_failed")))
        .isEqualTo(1.0);
    assertThat(scrape.value("stacklok_registry_servers", Map.of("source", "files")))
        .isEqualTo(14.0);
    assertThat(scrape.value("stacklok_registry_skills", Map.of("source", "files"))).isEqualTo(3.0);
    assertThat(scrape.value("stacklok_registry_plugins", Map.of("source", "files"))).isZero();
    // A source the served catalogs did not report has no size, rather than a made-up zero, and one
    // that went drops its series.
    assertThat(scrape.text())
        .doesNotContain("stacklok_registry_servers{source=\"upstream\"")
        .doesNotContain("stacklok_registry_servers{source=\"gone\"");
  }

  @Test
  void requestsShedForWantOfADatabaseSlotAreCounted() throws Exception {
    api = RunningApi.withMetrics(new FakeBrowseCatalog().with(FakeBrowseCatalog.DEFAULT), 2);
    api.sync.gated().answer("files", SyncOutcome.Result.UPDATED, "Sync completed");
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      held.add(CompletableFuture.supplyAsync(this::sync));
    }
    while (api.sync.waitingAtTheGate() < 2) {
      Thread.sleep(10);
    }

    assertThat(sync().statusCode()).isEqualTo(503);
    Scrape whileHeld = scrape();
    api.sync.open();
    for (CompletableFuture<HttpResponse<String>> request : held) {
      assertThat(request.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    }

    assertThat(whileHeld.value("waggle_http_requests_shed_total", Map.of())).isEqualTo(1.0);
    assertThat(
            whileHeld.value(
                "http_server_active_requests",
                Map.of("http_request_method", "POST", "url_scheme", "http")))
        .isEqualTo(2.0);
  }

  @Test
  void withoutMetricsThereIsNoMetricsRoute() {
    api = new RunningApi(new FakeBrowseCatalog().with(FakeBrowseCatalog.DEFAULT));

    assertThat(api.getInternal("/metrics").statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> sync() {
    return api.send(
        HttpRequest.newBuilder(api.publicUri("/v1/sources/files/sync"))
            .POST(HttpRequest.BodyPublishers.noBody()));
  }
}
