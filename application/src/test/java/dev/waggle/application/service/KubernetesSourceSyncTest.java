package dev.waggle.application.service;

import static dev.waggle.domain.catalog.TestManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.SyncOutcome.Result;
import dev.waggle.application.port.out.ServerDocumentCheck;
import dev.waggle.application.port.out.ServerDocumentSource;
import dev.waggle.application.port.out.ServerDocuments;
import dev.waggle.application.port.out.ServerDocuments.Document;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.application.port.out.SyncState;
import dev.waggle.application.port.out.SyncState.Outcome;
import dev.waggle.application.testing.InMemoryStorage;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A kubernetes source through the sync engine: its documents checked by the server.json rules with
 * every object left out named, strict honoured, an unchanged cluster not rewritten, the filter
 * applied by the engine and only there, the source's claims stamped where an entry has none —
 * whether the check is scheduled or asked for by its watcher.
 */
class KubernetesSourceSyncTest {
  private static final SourceName CLUSTER = SourceName.of("cluster");
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final Cluster cluster = new Cluster();
  private final Rules rules = new Rules();
  private final InMemoryStorage storage =
      new InMemoryStorage(CLOCK, InMemoryStorage.DEFAULT_RETENTION);
  private final SyncService sync =
      new SyncService(
          storage, storage, storage, List.of(new DocumentSourceReader(cluster, rules)), CLOCK);

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
  void givenAKubernetesSource_whenConfigured_thenItIsDueAtOnceAndCheckedEveryMinuteAfter() {
    configure(EntryFilter.NONE, false);
    cluster.add("team-a", "github", Claims.NONE);

    List<SyncOutcome> outcomes = sync.syncDue();

    assertThat(outcomes).extracting(SyncOutcome::result).containsExactly(Result.UPDATED);
    assertThat(names()).containsExactly("com.toolhive.k8s.team-a/github");
    assertThat(state().nextAttempt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
  }

  @Test
  void givenAnEntryTheRulesReject_whenItsWatcherAsksForASync_thenTheOthersAreStoredAndItIsNamed() {
    configure(EntryFilter.NONE, false);
    cluster.add("team-a", "github", Claims.NONE);
    String wordy = cluster.add("team-b", "wordy", Claims.NONE);
    rules.reject(wordy, "description", "must be at most 100 characters long");

    SyncOutcome outcome = sync.syncNow(CLUSTER);

    assertThat(outcome.result()).isEqualTo(Result.UPDATED);
    assertThat(outcome.rejectedCount()).isEqualTo(1);
    assertThat(names()).containsExactly("com.toolhive.k8s.team-a/github");
    SyncState state = state();
    assertThat(state.lastOutcome()).contains(Outcome.UPDATED);
    assertThat(state.serverCount()).isEqualTo(1);
    assertThat(state.lastSuccess()).contains(NOW);
    assertThat(state.rejections())
        .extracting(EntryRejection::index, EntryRejection::entryName, EntryRejection::reason)
        .containsExactly(
            tuple(
                1,
                "com.toolhive.k8s.team-b/wordy",
                "must be at most 100 characters long (MCPServer team-b/wordy)"));
    assertThat(state.message()).contains("1 rejected", "com.toolhive.k8s.team-b/wordy");
  }

  @Test
  void givenObjectsTheSourceCouldNotTurnIntoDocumentsOrThatShareAName_whenSynced_thenEachIsNamed() {
    configure(EntryFilter.NONE, false);
    cluster.add("team-a", "github", Claims.NONE);
    cluster.documents.add(
        new Document(
            "com.toolhive.k8s.team-a/github",
            "MCPRemoteProxy team-a/github",
            manifest("com.toolhive.k8s.team-a/github", "2.0.0").document(),
            Claims.NONE));
    cluster.refused.add(
        new ServerDocuments.Refused(
            "com.toolhive.k8s.team-b/broken",
            "MCPServer team-b/broken",
            "metadata.annotations[toolhive.stacklok.dev/authz-claims]",
            "{\"org\": 42}",
            "claim values must be strings"));

    sync.syncNow(CLUSTER);

    assertThat(storage.liveManifests(CLUSTER))
        .extracting(m -> m.name().value() + "@" + m.version().value())
        .as("the first in a fixed order, whatever order the cluster lists them in")
        .containsExactly("com.toolhive.k8s.team-a/github@2.0.0");
    assertThat(state().rejections())
        .extracting(EntryRejection::entryName, EntryRejection::field, EntryRejection::reason)
        .containsExactly(
            tuple(
                "com.toolhive.k8s.team-a/github",
                "name",
                "the same name as MCPRemoteProxy team-a/github, which is kept"),
            tuple(
                "com.toolhive.k8s.team-b/broken",
                "metadata.annotations[toolhive.stacklok.dev/authz-claims]",
                "claim values must be strings (MCPServer team-b/broken)"));
  }

  @Test
  void givenAStrictSource_whenAnEntryIsRejected_thenNothingIsWrittenAndTheLastGoodDataStays() {
    configure(EntryFilter.NONE, true);
    cluster.add("team-a", "github", Claims.NONE);
    sync.syncNow(CLUSTER);
    cluster.add("team-a", "slack", Claims.NONE);
    rules.reject(cluster.add("team-b", "wordy", Claims.NONE), "description", "too long");

    SyncOutcome outcome = sync.syncNow(CLUSTER);

    assertThat(outcome.result()).isEqualTo(Result.FAILED);
    assertThat(outcome.message()).startsWith("Validation failed: strict source, 1 of 3");
    assertThat(names()).containsExactly("com.toolhive.k8s.team-a/github");
    assertThat(state().lastOutcome()).contains(Outcome.FAILED);
    assertThat(state().serverCount()).isEqualTo(1);
  }

  @Test
  void givenAnUnchangedClusterListedInAnotherOrder_whenSyncedAgain_thenNothingIsWritten() {
    configure(EntryFilter.NONE, false);
    cluster.add("team-a", "github", Claims.NONE);
    cluster.add("team-b", "jira", Claims.of("org", "acme"));
    sync.syncNow(CLUSTER);
    int checks = rules.checks;
    Collections.reverse(cluster.documents);

    SyncOutcome again = sync.syncNow(CLUSTER);

    assertThat(again.result()).isEqualTo(Result.UNCHANGED);
    assertThat(storage.writes()).isEqualTo(1);
    assertThat(rules.checks).as("unchanged documents are not checked again").isEqualTo(checks);
    assertThat(state().lastOutcome()).contains(Outcome.UNCHANGED);
    assertThat(state().serverCount()).isEqualTo(2);
  }

  @Test
  void givenChangedClaimsOnly_whenSyncedAgain_thenTheEntryIsRewrittenWithThem() {
    configure(EntryFilter.NONE, false);
    cluster.add("team-a", "github", Claims.of("org", "acme"));
    sync.syncNow(CLUSTER);
    cluster.documents.clear();
    cluster.add("team-a", "github", Claims.of("org", "other"));

    SyncOutcome again = sync.syncNow(CLUSTER);

    assertThat(again.result()).isEqualTo(Result.UPDATED);
    assertThat(storage.liveManifests(CLUSTER))
        .extracting(ServerManifest::claims)
        .containsExactly(Claims.of("org", "other"));
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
    cluster.add("team-a", "github", Claims.NONE);
    cluster.add("team-b", "jira", Claims.NONE);

    SyncOutcome outcome = sync.syncNow(CLUSTER);

    assertThat(names()).containsExactly("com.toolhive.k8s.team-a/github");
    assertThat(outcome.message()).contains("1 filtered out");
    assertThat(state().serverCount()).isEqualTo(1);
  }

  @Test
  void
      givenEntriesWithAndWithoutTheirOwnClaims_whenSynced_thenOnlyThoseWithoutGetTheSourceClaims() {
    configure(EntryFilter.NONE, false);
    cluster.add("team-a", "github", Claims.of("org", "acme"));
    cluster.add("team-b", "jira", Claims.NONE);

    sync.syncNow(CLUSTER);

    assertThat(storage.liveManifests(CLUSTER))
        .extracting(ServerManifest::claims)
        .containsExactlyInAnyOrder(Claims.of("org", "acme"), Claims.of("team", "platform"));
  }

  @Test
  void givenAWatchThatCannotList_whenSynced_thenTheFailureIsRecordedAndTheLastDataStays() {
    configure(EntryFilter.NONE, false);
    cluster.add("team-a", "github", Claims.NONE);
    sync.syncNow(CLUSTER);
    cluster.failure = "the Kubernetes API server has not listed the objects of namespaces [team-a]";

    SyncOutcome outcome = sync.syncNow(CLUSTER);

    assertThat(outcome.result()).isEqualTo(Result.FAILED);
    assertThat(state().message()).contains("has not listed");
    assertThat(state().attemptCount()).isEqualTo(1);
    assertThat(names()).containsExactly("com.toolhive.k8s.team-a/github");
  }

  private SyncState state() {
    return storage.find(CLUSTER).orElseThrow();
  }

  private List<String> names() {
    return storage.liveManifests(CLUSTER).stream().map(m -> m.name().value()).toList();
  }

  /** Port fake: the documents a cluster's exported MCPServers make, as the adapter lists them. */
  private static final class Cluster implements ServerDocumentSource {
    final List<Document> documents = new ArrayList<>();
    final List<ServerDocuments.Refused> refused = new ArrayList<>();
    String failure;

    /** Adds an MCPServer's document and returns it. */
    String add(String namespace, String name, Claims claims) {
      String server = "com.toolhive.k8s." + namespace + "/" + name;
      String json = manifest(server, "1.0.0").document();
      documents.add(new Document(server, "MCPServer " + namespace + "/" + name, json, claims));
      return json;
    }

    @Override
    public boolean supports(SourceKind kind) {
      return kind instanceof SourceKind.Kubernetes;
    }

    @Override
    public ServerDocuments read(SourceDefinition source) throws SourceReadException {
      if (failure != null) {
        throw new SourceReadException(failure);
      }
      return new ServerDocuments(documents, refused);
    }
  }

  /**
   * Port fake: the server.json rules, accepting every document it is not told to reject; what each
   * accepted document becomes is the test manifest whose document it is.
   */
  private static final class Rules implements ServerDocumentCheck {
    private final Map<String, String[]> rejected = new HashMap<>();
    int checks;

    void reject(String json, String field, String reason) {
      rejected.put(json, new String[] {field, reason});
    }

    @Override
    public SourceSnapshot check(List<String> documents, String contentHash) {
      checks++;
      List<ServerManifest> servers = new ArrayList<>();
      List<EntryRejection> rejections = new ArrayList<>();
      for (int i = 0; i < documents.size(); i++) {
        String json = documents.get(i);
        String name = json.replaceAll(".*\"name\":\"([^\"]+)\".*", "$1");
        String version = json.replaceAll(".*\"version\":\"([^\"]+)\".*", "$1");
        String[] why = rejected.get(json);
        if (why != null) {
          rejections.add(new EntryRejection(i, name, why[0], null, why[1]));
        } else {
          servers.add(manifest(name, version));
        }
      }
      return new SourceSnapshot(servers, rejections, contentHash);
    }
  }
}
