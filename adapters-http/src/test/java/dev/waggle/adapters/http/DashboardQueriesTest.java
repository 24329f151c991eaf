package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.waggle.application.port.out.ServedCatalogStore.SourceSize;
import dev.waggle.application.port.out.SyncMetrics.Failure;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard in deploy/grafana asks only for series Waggle really serves: every metric
 * and label its PromQL names is in a scrape of a running API after traffic, syncs, errors, a
 * snapshot swap and a connection pool counting into its meters.
 */
class DashboardQueriesTest {
  private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "waggle-dashboard.json");

  /** Labels Prometheus adds when it scrapes, which no scrape therefore shows. */
  private static final Set<String> SCRAPE_LABELS = Set.of("instance", "job");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern SELECTOR =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");

  private RunningApi api;
  private HikariDataSource pool;
  private Map<String, Set<String>> served;

  @BeforeEach
  void scrapeAfterTrafficSyncsAndErrors() {
    api = RunningApi.withMetrics(new FakeBrowseCatalog().with(FakeBrowseCatalog.DEFAULT), 8);
    assertThat(api.get("/registry/default/v0.1/servers").statusCode()).isEqualTo(200);
    assertThat(api.get("/no/such/path").statusCode()).isEqualTo(404);
    assertThat(api.get("/registry/unavailable/v0.1/servers").statusCode()).isEqualTo(503);
    MicrometerSyncMetrics sync = api.metrics.orElseThrow().sync();
    sync.succeeded(new SourceName("files"), Duration.ofSeconds(2));
    sync.failed(new SourceName("upstream"), Duration.ofSeconds(1), Failure.FETCH);
    MicrometerCatalogMetrics catalog = api.metrics.orElseThrow().catalog();
    catalog.swapped(RegistryName.of("default"), 3, 12, Duration.ofMillis(4));
    catalog.sources(Map.of(new SourceName("files"), new SourceSize(12, 3, 1)));
    pool = connectionPool(api.metrics.orElseThrow().registry());
    served = seriesLabels(new Scrape(api.getInternal("/metrics").body()));
  }

  @AfterEach
  void stop() {
    pool.close();
    api.close();
  }

  /**
   * A real Hikari pool counting into the API's meters, as storage's does, over a database that
   * never answers: it opens no connection (no minimum, no start check), so its meters are all that
   * matters here.
   */
  private static HikariDataSource connectionPool(MeterRegistry meters) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("waggle-postgres");
    config.setMinimumIdle(0);
    config.setInitializationFailTimeout(-1);
    config.setDataSource(
        (DataSource)
            Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  throw new SQLException("no database in this test");
                }));
    config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
    return new HikariDataSource(config);
  }

  @Test
  void everyMetricTheDashboardQueriesIsServedWithTheLabelsItFiltersAndGroupsBy()
      throws IOException {
    List<String> queries = queries(new ObjectMapper().readTree(DASHBOARD.toFile()));

    assertThat(queries).isNotEmpty();
    for (String query : queries) {
      Set<String> metrics = metricNames(query);
      assertThat(metrics).as("metrics in %s", query).isNotEmpty();
      assertThat(served.keySet()).as("Waggle serves what %s reads", query).containsAll(metrics);
      Set<String> labels = new HashSet<>();
      metrics.forEach(m -> labels.addAll(served.get(m)));
      labels.addAll(SCRAPE_LABELS);
      Matcher selector = SELECTOR.matcher(withoutStrings(query));
      while (selector.find()) {
        Set<String> own = new HashSet<>(served.get(selector.group(1)));
        own.addAll(SCRAPE_LABELS);
        Matcher matcher = MATCHER.matcher(selector.group(2));
        while (matcher.find()) {
          assertThat(own)
              .as("labels of %s in %s", selector.group(1), query)
              .contains(matcher.group(1));
        }
      }
      Matcher grouping = GROUPING.matcher(query);
      while (grouping.find()) {
        for (String label : grouping.group(1).split(",")) {
          assertThat(labels).as("grouping label in %s", query).contains(label.strip());
        }
      }
    }
  }

  @Test
  void theDashboardCoversRequestsLatencyErrorsCatalogSizeSyncsShedLoadSnapshotsAndThePool()
      throws IOException {
    Set<String> used = new TreeSet<>();
    queries(new ObjectMapper().readTree(DASHBOARD.toFile()))
        .forEach(q -> used.addAll(metricNames(q)));

    assertThat(used)
        .contains(
            "stacklok_registry_http_requests_total",
            "http_server_request_duration_seconds_bucket",
            "http_server_active_requests",
            "stacklok_registry_errors_total",
            "stacklok_registry_servers",
            "stacklok_registry_skills",
            "stacklok_registry_plugins",
            "stacklok_registry_sync_duration_seconds_bucket",
            "stacklok_registry_sync_duration_seconds_count",
            "waggle_http_requests_shed_total",
            "waggle_catalog_generation",
            "waggle_catalog_versions",
            "waggle_catalog_swap_duration_seconds_bucket",
            "hikaricp_connections_active",
            "stacklok_build_info_ratio");
  }

  /** Every PromQL expression of the panels and of the template variables. */
  private static List<String> queries(JsonNode dashboard) {
    List<String> queries = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(target.path("expr").asText());
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        queries.add(variable.path("definition").asText());
      }
    }
    return queries;
  }

  /** The metric names an expression reads: identifiers that are not functions, labels or words. */
  static Set<String> metricNames(String query) {
    Set<String> names = new TreeSet<>();
    Matcher labelValues = LABEL_VALUES.matcher(query);
    if (labelValues.find()) {
      names.add(labelValues.group(1));
      return names;
    }
    String bare = withoutStrings(query);
    bare = bare.replaceAll("\\{[^}]*}", " ");
    bare = bare.replaceAll("\\[[^]]*]", " ");
    bare = GROUPING.matcher(bare).replaceAll(" ");
    bare = bare.replaceAll("\\$\\w+", " ");
    Matcher identifier = IDENTIFIER.matcher(bare);
    while (identifier.find()) {
      String word = identifier.group();
      boolean function = bare.substring(identifier.end()).matches("(?s)\\s*\\(.*");
      boolean numberPart =
          identifier.start() > 0 && Character.isDigit(bare.charAt(identifier.start() - 1));
      if (!function && !numberPart && !KEYWORDS.contains(word)) {
        names.add(word);
      }
    }
    return names;
  }

  private static String withoutStrings(String query) {
    return query.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
  }

  /** Each series name in a scrape with the label names it carries. */
  private static Map<String, Set<String>> seriesLabels(Scrape scrape) {
    Map<String, Set<String>> series = new HashMap<>();
    Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
    for (String sample : scrape.samples()) {
      int brace = sample.indexOf('{');
      String name =
          brace < 0 ? sample.substring(0, sample.indexOf(' ')) : sample.substring(0, brace);
      Set<String> labels = series.computeIfAbsent(name, n -> new HashSet<>());
      if (brace >= 0) {
        Matcher m = label.matcher(sample.substring(brace, sample.lastIndexOf('}')));
        while (m.find()) {
          labels.add(m.group(1));
        }
      }
    }
    return series;
  }
}
