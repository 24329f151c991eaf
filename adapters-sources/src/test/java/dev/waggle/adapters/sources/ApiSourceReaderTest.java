package dev.waggle.adapters.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.adapters.sources.RegistryApiUpstream.Fault;
import dev.waggle.application.port.out.FetchedSource;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.UpstreamMeta;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiSourceReaderTest {
  private static final ApiPageClient.Retry QUICK =
      new ApiPageClient.Retry(
          3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5));

  private RegistryApiUpstream upstream;

  @BeforeEach
  void start() throws Exception {
    upstream = new RegistryApiUpstream("/registry/upstream");
  }

  @AfterEach
  void stop() {
    upstream.close();
  }

  private static ApiSourceReader reader() {
    return new ApiSourceReader(new ApiPageClient(QUICK), Clock.systemUTC());
  }

  private static SourceDefinition source(URI endpoint, Duration timeout) {
    return new SourceDefinition(
        SourceName.of("federated"),
        new SourceKind.Api(endpoint, timeout),
        Optional.of(Duration.ofMinutes(5)),
        EntryFilter.NONE,
        null);
  }

  private SourceDefinition source() {
    return source(upstream.endpoint(), Duration.ofSeconds(5));
  }

  private static Map<String, ServerStatus> statuses(FetchedSource fetched)
      throws SourceReadException {
    return fetched.parse().servers().stream()
        .collect(
            Collectors.toMap(m -> m.name() + "@" + m.version().value(), ServerManifest::status));
  }

  @Test
  void givenMoreThanOnePage_whenRead_thenEveryPageIsFollowedAndTheUpstreamStatusIsKept()
      throws Exception {
    for (int i = 0; i < 250; i++) {
      upstream.put("io.example/server-" + (1000 + i), "1.0.0", "Server " + i);
    }
    upstream.put("io.example/server-1000", "1.0.0", "Old", "deprecated");

    Map<String, ServerStatus> read = statuses(reader().fetch(source()));

    assertThat(read).hasSize(250);
    assertThat(read.get("io.example/server-1000@1.0.0")).isEqualTo(ServerStatus.DEPRECATED);
    assertThat(read.get("io.example/server-1001@1.0.0")).isEqualTo(ServerStatus.ACTIVE);
    assertThat(upstream.requests())
        .extracting(RegistryApiUpstream.Request::query)
        .containsExactly("limit=100", "limit=100&cursor=100", "limit=100&cursor=200");
  }

  @Test
  void
      givenAFirstFullRead_whenTheUpstreamChanges_thenTheNextReadAsksOnlyForChangesAndMatchesAFullRead()
          throws Exception {
    upstream.put("io.example/a", "1.0.0", "A").put("io.example/b", "1.0.0", "B");
    upstream.put("io.example/c", "1.0.0", "C");
    ApiSourceReader reader = reader();
    reader.fetch(source());

    upstream.put("io.example/a", "1.0.0", "A, deprecated", "deprecated");
    upstream.put("io.example/b", "1.0.0", "B", "deleted");
    upstream.put("io.example/d", "2.0.0", "D");
    FetchedSource incremental = reader.fetch(source());

    assertThat(upstream.requests().get(1).query())
        .startsWith("limit=100&updated_since=2026-10-01T00%3A02%3A59Z");
    assertThat(statuses(incremental))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "io.example/a@1.0.0", ServerStatus.DEPRECATED,
                "io.example/c@1.0.0", ServerStatus.ACTIVE,
                "io.example/d@2.0.0", ServerStatus.ACTIVE));
    assertThat(incremental.contentHash())
        .as("the same hash as a full read of the same upstream")
        .isEqualTo(reader().fetch(source()).contentHash());
  }

  @Test
  void givenAnUpstreamThatMarksALowerVersionLatest_whenRead_thenItsIsLatestAndPublishTimeAreKept()
      throws Exception {
    upstream.put("io.example/a", "1.0.0", "A one");
    upstream.put("io.example/a", "2.0.0", "A two").markLatest("io.example/a", "2.0.0", false);
    ApiSourceReader reader = reader();

    FetchedSource first = reader.fetch(source());
    Map<String, UpstreamMeta> read = upstreamMeta(first);

    assertThat(read.get("io.example/a@1.0.0"))
        .isEqualTo(
            new UpstreamMeta(
                Optional.of(Instant.parse("2026-10-01T00:01:00Z")), Optional.of(true)));
    assertThat(read.get("io.example/a@2.0.0"))
        .isEqualTo(
            new UpstreamMeta(
                Optional.of(Instant.parse("2026-10-01T00:02:00Z")), Optional.of(false)));

    upstream.markLatest("io.example/a", "2.0.0", true).markLatest("io.example/a", "1.0.0", false);
    FetchedSource second = reader.fetch(source());

    assertThat(second.contentHash())
        .as("a changed isLatest alone is a change to sync")
        .isNotEqualTo(first.contentHash());
    assertThat(upstreamMeta(second).get("io.example/a@2.0.0").latest()).contains(true);
    assertThat(upstreamMeta(second).get("io.example/a@1.0.0").latest()).contains(false);
  }

  private static Map<String, UpstreamMeta> upstreamMeta(FetchedSource fetched)
      throws SourceReadException {
    return fetched.parse().servers().stream()
        .collect(
            Collectors.toMap(m -> m.name() + "@" + m.version().value(), ServerManifest::upstream));
  }

  @Test
  void givenNoChangeUpstream_whenReadAgain_thenTheHashIsTheSameSoTheSyncIsSkipped()
      throws Exception {
    upstream.put("io.example/a", "1.0.0", "A");
    ApiSourceReader reader = reader();

    String first = reader.fetch(source()).contentHash();
    String second = reader.fetch(source()).contentHash();

    assertThat(second).isEqualTo(first);
    assertThat(upstream.requests().get(1).query()).contains("updated_since=");
  }

  @Test
  void givenA429WithRetryAfterAndA503_whenRead_thenItWaitsAsToldRetriesAndSucceeds()
      throws Exception {
    upstream.put("io.example/a", "1.0.0", "A");
    upstream.fail(Fault.retryAfter(429, "1"), Fault.status(503));

    assertThat(statuses(reader().fetch(source()))).containsOnlyKeys("io.example/a@1.0.0");

    List<RegistryApiUpstream.Request> requests = upstream.requests();
    assertThat(requests).hasSize(3);
    assertThat(Duration.ofNanos(requests.get(1).nanos() - requests.get(0).nanos()))
        .as("Retry-After: 1 is honoured")
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
  }

  @Test
  void givenAPageSlowerThanTheTimeout_whenRead_thenItIsAskedForAgain() throws Exception {
    upstream.put("io.example/a", "1.0.0", "A");
    upstream.fail(Fault.slow(Duration.ofSeconds(2)));

    FetchedSource fetched = reader().fetch(source(upstream.endpoint(), Duration.ofMillis(500)));

    assertThat(statuses(fetched)).containsOnlyKeys("io.example/a@1.0.0");
    assertThat(upstream.requests()).hasSize(2);
  }

  @Test
  void givenAnUpstreamThatKeepsFailing_whenRead_thenTheSyncFailsAfterTheLastAttemptSayingWhy() {
    upstream.put("io.example/a", "1.0.0", "A");
    upstream.fail(Fault.status(503), Fault.status(502), Fault.status(503));

    assertThatThrownBy(() -> reader().fetch(source()))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("/registry/upstream/v0.1/servers?limit=100 failed 3 times")
        .hasMessageContaining("last: HTTP 503");
    assertThat(upstream.requests()).hasSize(3);
  }

  @Test
  void givenARetryAfterLongerThanASyncWaits_whenRead_thenItFailsAtOnceSayingSo() {
    upstream.fail(Fault.retryAfter(503, "3600"));

    assertThatThrownBy(() -> reader().fetch(source()))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("HTTP 503, and the upstream asks to wait 3600 s");
    assertThat(upstream.requests()).hasSize(1);
  }

  @Test
  void givenAnEndpointThatIsNotTheApi_whenRead_thenTheMessageSaysWhatWasExpectedAndWhatCameBack() {
    upstream.fail(Fault.html());

    assertThatThrownBy(() -> reader().fetch(source()))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("did not answer as the MCP Registry API")
        .hasMessageContaining("a JSON object with a \"servers\" array")
        .hasMessageContaining("got text/html, not JSON, starting \"<!doctype html>");
  }

  @Test
  void givenAnEndpointWithoutTheRegistryBase_whenRead_thenThe404SaysWhichBaseToUse() {
    URI wrong = URI.create(upstream.endpoint().toString().replace("/registry/upstream", ""));

    assertThatThrownBy(() -> reader().fetch(source(wrong, Duration.ofSeconds(5))))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("answered HTTP 404")
        .hasMessageContaining("https://host/registry/{name}");
  }

  @Test
  void givenTheEndpointSpelledWithTheApiPath_whenRead_thenTheSameServersAreRead() throws Exception {
    upstream.put("io.example/a", "1.0.0", "A");
    URI spelled = URI.create(upstream.endpoint() + "/v0.1/servers/");

    assertThat(statuses(reader().fetch(source(spelled, Duration.ofSeconds(5)))))
        .containsOnlyKeys("io.example/a@1.0.0");
  }

  @Test
  void theBaseOfAnEndpointDropsTheApiPathButKeepsARegistryPath() {
    assertThat(ApiSourceReader.base(URI.create("https://registry.modelcontextprotocol.io/")))
        .isEqualTo("https://registry.modelcontextprotocol.io");
    assertThat(ApiSourceReader.base(URI.create("https://w.example/registry/default/v0.1")))
        .isEqualTo("https://w.example/registry/default");
    assertThat(ApiSourceReader.base(URI.create("https://w.example/teams/servers")))
        .isEqualTo("https://w.example/teams/servers");
  }

  @Test
  void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
    java.time.Instant now = java.time.Instant.parse("2026-11-29T12:00:00Z");
    assertThat(ApiPageClient.retryAfter(Optional.of("7"), now)).contains(Duration.ofSeconds(7));
    assertThat(ApiPageClient.retryAfter(Optional.of("Sun, 29 Nov 2026 12:00:30 GMT"), now))
        .contains(Duration.ofSeconds(30));
    assertThat(ApiPageClient.retryAfter(Optional.of("soon"), now)).isEmpty();
  }
}
