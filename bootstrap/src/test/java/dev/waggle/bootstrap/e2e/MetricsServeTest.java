package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waggle.bootstrap.BuildMetadata;
import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: with {@code telemetry.metrics.enabled}, the server started from a config file serves
 * ToolHive's metrics at {@code GET /metrics} on the internal listener — the requests it answered,
 * the sync it ran and the size of the catalog it serves.
 */
class MetricsServeTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  @Test
  void givenMetricsEnabled_whenTrafficAndASyncHaveRun_thenTheScrapeCountsThem() throws Exception {
    registry()
        .server("io.example.metrics/one", "1.0.0", "First")
        .server("io.example.metrics/two", "1.0.0", "Second")
        .server("io.example.metrics/two", "1.1.0", "Second, again")
        .writeTo(dir.resolve("registry.json"));
    DatabaseBlock database = DatabaseBlock.fresh();
    WaggleConfig config =
        new ConfigLoader(database.env(), dir, dir.resolve("home"))
            .parse(
                """
                sources:
                  - name: catalog
                    file: {path: registry.json}
                    syncPolicy: {interval: 30m}
                registries:
                  - {name: default, sources: [catalog]}
                auth: {mode: anonymous}
                telemetry:
                  enabled: true
                  serviceName: waggle
                  metrics: {enabled: true}
                """
                    + database.yaml())
            .orElseThrow();
    Launcher.Options options = LoopbackLaunch.options(dir.resolve("waggle-home"));

    try (Launcher launcher = Launcher.start(config, options)) {
      Api api = new Api(launcher.publicUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(api.ok("/v0.1/servers").get("servers").size()).isEqualTo(3));

      for (int i = 0; i < 5; i++) {
        api.ok("/registry/default/v0.1/servers?limit=2");
      }
      Map<String, String> listed =
          Map.of(
              "http_request_method", "GET",
              "url_scheme", "http",
              "http_route", "/registry/{registry}/v0.1/servers",
              "http_response_status_code", "200");
      // A request is counted just after its answer is complete at the client: wait for the fifth.
      String scrape =
          await()
              .atMost(Duration.ofSeconds(5))
              .until(
                  () -> get(launcher.internalUrl().resolve("/metrics")),
                  s -> value(s, "stacklok_registry_http_requests_total", listed) >= 5);

      assertThat(value(scrape, "stacklok_registry_http_requests_total", listed)).isEqualTo(5.0);
      assertThat(
              value(
                  scrape,
                  "stacklok_registry_sync_duration_seconds_count",
                  Map.of("source", "catalog", "outcome", "success")))
          .isGreaterThanOrEqualTo(1.0);
      assertThat(
              value(
                  scrape,
                  "stacklok_registry_sync_duration_seconds_count",
                  Map.of("source", "catalog", "outcome", "error")))
          .isZero();
      // The versions the source serves, as its sync recorded them: three, in two servers. The
      // served catalogs read the counts on the news the sync sends once it recorded them.
      await()
          .atMost(Duration.ofSeconds(3))
          .untilAsserted(
              () ->
                  assertThat(
                          value(
                              get(launcher.internalUrl().resolve("/metrics")),
                              "stacklok_registry_servers",
                              Map.of("source", "catalog")))
                      .isEqualTo(3.0));
      assertThat(value(scrape, "stacklok_registry_skills", Map.of("source", "catalog"))).isZero();
      assertThat(
              value(
                  scrape,
                  "stacklok_build_info_ratio",
                  Map.of("component", "registry", "version", BuildMetadata.current().version())))
          .isEqualTo(1.0);
      // Waggle's own: what this replica serves of each registry, and what building it cost.
      assertThat(value(scrape, "waggle_catalog_versions", Map.of("registry", "default")))
          .isEqualTo(3.0);
      assertThat(value(scrape, "waggle_catalog_generation", Map.of("registry", "default")))
          .isPositive();
      assertThat(
              value(
                  scrape,
                  "waggle_catalog_swap_duration_seconds_count",
                  Map.of("registry", "default")))
          .isGreaterThanOrEqualTo(1.0);
      // The connection pool, as Hikari counts it: database.maxOpenConns is 4.
      assertThat(value(scrape, "hikaricp_connections_max", Map.of("pool", "waggle-postgres")))
          .isEqualTo(4.0);
      assertThat(value(scrape, "hikaricp_connections_active", Map.of("pool", "waggle-postgres")))
          .isBetween(0.0, 4.0);
      assertThat(value(scrape, "waggle_http_requests_shed_total", Map.of())).isZero();
      assertThat(samples(scrape)).anyMatch(l -> l.startsWith("waggle_http_requests_shed_total"));
      assertThat(samples(scrape))
          .allMatch(l -> l.contains("stacklok_component=\"registry\""))
          .allMatch(l -> l.contains("stacklok_product=\"stacklok-platform\""));
    }
  }

  private static String get(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
    return response.body();
  }

  private static List<String> samples(String scrape) {
    return scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }

  /** The one series {@code name} whose labels include {@code labels}; 0 when there is none. */
  private static double value(String scrape, String name, Map<String, String> labels) {
    List<String> matching =
        samples(scrape).stream()
            .filter(l -> l.startsWith(name + "{"))
            .filter(
                l ->
                    labels.entrySet().stream()
                        .allMatch(e -> l.contains(e.getKey() + "=\"" + e.getValue() + "\"")))
            .toList();
    assertThat(matching).as("series %s %s", name, labels).hasSizeLessThanOrEqualTo(1);
    if (matching.isEmpty()) {
      return 0;
    }
    String line = matching.get(0);
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }
}
