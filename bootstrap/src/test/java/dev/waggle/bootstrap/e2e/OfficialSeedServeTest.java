package dev.waggle.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on real data: the official registry's seed of 2025-09-29 (358 servers, 143 of which
 * today's schema rejects) synced from a file; the valid ones are served and every rejected one is
 * named in the source's status. Skips when the shared reference data is not next to the checkout.
 */
class OfficialSeedServeTest {
  private static final Path SEED =
      Path.of("../../shared/data/seed_2025-09-29.json").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theSeedServesEveryValidServerAndNamesEveryRejectedOneInTheSourceStatus() throws Exception {
    assumeTrue(Files.exists(SEED), "shared reference data not found at " + SEED);
    JsonNode seed = JSON.readTree(SEED.toFile());
    ObjectNode document = JSON.createObjectNode();
    document.put("version", "1.0.0");
    document.putObject("meta").put("last_updated", "2025-09-29T00:00:00Z");
    document.putObject("data").set("servers", seed);
    JSON.writeValue(dir.resolve("seed.json").toFile(), document);
    DatabaseBlock database = DatabaseBlock.fresh();
    String yaml =
        """
        sources:
          - {name: official, file: {path: seed.json}, syncPolicy: {interval: 1h}}
        registries:
          - {name: default, sources: [official]}
        auth: {mode: anonymous}
        """
            + database.yaml();
    WaggleConfig config =
        new ConfigLoader(database.env(), dir, dir.resolve("home")).parse(yaml).orElseThrow();

    try (Launcher launcher =
        Launcher.start(config, LoopbackLaunch.options(dir.resolve("waggle-home")))) {
      Api api = new Api(launcher.publicUrl());
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  !api.ok("/v1/sources/official").at("/syncStatus/phase").asText().equals("syncing")
                      && api.ok("/v1/sources/official").at("/syncStatus/lastResult").isTextual());

      JsonNode status = api.ok("/v1/sources/official").get("syncStatus");
      List<JsonNode> served = api.allPages("/v0.1/servers", 100);
      Set<String> servedNames = new HashSet<>();
      served.forEach(item -> servedNames.add(item.at("/server/name").asText()));
      Set<String> rejectedNames = new HashSet<>();
      status.get("rejections").forEach(r -> rejectedNames.add(r.get("entry").asText()));
      Set<String> seedNames = new HashSet<>();
      seed.forEach(server -> seedNames.add(server.get("name").asText()));

      assertThat(served).hasSize(215);
      assertThat(status.get("serverCount").asInt()).isEqualTo(215);
      assertThat(status.get("rejectedCount").asInt()).isEqualTo(143);
      assertThat(rejectedNames).hasSize(143).doesNotContainAnyElementsOf(servedNames);
      Set<String> everyName = new HashSet<>(servedNames);
      everyName.addAll(rejectedNames);
      assertThat(everyName).isEqualTo(seedNames);
      status
          .get("rejections")
          .forEach(
              r -> {
                assertThat(r.get("field").asText()).isEqualTo("description");
                assertThat(r.get("reason").asText()).isNotBlank();
              });
    }
  }
}
