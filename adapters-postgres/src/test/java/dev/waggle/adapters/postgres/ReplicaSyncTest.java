package dev.waggle.adapters.postgres;

import static dev.waggle.domain.catalog.TestManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.out.FetchedSource;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.application.port.out.SyncState;
import dev.waggle.application.service.SyncService;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import dev.waggle.domain.source.SourceSnapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two Waggle instances — each with its own connections and liveness lock — syncing the same sources
 * of one embedded PostgreSQL: a source is never synced by both at once, and a sync whose instance
 * died is taken over.
 */
class ReplicaSyncTest {
  private static final int SOURCES = 4;

  private final Map<SourceName, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final Map<SourceName, AtomicInteger> fetches = new ConcurrentHashMap<>();
  private final List<String> overlaps = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final CountDownLatch hang = new CountDownLatch(1);
  private volatile SourceName hangOn;

  private TestCatalog first;
  private PostgresStorage secondStorage;
  private SyncService one;
  private SyncService two;
  private JdbiSyncStateStore secondStates;
  private List<SourceName> names;

  @BeforeEach
  void twoInstancesOnOneDatabase() {
    first = TestCatalog.migrated();
    names = IntStream.range(0, SOURCES).mapToObj(i -> SourceName.of("source-" + i)).toList();
    List<SourceDefinition> sources =
        names.stream()
            .map(
                name ->
                    new SourceDefinition(
                        name,
                        SourceKind.File.atPath(Path.of("/data/" + name.value() + ".json")),
                        // Due again at once, so that both instances keep competing for every
                        // source.
                        Optional.of(Duration.ofMillis(1)),
                        EntryFilter.NONE,
                        Claims.NONE))
            .toList();
    first.registries.applyConfiguration(
        new CatalogLayout(
            sources,
            List.of(new RegistryDefinition(RegistryName.of("main"), names, Claims.NONE)),
            null));
    one =
        new SyncService(
            first.registries,
            first.syncStates,
            first.entries,
            List.of(new WatchedReader()),
            Clock.systemUTC());

    secondStorage = new PostgresStorage(first.settings);
    PgCatalogChanges secondChanges = new PgCatalogChanges(first.settings);
    secondStates = new JdbiSyncStateStore(secondStorage.jdbi(), secondStorage.liveness());
    two =
        new SyncService(
            new JdbiRegistryStore(secondStorage.jdbi(), secondChanges),
            secondStates,
            new JdbiEntryStore(
                secondStorage.jdbi(), secondChanges, JdbiEntryStore.DEFAULT_RETENTION),
            List.of(new WatchedReader()),
            Clock.systemUTC());
  }

  @AfterEach
  void close() {
    hang.countDown();
    secondStorage.close();
    first.close();
  }

  @Test
  void givenTwoInstancesSyncingOnScheduleAndOnDemand_whenTheyRace_thenNoSourceIsSyncedTwiceAtOnce()
      throws Exception {
    ExecutorService instances = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> synced = new ArrayList<>();
      for (SyncService instance : List.of(one, two)) {
        synced.add(
            instances.submit(
                () -> {
                  // Both ways count: which instance wins the scheduled claims is a matter of
                  // timing, and one may find every due source leased by the other's syncs.
                  int syncs = 0;
                  for (int round = 0; round < 40; round++) {
                    for (SyncOutcome outcome : instance.syncDue()) {
                      syncs += outcome.result() == SyncOutcome.Result.UPDATED ? 1 : 0;
                    }
                    SourceName any = names.get(round % SOURCES);
                    syncs += instance.requestSync(any).started() ? 1 : 0;
                  }
                  return syncs;
                }));
      }
      for (Future<Integer> instance : synced) {
        assertThat(instance.get(2, TimeUnit.MINUTES)).as("syncs by one instance").isPositive();
      }
    } finally {
      instances.shutdownNow();
    }

    assertThat(overlaps).isEmpty();
    assertThat(fetches.values().stream().mapToInt(AtomicInteger::get).sum())
        .isGreaterThan(2 * SOURCES);
  }

  @Test
  void givenAnInstanceKilledInTheMiddleOfASync_whenTheOtherLooks_thenItTakesTheSourceOver()
      throws Exception {
    SourceName victim = names.get(0);
    hangOn = victim;
    assertThat(one.requestSync(victim).started()).isTrue();
    awaitFetchOf(victim);
    // A second request meanwhile joins the running sync instead of starting one.
    assertThat(two.requestSync(victim).started()).isFalse();

    // What PostgreSQL sees when a process is killed: its sessions end, and their locks with them.
    first.storage.liveness().close();

    hangOn = null;
    boolean takenOver = false;
    for (int i = 0; i < 200 && !takenOver; i++) {
      Thread.sleep(50);
      takenOver = two.requestSync(victim).started();
    }
    assertThat(takenOver).as("the orphaned sync was taken over").isTrue();
    SyncState state = awaitEnd(victim);
    assertThat(state.phase()).isEqualTo(SyncState.Phase.COMPLETE);
    assertThat(state.lastOutcome()).contains(SyncState.Outcome.UPDATED);
    assertThat(state.serverCount()).isEqualTo(1);
  }

  private void awaitFetchOf(SourceName source) throws InterruptedException {
    for (int i = 0; i < 200 && fetches.getOrDefault(source, new AtomicInteger()).get() == 0; i++) {
      Thread.sleep(25);
    }
    assertThat(fetches.get(source)).as("fetches of %s", source).isNotNull();
  }

  private SyncState awaitEnd(SourceName source) throws InterruptedException {
    SyncState state = secondStates.find(source).orElseThrow();
    for (int i = 0; i < 200 && state.phase() == SyncState.Phase.SYNCING; i++) {
      Thread.sleep(25);
      state = secondStates.find(source).orElseThrow();
    }
    return state;
  }

  /**
   * Port fake: a reader shared by both instances that notes any fetch of a source that starts while
   * another fetch of it runs, and hangs on the source it is told to, as a slow upstream would.
   */
  private final class WatchedReader implements SourceReader {
    @Override
    public boolean supports(SourceKind kind) {
      return kind instanceof SourceKind.File;
    }

    @Override
    public SourceSnapshot read(SourceDefinition source) throws SourceReadException {
      return fetch(source).parse();
    }

    @Override
    public FetchedSource fetch(SourceDefinition source) throws SourceReadException {
      AtomicInteger running = inFlight.computeIfAbsent(source.name(), n -> new AtomicInteger());
      int count =
          fetches.computeIfAbsent(source.name(), n -> new AtomicInteger()).incrementAndGet();
      if (running.incrementAndGet() > 1) {
        overlaps.add(source.name().value());
      }
      try {
        if (source.name().equals(hangOn)) {
          hang.await(5, TimeUnit.MINUTES);
          throw new SourceReadException("the instance was killed");
        }
        // Long enough for the other instance to try the same source meanwhile.
        Thread.sleep(2);
        return FetchedSource.parsed(
            new SourceSnapshot(
                List.of(manifest("io.acme/" + source.name().value(), "1.0." + count)),
                List.of(),
                "hash-" + count));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SourceReadException("interrupted");
      } finally {
        running.decrementAndGet();
      }
    }
  }
}
