package dev.waggle.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.domain.source.SourceName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mistakes people make in a ToolHive config, and what Waggle says about them: misspelt keys, a
 * file source without a schedule, missing files, and {@code --auth-mode}.
 */
class ConfigMistakesTest {
  @TempDir Path workDir;

  private ConfigLoader loader() {
    return new ConfigLoader(Map.of(), workDir, workDir.resolve("home"));
  }

  private ConfigResult load(String yaml) {
    return loader().parse(yaml);
  }

  private static List<String> errors(ConfigResult result) {
    return result.errors().stream().map(ConfigProblem::toString).toList();
  }

  private static List<String> warnings(ConfigResult result) {
    return result.warnings().stream().map(ConfigProblem::toString).toList();
  }

  private void catalog(String name) throws IOException {
    Files.writeString(workDir.resolve(name), "{}");
  }

  @Test
  void givenAMisspeltDatabaseBlock_whenLoaded_thenItIsAnErrorNamingTheKeyMeant()
      throws IOException {
    catalog("catalog.json");
    ConfigResult result =
        load(
            """
            sources:
              - {name: local, file: {path: catalog.json}, syncPolicy: {interval: 5m}}
            registries:
              - {name: default, sources: [local]}
            databse:
              host: db.internal
              port: 5432
            auth: {mode: anonymous}
            """);

    // Ignoring it would quietly start an embedded database instead of the one meant.
    assertThat(result.isValid()).isFalse();
    assertThat(errors(result)).containsExactly("databse: unknown key; did you mean 'database'?");
  }

  @Test
  void givenTyposAtEveryLevel_whenLoaded_thenEachIsReportedOnceWithoutFollowUpErrors() {
    ConfigResult result =
        load(
            """
            sourcse:
              - {name: local, file: {path: catalog.json}, syncPolicy: {interval: 5m}}
            registires:
              - {name: default, sources: [local]}
            auth: {mode: anonymous}
            """);

    // Without the typos there would also be "at least one source/registry is required".
    assertThat(errors(result))
        .containsExactlyInAnyOrder(
            "sourcse: unknown key; did you mean 'sources'?",
            "registires: unknown key; did you mean 'registries'?");
  }

  @Test
  void givenAMisspeltIntervalInsideASource_whenLoaded_thenThePathLeadsToIt() throws IOException {
    catalog("catalog.json");
    ConfigResult result =
        load(
            """
            sources:
              - name: local
                file: {path: catalog.json}
                syncPolicy: {intreval: 5m}
            registries:
              - {name: default, sources: [local]}
            auth: {mode: anonymous}
            """);

    assertThat(errors(result))
        .containsExactly("sources[0].syncPolicy.intreval: unknown key; did you mean 'interval'?");
  }

  @Test
  void keysToolHiveIgnoresAndUnrelatedKeysStayWarnings() throws IOException {
    catalog("catalog.json");
    ConfigResult result =
        load(
            """
            registryName: legacy
            metadata: {owner: platform-team}
            sources:
              - {name: local, file: {path: catalog.json}, syncPolicy: {interval: 5m}}
            registries:
              - {name: default, sources: [local]}
            auth: {mode: anonymous}
            """);

    assertThat(result.isValid()).isTrue();
    assertThat(warnings(result))
        .containsExactly(
            "registryName: unknown key, ignored (ToolHive ignores it too; registries are named"
                + " by registries[].name)",
            "metadata: unknown key, ignored");
  }

  @Test
  void givenAFileSourceWithoutSyncPolicy_whenLoaded_thenItIsWatchedWithASafetyNetCheck()
      throws IOException {
    catalog("catalog.json");
    ConfigResult result =
        load(
            """
            sources:
              - name: configmap
                file: {path: catalog.json}
            registries:
              - {name: default, sources: [configmap]}
            auth: {mode: anonymous}
            """);

    WaggleConfig config = result.orElseThrow();
    assertThat(config.watchedFiles()).containsExactly(SourceName.of("configmap"));
    assertThat(config.layout().sources().get(0).syncInterval()).contains(Duration.ofMinutes(1));
    assertThat(warnings(result))
        .containsExactly(
            "sources[0].syncPolicy.interval: not set; ToolHive refuses this, Waggle syncs the file"
                + " when it changes (and checks it every 1m0s)");
  }

  @Test
  void aFileSourceWithAScheduleIsNotWatched() throws IOException {
    catalog("catalog.json");
    ConfigResult result =
        load(
            """
            sources:
              - {name: local, file: {path: catalog.json}, syncPolicy: {interval: 5m}}
            registries:
              - {name: default, sources: [local]}
            auth: {mode: anonymous}
            """);

    assertThat(result.orElseThrow().watchedFiles()).isEmpty();
  }

