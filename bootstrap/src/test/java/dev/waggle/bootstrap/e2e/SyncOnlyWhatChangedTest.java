package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.Api.namesAndVersions;
import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a sync of data that did not change writes nothing and says so, and a restart with a
 * changed source definition serves what the new definition reads without waiting for the hourly
 * interval.
 */
class SyncOnlyWhatChangedTest {
  private static final String NS = "io.example.resync/";

  @TempDir Path dir;

  private WaggleConfig config(DatabaseBlock database, String sourceYaml) {
    String yaml =
        """
        sources:
          - name: catalog
            syncPolicy: {interval: 1h}
        %s
        registries:
          - {name: default, sources: [catalog]}
        auth: {mode: anonymous}
        """
                .formatted(sourceYaml.indent(4).stripTrailing())
            + database.yaml();
    return new ConfigLoader(database.env(), dir, dir.resolve("home")).parse(yaml).orElseThrow();
  }

  private Launcher start(WaggleConfig config) {
    return Launcher.start(config, LoopbackLaunch.options(dir.resolve("waggle-home")));
  }

  private static List<String> updatedAts(JsonNode listBody) {
    List<String> stamps = new ArrayList<>();
    listBody
        .get("servers")
        .forEach(
            item ->
                stamps.add(
                    item.path("_meta")
                        .path("io.modelcontextprotocol.registry/official")
                        .path("updatedAt")
                        .asText()));
    return stamps;
  }

  @Test
  void givenUnchangedData_whenASyncIsRequestedTwice_thenTheSecondAnswersUnchangedAndNothingMoves() {
    Path file = dir.resolve("catalog.json");
    registry().server(NS + "a", "1.0.0", "First").writeTo(file);
    try (Launcher launcher = start(config(DatabaseBlock.fresh(), "file: {path: catalog.json}"))) {
      Api api = new Api(launcher.publicUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(namesAndVersions(api.ok("/v0.1/servers")))
                      .containsExactly(NS + "a@1.0.0"));
      registry()
          .server(NS + "a", "1.0.0", "First")
          .server(NS + "b", "1.0.0", "Second")
          .writeTo(file);

      JsonNode first = api.syncAndWait("catalog");
      List<String> stampsAfterFirst = updatedAts(api.ok("/v0.1/servers"));
      JsonNode second = api.syncAndWait("catalog");

      assertThat(first.get("lastResult").asText()).isEqualTo("updated");
      assertThat(second.get("phase").asText()).isEqualTo("complete");
      assertThat(second.get("lastResult").asText()).isEqualTo("unchanged");
      assertThat(second.get("serverCount").asInt()).isEqualTo(2);
      assertThat(second.get("lastSyncTime").asText())
          .isGreaterThan(first.get("lastSyncTime").asText());
      JsonNode after = api.ok("/v0.1/servers");
      assertThat(namesAndVersions(after)).containsExactly(NS + "a@1.0.0", NS + "b@1.0.0");
      assertThat(updatedAts(after)).isEqualTo(stampsAfterFirst);
    }
  }

  @Test
  void givenAStrictSource_whenOneEntryIsBroken_thenTheSyncFailsAndTheLastGoodDataStaysServed() {
    Path file = dir.resolve("catalog.json");
    registry().server(NS + "a", "1.0.0", "First").writeTo(file);
    try (Launcher launcher =
        start(config(DatabaseBlock.fresh(), "strict: true\nfile: {path: catalog.json}"))) {
      Api api = new Api(launcher.publicUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(namesAndVersions(api.ok("/v0.1/servers")))
                      .containsExactly(NS + "a@1.0.0"));
      registry()
          .server(NS + "a", "1.0.0", "First")
          .server(NS + "b", "1.0.0", "Second")
          .server("no-namespace", "1.0.0", "A name without a namespace is not valid")
          .writeTo(file);

      JsonNode status = api.syncAndWait("catalog");

      assertThat(status.get("phase").asText()).isEqualTo("failed");
      assertThat(status.get("lastResult").asText()).isEqualTo("failed");
      assertThat(status.get("attemptCount").asInt()).isEqualTo(1);
      assertThat(status.get("message").asText())
          .startsWith("Validation failed: strict source, 1 of 3 entries rejected")
          .contains("no-namespace");
      assertThat(api.ok("/v1/sources/catalog").get("strict").asBoolean()).isTrue();
      assertThat(namesAndVersions(api.ok("/v0.1/servers"))).containsExactly(NS + "a@1.0.0");
    }
  }

  @Test
  void givenAChangedFilePath_whenRestarting_thenTheNewFileIsServedWithoutWaitingForTheInterval() {
    registry()
        .server(NS + "old", "1.0.0", "Read before the restart")
        .writeTo(dir.resolve("a.json"));
    registry().server(NS + "new", "2.0.0", "Read after the restart").writeTo(dir.resolve("b.json"));
    DatabaseBlock database = DatabaseBlock.fresh();
    try (Launcher first = start(config(database, "file: {path: a.json}"))) {
      Api api = new Api(first.publicUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(namesAndVersions(api.ok("/v0.1/servers")))
                      .containsExactly(NS + "old@1.0.0"));
    }

    try (Launcher second = start(config(database, "file: {path: b.json}"))) {
      Api api = new Api(second.publicUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(namesAndVersions(api.ok("/v0.1/servers")))
                      .containsExactly(NS + "new@2.0.0"));
    }
  }

  @Test
  void givenANewFilterOnUnchangedData_whenRestarting_thenTheFilterIsAppliedAtOnce() {
    registry()
        .server(NS + "kept", "1.0.0", "Passes the filter")
        .server(NS + "experimental-x", "1.0.0", "Filtered out after the restart")
        .writeTo(dir.resolve("catalog.json"));
    DatabaseBlock database = DatabaseBlock.fresh();
    try (Launcher first = start(config(database, "file: {path: catalog.json}"))) {
      Api api = new Api(first.publicUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(namesAndVersions(api.ok("/v0.1/servers"))).hasSize(2));
    }

    try (Launcher second =
        start(
            config(
                database,
                """
                file: {path: catalog.json}
                filter: {names: {exclude: ["*experimental*"]}}
                """))) {
      Api api = new Api(second.publicUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(namesAndVersions(api.ok("/v0.1/servers")))
                      .containsExactly(NS + "kept@1.0.0"));
    }
  }
}
