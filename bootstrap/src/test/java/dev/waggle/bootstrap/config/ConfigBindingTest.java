package dev.waggle.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.domain.source.SourceKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a file becomes settings: Jackson's binding (case, single values, unknown keys), Bean
 * Validation's paths, and the domain's rules reported at the key they came from.
 */
class ConfigBindingTest {
  @TempDir Path workDir;
  private final Map<String, String> env = new HashMap<>();

  private ConfigResult load(String yaml) {
    return new ConfigLoader(env, workDir, workDir.resolve("home")).parse(yaml);
  }

  private static List<String> errors(ConfigResult result) {
    return result.errors().stream().map(ConfigProblem::toString).toList();
  }

  private static List<String> warnings(ConfigResult result) {
    return result.warnings().stream().map(ConfigProblem::toString).toList();
  }

  private static String withSources(String sources) {
    return "sources:\n"
        + sources.indent(2)
        + "registries:\n  - {name: default, sources: [a]}\nauth: {mode: anonymous}\n";
  }

  @Test
  void theDomainsRulesAreReportedAtTheKeyPathTheValueCameFrom() {
    ConfigResult result =
        load(
            withSources(
                """
                - {name: a, api: {endpoint: "ftp://registry.example.com"}, syncPolicy: {interval: 1h}}
                - {name: b, git: {repository: "ftp://example.com/r.git"}, syncPolicy: {interval: 1h}}
                - name: c
                  git: {repository: "https://example.com/r.git", auth: {username: bot}}
                  syncPolicy: {interval: 1h}
                - {name: d, file: {url: "https://example.com/r.json", timeout: 0s}, syncPolicy: {interval: 1h}}
                - {name: e, kubernetes: {namespaces: [x, x]}}
                """));

    assertThat(errors(result))
        .contains(
            "sources[0].api.endpoint: must use http or https (got \"ftp://registry.example.com\")",
            "sources[1].git.repository: must be an https, http, ssh or file URL (got"
                + " \"ftp://example.com/r.git\")",
            "sources[2].git.auth: git.auth.username and git.auth.passwordFile must both be"
                + " specified",
            "sources[3].file.timeout: must be greater than zero",
            "sources[4].kubernetes.namespaces[1]: namespace \"x\" is listed twice");
  }

  @Test
  void everyConstraintViolationIsReportedAtOnceWithItsPathAndValue() {
    ConfigResult result =
        load(
            withSources(
                    """
                    - {name: a, kubernetes: {namespaces: [ok, Not_OK]}}
                    - {name: "", git: {branch: main}, syncPolicy: {interval: 1h}}
                    """)
                + """
                database: {host: db, port: 0, user: app, database: registry, maxIdleConns: -1}
                audit: {maxDataSize: -5}
                """);

    assertThat(errors(result))
        .contains(
            "sources[0].kubernetes.namespaces[1]: must be a valid namespace name, a DNS label (got"
                + " \"Not_OK\")",
            "sources[1].name: is required (got \"\")",
            "sources[1].git.repository: is required",
            "database.port: must be between 1 and 65535 (got 0)",
            "database.maxIdleConns: must not be negative (got -1)",
            "audit.maxDataSize: must not be negative (got -5)");
  }

  @Test
  void aSingleValueIsAListOfOneAndUnknownKeysInsideListsKeepTheirPath() {
    ConfigResult result =
        load(
            withSources(
                """
                - {name: a, kubernetes: {namespaces: team-a}}
                - {name: b, file: {paht: b.json}, syncPolicy: {interval: 1h, jitter: 5s}}
                """));

    assertThat(errors(result))
        .contains("sources[1].file.paht: unknown key; did you mean 'path'?")
        .doesNotContain("sources[1].file: file.path or file.url is required");
    assertThat(warnings(result)).contains("sources[1].syncPolicy.jitter: unknown key, ignored");

    ConfigResult valid = load(withSources("- {name: a, kubernetes: {namespaces: team-a}}"));
    assertThat(valid.orElseThrow().layout().sources().get(0).kind())
        .isEqualTo(new SourceKind.Kubernetes(List.of("team-a")));
  }

  @Test
  void anEnvironmentVariableReplacesAKeyWhateverCaseTheFileSpellsItIn() {
    env.put("THV_REGISTRY_SOURCES_0_SYNCPOLICY_INTERVAL", "45s");

    WaggleConfig config =
        load("""
                Sources:
                  - {Name: a, File: {Path: a.json}, SyncPolicy: {Interval: 1h}}
                registries: [{name: default, sources: [a]}]
                auth: {mode: anonymous}
                """)
            .orElseThrow();

    assertThat(config.layout().sources().get(0).syncInterval()).contains(Duration.ofSeconds(45));
  }

  @Test
  void errorsAreListedInTheOrderOfTheFile() {
    ConfigResult result =
        load(
            """
            retention: {deletedVersions: -1s}
            database: {host: db, port: 5432, user: app}
            sources:
              - {name: b, file: {path: b.json}, syncPolicy: {interval: 0s}}
              - {name: A, file: {path: a.json}, syncPolicy: {interval: 1h}}
            registries: [{name: default, sources: [b]}]
            auth: {mode: anonymous}
            """);

    assertThat(errors(result))
        .containsExactly(
            "sources[0].syncPolicy.interval: must be greater than zero",
            "sources[1].name: source name must be a DNS label: lower-case letters, digits and '-',"
                + " at most 63 characters, starting and ending with a letter or digit (got \"A\")",
            "database.database: is required",
            "retention.deletedVersions: must be greater than 0 (got -1s): tombstones are how"
                + " incremental readers learn of removals");
  }
}
