package dev.waggle.bootstrap.e2e;

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
 * End to end from a config file: two registry files carrying skills and plugins (one of them
 * nothing else) in one registry, served read-only with the first source winning per namespace and
 * name, a status filter that filters, and every rejection and count in the sources' status.
 */
class SkillsAndPluginsServeTest {
  private static final String SKILLS = "/registry/main/v0.1/x/dev.toolhive/skills";
  private static final String PLUGINS = "/registry/main/v0.1/x/dev.toolhive/plugins";

  @TempDir Path dir;

  private static String entry(String namespace, String name, String version, String status) {
    return "{\"namespace\": \""
        + namespace
        + "\", \"name\": \""
        + name
        + "\", \"description\": \"The "
        + name
        + " helper\", \"version\": \""
        + version
        + "\""
        + (status == null ? "" : ", \"status\": \"" + status + "\"")
        + ", \"packages\": [{\"registryType\": \"oci\", \"identifier\": \"ghcr.io/e2e/"
        + name
        + ":"
        + version
        + "\"}]}";
  }

  private static String file(String servers, List<String> skills, List<String> plugins) {
    return "{\"version\": \"1.0.0\", \"meta\": {\"last_updated\": \"2026-10-01T00:00:00Z\"},"
        + " \"data\": {"
        + (servers == null ? "" : "\"servers\": [" + servers + "], ")
        + "\"skills\": ["
        + String.join(",", skills)
        + "], \"plugins\": ["
        + String.join(",", plugins)
        + "]}}";
  }

  private static List<String> ids(JsonNode list, String key) {
    List<String> ids = new ArrayList<>();
    list.get(key)
        .forEach(
            e ->
                ids.add(
                    e.get("namespace").asText()
                        + "/"
                        + e.get("name").asText()
                        + "@"
                        + e.get("version").asText()));
    return ids;
  }

  @Test
  void skillsAndPluginsOfTwoSourcesAreServedWithPrecedenceFiltersVersionsAndStatus() {
    String server =
        "{\"name\": \"io.example.team/tool\", \"description\": \"A tool\", \"version\": \"1.0.0\"}";
    RegistryFiles.writeText(
        dir.resolve("team.json"),
        file(
            server,
            List.of(
                entry("io.github.acme", "pdf", "1.0.0", null),
                entry("io.github.acme", "pdf", "1.1.0", "deprecated"),
                entry("io.github.acme", "ocr", "1.0.0", "ACTIVE")),
            List.of(entry("io.github.acme", "lint", "1.0.0", null))));
    // Skills and plugins alone, no server: a catalog all the same.
    RegistryFiles.writeText(
        dir.resolve("community.json"),
        file(
            null,
            List.of(
                entry("io.github.acme", "pdf", "9.0.0", null),
                entry("io.github.other", "pdf", "0.1.0", "archived")),
            List.of(entry("io.github.acme", "lint", "2.0.0", null))));
    DatabaseBlock database = DatabaseBlock.fresh();
    WaggleConfig config =
        new ConfigLoader(database.env(), dir, dir.resolve("home"))
            .parse(
                """
                sources:
                  - name: team
                    file: {path: team.json}
                    syncPolicy: {interval: 1h}
                  - name: community
                    file: {path: community.json}
                    syncPolicy: {interval: 1h}
                registries:
                  - {name: main, sources: [team, community]}
                auth: {mode: anonymous}
                """
                    + database.yaml())
            .orElseThrow();
    Launcher.Options options = LoopbackLaunch.options(dir.resolve("waggle-home"));

    try (Launcher launcher = Launcher.start(config, options)) {
      Api api = new Api(launcher.publicUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(ids(api.ok(SKILLS), "skills"))
                      .containsExactly(
                          "io.github.acme/pdf@1.0.0",
                          "io.github.acme/pdf@1.1.0",
                          "io.github.other/pdf@0.1.0"));

      // The team source comes first: its io.github.acme/pdf hides the community's 9.0.0 whole,
      // while io.github.other/pdf, a different entry, comes from the community source.
      assertThat(ids(api.ok(PLUGINS), "plugins")).containsExactly("io.github.acme/lint@1.0.0");
      assertThat(ids(api.ok(SKILLS + "?status=deprecated"), "skills"))
          .containsExactly("io.github.acme/pdf@1.1.0");
      assertThat(ids(api.ok(SKILLS + "?status=archived"), "skills"))
          .containsExactly("io.github.other/pdf@0.1.0");
      assertThat(ids(api.ok(SKILLS + "?search=OTHER"), "skills"))
          .containsExactly("io.github.other/pdf@0.1.0");

      JsonNode first = api.ok(SKILLS + "?limit=2");
      assertThat(first.at("/metadata/count").asInt()).isEqualTo(2);
      JsonNode second =
          api.ok(SKILLS + "?limit=2&cursor=" + first.at("/metadata/nextCursor").asText());
      assertThat(ids(second, "skills")).containsExactly("io.github.other/pdf@0.1.0");
      assertThat(second.get("metadata").has("nextCursor")).isFalse();

      JsonNode latest = api.ok(SKILLS + "/io.github.acme/pdf");
      assertThat(latest.get("version").asText()).isEqualTo("1.1.0");
      assertThat(latest.get("status").asText()).isEqualTo("deprecated");
      assertThat(latest.at("/packages/0/identifier").asText()).isEqualTo("ghcr.io/e2e/pdf:1.1.0");
      assertThat(api.ok(SKILLS + "/io.github.acme/pdf/versions/latest").get("version").asText())
          .isEqualTo("1.1.0");
      assertThat(api.ok(SKILLS + "/io.github.acme/pdf/versions/1.0.0").get("status").asText())
          .isEqualTo("active");
      assertThat(ids(api.ok(SKILLS + "/io.github.acme/pdf/versions"), "skills"))
          .containsExactly("io.github.acme/pdf@1.1.0", "io.github.acme/pdf@1.0.0");
      assertThat(api.ok(PLUGINS + "/io.github.acme/lint").get("version").asText())
          .isEqualTo("1.0.0");

      assertThat(api.get(SKILLS + "/io.github.acme/pdf/versions/9.0.0").status()).isEqualTo(404);
      assertThat(api.get(SKILLS + "/io.github.acme/ocr").status()).isEqualTo(404);
      assertThat(api.get(SKILLS + "/io.github.nobody/pdf").status()).isEqualTo(404);
      assertThat(api.get("/registry/nowhere/v0.1/x/dev.toolhive/skills").status()).isEqualTo(404);
      assertThat(api.get(SKILLS + "?limit=101").status()).isEqualTo(400);
      assertThat(api.get(SKILLS + "?status=gone").status()).isEqualTo(400);

      JsonNode team = api.ok("/v1/sources/team").get("syncStatus");
      assertThat(team.get("serverCount").asInt()).isEqualTo(1);
      assertThat(team.get("skillCount").asInt()).isEqualTo(2);
      assertThat(team.get("pluginCount").asInt()).isEqualTo(1);
      assertThat(team.at("/rejections/0/field").asText()).isEqualTo("skills[2].status");
      assertThat(team.at("/rejections/0/entry").asText()).isEqualTo("io.github.acme/ocr");
      JsonNode community = api.ok("/v1/sources/community").get("syncStatus");
      assertThat(community.get("phase").asText()).isEqualTo("complete");
      assertThat(community.get("serverCount").asInt()).isZero();
      assertThat(community.get("skillCount").asInt()).isEqualTo(2);
      assertThat(community.get("pluginCount").asInt()).isEqualTo(1);
    }
  }
}
