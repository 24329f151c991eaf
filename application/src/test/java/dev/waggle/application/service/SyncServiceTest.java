package dev.waggle.application.service;

import static dev.waggle.application.testing.OneFileSource.CATALOG;
import static dev.waggle.domain.catalog.TestManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.SyncOutcome.Result;
import dev.waggle.application.port.in.SyncRequest;
import dev.waggle.application.port.out.StorageUnavailableException;
import dev.waggle.application.port.out.SyncMetrics;
import dev.waggle.application.port.out.SyncState;
import dev.waggle.application.port.out.SyncState.Outcome;
import dev.waggle.application.port.out.SyncState.Phase;
import dev.waggle.application.port.out.Tracing;
import dev.waggle.application.testing.InMemoryStorage;
import dev.waggle.application.testing.OneFileSource;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SyncServiceTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  private final ScriptedSourceReader reader = new ScriptedSourceReader();
  private final MutableClock clock = new MutableClock();
  private final InMemoryStorage storage =
      new InMemoryStorage(clock, InMemoryStorage.DEFAULT_RETENTION);
  private SyncService sync;

  @BeforeEach
  void setUp() {
    configure(EntryFilter.NONE, Claims.of("org", "acme"));
    sync = new SyncService(storage, storage, storage, List.of(reader), clock);
  }

  private void configure(EntryFilter filter, Claims claims) {
    configure(OneFileSource.source(filter, claims, false));
  }

  private void configure(SourceDefinition source) {
    storage.applyConfiguration(OneFileSource.layout(source));
  }

  private static SourceSnapshot snapshot(String hash, ServerManifest... servers) {
    return new SourceSnapshot(List.of(servers), List.of(), hash);
  }

  @Test
  void givenADueSource_whenSyncing_thenItsEntriesAreStoredWithTheSourceClaims() {
    reader.thenReturn(
        snapshot("h1", manifest("io.acme/a", "1.0.0"), manifest("io.acme/b", "2.0.0")));

    List<SyncOutcome> outcomes = sync.syncDue();

    assertThat(outcomes).extracting(SyncOutcome::result).containsExactly(Result.UPDATED);
    assertThat(storage.liveManifests(CATALOG))
        .hasSize(2)
        .allSatisfy(m -> assertThat(m.claims()).isEqualTo(Claims.of("org", "acme")));
    assertThat(storage.find(CATALOG).orElseThrow().phase()).isEqualTo(Phase.COMPLETE);
    assertThat(storage.find(CATALOG).orElseThrow().nextAttempt())
        .isEqualTo(NOW.plus(Duration.ofMinutes(5)));
  }

  @Test
  void givenUnchangedData_whenTheIntervalElapses_thenNothingIsRewrittenButTheScheduleMovesOn() {
    reader.thenReturn(snapshot("same", manifest("io.acme/a", "1.0.0")));
    sync.syncDue();
    clock.advance(Duration.ofMinutes(6));

    List<SyncOutcome> second = sync.syncDue();

    assertThat(second).extracting(SyncOutcome::result).containsExactly(Result.UNCHANGED);
    assertThat(storage.writes()).isEqualTo(1);
    assertThat(storage.find(CATALOG).orElseThrow().nextAttempt())
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
  }

  @Test
  void givenStorageFailingInTheMiddleOfARound_whenTheRoundThrows_thenItsSourcesAreNotLeftLeased() {
    SourceName other = SourceName.of("other");
    SourceDefinition catalog = storage.findSource(CATALOG).orElseThrow();
    storage.applyConfiguration(
        new CatalogLayout(
            List.of(
                catalog,
                new SourceDefinition(
                    other,
                    SourceKind.File.atPath(Path.of("other.json")),
                    Optional.of(Duration.ofMinutes(5)),
                    EntryFilter.NONE,
                    Claims.NONE)),
            List.of(
                new RegistryDefinition(RegistryName.of("default"), List.of(CATALOG, other), null)),
            null));
    reader.thenReturn(snapshot("h1", manifest("io.acme/a", "1.0.0")));
    storage.failRecordsWith(new StorageUnavailableException("database gone", null));

    assertThatThrownBy(sync::syncDue).isInstanceOf(StorageUnavailableException.class);

    assertThat(storage.leased(CATALOG, NOW)).isFalse();
    assertThat(storage.leased(other, NOW)).isFalse();
  }

  @Test
  void givenStorageFailingDuringAnOnDemandSync_whenItThrows_thenTheSourceCanBeSyncedAgain() {
    reader.thenReturn(snapshot("h1", manifest("io.acme/a", "1.0.0")));
    storage.failRecordsWith(new StorageUnavailableException("database gone", null));

    assertThatThrownBy(() -> sync.syncNow(CATALOG)).isInstanceOf(StorageUnavailableException.class);

    assertThat(storage.leased(CATALOG, NOW)).isFalse();
  }

  @Test
  void givenASourceNotYetDue_whenSyncDueRuns_thenItIsNotRead() {
    reader.thenReturn(snapshot("h1", manifest("io.acme/a", "1.0.0")));
    sync.syncDue();
    clock.advance(Duration.ofMinutes(1));

    assertThat(sync.syncDue()).isEmpty();
    assertThat(reader.reads()).isEqualTo(1);
  }

  @Test
  void givenAFilterEdit_whenDataIsUnchanged_thenTheFilterIsStillApplied() {
    reader.thenReturn(
        snapshot("same", manifest("io.acme/a", "1.0.0"), manifest("io.other/b", "1.0.0")));
    sync.syncDue();
    configure(
        new EntryFilter(
            List.of(GlobPattern.compile("include", "io.acme/*")), List.of(), Set.of(), Set.of()),
        Claims.of("org", "acme"));
    clock.advance(Duration.ofMinutes(6));

    assertThat(sync.syncDue()).extracting(SyncOutcome::result).containsExactly(Result.UPDATED);
    assertThat(storage.liveManifests(CATALOG))
        .extracting(m -> m.name().value())
        .containsExactly("io.acme/a");
  }

  @Test
  void givenAFetchFailure_whenSyncing_thenPreviousDataStaysAndTheRetryBacksOff() {
    reader
        .thenReturn(snapshot("h1", manifest("io.acme/a", "1.0.0")))
        .thenFail("file not found: registry.json");
    sync.syncDue();
    clock.advance(Duration.ofMinutes(6));

    SyncOutcome failed = sync.syncDue().get(0);

    assertThat(failed.result()).isEqualTo(Result.FAILED);
    assertThat(failed.message()).contains("file not found: registry.json");
    assertThat(storage.liveManifests(CATALOG)).hasSize(1);
    var state = storage.find(CATALOG).orElseThrow();
    assertThat(state.phase()).isEqualTo(Phase.FAILED);
    assertThat(state.attemptCount()).isEqualTo(1);
    assertThat(state.contentHash()).contains("h1");
    assertThat(Duration.between(clock.instant(), state.nextAttempt()))
        .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(6));
  }

  @Test
  void everySyncIsReportedToTheMetricsWithItsOutcome_andTheSizeItLeftServedIsRecorded() {
    List<String> reported = new ArrayList<>();
    SyncMetrics metrics =
        new SyncMetrics() {
          @Override
          public void succeeded(SourceName source, Duration took) {
            reported.add(source + " success");
          }

          @Override
          public void failed(SourceName source, Duration took, Failure failure) {
            reported.add(source + " error " + failure);
          }
        };
    SyncService measured =
        new SyncService(
            storage,
            storage,
            storage,
            List.of(reader),
            clock,
            Runnable::run,
            metrics,
            Tracing.NONE);
    reader
        .thenReturn(snapshot("h1", manifest("io.acme/a", "1.0.0"), manifest("io.acme/a", "1.1.0")))
        .thenReturn(snapshot("h1", manifest("io.acme/a", "1.0.0"), manifest("io.acme/a", "1.1.0")))
        .thenFail("file not found: registry.json");

    measured.syncDue();
    clock.advance(Duration.ofMinutes(6));
    measured.syncDue();
    clock.advance(Duration.ofMinutes(6));
    measured.syncDue();

    // Unchanged data is a success too; the size the last write left stays recorded, for the
    // served catalogs of every replica to report.
    assertThat(reported)
        .containsExactly(CATALOG + " success", CATALOG + " success", CATALOG + " error FETCH");
    assertThat(storage.find(CATALOG).orElseThrow().serverCount()).isEqualTo(2);
  }

  @Test
  void aSyncIsOneSpanWithItsFetchAndItsWriteInside_andAFailedOneIsMarkedSo() {
    RecordingTracing tracing = new RecordingTracing();
    SyncService traced =
        new SyncService(
            storage,
            storage,
            storage,
            List.of(reader),
            clock,
            Runnable::run,
            SyncMetrics.NONE,
            tracing);
    reader
        .thenReturn(snapshot("h1", manifest("io.acme/a", "1.0.0"), manifest("io.acme/b", "1.0.0")))
        .thenFail("file not found: registry.json");

    traced.syncDue();
    clock.advance(Duration.ofMinutes(6));
    traced.syncDue();

    assertThat(tracing.spans)
        .containsExactly(
            "sync.fetch in sync.performRegistrySync",
            "store.replaceSourceContents in sync.performRegistrySync",
            "sync.performRegistrySync",
            "sync.fetch in sync.performRegistrySync failed",
            "sync.performRegistrySync failed");
    assertThat(tracing.attributes.get(2))
        .containsEntry("registry.name", "catalog")
        .containsEntry("sync.success", "true")
        .containsEntry("sync.outcome", "updated")
        .containsEntry("sync.server_count", "2");
    assertThat(tracing.attributes.get(4))
        .containsEntry("sync.success", "false")
        .containsEntry("sync.outcome", "failed");
  }

  /** Records each span as it ends: its name, the span it ran in, and whether it failed. */
  private static final class RecordingTracing implements Tracing {
    final List<String> spans = new ArrayList<>();
    final List<Map<String, String>> attributes = new ArrayList<>();
    private final java.util.Deque<String> open = new java.util.ArrayDeque<>();

    @Override
    public Span start(String name) {
      String parent = open.peek();
      open.push(name);
      Map<String, String> values = new java.util.LinkedHashMap<>();
      boolean[] failed = {false};
      return new Span() {
        @Override
        public Span set(String key, String value) {
          values.put(key, value);
          return this;
        }

        @Override
        public Span set(String key, long value) {
          return set(key, Long.toString(value));
        }

        @Override
        public Span set(String key, boolean value) {
          return set(key, Boolean.toString(value));
        }

        @Override
        public Span set(String key, double value) {
          return set(key, Double.toString(value));
        }

        @Override
        public void failed(String reason, Throwable cause) {
          failed[0] = true;
        }

        @Override
        public void close() {
          open.pop();
          spans.add(name + (parent == null ? "" : " in " + parent) + (failed[0] ? " failed" : ""));
          attributes.add(values);
        }
      };
    }

    @Override
    public Runnable carryOver(Runnable task) {
      return task;
    }
  }

  @Test
  void repeatedFailuresBackOffExponentiallyButNeverBeyondTheInterval() {
    Duration interval = Duration.ofMinutes(5);
    assertThat(SyncService.backoff(1, interval))
        .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(6));
    assertThat(SyncService.backoff(3, interval))
        .isBetween(Duration.ofSeconds(20), Duration.ofSeconds(24));
    assertThat(SyncService.backoff(30, interval)).isEqualTo(interval);
  }

  @Test
  void givenAStorageFailure_whenSyncing_thenTheSourceIsMarkedFailedAndRetried() {
    reader.thenReturn(snapshot("h1", manifest("io.acme/a", "1.0.0")));
    storage.failNextWrite(new IllegalStateException("connection reset"));

    SyncOutcome outcome = sync.syncDue().get(0);

    assertThat(outcome.result()).isEqualTo(Result.FAILED);
    assertThat(outcome.message()).startsWith("Storage failed: ").contains("connection reset");
    assertThat(storage.find(CATALOG).orElseThrow().contentHash()).isEmpty();
  }

  @Test
  void givenSomeRejectedEntries_whenSyncing_thenValidOnesAreStoredAndRejectionsReported() {
    EntryRejection bad =
        new EntryRejection(
            1, "io.acme/long", "description", "x".repeat(120), "must be at most 100 characters");
    reader.thenReturn(
        new SourceSnapshot(List.of(manifest("io.acme/a", "1.0.0")), List.of(bad), "h1"));

    SyncOutcome outcome = sync.syncDue().get(0);

    assertThat(outcome.result()).isEqualTo(Result.UPDATED);
    assertThat(outcome.rejectedCount()).isEqualTo(1);
    assertThat(outcome.message()).contains("io.acme/long").contains("description");
    assertThat(storage.liveManifests(CATALOG)).hasSize(1);
  }

  @Test
  void givenTheSameRejectionsAgain_whenSyncing_thenOnlyASummaryIsLoggedAndTheStatusKeepsTheList() {
    List<EntryRejection> rejected =
        List.of(
            new EntryRejection(1, "io.acme/long", "description", "x", "must be shorter"),
            new EntryRejection(2, "io.acme/bad", "version", "^1", "must not be a range"));
    reader
        .thenReturn(new SourceSnapshot(List.of(manifest("io.acme/a", "1.0.0")), rejected, "h1"))
        // New content, one more valid entry above the broken ones: their positions move.
        .thenReturn(
            new SourceSnapshot(
                List.of(manifest("io.acme/a", "1.0.0"), manifest("io.acme/z", "1.0.0")),
                List.of(
                    new EntryRejection(2, "io.acme/long", "description", "x", "must be shorter"),
                    new EntryRejection(3, "io.acme/bad", "version", "^1", "must not be a range")),
                "h2"));

    List<LogRecord> first = logOf(() -> sync.syncNow(CATALOG));
    List<LogRecord> entriesMoved = logOf(() -> sync.syncNow(CATALOG));
    List<LogRecord> sameContentAgain = logOf(() -> sync.syncNow(CATALOG));

    assertThat(rejectionLines(first)).hasSize(2);
    assertThat(rejectionLines(entriesMoved)).isEmpty();
    assertThat(entriesMoved)
        .extracting(LogRecord::getMessage)
        .anySatisfy(line -> assertThat(line).contains("2 entries still rejected"));
    // Unchanged content is not parsed again, so there is nothing new to say about its storage.
    assertThat(rejectionLines(sameContentAgain)).isEmpty();
    assertThat(storage.find(CATALOG).orElseThrow().rejections())
        .extracting(EntryRejection::entryName)
        .containsExactly("io.acme/long", "io.acme/bad");
  }

  @Test
  void givenTheSameRejectionsOnAChangedSource_whenSyncing_thenNoLogLineNamesTheRejectedEntries() {
    List<EntryRejection> rejected =
        List.of(new EntryRejection(1, "io.acme/long", "description", "x", "must be shorter"));
    reader
        .thenReturn(new SourceSnapshot(List.of(manifest("io.acme/a", "1.0.0")), rejected, "h1"))
        .thenReturn(
            new SourceSnapshot(
                List.of(manifest("io.acme/a", "1.0.0"), manifest("io.acme/z", "1.0.0")),
                rejected,
                "h2"));
    sync.syncNow(CATALOG);

    List<LogRecord> second = logOf(() -> sync.syncNow(CATALOG));

    assertThat(second)
        .extracting(LogRecord::getMessage)
        .isNotEmpty()
        .noneSatisfy(line -> assertThat(line).contains("io.acme/long"))
        .anySatisfy(line -> assertThat(line).contains("2 server versions stored; 1 rejected"));
    assertThat(storage.find(CATALOG).orElseThrow().message()).contains("io.acme/long");
  }

  @Test
  void givenANewRejection_whenSyncing_thenOnlyTheNewOneIsLoggedInFull() {
    EntryRejection old = new EntryRejection(1, "io.acme/long", "description", "x", "too long");
    EntryRejection added = new EntryRejection(2, "io.acme/new", "name", "", "required");
    reader
        .thenReturn(new SourceSnapshot(List.of(manifest("io.acme/a", "1.0.0")), List.of(old), "h1"))
        .thenReturn(
            new SourceSnapshot(List.of(manifest("io.acme/a", "1.0.0")), List.of(old, added), "h2"));
    sync.syncNow(CATALOG);

    List<LogRecord> second = logOf(() -> sync.syncNow(CATALOG));

    assertThat(rejectionLines(second))
        .singleElement()
        .satisfies(line -> assertThat(line.getMessage()).contains("io.acme/new"));
    assertThat(second)
        .extracting(LogRecord::getMessage)
        .anySatisfy(line -> assertThat(line).contains("2 entries rejected (1 new, 0 no longer"));
    assertThat(storage.find(CATALOG).orElseThrow().rejections()).containsExactly(old, added);
  }

  /** What the service logged while {@code action} ran, as java.util.logging receives it. */
  private static List<LogRecord> logOf(Runnable action) {
    Logger logger = Logger.getLogger(SyncService.class.getName());
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      action.run();
    } finally {
      logger.removeHandler(handler);
    }
    return records;
  }

  private static List<LogRecord> rejectionLines(List<LogRecord> records) {
    return records.stream()
        .filter(r -> r.getLevel() == java.util.logging.Level.WARNING)
        .filter(r -> r.getMessage().contains(" rejected entry #"))
        .toList();
  }

  @Test
  void givenEveryEntryRejected_whenSyncing_thenTheOldCatalogIsKept() {
    reader
        .thenReturn(snapshot("h1", manifest("io.acme/a", "1.0.0")))
        .thenReturn(
            new SourceSnapshot(
                List.of(),
                List.of(new EntryRejection(0, "io.acme/a", "name", "", "required")),
                "h2"));
    sync.syncDue();
    clock.advance(Duration.ofMinutes(6));

    assertThat(sync.syncDue().get(0).result()).isEqualTo(Result.FAILED);
    assertThat(storage.liveManifests(CATALOG)).hasSize(1);
  }

  @Test
  void givenUnchangedDataAndDefinition_whenSyncingNowTwice_thenTheSecondWritesNothing() {
    reader.thenReturn(snapshot("same", manifest("io.acme/a", "1.0.0")));

    SyncOutcome first = sync.syncNow(CATALOG);
    clock.advance(Duration.ofSeconds(3));
    SyncOutcome second = sync.syncNow(CATALOG);

    assertThat(first.result()).isEqualTo(Result.UPDATED);
    assertThat(second.result()).isEqualTo(Result.UNCHANGED);
    assertThat(second.serverCount()).isEqualTo(1);
    assertThat(storage.writes()).isEqualTo(1);
    assertThat(reader.parses()).isEqualTo(1);
    var state = storage.find(CATALOG).orElseThrow();
    assertThat(state.lastSuccess()).contains(clock.instant());
    assertThat(state.nextAttempt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
  }

  @Test
  void givenNewClaimsForTheSource_whenDataIsUnchanged_thenTheEntriesAreStampedAgain() {
    reader.thenReturn(snapshot("same", manifest("io.acme/a", "1.0.0")));
    sync.syncNow(CATALOG);
    configure(EntryFilter.NONE, Claims.of("org", "globex"));

    SyncOutcome outcome = sync.syncNow(CATALOG);

    assertThat(outcome.result()).isEqualTo(Result.UPDATED);
    assertThat(storage.liveManifests(CATALOG))
        .singleElement()
        .satisfies(m -> assertThat(m.claims()).isEqualTo(Claims.of("org", "globex")));
  }

  @Test
  void givenANewPathWithTheSameBytes_whenSyncing_thenTheDataIsAppliedAgain() {
    reader.thenReturn(snapshot("same", manifest("io.acme/a", "1.0.0")));
    sync.syncNow(CATALOG);
    configure(
        new SourceDefinition(
            CATALOG,
            SourceKind.File.atPath(Path.of("moved/registry.json")),
            Optional.of(Duration.ofMinutes(5)),
            EntryFilter.NONE,
            Claims.of("org", "acme")));

    assertThat(sync.syncNow(CATALOG).result()).isEqualTo(Result.UPDATED);
    assertThat(storage.writes()).isEqualTo(2);
  }

  @Test
  void givenAFailedSync_whenTheSameDataComesBack_thenItCountsAsUnchanged() {
    reader
        .thenReturn(snapshot("h1", manifest("io.acme/a", "1.0.0")))
        .thenFail("connection refused")
        .thenReturn(snapshot("h1", manifest("io.acme/a", "1.0.0")));
    sync.syncNow(CATALOG);
    sync.syncNow(CATALOG);

    SyncOutcome recovered = sync.syncNow(CATALOG);

    assertThat(recovered.result()).isEqualTo(Result.UNCHANGED);
    assertThat(storage.find(CATALOG).orElseThrow().phase()).isEqualTo(Phase.COMPLETE);
    assertThat(storage.find(CATALOG).orElseThrow().attemptCount()).isZero();
  }

  @Test
  void syncNowOfAnUnknownSourceSaysSo() {
    assertThatThrownBy(() -> sync.syncNow(SourceName.of("nope")))
        .isInstanceOf(SourceNotFoundException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void aSourceKindWithoutAReaderFailsWithAClearMessage() {
    SyncService withoutReaders = new SyncService(storage, storage, storage, List.of(), clock);
    assertThat(withoutReaders.syncDue().get(0).message()).contains("no reader for file sources");
  }

  @Test
  void givenAnOnDemandRequest_whenAnswered_thenTheSourceShowsSyncingUntilTheBackgroundSyncEnds() {
    List<Runnable> background = new ArrayList<>();
    SyncService async =
        new SyncService(storage, storage, storage, List.of(reader), clock, background::add);
    reader.thenReturn(snapshot("h1", manifest("io.acme/a", "1.0.0")));

    SyncRequest request = async.requestSync(CATALOG);

    assertThat(request.started()).isTrue();
    assertThat(storage.find(CATALOG).orElseThrow().phase()).isEqualTo(Phase.SYNCING);
    assertThat(reader.reads()).isZero();
    background.forEach(Runnable::run);
    SyncState done = storage.find(CATALOG).orElseThrow();
    assertThat(done.phase()).isEqualTo(Phase.COMPLETE);
    assertThat(done.lastOutcome()).contains(Outcome.UPDATED);
    assertThat(storage.liveManifests(CATALOG)).hasSize(1);
  }

  @Test
  void givenASyncRunning_whenAnotherRequestComes_thenItJoinsTheRunningOneInsteadOfStartingOne() {
    List<Runnable> background = new ArrayList<>();
    SyncService async =
        new SyncService(storage, storage, storage, List.of(reader), clock, background::add);
    reader.thenReturn(snapshot("h1", manifest("io.acme/a", "1.0.0")));

    SyncRequest first = async.requestSync(CATALOG);
    SyncRequest second = async.requestSync(CATALOG);

    assertThat(first.started()).isTrue();
    assertThat(second.started()).isFalse();
    assertThat(background).hasSize(1);
    background.forEach(Runnable::run);
    assertThat(reader.reads()).isEqualTo(1);
    assertThat(async.requestSync(CATALOG).started()).isTrue();
  }

  @Test
  void givenAnOnDemandSyncOfUnchangedData_whenItEnds_thenTheStatusSaysUnchanged() {
    reader.thenReturn(snapshot("h1", manifest("io.acme/a", "1.0.0")));
    sync.syncDue();
    clock.advance(Duration.ofSeconds(10));

    new SyncService(storage, storage, storage, List.of(reader), clock, Runnable::run)
        .requestSync(CATALOG);

    SyncState state = storage.find(CATALOG).orElseThrow();
    assertThat(state.lastOutcome()).contains(Outcome.UNCHANGED);
    assertThat(state.lastAttempt()).contains(NOW.plus(Duration.ofSeconds(10)));
    assertThat(state.nextAttempt()).isEqualTo(NOW.plus(Duration.ofSeconds(10)).plus(FIVE_MINUTES));
  }

  @Test
  void anOnDemandRequestForAnUnknownSourceSaysSo() {
    assertThatThrownBy(() -> sync.requestSync(SourceName.of("nope")))
        .isInstanceOf(SourceNotFoundException.class);
  }

  @Test
  void givenAStrictSourceWithOneBadEntry_whenSyncing_thenNothingIsStoredAndTheSyncFails() {
    reader
        .thenReturn(snapshot("h1", manifest("io.acme/a", "1.0.0")))
        .thenReturn(
            new SourceSnapshot(
                List.of(manifest("io.acme/a", "1.0.0"), manifest("io.acme/b", "1.0.0")),
                List.of(new EntryRejection(2, "io.acme/c", "description", null, "is required")),
                "h2"));
    sync.syncDue();
    configure(OneFileSource.source(EntryFilter.NONE, Claims.of("org", "acme"), true));

    SyncOutcome outcome = sync.syncNow(CATALOG);

    assertThat(outcome.result()).isEqualTo(Result.FAILED);
    assertThat(outcome.message())
        .startsWith("Validation failed: strict source, 1 of 3 entries rejected")
        .contains("io.acme/c");
    assertThat(storage.liveManifests(CATALOG))
        .extracting(m -> m.name().value())
        .containsExactly("io.acme/a");
    assertThat(storage.find(CATALOG).orElseThrow().attemptCount()).isEqualTo(1);
  }

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private Instant now = NOW;

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
