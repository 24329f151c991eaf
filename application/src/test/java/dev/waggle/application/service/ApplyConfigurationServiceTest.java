package dev.waggle.application.service;

import static dev.waggle.domain.catalog.TestManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.SyncOutcome.Result;
import dev.waggle.application.testing.InMemoryStorage;
import dev.waggle.application.testing.ScriptedSourceReader;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.EntryFilter;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A restart applies the configuration again; a source whose stored data was shaped by another
 * definition must not wait out its interval.
 */
class ApplyConfigurationServiceTest {
  private static final SourceName CATALOG = SourceName.of("catalog");
  private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);

  private final InMemoryStorage storage =
      new InMemoryStorage(Clock.fixed(START, ZoneOffset.UTC), InMemoryStorage.DEFAULT_RETENTION);
  private final ScriptedSourceReader reader = new ScriptedSourceReader();

  @BeforeEach
  void firstRunSyncsOnce() {
    new ApplyConfigurationService(storage, storage, Clock.fixed(START, ZoneOffset.UTC))
        .apply(layout(source("registry.json", EntryFilter.NONE)));
    reader.thenReturn(
        new SourceSnapshot(
            List.of(manifest("io.acme/a", "1.0.0"), manifest("io.other/b", "1.0.0")),
            List.of(),
            "same-bytes"));
    assertThat(syncDueAt(START)).extracting(SyncOutcome::result).containsExactly(Result.UPDATED);
  }

  @Test
  void givenANewFilePath_whenRestarting_thenTheSourceIsSyncedAtOnce() {
    Instant restart = START.plus(Duration.ofMinutes(2));

    restartWith(source("elsewhere/registry.json", EntryFilter.NONE), restart);

    assertThat(storage.find(CATALOG).orElseThrow().nextAttempt()).isEqualTo(restart);
    assertThat(syncDueAt(restart)).extracting(SyncOutcome::result).containsExactly(Result.UPDATED);
  }

  @Test
  void givenANewFilter_whenRestarting_thenItIsAppliedAtOnceThoughTheDataIsTheSame() {
    Instant restart = START.plus(Duration.ofMinutes(2));
    EntryFilter acmeOnly =
        new EntryFilter(
            List.of(GlobPattern.compile("include", "io.acme/*")), List.of(), Set.of(), Set.of());

    restartWith(source("registry.json", acmeOnly), restart);

    assertThat(syncDueAt(restart)).extracting(SyncOutcome::result).containsExactly(Result.UPDATED);
    assertThat(storage.liveManifests(CATALOG))
        .extracting(m -> m.name().value())
        .containsExactly("io.acme/a");
  }

  @Test
  void givenTheSameDefinition_whenRestarting_thenTheScheduleIsKept() {
    Instant restart = START.plus(Duration.ofMinutes(2));

    restartWith(source("registry.json", EntryFilter.NONE), restart);

    assertThat(storage.find(CATALOG).orElseThrow().nextAttempt()).isEqualTo(START.plus(HOUR));
    assertThat(syncDueAt(restart)).isEmpty();
  }

  @Test
  void givenOnlyANewInterval_whenRestarting_thenTheScheduleIsKept() {
    Instant restart = START.plus(Duration.ofMinutes(2));
    SourceDefinition same = source("registry.json", EntryFilter.NONE);

    restartWith(
        new SourceDefinition(
            CATALOG, same.kind(), Optional.of(Duration.ofHours(2)), same.filter(), same.claims()),
        restart);

    assertThat(syncDueAt(restart)).isEmpty();
  }

  private void restartWith(SourceDefinition source, Instant at) {
    new ApplyConfigurationService(storage, storage, Clock.fixed(at, ZoneOffset.UTC))
        .apply(layout(source));
  }

  private List<SyncOutcome> syncDueAt(Instant at) {
    return new SyncService(
            storage, storage, storage, List.of(reader), Clock.fixed(at, ZoneOffset.UTC))
        .syncDue();
  }

  private static SourceDefinition source(String path, EntryFilter filter) {
    return new SourceDefinition(
        CATALOG,
        SourceKind.File.atPath(Path.of(path)),
        Optional.of(HOUR),
        filter,
        Claims.of("org", "acme"));
  }

  private static CatalogLayout layout(SourceDefinition source) {
    return new CatalogLayout(
        List.of(source),
        List.of(new RegistryDefinition(RegistryName.of("default"), List.of(CATALOG), null)),
        null);
  }
}
