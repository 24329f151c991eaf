package dev.waggle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.out.SyncState;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SyncStateStoreTest {
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static TestCatalog catalog;
  private Instant now;

  @BeforeAll
  static void database() {
    catalog = TestCatalog.migrated();
  }

  @AfterAll
  static void close() {
    catalog.close();
  }

  @BeforeEach
  void threeSources() {
    // A clean slate: new sync states, due at the moment they are created.
    catalog.registries.applyConfiguration(new CatalogLayout(List.of(), List.of(), null));
    sources("a", "b", "c");
    now = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MICROS);
  }

  @Test
  void dueSourcesAreClaimedOnceAndMarkedSyncing() {
    assertThat(catalog.syncStates.claimDue(now, LEASE, 10))
        .extracting(SourceName::value)
        .containsExactly("a", "b", "c");

    assertThat(catalog.syncStates.find(SourceName.of("a")).orElseThrow().phase())
        .isEqualTo(SyncState.Phase.SYNCING);
    assertThat(catalog.syncStates.claimDue(now.plusSeconds(60), LEASE, 10)).isEmpty();
  }

  @Test
  void noMoreThanTheAskedNumberOfSourcesAreClaimedAtOnce() {
    assertThat(catalog.syncStates.claimDue(now, LEASE, 2)).hasSize(2);
    assertThat(catalog.syncStates.claimDue(now, LEASE, 2)).hasSize(1);
  }

  @Test
  void sourcesNotYetDueAreNotClaimed() {
    record("a", now.plusSeconds(600));
    record("b", now.plusSeconds(60));

    assertThat(catalog.syncStates.claimDue(now, LEASE, 10))
        .extracting(SourceName::value)
        .containsExactly("c");
    assertThat(catalog.syncStates.claimDue(now.plusSeconds(61), LEASE, 10))
        .extracting(SourceName::value)
        .containsExactly("b");
  }

  @Test
  void aLeaseThatRanOutCanBeClaimedAgainSoACrashedReplicaBlocksNothingForever() {
    assertThat(catalog.syncStates.claimDue(now, LEASE, 1))
        .extracting(SourceName::value)
        .containsExactly("a");

    assertThat(catalog.syncStates.claimDue(now.plus(LEASE).minusSeconds(1), LEASE, 10))
        .extracting(SourceName::value)
        .containsExactly("b", "c");
    assertThat(catalog.syncStates.claimDue(now.plus(LEASE).plusSeconds(1), LEASE, 10))
        .extracting(SourceName::value)
        .containsExactly("a");
  }

  @Test
  void claimingOneSourceIgnoresItsScheduleButNotALiveLease() {
    record("a", now.plusSeconds(3_600));

    Optional<SyncState> claimed = catalog.syncStates.claim(SourceName.of("a"), now, LEASE);

    assertThat(claimed).map(SyncState::phase).contains(SyncState.Phase.SYNCING);
    assertThat(claimed).flatMap(SyncState::contentHash).contains("hash");
    assertThat(catalog.syncStates.claim(SourceName.of("a"), now.plusSeconds(1), LEASE)).isEmpty();
    assertThat(catalog.syncStates.claim(SourceName.of("a"), now.plus(LEASE).plusSeconds(1), LEASE))
        .isPresent();
    assertThat(catalog.syncStates.claim(SourceName.of("unknown"), now, LEASE)).isEmpty();
  }

  @Test
  void makingASourceDueMovesItsNextAttemptOnlyEarlierAndKeepsWhatItApplied() {
    record("a", now.plusSeconds(3_600));
    record("b", now.minusSeconds(60));

    catalog.syncStates.makeDue(SourceName.of("a"), now);
    catalog.syncStates.makeDue(SourceName.of("b"), now);
    catalog.syncStates.makeDue(SourceName.of("unknown"), now);

    SyncState a = catalog.syncStates.find(SourceName.of("a")).orElseThrow();
    assertThat(a.nextAttempt()).isEqualTo(now);
    assertThat(a.contentHash()).contains("hash");
    assertThat(a.phase()).isEqualTo(SyncState.Phase.COMPLETE);
    assertThat(catalog.syncStates.find(SourceName.of("b")).orElseThrow().nextAttempt())
        .isEqualTo(now.minusSeconds(60));
    assertThat(catalog.syncStates.claimDue(now, LEASE, 10))
        .extracting(SourceName::value)
        .containsExactly("b", "c", "a");
  }

  @Test
  void recordingAnAttemptStoresItsStateAndReleasesTheLease() {
    assertThat(catalog.syncStates.claimDue(now, LEASE, 10)).hasSize(3);
    SyncState failed =
        new SyncState(
            SyncState.Phase.FAILED,
            Optional.of("sha256:1"),
            Optional.of("names+[io.*]"),
            Optional.of(now),
            Optional.of(now.minusSeconds(3_600)),
            3,
            now.plusSeconds(30),
            42,
            "Fetch failed: connection refused");

    catalog.syncStates.record(SourceName.of("b"), failed);

    assertThat(catalog.syncStates.find(SourceName.of("b"))).contains(failed);
    assertThat(catalog.syncStates.claimDue(now.plusSeconds(31), LEASE, 10))
        .extracting(SourceName::value)
        .containsExactly("b");
  }

  @Test
  void anUnchangedCheckIsStoredWithItsOutcomeEndAndCounts() {
    assertThat(catalog.syncStates.claimDue(now, LEASE, 10)).hasSize(3);
    SyncState unchanged =
        new SyncState(
            SyncState.Phase.COMPLETE,
            Optional.of(SyncState.Outcome.UNCHANGED),
            Optional.of("sha256:1"),
            Optional.of("sha256:definition"),
            Optional.of(now),
            Optional.of(now.plusMillis(35)),
            Optional.of(now.plusMillis(35)),
            0,
            now.plusSeconds(600),
            42,
            2,
            1,
            "Source unchanged since the last sync",
            List.of());

    catalog.syncStates.record(SourceName.of("c"), unchanged);

    assertThat(catalog.syncStates.find(SourceName.of("c"))).contains(unchanged);
  }

  @Test
  void aStrictSourceStaysStrictInStorage() {
    SourceDefinition strict =
        new SourceDefinition(
            SourceName.of("strict"),
            SourceKind.File.atPath(java.nio.file.Path.of("/data/strict.json")),
            Optional.of(Duration.ofMinutes(10)),
            EntryFilter.NONE,
            Claims.NONE,
            true);
    catalog.registries.applyConfiguration(
        new CatalogLayout(
            List.of(strict),
            List.of(
                new RegistryDefinition(
                    RegistryName.of("strict"), List.of(strict.name()), Claims.NONE)),
            null));

    assertThat(catalog.registries.findSource(strict.name())).contains(strict);
  }

  @Test
  void theRejectionsOfASyncAreStoredInFullAndReadBackEqual() {
    List<EntryRejection> rejections =
        List.of(
            new EntryRejection(3, "io.acme/long", "description", "x".repeat(80), "too long"),
            new EntryRejection(7, null, "name", null, "required"),
            new EntryRejection(9, "io.acme/odd", "title", "nul\0here\r\n", "control characters"));
    SyncState state =
        new SyncState(
            SyncState.Phase.COMPLETE,
            Optional.of("hash"),
            Optional.of("filter"),
            Optional.of(now),
            Optional.of(now),
            0,
            now.plusSeconds(60),
            4,
            "Sync completed",
            rejections);

    catalog.syncStates.record(SourceName.of("a"), state);
    SyncState stored = catalog.syncStates.find(SourceName.of("a")).orElseThrow();
    SyncState claimed =
        catalog.syncStates.claim(SourceName.of("a"), now.plusSeconds(61), LEASE).orElseThrow();

    assertThat(stored.rejections()).hasSize(3);
    assertThat(stored.rejections().subList(0, 2)).isEqualTo(rejections.subList(0, 2));
    // jsonb holds no U+0000: it is kept as its escape, and everything else as it was.
    assertThat(stored.rejections().get(2).value()).isEqualTo("nul\\u0000here\r\n");
    assertThat(claimed.rejections()).isEqualTo(stored.rejections());
    assertThat(catalog.syncStates.find(SourceName.of("b")).orElseThrow().rejections()).isEmpty();
  }

  @Test
  void replicasClaimingAtTheSameTimeNeverGetTheSameSource() throws Exception {
    List<String> many = IntStream.range(0, 30).mapToObj(i -> "s" + i).toList();
    catalog.registries.applyConfiguration(new CatalogLayout(List.of(), List.of(), null));
    sources(many.toArray(String[]::new));
    Instant later = Instant.now().plusSeconds(1);
    ExecutorService replicas = Executors.newFixedThreadPool(3);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<SourceName>>> claims = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Callable<List<SourceName>> replica =
            () -> {
              start.await();
              List<SourceName> mine = new ArrayList<>();
              for (int round = 0; round < 10; round++) {
                mine.addAll(catalog.syncStates.claimDue(later, LEASE, 2));
              }
              return mine;
            };
        claims.add(replicas.submit(replica));
      }
      start.countDown();
      List<SourceName> all = new ArrayList<>();
      for (Future<List<SourceName>> claim : claims) {
        all.addAll(claim.get());
      }
      Set<SourceName> distinct = new HashSet<>(all);

      assertThat(all).hasSize(distinct.size());
      assertThat(distinct).hasSize(30);
    } finally {
      replicas.shutdownNow();
    }
  }

  private static void sources(String... names) {
    List<SourceDefinition> definitions = new ArrayList<>();
    for (String name : names) {
      definitions.add(TestCatalog.fileSource(name));
    }
    catalog.registries.applyConfiguration(
        new CatalogLayout(
            definitions,
            List.of(
                new RegistryDefinition(
                    RegistryName.of("r"),
                    definitions.stream().map(SourceDefinition::name).toList(),
                    Claims.NONE)),
            null));
  }

  private static void record(String source, Instant nextAttempt) {
    catalog.syncStates.record(
        SourceName.of(source),
        new SyncState(
            SyncState.Phase.COMPLETE,
            Optional.of("hash"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            0,
            nextAttempt,
            0,
            "ok"));
  }
}
