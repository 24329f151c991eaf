package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.Api.namesAndVersions;
import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: two Waggle replicas on one PostgreSQL, each serving from its own in-memory snapshot,
 * looked at over real HTTP — what one syncs the other serves and counts in its metrics, and both
 * answer conditional and compressed requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicasTest {
  private static final String NS = "io.example.replicas/";
  private static final String SERVERS = "/registry/main/v0.1/servers";
  private final HttpClient client = HttpClient.newHttpClient();
  private Launcher first;
  private Launcher second;
  private Path file;

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    file = dir.resolve("catalog.json");
    RegistryFiles catalog = registry();
    for (int i = 0; i < 30; i++) {
      catalog.server(
          NS + "server-" + i, "1.0.0", "A server that makes the page worth zipping " + i);
    }
    catalog.writeTo(file);
    DatabaseBlock database = DatabaseBlock.fresh();
    String yaml =
        """
        sources:
          - name: files
            file: {path: catalog.json}
            syncPolicy: {interval: 1h}
        registries:
          - name: main
            sources: [files]
        auth:
          mode: anonymous
        telemetry:
          enabled: true
          metrics: {enabled: true}
        """
            + database.yaml();
    WaggleConfig config =
        new ConfigLoader(database.env(), dir, dir.resolve("home")).parse(yaml).orElseThrow();
    first = launch(config, dir.resolve("first"));
    second = launch(config, dir.resolve("second"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(new Api(first.publicUrl()).ok(SERVERS).get("servers")).hasSize(30);
              assertThat(new Api(second.publicUrl()).ok(SERVERS).get("servers")).hasSize(30);
            });
  }

  private static Launcher launch(WaggleConfig config, Path home) {
    return Launcher.start(config, LoopbackLaunch.options(home));
  }

  @AfterAll
  void stop() {
    for (Launcher launcher : new Launcher[] {first, second}) {
      if (launcher != null) {
        launcher.close();
      }
    }
  }

  private HttpResponse<byte[]> get(Launcher replica, String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(replica.publicUrl() + path))
            .timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void givenTwoReplicas_whenOneSyncsAChange_thenTheOtherServesItWithinTwoSeconds()
      throws Exception {
    Api firstApi = new Api(first.publicUrl());
    Api secondApi = new Api(second.publicUrl());
    String tagBefore =
        get(second, SERVERS + "?search=newcomer").headers().firstValue("ETag").orElseThrow();
    RegistryFiles changed = registry();
    for (int i = 0; i < 30; i++) {
      changed.server(
          NS + "server-" + i, "1.0.0", "A server that makes the page worth zipping " + i);
    }
    changed.server(NS + "newcomer", "0.1.0", "Arrived after both replicas started").writeTo(file);

    assertThat(firstApi.syncAndWait("files").get("lastResult").asText()).isEqualTo("updated");

    assertThat(namesAndVersions(firstApi.ok(SERVERS + "?search=newcomer")))
        .as("the replica that synced serves its own write at once")
        .containsExactly(NS + "newcomer@0.1.0");
    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () ->
                assertThat(namesAndVersions(secondApi.ok(SERVERS + "?search=newcomer")))
                    .containsExactly(NS + "newcomer@0.1.0"));
    HttpResponse<byte[]> revalidated =
        get(second, SERVERS + "?search=newcomer", "If-None-Match", tagBefore);
    assertThat(revalidated.statusCode()).as("the old tag no longer matches").isEqualTo(200);
  }

  @Test
  void givenTwoReplicas_whenOneSyncs_thenTheOthersScrapeShowsTheSourcesNewSizeWithinSeconds()
      throws Exception {
    RegistryFiles changed = registry();
    for (int i = 0; i < 30; i++) {
      changed.server(
          NS + "server-" + i, "1.0.0", "A server that makes the page worth zipping " + i);
    }
    changed
        .server(NS + "gauged", "1.0.0", "Counted on both replicas")
        .server(NS + "gauged", "1.1.0", "Counted on both replicas, again")
        .writeTo(file);

    assertThat(new Api(first.publicUrl()).syncAndWait("files").get("lastResult").asText())
        .isEqualTo("updated");

    // The second replica ran no sync: its gauge comes from the stored counts, read when the news
    // of the change reached it.
    await()
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(sourceServers(second, "files")).isEqualTo("32.0"));
    assertThat(sourceServers(first, "files")).isEqualTo("32.0");
  }

  /** The value of {@code stacklok_registry_servers} for one source in a replica's scrape. */
  private String sourceServers(Launcher replica, String source)
      throws IOException, InterruptedException {
    HttpResponse<String> scrape =
        client.send(
            HttpRequest.newBuilder(replica.internalUrl().resolve("/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(scrape.statusCode()).isEqualTo(200);
    return scrape
        .body()
        .lines()
        .filter(l -> l.startsWith("stacklok_registry_servers{source=\"" + source + "\""))
        .map(l -> l.substring(l.lastIndexOf(' ') + 1))
        .findFirst()
        .orElse("absent");
  }

  @Test
  void aRevalidationWithTheCurrentTagIsNotModifiedAndBothReplicasAgreeOnTheTag() throws Exception {
    HttpResponse<byte[]> page = get(first, SERVERS + "?limit=10");
    String tag = page.headers().firstValue("ETag").orElseThrow();

    HttpResponse<byte[]> again = get(first, SERVERS + "?limit=10", "If-None-Match", tag);
    HttpResponse<byte[]> elsewhere = get(second, SERVERS + "?limit=10", "If-None-Match", tag);

    assertThat(page.headers().firstValue("Cache-Control")).hasValue("public, no-cache");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(elsewhere.statusCode())
        .as("a cache in front of several replicas revalidates against any of them")
        .isEqualTo(304);
  }

  @Test
  void aClientThatAcceptsGzipGetsTheSameDocumentCompressed() throws Exception {
    HttpResponse<byte[]> plain = get(first, SERVERS + "?limit=30");
    HttpResponse<byte[]> zipped = get(first, SERVERS + "?limit=30", "Accept-Encoding", "gzip");

    assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
    assertThat(new String(unzipped, StandardCharsets.UTF_8))
        .isEqualTo(new String(plain.body(), StandardCharsets.UTF_8));
    assertThat(zipped.body().length).isLessThan(plain.body().length);
  }

  @Test
  void theServerJsonKeepsTheSourcesKeyOrderNotPostgresqlsJsonbOrder() throws Exception {
    String body =
        new String(
            get(first, SERVERS + "/" + NS.replace("/", "%2F") + "server-1/versions/latest").body(),
            StandardCharsets.UTF_8);

    String server = body.substring(0, body.indexOf(",\"_meta\""));
    // The file lists $schema, name, description, version; jsonb would put name first and add
    // a space after every colon.
    assertThat(server).startsWith("{\"server\":{\"$schema\":");
    assertThat(server.indexOf("\"name\"")).isLessThan(server.indexOf("\"description\""));
    assertThat(server.indexOf("\"description\"")).isLessThan(server.indexOf("\"version\""));
    assertThat(server).doesNotContain("\": ");
  }
}
