package dev.waggle.application.service;

import static dev.waggle.domain.catalog.TestManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.SyncOutcome.Result;
import dev.waggle.application.port.out.FetchedSource;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.application.port.out.SyncState;
import dev.waggle.application.port.out.SyncState.Outcome;
import dev.waggle.application.testing.InMemoryStorage;
import dev.waggle.application.testing.ScriptedSourceReader;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.GlobPattern;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import dev.waggle.domain.source.SourceSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A kubernetes source through the sync engine: the same steps as every other kind — rejections
 * recorded, strict honoured, unchanged contents not rewritten, the filter applied here and only
 * here, the source's claims stamped — whether the check is scheduled or asked for by its watcher.
 */
class KubernetesSourceSyncTest {
  private static final SourceName CLUSTER = SourceName.of("cluster");
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private static final EntryRejection TOO_LONG =
      new EntryRejection(
          1,
          "com.toolhive.k8s.team-b/wordy",
          "description",
          "x".repeat(120),
          "must be at most 100 characters long (MCPServer team-b/wordy)");

  private final ScriptedSourceReader cluster = new ScriptedSourceReader();
  private final InMemoryStorage storage =
      new InMemoryStorage(Clock.fixed(NOW, ZoneOffset.UTC), InMemoryStorage.DEFAULT_RETENTION);
  private final SyncService sync =
      new SyncService(
          storage,
          storage,
          storage,
          List.of(kubernetesReader(cluster)),
          Clock.fixed(NOW, ZoneOffset.UTC));

  private void configure(EntryFilter filter, boolean strict) {
    storage.applyConfiguration(
        new CatalogLayout(
            List.of(
                new SourceDefinition(
                    CLUSTER,
                    new SourceKind.Kubernetes(List.of("team-a", "team-b")),
                    Optional.empty(),
                    filter,
                    Claims.of("team", "platform"),
                    strict)),
            List.of(new RegistryDefinition(RegistryName.of("default"), List.of(CLUSTER), null)),
            null));
  }

