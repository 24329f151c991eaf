package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.Api.namesAndVersions;
import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.ConfigResult;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a file source written without {@code syncPolicy}, as ToolHive's operator examples do,
 * serves a change to its file within moments — its regular check is a minute away.
 */
class WatchedFileServeTest {
  @TempDir Path dir;

  @Test
  void givenAFileSourceWithoutSyncPolicy_whenItsFileIsRewritten_thenTheNewDataIsServedPromptly() {
    Path catalog = dir.resolve("registry.json");
    registry().server("io.example.watched/tool", "1.0.0", "First edition").writeTo(catalog);
    DatabaseBlock database = DatabaseBlock.fresh();
    ConfigResult loaded =
        new ConfigLoader(database.env(), dir, dir.resolve("home"))
            .parse(
                """
                sources:
                  - name: configmap
                    file: {path: registry.json}
                registries:
                  - {name: default, sources: [configmap]}
                auth: {mode: anonymous}
                """
                    + database.yaml());
    WaggleConfig config = loaded.orElseThrow();
    Launcher.Options options = LoopbackLaunch.options(dir.resolve("waggle-home"));

    try (Launcher launcher = Launcher.start(config, options)) {
      Api api = new Api(launcher.publicUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(namesAndVersions(api.ok("/v0.1/servers")))
                      .containsExactly("io.example.watched/tool@1.0.0"));

      registry()
          .server("io.example.watched/tool", "1.0.0", "First edition")
          .server("io.example.watched/tool", "1.1.0", "Second edition")
          .writeTo(catalog);

      // The safety-net check is a minute away: only the watcher can serve it this soon.
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(100))
          .untilAsserted(
              () ->
                  assertThat(namesAndVersions(api.ok("/v0.1/servers")))
                      .containsExactlyInAnyOrder(
                          "io.example.watched/tool@1.0.0", "io.example.watched/tool@1.1.0"));
    }
    assertThat(loaded.warnings())
        .extracting(Object::toString)
        .anyMatch(w -> w.startsWith("sources[0].syncPolicy.interval: not set"));
  }
}
