package dev.waggle.application.service;

import static dev.waggle.application.testing.OneFileSource.CATALOG;
import static dev.waggle.domain.catalog.TestManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.SyncOutcome.Result;
import dev.waggle.application.port.out.SyncState;
import dev.waggle.application.port.out.SyncState.Phase;
import dev.waggle.application.testing.InMemoryStorage;
import dev.waggle.application.testing.OneFileSource;
import dev.waggle.application.testing.ScriptedSourceReader;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionId;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionStatus;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.GlobPattern;
import dev.waggle.domain.source.SourceSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A sync stores a registry file's skills and plugins with its servers and counts them. */
class SyncSkillsAndPluginsTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final Claims ACME = Claims.of("org", "acme");
  private static final EntryRejection BROKEN_SKILL =
      new EntryRejection(
          1, "io.github.acme/ocr", "skills[1].status", "ACTIVE", "must be one of active, ...");

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final InMemoryStorage storage =
      new InMemoryStorage(clock, InMemoryStorage.DEFAULT_RETENTION);
  private final ScriptedSourceReader reader = new ScriptedSourceReader();

  private SyncService configure(EntryFilter filter, boolean strict) {
    storage.applyConfiguration(OneFileSource.layout(OneFileSource.source(filter, ACME, strict)));
    return new SyncService(storage, storage, storage, List.of(reader), clock);
  }

  private static ExtensionEntry extension(ExtensionKind kind, String namespace, String name) {
    return new ExtensionEntry(
        kind,
        ExtensionId.of(namespace, name),
        Version.of("1.0.0"),
        ExtensionStatus.ACTIVE,
        null,
        "Does things",
        "{}",
        Claims.NONE);
  }

  private static SourceSnapshot snapshot(
      List<ServerManifest> servers, List<EntryRejection> rejections, ExtensionEntry... extensions) {
    return new SourceSnapshot(servers, rejections, "h1", List.of(extensions));
  }

  private SyncState state() {
    return storage.find(CATALOG).orElseThrow();
  }

  @Test
  void skillsAndPluginsAreStoredWithTheSourceClaimsAndCountedInTheSyncStatus() {
    SyncService sync = configure(EntryFilter.NONE, false);
    reader.thenReturn(
        snapshot(
            List.of(manifest("io.acme/a", "1.0.0")),
            List.of(BROKEN_SKILL),
            extension(ExtensionKind.SKILL, "io.github.acme", "pdf"),
            extension(ExtensionKind.SKILL, "io.github.other", "pdf"),
            extension(ExtensionKind.PLUGIN, "io.github.acme", "lint")));

    List<SyncOutcome> outcomes = sync.syncDue();

    assertThat(outcomes).extracting(SyncOutcome::result).containsExactly(Result.UPDATED);
    assertThat(storage.extensions(CATALOG))
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.claims()).isEqualTo(ACME));
    assertThat(state().serverCount()).isEqualTo(1);
    assertThat(state().skillCount()).isEqualTo(2);
    assertThat(state().pluginCount()).isEqualTo(1);
    assertThat(state().rejections()).containsExactly(BROKEN_SKILL);
    assertThat(state().message())
        .contains("2 skill versions and 1 plugin versions stored")
        .contains("skills[1].status");
  }

  @Test
  void theNameFilterMatchesNamespaceSlashNameAndTheTagFilterLeavesSkillsAlone() {
    EntryFilter filter =
        new EntryFilter(
            List.of(GlobPattern.compile("include", "io.github.acme/*")),
            List.of(),
            Set.of("production"),
            Set.of());
    SyncService sync = configure(filter, false);
    reader.thenReturn(
        snapshot(
            List.of(manifest("io.github.acme/a", "1.0.0")),
            List.of(),
            extension(ExtensionKind.SKILL, "io.github.acme", "pdf"),
            extension(ExtensionKind.SKILL, "io.github.other", "pdf")));

    sync.syncDue();

    assertThat(storage.extensions(CATALOG))
        .extracting(e -> e.id().toString())
        .containsExactly("io.github.acme/pdf");
    assertThat(state().skillCount()).isEqualTo(1);
    assertThat(state().message()).contains("1 filtered out");
  }

  @Test
  void aFileOfSkillsAloneWithARejectedEntryStillSyncs() {
    SyncService sync = configure(EntryFilter.NONE, false);
    reader.thenReturn(
        snapshot(
            List.of(),
            List.of(BROKEN_SKILL),
            extension(ExtensionKind.SKILL, "io.github.acme", "pdf")));

    sync.syncDue();

    assertThat(state().phase()).isEqualTo(Phase.COMPLETE);
    assertThat(storage.extensions(CATALOG)).hasSize(1);
    assertThat(state().serverCount()).isZero();
  }

  @Test
  void aStrictSourceFailsOnARejectedSkillAndKeepsWhatItServed() {
    SyncService sync = configure(EntryFilter.NONE, true);
    reader.thenReturn(
        snapshot(
            List.of(manifest("io.acme/a", "1.0.0")),
            List.of(BROKEN_SKILL),
            extension(ExtensionKind.SKILL, "io.github.acme", "pdf")));

    sync.syncDue();

    assertThat(state().phase()).isEqualTo(Phase.FAILED);
    assertThat(state().message()).contains("1 of 3 entries rejected");
    assertThat(storage.writes()).isZero();
  }
}
