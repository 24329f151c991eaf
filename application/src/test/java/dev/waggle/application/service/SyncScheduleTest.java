package dev.waggle.application.service;

import static dev.waggle.domain.catalog.TestManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.out.FetchedSource;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.application.port.out.SyncState;
import dev.waggle.application.port.out.SyncState.Outcome;
import dev.waggle.application.port.out.SyncState.Phase;
import dev.waggle.application.testing.InMemoryStorage;
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
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many sources with mixed fortunes on one schedule, driven tick by tick with a hand-moved clock: no
 * source's outcome may hold back another's checks.
 */
class SyncScheduleTest {
  private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
  private static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final Duration TICK = Duration.ofSeconds(30);
  private static final SourceName BROKEN = SourceName.of("broken");
  private static final SourceName STEADY = SourceName.of("steady");
  private static final SourceName MOVING = SourceName.of("moving");

  /** More than one round claims, so that sources also compete for places in a round. */
  private static final int QUIET_SOURCES = 40;

  private final HandClock clock = new HandClock();
  private final InMemoryStorage storage =
      new InMemoryStorage(clock, InMemoryStorage.DEFAULT_RETENTION);
  private final PerSourceReader reader = new PerSourceReader();
  private final List<SourceName> names = new ArrayList<>();
  private SyncService sync;

  @BeforeEach
  void setUp() {
    names.addAll(List.of(BROKEN, STEADY, MOVING));
    IntStream.range(0, QUIET_SOURCES)
        .mapToObj(i -> SourceName.of("quiet-" + i))
        .forEach(names::add);
    List<SourceDefinition> sources =
        names.stream()
            .map(
                name ->
                    new SourceDefinition(
                        name,
                        SourceKind.File.atPath(Path.of(name.value() + ".json")),
                        Optional.of(INTERVAL),
                        EntryFilter.NONE,
                        null))
            .toList();
    storage.applyConfiguration(
        new CatalogLayout(
            sources,
            List.of(new RegistryDefinition(RegistryName.of("default"), names, null)),
            null));
    sync = new SyncService(storage, storage, storage, List.of(reader), clock);
  }

  @Test
  void
      givenOneFailingOneUnchangedAndOneChangingSource_whenTicking_thenEverySourceIsCheckedOnTime() {
    Duration run = Duration.ofHours(2);
    for (Instant end = START.plus(run); clock.now.isBefore(end); clock.advance(TICK)) {
      sync.syncDue();
    }

    // Due at last check + interval, and a tick later at the latest; a failing source retries
    // sooner (backoff), never later.
    Duration latest = INTERVAL.plus(TICK);
    for (SourceName name : names) {
      List<Instant> checks = reader.checks(name);
      // A round claims a bounded number of sources; the rest go in the next tick.
      assertThat(checks.get(0)).as("first check of %s", name).isBetween(START, START.plus(TICK));
      for (int i = 1; i < checks.size(); i++) {
        assertThat(Duration.between(checks.get(i - 1), checks.get(i)))
            .as("gap before check %d of %s", i, name)
            .isLessThanOrEqualTo(latest);
      }
      assertThat(Duration.between(checks.get(checks.size() - 1), clock.now))
          .as("time since the last check of %s", name)
          .isLessThanOrEqualTo(latest);
    }
    int regularChecks = (int) (run.toSeconds() / latest.toSeconds());
    assertThat(reader.checks(STEADY)).hasSizeGreaterThanOrEqualTo(regularChecks);
    assertThat(reader.checks(BROKEN)).hasSizeGreaterThan(reader.checks(STEADY).size());
  }

  @Test
  void givenMixedOutcomes_whenTicking_thenEachCheckIsRecordedWithWhatItCameTo() {
    for (Instant end = START.plus(Duration.ofMinutes(31)); clock.now.isBefore(end); ) {
      sync.syncDue();
      clock.advance(TICK);
    }

    SyncState broken = storage.find(BROKEN).orElseThrow();
    assertThat(broken.phase()).isEqualTo(Phase.FAILED);
    assertThat(broken.lastOutcome()).contains(Outcome.FAILED);
    assertThat(broken.attemptCount()).isEqualTo(reader.checks(BROKEN).size());
    assertThat(broken.message()).contains("upstream is down");
    assertThat(broken.lastSuccess()).isEmpty();
    assertThat(broken.nextAttempt()).isAfter(broken.lastEnded().orElseThrow());

    SyncState steady = storage.find(STEADY).orElseThrow();
    assertThat(steady.phase()).isEqualTo(Phase.COMPLETE);
    assertThat(steady.lastOutcome()).contains(Outcome.UNCHANGED);
    assertThat(steady.lastSuccess()).isEqualTo(steady.lastEnded());
    assertThat(steady.lastAttempt()).contains(reader.last(STEADY));
    assertThat(steady.attemptCount()).isZero();
    assertThat(steady.serverCount()).isEqualTo(1);

    SyncState moving = storage.find(MOVING).orElseThrow();
    assertThat(moving.lastOutcome()).contains(Outcome.UPDATED);
    assertThat(moving.nextAttempt()).isEqualTo(reader.last(MOVING).plus(INTERVAL));
    assertThat(storage.liveManifests(MOVING))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.version().value())
                    .isEqualTo("1.0." + (reader.checks(MOVING).size() - 1)));
  }

  /** Port fake: each source's reader behaves as its name says, and every fetch is noted. */
  private final class PerSourceReader implements SourceReader {
    private final Map<SourceName, List<Instant>> checks = new HashMap<>();

    List<Instant> checks(SourceName source) {
      return checks.getOrDefault(source, List.of());
    }

    Instant last(SourceName source) {
      List<Instant> all = checks(source);
      return all.get(all.size() - 1);
    }

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
      List<Instant> seen = checks.computeIfAbsent(source.name(), n -> new ArrayList<>());
      seen.add(clock.instant());
      if (source.name().equals(BROKEN)) {
        throw new SourceReadException("upstream is down");
      }
      String version = source.name().equals(MOVING) ? "1.0." + (seen.size() - 1) : "1.0.0";
      return FetchedSource.parsed(
          new SourceSnapshot(
              List.of(manifest("io.acme/" + source.name().value(), version)),
              List.of(),
              "hash-" + version));
    }
  }

  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    private Instant now = START;

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
