package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.Api.nameAndVersion;
import static dev.waggle.bootstrap.e2e.Api.namesAndVersions;
import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.bootstrap.BuildMetadata;
import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the assembled Waggle on free loopback ports, a real PostgreSQL, registry files on
 * disk, and nothing but HTTP to look at it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {
  private static final String NS = "io.example.e2e/";
  private static final int NUMBERED_SERVERS = 25;

  private Launcher launcher;
  private Api api;
  private Api internal;
  private Path liveFile;
  private Path manualFile;
  private final List<String> primaryEntries = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path dir) {
    RegistryFiles primary = registry();
    for (int i = 1; i <= NUMBERED_SERVERS; i++) {
      String name = NS + String.format("server-%02d", i);
      primary.server(name, "1.0.0", "Numbered test server " + i);
      primaryEntries.add(name + "@1.0.0");
    }
    for (String version : List.of("1.0.0", "1.2.0", "1.10.0")) {
      primary.server(NS + "multi", version, "The Multi-version server, release " + version);
      primaryEntries.add(NS + "multi@" + version);
    }
    primary.writeTo(dir.resolve("primary.json"));
    registry()
        .server(NS + "multi", "9.9.9", "A lower-priority copy of the multi-version server")
        .server(NS + "server-01", "5.0.0", "A lower-priority copy of server 01")
        .server(NS + "only-secondary", "0.1.0", "Found in the secondary file only")
        .writeTo(dir.resolve("secondary.json"));
    liveFile = dir.resolve("live.json");
    registry().server(NS + "live", "1.0.0", "Changes while the test runs").writeTo(liveFile);
    manualFile = dir.resolve("manual.json");
    registry().server(NS + "manual", "1.0.0", "Synced on demand").writeTo(manualFile);

    DatabaseBlock database = DatabaseBlock.fresh();
    String yaml =
        """
        sources:
          - name: primary
            file: {path: primary.json}
            syncPolicy: {interval: 1s}
          - name: secondary
            file: {path: secondary.json}
            syncPolicy: {interval: 1s}
          - name: live
            file: {path: live.json}
            syncPolicy: {interval: 1s}
          - name: manual
            file: {path: manual.json}
            syncPolicy: {interval: 1h}
        registries:
          - name: main
            sources: [primary, secondary]
          - name: secondary-first
            sources: [secondary, primary]
          - name: live
            sources: [live]
          - name: manual
            sources: [manual]
        defaultRegistry: main
        auth:
          mode: anonymous
        """
            + database.yaml();
    // Passwords come in through the environment, as a Kubernetes secret would bring them.
    Map<String, String> env = database.env();
    WaggleConfig config = new ConfigLoader(env, dir, dir.resolve("home")).parse(yaml).orElseThrow();

    launcher = Launcher.start(config, LoopbackLaunch.options(dir.resolve("waggle-home")));
    api = new Api(launcher.publicUrl());
    internal = new Api(launcher.internalUrl());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(api.ok("/registry/main/v0.1/servers?limit=1000").get("servers"))
                  .hasSize(primaryEntries.size() + 1);
              assertThat(api.ok("/registry/live/v0.1/servers").get("servers")).hasSize(1);
              assertThat(api.ok("/registry/manual/v0.1/servers").get("servers")).hasSize(1);
            });
  }

  @Test
  void givenAChangedFileAndAnHourlySchedule_whenASyncIsRequested_thenTheChangeIsServedAtOnce() {
    registry().server(NS + "manual", "1.1.0", "Synced on demand, again").writeTo(manualFile);
    assertThat(Api.namesAndVersions(api.ok("/registry/manual/v0.1/servers")))
        .as("nothing re-reads the file before the hour is up")
        .containsExactly(NS + "manual@1.0.0");

    JsonNode sync = api.syncAndWait("manual");

    assertThat(sync.get("phase").asText()).isEqualTo("complete");
    assertThat(sync.get("lastResult").asText()).isEqualTo("updated");
    assertThat(sync.get("serverCount").asInt()).isEqualTo(1);
    assertThat(Api.namesAndVersions(api.ok("/registry/manual/v0.1/servers")))
        .containsExactly(NS + "manual@1.1.0");
    assertThat(api.post("/v1/sources/nowhere/sync").status()).isEqualTo(404);
  }

  @Test
  void theSourcesAndARegistrysSourcesShowTheirSyncStatus() {
    JsonNode sources = api.ok("/v1/sources").get("sources");
    assertThat(sources)
        .extracting(source -> source.get("name").asText())
        .containsExactly("live", "manual", "primary", "secondary");
    JsonNode primary = api.ok("/v1/sources/primary");
    assertThat(primary.get("sourceType").asText()).isEqualTo("file");
    assertThat(primary.get("syncSchedule").asText()).isEqualTo("1s");
    assertThat(primary.at("/syncStatus/serverCount").asInt()).isEqualTo(primaryEntries.size());
    assertThat(primary.at("/syncStatus/lastResult").asText()).isIn("updated", "unchanged");

    JsonNode main = api.ok("/v1/registries/main");
    assertThat(main.get("sources"))
        .extracting(JsonNode::asText)
        .containsExactly("primary", "secondary");
    assertThat(main.get("sourceStatus"))
        .extracting(source -> source.at("/syncStatus/phase").asText())
        .allSatisfy(phase -> assertThat(phase).isIn("complete", "syncing"));
    assertThat(api.get("/v1/registries/nowhere").status()).isEqualTo(404);
  }

  @AfterAll
  void stop() {
    if (launcher != null) {
      launcher.close();
    }
  }

  @Test
  void pagingThroughARegistryReturnsEveryVersionOfEveryServerExactlyOnce() {
    List<JsonNode> items = api.allPages("/registry/main/v0.1/servers", 7);

    List<String> seen = items.stream().map(Api::nameAndVersion).toList();
    List<String> expected = new ArrayList<>(primaryEntries);
    expected.add(NS + "only-secondary@0.1.0");
    assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    assertThat(items.get(0).path("server").path("description").asText()).isNotEmpty();
  }

  @Test
  void theFirstSourceOfARegistryWinsForAllVersionsOfAName() {
    assertThat(namesAndVersions(api.ok("/registry/main/v0.1/servers?search=multi")))
        .containsExactlyInAnyOrder(NS + "multi@1.0.0", NS + "multi@1.2.0", NS + "multi@1.10.0");
    assertThat(namesAndVersions(api.ok("/registry/secondary-first/v0.1/servers?search=multi")))
        .containsExactly(NS + "multi@9.9.9");
    assertThat(
            namesAndVersions(
                api.ok("/registry/secondary-first/v0.1/servers?search=server-01&version=latest")))
        .containsExactly(NS + "server-01@5.0.0");
  }

  @Test
  void latestIsDecidedBySemanticVersionNotByText() {
    JsonNode latest = api.ok("/registry/main/v0.1/servers?version=latest&limit=1000");

    assertThat(namesAndVersions(latest))
        .contains(NS + "multi@1.10.0", NS + "server-07@1.0.0", NS + "only-secondary@0.1.0")
        .doesNotContain(NS + "multi@1.2.0")
        .hasSize(NUMBERED_SERVERS + 2);
    assertThat(
            nameAndVersion(
                api.ok("/registry/main/v0.1/servers/" + encoded("multi") + "/versions/latest")))
        .isEqualTo(NS + "multi@1.10.0");
  }

  @Test
  void versionsOfOneServerComeFromTheWinningSourceOnly() {
    JsonNode versions = api.ok("/registry/main/v0.1/servers/" + encoded("multi") + "/versions");

    assertThat(namesAndVersions(versions))
        .containsExactlyInAnyOrder(NS + "multi@1.0.0", NS + "multi@1.2.0", NS + "multi@1.10.0");
    assertThat(
            nameAndVersion(
                api.ok("/registry/main/v0.1/servers/" + encoded("multi") + "/versions/1.2.0")))
        .isEqualTo(NS + "multi@1.2.0");
  }

  @Test
  void anUnknownVersionOrServerIsNotFound() {
    Api.Reply missingVersion =
        api.get("/registry/main/v0.1/servers/" + encoded("multi") + "/versions/3.0.0");
    assertThat(missingVersion.status()).isEqualTo(404);
    assertThat(missingVersion.body().path("error").asText()).isNotBlank();

    assertThat(api.get("/registry/nowhere/v0.1/servers").status()).isEqualTo(404);
  }

  @Test
  void searchMatchesNameTitleOrDescriptionIgnoringCase() {
    assertThat(namesAndVersions(api.ok("/registry/main/v0.1/servers?search=SECONDARY")))
        .containsExactly(NS + "only-secondary@0.1.0");
    assertThat(
            namesAndVersions(
                api.ok("/registry/main/v0.1/servers?search=numbered%20test%20server%2012")))
        .containsExactly(NS + "server-12@1.0.0");
  }

  @Test
  void updatedSinceKeepsOnlyWhatChangedAfterThatMoment() {
    assertThat(
            api.ok("/registry/main/v0.1/servers?limit=1000&updated_since=2000-01-01T00:00:00Z")
                .get("servers"))
        .hasSize(primaryEntries.size() + 1);
    assertThat(
            api.ok("/registry/main/v0.1/servers?updated_since=2999-01-01T00:00:00Z").get("servers"))
        .isEmpty();
  }

  @Test
  void badParametersAreClientErrorsWithAnErrorBody() {
    for (String query :
        List.of(
            "/registry/main/v0.1/servers?limit=abc",
            "/registry/main/v0.1/servers?limit=0",
            "/registry/main/v0.1/servers?cursor=not-a-cursor",
            "/registry/main/v0.1/servers?updated_since=yesterday",
            "/registry/main/v0.1/servers/not-a-server-name/versions")) {
      Api.Reply reply = api.get(query);
      assertThat(reply.status()).as(query).isEqualTo(400);
      assertThat(reply.contentType()).as(query).contains("json");
      assertThat(reply.body().path("error").asText()).as(query).isNotBlank();
    }
  }

  @Test
  void theBareV01PathsServeTheDefaultRegistry() {
    assertThat(namesAndVersions(api.ok("/v0.1/servers?limit=1000")))
        .containsExactlyInAnyOrderElementsOf(
            namesAndVersions(api.ok("/registry/main/v0.1/servers?limit=1000")));
    assertThat(nameAndVersion(api.ok("/v0.1/servers/" + encoded("multi") + "/versions/latest")))
        .isEqualTo(NS + "multi@1.10.0");
  }

  @Test
  void theInternalListenerAnswersHealthReadinessAndVersion() {
    assertThat(internal.ok("/health").path("status").asText()).isEqualTo("healthy");
    assertThat(internal.ok("/readiness").path("status").asText()).isEqualTo("ready");
    JsonNode version = internal.ok("/version");
    assertThat(version.path("version").asText()).isEqualTo(BuildMetadata.current().version());
    assertThat(launcher.internalPort()).isNotEqualTo(launcher.publicPort());
  }

  @Test
  void aChangedFileIsPickedUpAndABrokenOneLeavesTheLastGoodDataServed() {
    registry()
        .server(NS + "live", "1.0.0", "Changes while the test runs")
        .server(NS + "live", "1.1.0", "Changes while the test runs, again")
        .server(NS + "live-newcomer", "0.1.0", "Arrived with the second version of the file")
        .writeTo(liveFile);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(namesAndVersions(api.ok("/registry/live/v0.1/servers")))
                    .containsExactlyInAnyOrder(
                        NS + "live@1.0.0", NS + "live@1.1.0", NS + "live-newcomer@0.1.0"));

    RegistryFiles.writeText(liveFile, "{ this is not a registry file");

    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(namesAndVersions(api.ok("/registry/live/v0.1/servers")))
                    .containsExactlyInAnyOrder(
                        NS + "live@1.0.0", NS + "live@1.1.0", NS + "live-newcomer@0.1.0"));

    registry().server(NS + "live", "2.0.0", "Fixed again").writeTo(liveFile);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(namesAndVersions(api.ok("/registry/live/v0.1/servers")))
                    .containsExactly(NS + "live@2.0.0"));
  }

  private static String encoded(String shortName) {
    return "io.example.e2e%2F" + shortName;
  }
}
