package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.waggle.adapters.http.testing.OtlpReceiver;
import dev.waggle.application.service.SyncService;
import dev.waggle.bootstrap.BuildMetadata;
import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.WaggleConfig;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * End to end: with {@code telemetry.endpoint} and tracing on, the server started from a config file
 * sends its traces and metrics to an OTLP/HTTP collector — a requested sync shows as the request's
 * span with the sync, its fetch and its write nested under it, in the caller's trace, and the log
 * lines the sync writes carry that trace's id.
 */
class TelemetryServeTest {
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String CALLER_SPAN = "b7ad6b7169203331";

  @TempDir Path dir;

  @Test
  void givenACollector_whenARequestedSyncRuns_thenItsSpansNestUnderTheRequestAndMetricsArrive()
      throws Exception {
    Path file = dir.resolve("registry.json");
    registry().server("io.example.otel/one", "1.0.0", "First").writeTo(file);
    DatabaseBlock database = DatabaseBlock.fresh();
    List<Map<String, String>> syncLogContexts = new CopyOnWriteArrayList<>();
    Logger syncLog = (Logger) LoggerFactory.getLogger(SyncService.class.getName());
    AppenderBase<ILoggingEvent> capture =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            if (event.getFormattedMessage().contains("Sync completed")) {
              // Read now, on the logging thread: the context is the thread's.
              syncLogContexts.add(Map.copyOf(event.getMDCPropertyMap()));
            }
          }
        };
    capture.setContext(syncLog.getLoggerContext());
    capture.start();
    syncLog.addAppender(capture);
    // The tests log warnings only; the line looked for is an INFO one.
    Level level = syncLog.getLevel();
    syncLog.setLevel(Level.INFO);

    try (OtlpReceiver collector = OtlpReceiver.start()) {
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
                    serviceName: waggle-e2e
                    endpoint: "%s"
                    insecure: true
                    tracing: {enabled: true, sampling: 1.0}
                    metrics: {enabled: true}
                  """
                          .formatted(collector.endpoint())
                      + database.yaml())
              .orElseThrow();
      Launcher.Options options = LoopbackLaunch.options(dir.resolve("waggle-home"));

      int status;
      try (Launcher launcher = Launcher.start(config, options)) {
        Api api = new Api(launcher.publicUrl());
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> assertThat(api.ok("/v0.1/servers").get("servers").size()).isEqualTo(1));
        registry()
            .server("io.example.otel/one", "1.0.0", "First")
            .server("io.example.otel/two", "1.0.0", "Second")
            .writeTo(file);

        status =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(launcher.publicUrl().resolve("/v1/sources/catalog/sync"))
                        .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> assertThat(api.ok("/v0.1/servers").get("servers").size()).isEqualTo(2));
      } finally {
        syncLog.detachAppender(capture);
        syncLog.setLevel(level);
      }
      // Closed: whatever was buffered has been sent.

      assertThat(status).isEqualTo(202);
      List<Span> trace =
          collector.spans().stream()
              .filter(s -> OtlpReceiver.hex(s.getTraceId()).equals(TRACE_ID))
              .toList();
      Span request = named(trace, "POST /v1/sources/{name}/sync");
      assertThat(OtlpReceiver.hex(request.getParentSpanId())).isEqualTo(CALLER_SPAN);
      Span sync = named(trace, "sync.performRegistrySync");
      assertThat(sync.getParentSpanId()).isEqualTo(request.getSpanId());
      assertThat(OtlpReceiver.text(sync.getAttributesList()))
          .containsEntry("registry.name", "catalog")
          .containsEntry("registry.type", "file")
          .containsEntry("sync.success", "true")
          .containsEntry("sync.outcome", "updated")
          .containsEntry("sync.server_count", "2");
      assertThat(named(trace, "sync.fetch").getParentSpanId()).isEqualTo(sync.getSpanId());
      Span write = named(trace, "store.replaceSourceContents");
      assertThat(write.getParentSpanId()).isEqualTo(sync.getSpanId());
      assertThat(OtlpReceiver.text(write.getAttributesList()))
          .containsEntry("db.system", "postgresql")
          .containsEntry("source.name", "catalog");
      // The read model loads on news from the database, in a trace of its own.
      assertThat(collector.spans())
          .filteredOn(s -> s.getName().equals("store.loadServedCatalog"))
          .isNotEmpty()
          .allSatisfy(
              s ->
                  assertThat(OtlpReceiver.text(s.getAttributesList()))
                      .containsEntry("registry.name", "default"));
      assertThat(collector.spans()).extracting(Span::getName).contains("GET /v0.1/servers");
      assertThat(collector.traceResource())
          .containsEntry("service.name", "waggle-e2e")
          .containsEntry("service.version", BuildMetadata.current().version());

      assertThat(syncLogContexts)
          .as("the requested sync's log line")
          .anySatisfy(mdc -> assertThat(mdc).containsEntry("trace_id", TRACE_ID));

      assertThat(collector.metrics())
          .extracting(Metric::getName)
          .contains(
              "stacklok.registry.http.requests",
              "stacklok.registry.sync.duration",
              "stacklok.registry.servers",
              "waggle.catalog.generation",
              "waggle.catalog.versions",
              "waggle.catalog.swap.duration",
              "hikaricp.connections.active");
      assertThat(collector.metricResource()).containsEntry("service.name", "waggle-e2e");
    }
  }

  private static Span named(List<Span> spans, String name) {
    List<Span> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(found).as("spans named %s in %s", name, spans).hasSize(1);
    return found.get(0);
  }
}
