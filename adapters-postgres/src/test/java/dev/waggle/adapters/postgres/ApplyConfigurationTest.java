package dev.waggle.adapters.postgres;

import static dev.waggle.adapters.postgres.TestCatalog.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.out.SyncState;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.GlobPattern;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApplyConfigurationTest {
  private static TestCatalog catalog;

  private static final SourceDefinition FILE =
      new SourceDefinition(
          SourceName.of("local-file"),
          SourceKind.File.atPath(Path.of("/etc/waggle/registry.json")),
          Optional.of(Duration.ofMinutes(5)),
          new EntryFilter(
              List.of(
                  GlobPattern.compile("f", "io.github.*"),
                  GlobPattern.compile("f", "com.[a-c]?/x")),
              List.of(GlobPattern.compile("f", "*-test")),
              Set.of("stable", "official"),
              Set.of("beta")),
          new Claims(Map.of("org", List.of("acme"), "team", List.of("data", "web"))));
  private static final SourceDefinition URL =
      new SourceDefinition(
          SourceName.of("remote-file"),
          SourceKind.File.atUrl(
              URI.create("https://example.com/registry.json"), Duration.ofSeconds(12)),
          Optional.of(Duration.ofMillis(90_500)),
          EntryFilter.NONE,
          Claims.NONE);
  private static final SourceDefinition INLINE =
      new SourceDefinition(
          SourceName.of("inline"),
          SourceKind.File.inline("{\"version\": \"1.0.0\", \"data\": {\"servers\": []}}"),
          Optional.of(Duration.ofMinutes(5)),
          EntryFilter.NONE,
          Claims.NONE);
  private static final SourceDefinition GIT =
      new SourceDefinition(
          SourceName.of("git"),
          new SourceKind.Git(
              URI.create("https://github.com/acme/registry.git"),
              Optional.empty(),
              Optional.of("v1.2.0"),
              Optional.empty(),
              "data/registry.json",
              Optional.of("bot"),
              Optional.of(Path.of("/secrets/git-password"))),
          Optional.of(Duration.ofHours(1)),
          EntryFilter.NONE,
          Claims.of("org", "acme"));
  private static final SourceDefinition API =
      new SourceDefinition(
          SourceName.of("upstream"),
          new SourceKind.Api(
              URI.create("https://registry.modelcontextprotocol.io"), Duration.ofSeconds(20)),
          Optional.of(Duration.ofMinutes(30)),
          EntryFilter.NONE,
          Claims.NONE);
  private static final SourceDefinition MANAGED =
      new SourceDefinition(
          SourceName.of("internal"),
          new SourceKind.Managed(),
          Optional.empty(),
          EntryFilter.NONE,
          Claims.of("org", "acme"));
  private static final SourceDefinition KUBERNETES =
      new SourceDefinition(
          SourceName.of("cluster"),
          new SourceKind.Kubernetes(List.of("team-a", "team-b")),
          Optional.empty(),
          EntryFilter.NONE,
          Claims.NONE);

  @BeforeAll
  static void database() {
    catalog = TestCatalog.migrated();
  }

  @AfterAll
  static void close() {
    catalog.close();
  }

  @Test
  void everyKindOfSourceReadsBackEqualToWhatWasConfigured() {
    List<SourceDefinition> sources = List.of(FILE, URL, INLINE, GIT, API, MANAGED, KUBERNETES);
    catalog.registries.applyConfiguration(
        new CatalogLayout(
            sources,
            List.of(
                new RegistryDefinition(
                    RegistryName.of("everything"),
                    List.of(
                        MANAGED.name(),
                        GIT.name(),
                        FILE.name(),
                        URL.name(),
                        INLINE.name(),
                        API.name(),
                        KUBERNETES.name()),
                    Claims.of("org", "acme"))),
            null));

    assertThat(catalog.registries.listSources()).containsExactlyInAnyOrderElementsOf(sources);
    for (SourceDefinition source : sources) {
      assertThat(catalog.registries.findSource(source.name())).contains(source);
    }
    assertThat(catalog.registries.findSource(SourceName.of("missing"))).isEmpty();
  }

  @Test
  void registriesKeepTheirSourceOrderAndClaims() {
    RegistryDefinition internal =
        new RegistryDefinition(
            RegistryName.of("internal"),
            List.of(MANAGED.name(), GIT.name(), FILE.name()),
            Claims.of("org", "acme"));
    RegistryDefinition open =
        new RegistryDefinition(
            RegistryName.of("public"), List.of(API.name(), MANAGED.name()), Claims.NONE);
    catalog.registries.applyConfiguration(
        new CatalogLayout(List.of(FILE, GIT, API, MANAGED), List.of(open, internal), null));

    assertThat(catalog.registries.findRegistry(RegistryName.of("internal"))).contains(internal);
    assertThat(catalog.registries.listRegistries()).containsExactly(internal, open);

    RegistryDefinition reordered =
        new RegistryDefinition(
            RegistryName.of("internal"), List.of(FILE.name(), MANAGED.name()), Claims.NONE);
    catalog.registries.applyConfiguration(
        new CatalogLayout(List.of(FILE, GIT, API, MANAGED), List.of(reordered), null));

    assertThat(catalog.registries.listRegistries()).containsExactly(reordered);
  }

  @Test
  void sourcesAndRegistriesNoLongerConfiguredAreDeletedWithTheirEntries() {
    catalog.registries.applyConfiguration(
        new CatalogLayout(
            List.of(FILE, GIT),
            List.of(
                new RegistryDefinition(RegistryName.of("a"), List.of(FILE.name()), Claims.NONE),
                new RegistryDefinition(
                    RegistryName.of("b"), List.of(GIT.name(), FILE.name()), Claims.NONE)),
            null));
    catalog.entries.replaceSourceContents(GIT.name(), List.of(server("io.x/from-git", "1.0.0")));
    catalog.entries.replaceSourceContents(FILE.name(), List.of(server("io.x/from-file", "1.0.0")));

    catalog.registries.applyConfiguration(
        new CatalogLayout(
            List.of(FILE),
            List.of(
                new RegistryDefinition(RegistryName.of("a"), List.of(FILE.name()), Claims.NONE)),
            null));

    assertThat(catalog.registries.listSources()).containsExactly(FILE);
    assertThat(catalog.registries.findRegistry(RegistryName.of("b"))).isEmpty();
    assertThat(catalog.entries.countVersions(GIT.name())).isZero();
    assertThat(catalog.syncStates.find(GIT.name())).isEmpty();
    assertThat(TestCatalog.ids(catalog.all("a"))).containsExactly("io.x/from-file@1.0.0");

    // Configured again, the source starts empty: its versions were deleted, not kept as tombstones.
    catalog.registries.applyConfiguration(
        new CatalogLayout(
            List.of(FILE, GIT),
            List.of(new RegistryDefinition(RegistryName.of("b"), List.of(GIT.name()), Claims.NONE)),
            null));
    assertThat(catalog.withDeleted("b")).isEmpty();

    catalog.registries.applyConfiguration(new CatalogLayout(List.of(), List.of(), null));

    assertThat(catalog.registries.listSources()).isEmpty();
    assertThat(catalog.registries.listRegistries()).isEmpty();
  }

  @Test
  void newSyncedSourcesStartPendingAndDueWhilePushedSourcesHaveNoSyncState() {
    Instant before = Instant.now().minusSeconds(1);
    catalog.registries.applyConfiguration(
        new CatalogLayout(
            List.of(API, MANAGED, KUBERNETES),
            List.of(new RegistryDefinition(RegistryName.of("r"), List.of(API.name()), Claims.NONE)),
            null));

    SyncState state = catalog.syncStates.find(API.name()).orElseThrow();
    assertThat(state.phase()).isEqualTo(SyncState.Phase.PENDING);
    assertThat(state.contentHash()).isEmpty();
    assertThat(state.nextAttempt()).isBetween(before, Instant.now().plusSeconds(1));
    assertThat(catalog.syncStates.find(MANAGED.name())).isEmpty();
    assertThat(catalog.syncStates.find(KUBERNETES.name()))
        .as("a kubernetes source is synced by the engine like the others")
        .hasValueSatisfying(k8s -> assertThat(k8s.phase()).isEqualTo(SyncState.Phase.PENDING));
  }

  @Test
  void aSourceWhoseSettingsChangedKeepsItsEntriesAndWhatItLastApplied() {
    SourceDefinition pinned = GIT;
    SourceDefinition unchanged = URL;
    catalog.registries.applyConfiguration(layoutOf(pinned, unchanged));
    catalog.entries.replaceSourceContents(pinned.name(), List.of(server("io.x/kept", "1.0.0")));
    recordSuccess(pinned.name());
    recordSuccess(unchanged.name());

    SourceDefinition moved =
        new SourceDefinition(
            pinned.name(),
            new SourceKind.Git(
                URI.create("https://github.com/acme/registry.git"),
                Optional.empty(),
                Optional.of("v2.0.0"),
                Optional.empty(),
                "data/registry.json",
                Optional.of("bot"),
                Optional.of(Path.of("/secrets/git-password"))),
            pinned.syncInterval(),
            pinned.filter(),
            pinned.claims());
    catalog.registries.applyConfiguration(layoutOf(moved, unchanged));

    assertThat(catalog.registries.findSource(pinned.name())).contains(moved);
    assertThat(catalog.entries.countVersions(pinned.name())).isEqualTo(1);
    // Whether it must sync again is the application's call: it compares the definition's
    // fingerprint with the one recorded here.
    assertThat(catalog.syncStates.find(pinned.name()).orElseThrow().contentHash())
        .contains("sha256:abc");
    assertThat(catalog.syncStates.find(pinned.name()).orElseThrow().definitionFingerprint())
        .contains("sha256:def");
    assertThat(catalog.syncStates.find(unchanged.name()).orElseThrow().contentHash())
        .contains("sha256:abc");
    assertThat(catalog.syncStates.find(unchanged.name()).orElseThrow().phase())
        .isEqualTo(SyncState.Phase.COMPLETE);
  }

  private static CatalogLayout layoutOf(SourceDefinition... sources) {
    List<SourceDefinition> list = List.of(sources);
    return new CatalogLayout(
        list,
        List.of(
            new RegistryDefinition(
                RegistryName.of("r"),
                list.stream().map(SourceDefinition::name).toList(),
                Claims.NONE)),
        null);
  }

  private static void recordSuccess(SourceName source) {
    Instant now = Instant.now();
    catalog.syncStates.record(
        source,
        new SyncState(
            SyncState.Phase.COMPLETE,
            Optional.of("sha256:abc"),
            Optional.of("sha256:def"),
            Optional.of(now),
            Optional.of(now),
            0,
            now.plusSeconds(600),
            1,
            "Sync completed successfully"));
  }
}