  @Test
  void givenAKubernetesSource_whenConfigured_thenItIsDueForTheEngineAtOnceAndCheckedEveryMinute() {
    configure(EntryFilter.NONE, false);
    cluster.thenReturn(snapshot("h1", manifest("com.toolhive.k8s.team-a/github", "1.0.0")));

    List<SyncOutcome> outcomes = sync.syncDue();

    assertThat(outcomes).extracting(SyncOutcome::result).containsExactly(Result.UPDATED);
    assertThat(state().nextAttempt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
  }

  @Test
  void
      givenAnEntryTheRulesRejected_whenItsWatcherAsksForASync_thenTheOthersAreStoredAndItIsNamed() {
    configure(EntryFilter.NONE, false);
    cluster.thenReturn(
        new SourceSnapshot(
            List.of(manifest("com.toolhive.k8s.team-a/github", "1.0.0")), List.of(TOO_LONG), "h1"));

    SyncOutcome outcome = sync.syncNow(CLUSTER);

    assertThat(outcome.result()).isEqualTo(Result.UPDATED);
    assertThat(outcome.rejectedCount()).isEqualTo(1);
    assertThat(names()).containsExactly("com.toolhive.k8s.team-a/github");
    SyncState state = state();
    assertThat(state.lastOutcome()).contains(Outcome.UPDATED);
    assertThat(state.serverCount()).isEqualTo(1);
    assertThat(state.rejections()).containsExactly(TOO_LONG);
    assertThat(state.message()).contains("com.toolhive.k8s.team-b/wordy");
    assertThat(state.lastSuccess()).contains(NOW);
  }

  @Test
  void givenAStrictSource_whenAnEntryIsRejected_thenNothingIsWrittenAndTheLastGoodDataStays() {
    configure(EntryFilter.NONE, true);
    cluster
        .thenReturn(snapshot("h1", manifest("com.toolhive.k8s.team-a/github", "1.0.0")))
        .thenReturn(
            new SourceSnapshot(
                List.of(manifest("com.toolhive.k8s.team-a/slack", "1.0.0")),
                List.of(TOO_LONG),
                "h2"));
    sync.syncNow(CLUSTER);

    SyncOutcome outcome = sync.syncNow(CLUSTER);

    assertThat(outcome.result()).isEqualTo(Result.FAILED);
    assertThat(outcome.message()).startsWith("Validation failed: strict source");
    assertThat(names()).containsExactly("com.toolhive.k8s.team-a/github");
    assertThat(state().lastOutcome()).contains(Outcome.FAILED);
    assertThat(state().serverCount()).isEqualTo(1);
  }

  @Test
  void givenAnUnchangedCluster_whenSyncedAgain_thenNothingIsWrittenAndTheCheckIsRecorded() {
    configure(EntryFilter.NONE, false);
    cluster.thenReturn(snapshot("same", manifest("com.toolhive.k8s.team-a/github", "1.0.0")));
    sync.syncNow(CLUSTER);

    SyncOutcome again = sync.syncNow(CLUSTER);

    assertThat(again.result()).isEqualTo(Result.UNCHANGED);
    assertThat(storage.writes()).isEqualTo(1);
    assertThat(cluster.parses()).as("unchanged contents are not checked again").isEqualTo(1);
    assertThat(state().lastOutcome()).contains(Outcome.UNCHANGED);
    assertThat(state().serverCount()).isEqualTo(1);
  }

  @Test
  void givenAFilter_whenSynced_thenTheEngineLeavesOutWhatItExcludesAndSaysSo() {
    configure(
        new EntryFilter(
            List.of(),
            List.of(GlobPattern.compile("filter.names.exclude[0]", "com.toolhive.k8s.team-b/*")),
            Set.of(),
            Set.of()),
        false);
    cluster.thenReturn(
        snapshot(
            "h1",
            manifest("com.toolhive.k8s.team-a/github", "1.0.0"),
            manifest("com.toolhive.k8s.team-b/jira", "1.0.0")));

    SyncOutcome outcome = sync.syncNow(CLUSTER);

    assertThat(names()).containsExactly("com.toolhive.k8s.team-a/github");
    assertThat(outcome.message()).contains("1 filtered out");
    assertThat(state().serverCount()).isEqualTo(1);
  }

  @Test
  void
      givenEntriesWithAndWithoutTheirOwnClaims_whenSynced_thenOnlyThoseWithoutGetTheSourceClaims() {
    configure(EntryFilter.NONE, false);
    cluster.thenReturn(
        snapshot(
            "h1",
            manifest("com.toolhive.k8s.team-a/github", "1.0.0")
                .withClaims(Claims.of("org", "acme")),
            manifest("com.toolhive.k8s.team-b/jira", "1.0.0")));

    sync.syncNow(CLUSTER);

    assertThat(storage.liveManifests(CLUSTER))
        .extracting(ServerManifest::claims)
        .containsExactlyInAnyOrder(Claims.of("org", "acme"), Claims.of("team", "platform"));
  }

  @Test
  void givenAWatchThatCannotList_whenSynced_thenTheFailureIsRecordedAndTheLastDataStays() {
    configure(EntryFilter.NONE, false);
    cluster
        .thenReturn(snapshot("h1", manifest("com.toolhive.k8s.team-a/github", "1.0.0")))
        .thenFail("the Kubernetes API server has not listed the objects of namespaces [team-a]");
    sync.syncNow(CLUSTER);

    SyncOutcome outcome = sync.syncNow(CLUSTER);

    assertThat(outcome.result()).isEqualTo(Result.FAILED);
    assertThat(state().message()).contains("has not listed");
    assertThat(names()).containsExactly("com.toolhive.k8s.team-a/github");
  }

  private SyncState state() {
    return storage.find(CLUSTER).orElseThrow();
  }

  private List<String> names() {
    return storage.liveManifests(CLUSTER).stream().map(m -> m.name().value()).toList();
  }

  private static SourceSnapshot snapshot(String hash, ServerManifest... servers) {
    return new SourceSnapshot(List.of(servers), List.of(), hash);
  }

  /** The scripted reader, answering for kubernetes sources instead of file sources. */
  private static SourceReader kubernetesReader(ScriptedSourceReader scripted) {
    return new SourceReader() {
      @Override
      public boolean supports(SourceKind kind) {
        return kind instanceof SourceKind.Kubernetes;
      }

      @Override
      public SourceSnapshot read(SourceDefinition source) throws SourceReadException {
        return scripted.read(source);
      }

      @Override
      public FetchedSource fetch(SourceDefinition source) throws SourceReadException {
        return scripted.fetch(source);
      }
    };
  }
}