  @Test
  void gitApiAndUrlSourcesStillNeedAnInterval() {
    ConfigResult result =
        load(
            """
            sources:
              - {name: remote, file: {url: "https://example.com/registry.json"}}
              - {name: upstream, api: {endpoint: "https://registry.example.com"}}
              - {name: repo, git: {repository: "https://example.com/r.git"}}
            registries:
              - {name: default, sources: [remote, upstream, repo]}
            auth: {mode: anonymous}
            """);

    assertThat(errors(result))
        .contains(
            "sources[0].syncPolicy.interval: is required for file sources (a duration such as 30m"
                + " or 1h); only a local file.path can go without it",
            "sources[1].syncPolicy.interval: is required for api sources (a duration such as 30m"
                + " or 1h)",
            "sources[2].syncPolicy.interval: is required for git sources (a duration such as 30m"
                + " or 1h)");
  }

  @Test
  void aMissingFileIsReportedOnceEvenWhenSeveralSourcesReadIt() {
    ConfigResult result =
        load(
            """
            sources:
              - {name: curated, file: {path: shared.json}, syncPolicy: {interval: 5m},
                 filter: {tags: {include: [curated]}}}
              - {name: everything, file: {path: ./shared.json}, syncPolicy: {interval: 5m}}
            registries:
              - {name: default, sources: [curated, everything]}
            auth: {mode: anonymous}
            """);

    assertThat(warnings(result))
        .containsExactly(
            "sources[0].file.path: there is no file at "
                + workDir.resolve("shared.json")
                + " (relative paths start from the working directory); the source will fail to"
                + " sync until there is one");
  }

  @Test
  void anAbsolutePathThatIsMissingSaysNothingAboutRelativePaths() {
    Path missing = workDir.resolve("nowhere/registry.json");
    ConfigResult result =
        load(
            """
            sources:
              - {name: local, file: {path: "%s"}, syncPolicy: {interval: 5m}}
            registries:
              - {name: default, sources: [local]}
            auth: {mode: anonymous}
            """
                .formatted(missing));

    assertThat(warnings(result))
        .containsExactly(
            "sources[0].file.path: there is no file at "
                + missing
                + "; the source will fail to sync until there is one");
  }

  @Test
  void authModeAnonymousFromTheCommandLineRunsAFileWrittenForOauth() throws IOException {
    catalog("catalog.json");
    String oauth =
        """
        sources:
          - {name: local, file: {path: catalog.json}, syncPolicy: {interval: 5m}}
        registries:
          - {name: default, sources: [local]}
        auth:
          mode: oauth
          oauth:
            providers:
              - {name: corp, issuerUrl: "https://id.example.com", audience: registry}
        """;

    ConfigResult asWritten = load(oauth);
    ConfigResult overridden = loader().withAuthMode(AuthConfig.Mode.ANONYMOUS).parse(oauth);

    assertThat(errors(asWritten)).isEmpty();
    assertThat(asWritten.orElseThrow().auth().mode()).isEqualTo(AuthConfig.Mode.OAUTH);
    assertThat(overridden.orElseThrow().auth().mode()).isEqualTo(AuthConfig.Mode.ANONYMOUS);
    assertThat(overridden.orElseThrow().auth().oauth()).isEmpty();
    assertThat(warnings(overridden))
        .containsExactly("auth.mode: --auth-mode anonymous replaces oauth from the file");
  }

  @Test
  void authModeOauthFromTheCommandLineNeedsTheOauthBlock() throws IOException {
    catalog("catalog.json");
    ConfigResult result =
        loader()
            .withAuthMode(AuthConfig.Mode.OAUTH)
            .parse(
                """
                sources:
                  - {name: local, file: {path: catalog.json}, syncPolicy: {interval: 5m}}
                registries:
                  - {name: default, sources: [local]}
                auth: {mode: anonymous}
                """);

    assertThat(errors(result)).containsExactly("auth.oauth: is required when auth.mode is oauth");
  }

  @Test
  void authModeOauthFromTheCommandLineChecksTheProvidersTheFileKeptForLater() throws IOException {
    catalog("catalog.json");
    ConfigResult result =
        loader()
            .withAuthMode(AuthConfig.Mode.OAUTH)
            .parse(
                """
                sources:
                  - {name: local, file: {path: catalog.json}, syncPolicy: {interval: 5m}}
                registries:
                  - {name: default, sources: [local]}
                auth:
                  mode: anonymous
                  oauth:
                    providers:
                      - {name: corp, issuerUrl: "https://id.example.com"}
                """);

    assertThat(errors(result)).containsExactly("auth.oauth.providers[0].audience: is required");
  }

  @Test
  void theFileIsCheckedAsWrittenBeforeTheOverride() {
    ConfigResult result =
        loader()
            .withAuthMode(AuthConfig.Mode.ANONYMOUS)
            .parse(
                """
                sources:
                  - {name: local, file: {path: catalog.json}, syncPolicy: {interval: 5m}}
                registries:
                  - {name: default, sources: [local]}
                auth: {mode: sometimes}
                """);

    // As in ToolHive: the flag replaces a valid mode, it does not repair an invalid file.
    assertThat(errors(result))
        .containsExactly("auth.mode: must be anonymous or oauth (got \"sometimes\")");
  }
}
