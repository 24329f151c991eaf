package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.Api.namesAndVersions;
import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end without a {@code database} block: Waggle runs its own PostgreSQL under WAGGLE_HOME,
 * and what it stored is still there after a restart.
 */
class EmbeddedDatabaseServeTest {
  @TempDir Path dir;

  @Test
  void givenNoDatabaseBlock_whenServing_thenAnEmbeddedPostgresqlKeepsTheCatalogAcrossRestarts()
      throws IOException {
    Path catalog = dir.resolve("catalog.json");
    registry()
        .server("io.example.embedded/kept", "1.0.0", "Stored in the embedded PostgreSQL")
        .writeTo(catalog);
    WaggleConfig config =
        new ConfigLoader(Map.of(), dir, dir)
            .parse(
                """
                sources:
                  - {name: local, file: {path: catalog.json}, syncPolicy: {interval: 1h}}
                registries:
                  - {name: default, sources: [local]}
                auth: {mode: anonymous}
                """)
            .orElseThrow();
    Path home = dir.resolve("waggle-home");
    Launcher.Options options = LoopbackLaunch.options(home);

    try (Launcher first = Launcher.start(config, options)) {
      Api api = new Api(first.publicUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(namesAndVersions(api.ok("/v0.1/servers")))
                      .containsExactly("io.example.embedded/kept@1.0.0"));
    }
    assertThat(home.resolve("pg/PG_VERSION")).exists();

    // With the file gone every sync fails, so whatever is served now was kept by PostgreSQL.
    Files.delete(catalog);
    try (Launcher second = Launcher.start(config, options)) {
      Api api = new Api(second.publicUrl());
      assertThat(new Api(second.internalUrl()).ok("/readiness").path("status").asText())
          .isEqualTo("ready");
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(namesAndVersions(api.ok("/v0.1/servers")))
                      .containsExactly("io.example.embedded/kept@1.0.0"));
    }
  }
}
