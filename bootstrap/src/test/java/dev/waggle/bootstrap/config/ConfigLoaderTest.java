package dev.waggle.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String VALID =
      """
      sources:
        - name: local
          file:
            path: catalog.json
          syncPolicy:
            interval: 5m
      registries:
        - name: default
          sources: [local]
      auth:
        mode: anonymous
      """;

  @TempDir Path workDir;
  private final Map<String, String> env = new HashMap<>();

  private ConfigResult load(String yaml) {
    return new ConfigLoader(env, workDir, workDir.resolve("home")).parse(yaml);
  }

  private static final String DEFAULT_REGISTRY = "{name: default, sources: [local]}";

  /**
   * Loads a config whose one source, local, reads an empty catalog.json every minute and has the
   * extra keys given, served by the one registry given, anonymously.
   */
  private ConfigResult loadCatalogSource(String extraSourceKeys, String registry)
      throws IOException {
    Files.writeString(workDir.resolve("catalog.json"), "{}");
    return load(
        """
        sources:
          - name: local
            file: {path: catalog.json}
            syncPolicy: {interval: 1m}
        %s
        registries:
          - %s
        auth: {mode: anonymous}
        """
            .formatted(extraSourceKeys.indent(4).stripTrailing(), registry));
  }

  private static List<String> errors(ConfigResult result) {
    return result.errors().stream().map(ConfigProblem::toString).toList();
  }

  private static List<String> warnings(ConfigResult result) {
    return result.warnings().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void givenAValidFileSourceConfig_whenLoaded_thenTheLayoutHoldsTheDomainDefinitions()
      throws IOException {
    Files.writeString(workDir.resolve("catalog.json"), "{}");

    ConfigResult result = load(VALID);

    assertThat(errors(result)).isEmpty();
    assertThat(warnings(result)).isEmpty();
    WaggleConfig config = result.orElseThrow();
    SourceDefinition source = config.layout().sources().get(0);
    assertThat(source.name()).isEqualTo(SourceName.of("local"));
    assertThat(source.syncInterval()).contains(Duration.ofMinutes(5));
    // Relative paths start from the working directory, as in ToolHive.
    assertThat(source.kind()).isEqualTo(SourceKind.File.atPath(workDir.resolve("catalog.json")));
    assertThat(config.layout().defaultRegistry()).isEqualTo(RegistryName.of("default"));
    assertThat(config.database()).isEmpty();
    assertThat(config.auth().mode()).isEqualTo(AuthConfig.Mode.ANONYMOUS);
  }

  @Test
  void givenSeveralMistakes_whenLoaded_thenEveryOneIsReportedWithItsKeyPath() {
    ConfigResult result =
        load(
            """
            sources:
              - name: Bad_Name
                file: {path: a.json}
                syncPolicy: {interval: 5m}
              - name: no-interval
                file: {url: "https://example.com/b.json"}
              - name: ftp
                file: {url: "ftp://example.com/registry.json"}
                syncPolicy: {interval: soon}
            registries:
              - name: default
                sources: [no-interval, missing]
            defaultRegistry: nowhere
            auth: {mode: anonymous}
            """);

    assertThat(result.isValid()).isFalse();
    assertThat(result.config()).isEmpty();
    assertThat(errors(result))
        .containsExactlyInAnyOrder(
            "sources[0].name: source name must be a DNS label: lower-case letters, digits and"
                + " '-', at most 63 characters, starting and ending with a letter or digit (got"
                + " \"Bad_Name\")",
            "sources[1].syncPolicy.interval: is required for file sources (a duration such as 30m"
                + " or 1h); only a local file.path can go without it",
            "sources[2].file.url: must use http or https (got \"ftp://example.com/registry.json\")",
            "sources[2].syncPolicy.interval: must be a valid duration such as 30s, 5m, 1h or 1h30m"
                + " (got \"soon\")",
            "registries[0].sources[1]: references unknown source \"missing\"; configured sources:"
                + " Bad_Name, no-interval, ftp",
            "defaultRegistry: names no configured registry (got \"nowhere\"; configured"
                + " registries: default)");
  }

  @Nested
  class Sources {
    @Test
    void aSourceNeedsExactlyOneKindBlock() {
      ConfigResult result =
          load(
              """
              sources:
                - name: none
                  syncPolicy: {interval: 1m}
                - name: both
                  file: {path: a.json}
                  api: {endpoint: "https://registry.example.com"}
                  syncPolicy: {interval: 1m}
              registries:
                - {name: default, sources: [none, both]}
              auth: {mode: anonymous}
              """);

      assertThat(errors(result))
          .contains(
              "sources[0]: one of git, api, file, managed or kubernetes must be specified",
              "sources[1]: only one of git, api, file, managed or kubernetes may be specified"
                  + " (found api and file)");
    }

    @Test
    void fileSourcesNeedAPathOrAUrlButNotBoth() {
      ConfigResult result =
          load(
              """
              sources:
                - name: both
                  file: {path: a.json, url: "https://example.com/a.json"}
                  syncPolicy: {interval: 1m}
                - name: neither
                  file: {}
                  syncPolicy: {interval: 1m}
                - name: inline
                  file: {data: "{}"}
                  syncPolicy: {interval: 1m}
                - name: hostless
                  file: {url: "https:///registry.json"}
                  syncPolicy: {interval: 1m}
              registries:
                - {name: default, sources: [both]}
              auth: {mode: anonymous}
              """);

      assertThat(errors(result))
          .containsExactlyInAnyOrder(
              "sources[0].file: file.path and file.url are mutually exclusive",
              "sources[1].file: file.path or file.url is required",
              "sources[2].file.data: inline data is accepted only through the admin API, not in"
                  + " the config file; use file.path or file.url",
              "sources[3].file.url: must be an absolute URL with a host (got"
                  + " \"https:///registry.json\")");
    }

    @Test
    void aUrlSourceKeepsItsTimeout() {
      ConfigResult result =
          load(
              """
              sources:
                - name: remote
                  file: {url: "https://example.com/registry.json", timeout: 45s}
                  syncPolicy: {interval: 15m}
              registries:
                - {name: default, sources: [remote]}
              auth: {mode: anonymous}
              """);

      assertThat(result.orElseThrow().layout().sources().get(0).kind())
          .isEqualTo(
              SourceKind.File.atUrl(
                  URI.create("https://example.com/registry.json"), Duration.ofSeconds(45)));
    }

    @Test
    void aMissingLocalFileIsAWarningBecauseItMayAppearBeforeTheFirstSync() {
      ConfigResult result = load(VALID);

      assertThat(result.isValid()).isTrue();
      assertThat(warnings(result))
          .singleElement()
          .asString()
          .startsWith(
              "sources[0].file.path: there is no file at " + workDir.resolve("catalog.json"));
    }

    @Test
    void sourceAndRegistryNamesMustBeUnique() {
      ConfigResult result =
          load(
              """
              sources:
                - {name: twice, file: {path: a.json}, syncPolicy: {interval: 1m}}
                - {name: twice, file: {path: b.json}, syncPolicy: {interval: 1m}}
              registries:
                - {name: default, sources: [twice, twice]}
                - {name: default, sources: [twice]}
              auth: {mode: anonymous}
              """);

      assertThat(errors(result))
          .containsExactlyInAnyOrder(
              "sources[1].name: duplicate source name (also used by sources[0])",
              "registries[0].sources[1]: source \"twice\" is listed twice",
              "registries[1].name: duplicate registry name (also used by registries[0])");
    }

    @Test
    void filtersCompileGlobsAndKeepTags() throws IOException {
      ConfigResult result =
          loadCatalogSource(
              """
              filter:
                names:
                  include: ["io.github.*/*"]
                  exclude: ["*experimental*", "[unclosed"]
                tags:
                  include: [database]
                  exclude: [deprecated]
              """,
              DEFAULT_REGISTRY);

      assertThat(errors(result))
          .containsExactly(
              "sources[0].filter.names.exclude[1]: a '[' character class is not closed (got"
                  + " \"[unclosed\")");
    }

    @Test
    void filtersDecideWhichEntriesASourceKeeps() throws IOException {
      ConfigResult result =
          loadCatalogSource(
              """
              filter:
                names: {include: ["io.github.*/*"], exclude: ["*experimental*"]}
                tags: {exclude: [deprecated]}
              """,
              DEFAULT_REGISTRY);

      var filter = result.orElseThrow().layout().sources().get(0).filter();
      assertThat(filter.accepts("io.github.acme/tools", List.of("database"))).isTrue();
      assertThat(filter.accepts("io.github.acme/experimental-tools", List.of())).isFalse();
      assertThat(filter.accepts("com.example/tools", List.of())).isFalse();
      assertThat(filter.accepts("io.github.acme/tools", List.of("deprecated"))).isFalse();
    }

    @Test
    void claimsTakeAStringOrAListOfStringsAndEveryBadOneIsReported() throws IOException {
      ConfigResult result =
          loadCatalogSource(
              """
              claims:
                org: acme
                team: [platform, data]
                level: 3
                nested: {a: b}
              """,
              "{name: default, sources: [local], claims: {org: [acme, 7]}}");

      assertThat(errors(result))
          .containsExactlyInAnyOrder(
              "sources[0].claims.level: claim value must be a string or a list of strings (got"
                  + " \"3\")",
              "sources[0].claims.nested: claim value must be a string or a list of strings (got"
                  + " \"{a=b}\")",
              "registries[0].claims.org: claim value must be a string or a list of strings (got"
                  + " \"[acme, 7]\")");
    }

    @Test
    void validClaimsReachTheDomain() throws IOException {
      ConfigResult result =
          loadCatalogSource(
              "claims: {org: acme, team: [platform, data]}",
              "{name: default, sources: [local], claims: {org: acme}}");

      WaggleConfig config = result.orElseThrow();
      assertThat(config.layout().sources().get(0).claims())
          .isEqualTo(
              new Claims(Map.of("org", List.of("acme"), "team", List.of("platform", "data"))));
      assertThat(config.layout().registries().get(0).claims()).isEqualTo(Claims.of("org", "acme"));
    }

    @Test
    void atLeastOneSourceAndOneRegistryAreRequired() {
      assertThat(errors(load("auth: {mode: anonymous}\n")))
          .containsExactly(
              "sources: at least one source is required",
              "registries: at least one registry is required");
      assertThat(errors(load("")))
          .containsExactly(
              "sources: at least one source is required",
              "registries: at least one registry is required");
    }

    @Test
    void registriesNeedSources() {
      ConfigResult result =
          load(
              """
              sources:
                - {name: local, file: {path: a.json}, syncPolicy: {interval: 1m}}
              registries:
                - {name: empty, sources: []}
                - {name: "no/slash", sources: [local]}
              auth: {mode: anonymous}
              """);

      assertThat(errors(result))
          .containsExactlyInAnyOrder(
              "registries[0].sources: at least one source is required",
              "registries[1].name: registry name must be 1 to 253 letters, digits, '.', '_', '~'"
                  + " or '-' (got \"no/slash\")");
    }

    @Test
    void theIntervalMustBePositive() {
      ConfigResult result = load(VALID.replace("interval: 5m", "interval: 0s"));

      assertThat(errors(result))
          .containsExactly("sources[0].syncPolicy.interval: must be greater than zero");
    }
  }

  @Nested
  class FeaturesOfLaterVersions {
    @Test
    void aManagedSourceIsAcceptedWithoutAnIntervalButNotTwice() {
      ConfigResult one =
          load(
              """
              sources:
                - {name: local, file: {path: a.json}, syncPolicy: {interval: 1m}}
                - name: internal
                  managed: {}
                  claims: {org: acme}
              registries:
                - {name: default, sources: [internal, local]}
              auth: {mode: anonymous}
              """);
      ConfigResult two =
          load(
              """
              sources:
                - {name: internal, managed: {}}
                - {name: other, managed: {}}
              registries:
                - {name: default, sources: [internal, other]}
              auth: {mode: anonymous}
              """);

      assertThat(one.errors()).isEmpty();
      assertThat(two.errors())
          .singleElement()
          .satisfies(
              problem ->
                  assertThat(problem.toString()).contains("at most one managed source is allowed"));
    }

    @Test
    void gitApiAndKubernetesMistakesAreNamedTogether() {
      ConfigResult result =
          load(
              """
              sources:
                - name: repo
                  git:
                    repository: "git@github.com:acme/catalog.git"
                    branch: main
                    tag: v1
                  syncPolicy: {interval: 1h}
                - name: upstream
                  api: {endpoint: "https://registry.example.com", timeout: 10m}
                  syncPolicy: {interval: 1h}
                - name: cluster
                  kubernetes: {namespaces: [team-a, Team_B, team-a]}
                  syncPolicy: {interval: 1h}
              registries:
                - {name: default, sources: [repo, upstream, cluster]}
              auth: {mode: anonymous}
              """);

      assertThat(errors(result))
          .containsExactlyInAnyOrder(
              "sources[0].git: at most one of git.branch, git.tag and git.commit may be set"
                  + " (found branch and tag)",
              "sources[1].api.timeout: must not exceed 5m0s",
              "sources[2].kubernetes.namespaces[1]: must be a valid namespace name, a DNS label"
                  + " (got \"Team_B\")",
              "sources[2].kubernetes.namespaces[2]: namespace \"team-a\" is listed twice");
      assertThat(warnings(result)).isEmpty();
    }

    @Test
    void anScpLikeGitRepositoryLoadsAsItsSshUrlWithNoPinMeaningTheDefaultBranch() {
      ConfigResult result =
          load(
              """
              sources:
                - name: repo
                  git: {repository: "git@github.com:acme/catalog.git"}
                  syncPolicy: {interval: 1h}
              registries:
                - {name: default, sources: [repo]}
              auth: {mode: anonymous}
              """);

      assertThat(errors(result)).isEmpty();
      SourceKind.Git git = (SourceKind.Git) result.orElseThrow().layout().sources().get(0).kind();
      assertThat(git.repository()).isEqualTo(URI.create("ssh://git@github.com/acme/catalog.git"));
      assertThat(List.of(git.branch(), git.tag(), git.commit())).allMatch(Optional::isEmpty);
    }

    @Test
    void aValidKubernetesSourceLoadsWithItsNamespaces() {
      ConfigResult result =
          load(
              """
              sources:
                - name: cluster
                  kubernetes: {namespaces: [team-a, team-b]}
              registries:
                - {name: default, sources: [cluster]}
              auth: {mode: anonymous}
              """);

      assertThat(errors(result)).isEmpty();
      assertThat(result.orElseThrow().layout().sources().get(0).kind())
          .isEqualTo(
              new dev.waggle.domain.source.SourceKind.Kubernetes(List.of("team-a", "team-b")));
      assertThat(result.orElseThrow().layout().sources().get(0).syncInterval())
          .as("checked every minute behind its watch")
          .contains(Duration.ofMinutes(1));
    }

    @Test
    void aKubernetesSourceTakesAFilterAndAnIntervalWithoutAWarning() {
      ConfigResult result =
          load(
              """
              sources:
                - name: cluster
                  kubernetes: {}
                  syncPolicy: {interval: 10m}
                  filter:
                    names: {exclude: ["com.toolhive.k8s.internal/*"]}
              registries:
                - {name: default, sources: [cluster]}
              auth: {mode: anonymous}
              """);

      assertThat(errors(result)).isEmpty();
      assertThat(warnings(result)).isEmpty();
      var source = result.orElseThrow().layout().sources().get(0);
      assertThat(source.syncInterval()).contains(Duration.ofMinutes(10));
      assertThat(source.filter().acceptsName("com.toolhive.k8s.internal/db")).isFalse();
      assertThat(source.filter().acceptsName("com.toolhive.k8s.team-a/db")).isTrue();
    }

    @Test
    void authzAuditAndTelemetryAreCheckedThenRefused() {
      ConfigResult result =
          load(
              VALID.replace("auth:\n  mode: anonymous\n", "")
                  + """
                  auth:
                    mode: oauth
                    oauth:
                      providers:
                        - name: idp
                          issuerUrl: "http://id.example.com"
                          audience: registry
                    authz:
                      roles:
                        superAdmin:
                          - {groups: admins}
                  audit:
                    enabled: true
                    maxDataSize: 2000000
                  telemetry:
                    enabled: true
                    tracing: {enabled: true, sampling: 1.5}
                  """);

      assertThat(errors(result))
          .containsExactlyInAnyOrder(
              "auth.oauth.providers[0].issuerUrl: must use HTTPS (set"
                  + " THV_REGISTRY_INSECURE_URL=true to allow HTTP)",
              "audit.maxDataSize: must not exceed 1048576 bytes (got 2000000)",
              "telemetry.tracing.sampling: must be greater than 0 and at most 1 (got 1.5); use"
                  + " tracing.enabled: false to turn tracing off");
    }

    @Test
    void enabledMetricsWithoutAnEndpointAreServedForScraping() {
      ConfigResult result =
          load(VALID + "telemetry: {enabled: true, serviceName: waggle, metrics: {enabled: true}}");

      assertThat(errors(result)).isEmpty();
      assertThat(result.orElseThrow().telemetry().metricsServed()).isTrue();
    }

    @Test
    void metricsAreServedOnlyUnderTheMasterSwitch() {
      ConfigResult result = load(VALID + "telemetry: {enabled: false, metrics: {enabled: true}}");

      assertThat(errors(result)).isEmpty();
      assertThat(result.orElseThrow().telemetry().metricsServed()).isFalse();
    }

    @Test
    void anOtlpEndpointIsPushedToOverHttpsUnlessInsecure() {
      TelemetryConfig https =
          load(VALID
                  + "telemetry: {enabled: true, endpoint: \"collector:4318\","
                  + " metrics: {enabled: true}}")
              .orElseThrow()
              .telemetry();
      TelemetryConfig plain =
          load(VALID
                  + "telemetry: {enabled: true, endpoint: \"collector:4318\", insecure: true,"
                  + " metrics: {enabled: true}}")
              .orElseThrow()
              .telemetry();

      assertThat(https.metricsPushed()).isTrue();
      assertThat(https.collector()).hasToString("https://collector:4318");
      assertThat(plain.collector()).hasToString("http://collector:4318");
    }

    @Test
    void metricsWithoutAnEndpointAreScrapedOnly_butTracesGoToToolHivesDefaultCollector() {
      TelemetryConfig telemetry =
          load(VALID
                  + "telemetry: {enabled: true, insecure: true, metrics: {enabled: true},"
                  + " tracing: {enabled: true, sampling: 0.5}}")
              .orElseThrow()
              .telemetry();

      assertThat(telemetry.metricsServed()).isTrue();
      assertThat(telemetry.metricsPushed()).isFalse();
      assertThat(telemetry.traced()).isTrue();
      assertThat(telemetry.tracingSampling()).isEqualTo(0.5);
      assertThat(telemetry.collector()).hasToString("http://localhost:4318");
      assertThat(telemetry.serviceName()).isEqualTo("thv-registry-api");
    }

    @Test
    void tracingCountsOnlyUnderTheMasterSwitch() {
      TelemetryConfig telemetry =
          load(VALID + "telemetry: {enabled: false, tracing: {enabled: true}}")
              .orElseThrow()
              .telemetry();

      assertThat(telemetry.traced()).isFalse();
    }

    @Test
    void anEndpointWithASchemeOrAPathIsRejectedNamingTheKeyAndTheValue() {
      assertThat(
              errors(
                  load(VALID + "telemetry: {enabled: true, endpoint: \"http://collector:4318\"}")))
          .containsExactly(
              "telemetry.endpoint: must be host:port without a scheme (got"
                  + " \"http://collector:4318\"); set telemetry.insecure: true for plain HTTP to"
                  + " the collector");
      assertThat(
              errors(load(VALID + "telemetry: {enabled: true, endpoint: \"collector:4318/v1\"}")))
          .containsExactly(
              "telemetry.endpoint: must be host:port, with no path (got \"collector:4318/v1\")");
    }

    @Test
    void aZeroSamplingRatioIsRejectedAsToolHiveDoes() {
      assertThat(
              errors(
                  load(
                      VALID + "telemetry: {enabled: true, tracing: {enabled: true, sampling: 0}}")))
          .containsExactly(
              "telemetry.tracing.sampling: must be greater than 0 and at most 1 (got 0); use"
                  + " tracing.enabled: false to turn tracing off");
    }

    @Test
    void disabledAuditAndTelemetryBlocksAreFine() {
      ConfigResult result =
          load(
              VALID
                  + """
                  audit: {enabled: false, logFile: /tmp/audit.log}
                  telemetry: {enabled: false, tracing: {sampling: 0.2}}
                  """);

      assertThat(errors(result)).isEmpty();
      assertThat(result.orElseThrow().telemetry().tracingSampling()).isEqualTo(0.2);
    }

    @Test
    void removedVersionsAreKeptThirtyDaysUnlessRetentionSaysOtherwise() {
      assertThat(load(VALID).orElseThrow().retention().deletedVersions())
          .isEqualTo(Duration.ofDays(30));
      assertThat(
              load(VALID + "retention: {deletedVersions: 48h}")
                  .orElseThrow()
                  .retention()
                  .deletedVersions())
          .isEqualTo(Duration.ofHours(48));
      env.put("THV_REGISTRY_RETENTION_DELETEDVERSIONS", "2h");
      assertThat(load(VALID).orElseThrow().retention().deletedVersions())
          .isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aRetentionThatIsNotAPositiveDurationIsRejectedWithItsKey() {
      assertThat(errors(load(VALID + "retention: {deletedVersions: 0s}")))
          .singleElement()
          .asString()
          .startsWith("retention.deletedVersions: must be greater than 0");
      assertThat(errors(load(VALID + "retention: {deletedVersions: soon}")))
          .singleElement()
          .asString()
          .startsWith("retention.deletedVersions: must be a valid duration");
    }

    @Test
    void insecureUrlAllowsAnHttpIssuer() {
      env.put("THV_REGISTRY_INSECURE_URL", "true");
      ConfigResult result =
          load(
              VALID.replace("mode: anonymous", "mode: oauth")
                  + """
                    oauth:
                      providers:
                        - {name: idp, issuerUrl: "http://id.example.com", audience: registry}
                  """);

      assertThat(errors(result)).isEmpty();
      assertThat(result.orElseThrow().auth().oauth().orElseThrow().providers().get(0).issuerUrl())
          .isEqualTo("http://id.example.com");
    }
  }

  @Nested
  class Auth {
    @Test
    void anOAuthBlockInAnonymousModeIsIgnoredWithAWarningEvenWhenIncomplete() {
      ConfigResult result =
          load(
              VALID
                  + """
                    oauth:
                      providers:
                        - {name: idp, issuerUrl: "https://id.example.com"}
                  """);

      assertThat(errors(result)).isEmpty();
      assertThat(warnings(result)).contains("auth.oauth: ignored because auth.mode is anonymous");
    }

    @Test
    void aMissingAuthBlockServesAnonymouslyWithAWarning() {
      ConfigResult result = load(VALID.replace("auth:\n  mode: anonymous\n", ""));

      assertThat(result.orElseThrow().auth()).isEqualTo(AuthConfig.UNSET);
      assertThat(result.orElseThrow().auth().http().mode())
          .isEqualTo(dev.waggle.adapters.http.AuthSettings.Mode.UNSET);
      assertThat(warnings(result))
          .anyMatch(
              w ->
                  w.startsWith(
                      "auth: not set; serving reads anonymously and refusing the /v1 writes."));
    }

    @Test
    void anAuthBlockWithoutAModeIsAnError() {
      ConfigResult result = load(VALID.replace("  mode: anonymous\n", "  publicPaths: [/x]\n"));

      assertThat(errors(result)).containsExactly("auth.mode: is required: set anonymous or oauth");
    }

    @Test
    void anUnknownModeIsAnError() {
      ConfigResult result = load(VALID.replace("mode: anonymous", "mode: open"));

      assertThat(errors(result))
          .containsExactly("auth.mode: must be anonymous or oauth (got \"open\")");
    }
  }

  @Nested
  class Database {
    private static final String WITH_DATABASE =
        VALID
            + """
            database:
              host: db.internal
              port: 5432
              user: app
              migrationUser: migrator
              database: registry
            """;

    @Test
    void theDatabaseBlockBuildsAJdbcUrlAndDefaultsToSslRequire() {
      DatabaseConfig database = load(WITH_DATABASE).orElseThrow().database().orElseThrow();

      assertThat(database.jdbcUrl())
          .isEqualTo("jdbc:postgresql://db.internal:5432/registry?sslmode=require");
      assertThat(database.migrationUser()).isEqualTo("migrator");
      assertThat(database.maxMetaSize()).isEqualTo(DatabaseConfig.DEFAULT_MAX_META_SIZE);
    }

    @Test
    void everyBadDatabaseValueIsNamed() {
      ConfigResult result =
          load(
              VALID
                  + """
                  database:
                    host: "user@db"
                    port: 70000
                    database: "reg/istry"
                    sslMode: prefer
                    maxOpenConns: 2
                    maxIdleConns: 5
                    connMaxLifetime: 10s
                    maxMetaSize: 0
                  """);

      assertThat(errors(result))
          .containsExactlyInAnyOrder(
              "database.host: must be a host name or address without '@', '/', '?', '#' or"
                  + " spaces (got \"user@db\")",
              "database.port: must be between 1 and 65535 (got 70000)",
              "database.user: is required",
              "database.database: must be a database name without '?', '#', '/' or spaces (got"
                  + " \"reg/istry\")",
              "database.sslMode: must be one of disable, require, verify-ca, verify-full (got"
                  + " \"prefer\")",
              "database.maxIdleConns: must not exceed database.maxOpenConns (5 > 2)",
              "database.connMaxLifetime: must be at least 30s (got 10s)",
              "database.maxMetaSize: must be greater than zero (got 0)");
    }

    @Test
    void migrationUserDefaultsToTheUserAndSharesItsPassword() {
      env.put("THV_REGISTRY_DATABASE_PASSWORD", "s3cret");
      DatabaseConfig database =
          load(WITH_DATABASE.replace("  migrationUser: migrator\n", ""))
              .orElseThrow()
              .database()
              .orElseThrow();

      assertThat(database.migrationUser()).isEqualTo("app");
      assertThat(database.password()).contains("s3cret");
      assertThat(database.migrationPassword()).contains("s3cret");
    }

    @Test
    void passwordsComeFromTheEnvironmentThenFromPgpass() throws IOException {
      Path pgpass =
          Files.write(
              workDir.resolve("pgpass"),
              List.of(
                  "db.internal:5432:registry:app:from-pgpass",
                  "*:*:*:migrator:migrator-from-pgpass"));
      env.put("PGPASSFILE", pgpass.toString());

      DatabaseConfig fromPgpass = load(WITH_DATABASE).orElseThrow().database().orElseThrow();
      assertThat(fromPgpass.password()).contains("from-pgpass");
      assertThat(fromPgpass.migrationPassword()).contains("migrator-from-pgpass");

      env.put("THV_REGISTRY_DATABASE_PASSWORD", "from-env");
      env.put("THV_REGISTRY_DATABASE_MIGRATIONPASSWORD", "migrator-from-env");
      DatabaseConfig fromEnv = load(WITH_DATABASE).orElseThrow().database().orElseThrow();
      assertThat(fromEnv.password()).contains("from-env");
      assertThat(fromEnv.migrationPassword()).contains("migrator-from-env");
    }

    @Test
    void theDatabaseSettingsNeverShowAPassword() {
      env.put("THV_REGISTRY_DATABASE_PASSWORD", "hunter2-secret");
      DatabaseConfig database = load(WITH_DATABASE).orElseThrow().database().orElseThrow();

      assertThat(database.toString())
          .doesNotContain("hunter2-secret")
          .contains("has_password=true")
          .contains("has_migration_password=false");
    }

    @Test
    void dynamicAuthCannotBeMixedWithPasswordsAndIsRefused() {
      ConfigResult result =
          load(
              WITH_DATABASE
                  + """
                    password: x
                    dynamicAuth:
                      awsRdsIam: {region: detect}
                  """);

      assertThat(errors(result))
          .containsExactlyInAnyOrder(
              "database.dynamicAuth: cannot be combined with database.password or"
                  + " database.migrationPassword",
              "database.dynamicAuth: dynamic database authentication (AWS RDS IAM) is not"
                  + " supported yet by this version of Waggle");
    }
  }

  @Nested
  class KeysAndEnvironment {
    @Test
    void keysMatchCaseInsensitivelyLikeViper() throws IOException {
      Files.writeString(workDir.resolve("catalog.json"), "{}");
      ConfigResult result =
          load(
              """
              Sources:
                - NAME: local
                  File: {PATH: catalog.json}
                  syncpolicy: {Interval: 5m}
              REGISTRIES:
                - name: default
                  sources: [local]
              database:
                HOST: db.internal
                port: 5432
                user: app
                MigrationUser: migrator
                database: registry
                sslmode: disable
              Auth:
                Mode: anonymous
              """);

      WaggleConfig config = result.orElseThrow();
      assertThat(warnings(result)).isEmpty();
      assertThat(config.layout().sources().get(0).syncInterval()).contains(Duration.ofMinutes(5));
      assertThat(config.database().orElseThrow().migrationUser()).isEqualTo("migrator");
      assertThat(config.database().orElseThrow().sslMode()).isEqualTo(SslMode.DISABLE);
    }

    @Test
    void unknownKeysAreWarningsWithTheirPath() {
      ConfigResult result =
          load(
              "registryName: legacy\n"
                  + VALID.replace("      interval: 5m", "      interval: 5m\n      jitter: 10s"));

      assertThat(result.isValid()).isTrue();
      assertThat(warnings(result))
          .contains(
              "registryName: unknown key, ignored (ToolHive ignores it too; registries are named"
                  + " by registries[].name)",
              "sources[0].syncPolicy.jitter: unknown key, ignored");
    }

    @Test
    void anEnvironmentVariableSetsAKeyTheFileDoesNotHave() {
      env.put("THV_REGISTRY_DATABASE_HOST", "db.internal");
      env.put("THV_REGISTRY_DATABASE_PORT", "6432");
      env.put("THV_REGISTRY_DATABASE_USER", "app");
      env.put("THV_REGISTRY_DATABASE_DATABASE", "registry");
      env.put("THV_REGISTRY_DATABASE_SSLMODE", "verify-full");
      env.put("THV_REGISTRY_DEFAULTREGISTRY", "default");

      DatabaseConfig database = load(VALID).orElseThrow().database().orElseThrow();

      assertThat(database.jdbcUrl())
          .isEqualTo("jdbc:postgresql://db.internal:6432/registry?sslmode=verify-full");
    }

    @Test
    void anEnvironmentVariableOverridesTheFileAndReachesListItems() {
      env.put("THV_REGISTRY_AUTH_MODE", "anonymous");
      env.put("THV_REGISTRY_SOURCES_0_SYNCPOLICY_INTERVAL", "45s");
      env.put("THV_REGISTRY_REGISTRIES_0_SOURCES", "local");

      WaggleConfig config = load(VALID.replace("interval: 5m", "interval: 1h")).orElseThrow();

      assertThat(config.layout().sources().get(0).syncInterval()).contains(Duration.ofSeconds(45));
    }

    @Test
    void aBadValueFromTheEnvironmentNamesTheVariable() {
      env.put("THV_REGISTRY_SOURCES_0_SYNCPOLICY_INTERVAL", "often");

      assertThat(errors(load(VALID)))
          .containsExactly(
              "sources[0].syncPolicy.interval: must be a valid duration such as 30s, 5m, 1h or"
                  + " 1h30m (got \"often\") (set by environment variable"
                  + " THV_REGISTRY_SOURCES_0_SYNCPOLICY_INTERVAL)");
    }

    @Test
    void variablesThatMatchNoKeyAreWarnedAboutAndToolHiveOnlySettingsAreNot() {
      env.put("THV_REGISTRY_DATABASE_HOSTNAME", "x");
      env.put("THV_REGISTRY_SOURCES_5_NAME", "x");
      env.put("THV_REGISTRY_LOG_LEVEL", "debug");
      env.put("THV_REGISTRY_INSECURE_URL", "true");

      assertThat(warnings(load(VALID)))
          .contains(
              "environment variable THV_REGISTRY_DATABASE_HOSTNAME matches no configuration key;"
                  + " ignored",
              "environment variable THV_REGISTRY_SOURCES_5_NAME points to sources[5], which does"
                  + " not exist; ignored")
          .noneMatch(w -> w.contains("LOG_LEVEL") || w.contains("INSECURE_URL"));
    }

    @Test
    void aPasswordVariableAloneKeepsTheEmbeddedDatabase() {
      env.put("THV_REGISTRY_DATABASE_PASSWORD", "s3cret");

      ConfigResult result = load(VALID);

      assertThat(result.orElseThrow().database()).isEmpty();
      assertThat(warnings(result))
          .anyMatch(w -> w.startsWith("database: only a password is set (from the environment)"));
    }

    @Test
    void aValueOfTheWrongShapeIsReportedOnce() {
      ConfigResult result =
          load(
              VALID
                  + """
                  database:
                    host: [a, b]
                    port: "fifty"
                    user: app
                    database: registry
                  """);

      assertThat(errors(result))
          .containsExactly(
              "database.host: must be a single value, not a list",
              "database.port: must be a whole number (got \"fifty\")");
    }

    @Test
    void aFileThatIsNotYamlIsReportedWithItsPosition() {
      assertThat(errors(load("sources: [\n  - name: x\n")))
          .singleElement()
          .asString()
          .startsWith("not valid YAML at line");
    }

    @Test
    void aMissingFileIsAnError() {
      ConfigResult result =
          new ConfigLoader(env, workDir, workDir).load(workDir.resolve("absent.yaml"));

      assertThat(errors(result))
          .containsExactly(
              "cannot read the config file " + workDir.resolve("absent.yaml") + ": no such file");
      assertThat(result.config()).isEqualTo(Optional.empty());
    }
  }
}
