package dev.waggle.application.service;

import static dev.waggle.application.testing.OneFileSource.CATALOG;
import static dev.waggle.domain.catalog.TestManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.SyncOutcome.Result;
import dev.waggle.application.port.out.EntryStore;
import dev.waggle.application.port.out.FetchedSource;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.application.testing.InMemoryStorage;
import dev.waggle.application.testing.OneFileSource;
import dev.waggle.application.testing.ScriptedSourceReader;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import dev.waggle.domain.source.SourceSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sync begins the store's replacement after the unchanged check and before the parse, so the
 * store can get ready while the content parses; every way a sync stops before storing closes it
 * without completing, before the failure is recorded.
 */
class SyncReplacementTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  private final InMemoryStorage storage =
      new InMemoryStorage(CLOCK, InMemoryStorage.DEFAULT_RETENTION);
  private final RecordingEntries entries = new RecordingEntries();
  private final ScriptedSourceReader reader = new ScriptedSourceReader();

  private SyncService syncing(SourceReader sourceReader) {
    return new SyncService(storage, storage, entries, List.of(sourceReader), CLOCK);
  }

  private void configure(boolean strict) {
    storage.applyConfiguration(
        OneFileSource.layout(OneFileSource.source(EntryFilter.NONE, Claims.NONE, strict)));
  }

  private static SourceSnapshot snapshot(String hash, ServerManifest... servers) {
    return new SourceSnapshot(List.of(servers), List.of(), hash);
  }

  private static final EntryRejection BAD =
      new EntryRejection(1, "io.acme/bad", "description", null, "is required");

  @Test
  void aChangedSourceIsStoredThroughAReplacementBegunBeforeItsContentWasParsed() {
    configure(false);
    reader.thenReturn(snapshot("h1", manifest("io.acme/a", "1.0.0")));

    SyncOutcome outcome = syncing(reader).syncNow(CATALOG);

    assertThat(outcome.result()).isEqualTo(Result.UPDATED);
    assertThat(entries.events)
        .containsExactly("begun after 0 parses", "completed with 1 servers", "closed");
    assertThat(storage.liveManifests(CATALOG)).hasSize(1);
  }

  @Test
  void anUnchangedSourceBeginsNoReplacement() {
    configure(false);
    reader.thenReturn(snapshot("same", manifest("io.acme/a", "1.0.0")));
    SyncService sync = syncing(reader);
    sync.syncNow(CATALOG);
    entries.events.clear();

    SyncOutcome again = sync.syncNow(CATALOG);

    assertThat(again.result()).isEqualTo(Result.UNCHANGED);
    assertThat(entries.events).isEmpty();
  }

  @Test
  void aParseFailureClosesTheReplacementWithoutCompletingItBeforeTheFailureIsRecorded() {
    configure(false);
    SourceReader unparsable =
        new SourceReader() {
          @Override
          public boolean supports(SourceKind kind) {
            return true;
          }

          @Override
          public SourceSnapshot read(SourceDefinition source) throws SourceReadException {
            return fetch(source).parse();
          }

          @Override
          public FetchedSource fetch(SourceDefinition source) {
            return new FetchedSource(
                "h1",
                () -> {
                  throw new SourceReadException("registry.json is not JSON: line 3");
                });
          }
        };

    SyncOutcome outcome = syncing(unparsable).syncNow(CATALOG);

    assertThat(outcome.result()).isEqualTo(Result.FAILED);
    assertThat(outcome.message()).isEqualTo("Fetch failed: registry.json is not JSON: line 3");
    assertThat(entries.events).containsExactly("begun after 0 parses", "closed while SYNCING");
    assertThat(storage.writes()).isZero();
  }

  @Test
  void aStrictSourceWithARejectedEntryClosesTheReplacementWithoutCompletingIt() {
    configure(true);
    reader.thenReturn(
        new SourceSnapshot(List.of(manifest("io.acme/a", "1.0.0")), List.of(BAD), "h1"));

    SyncOutcome outcome = syncing(reader).syncNow(CATALOG);

    assertThat(outcome.message()).startsWith("Validation failed: strict source");
    assertThat(entries.events).containsExactly("begun after 0 parses", "closed while SYNCING");
    assertThat(storage.writes()).isZero();
  }

  @Test
  void aSourceWhoseEveryEntryIsRejectedClosesTheReplacementWithoutCompletingIt() {
    configure(false);
    reader.thenReturn(new SourceSnapshot(List.of(), List.of(BAD), "h1"));

    SyncOutcome outcome = syncing(reader).syncNow(CATALOG);

    assertThat(outcome.message()).startsWith("Validation failed: all 1 entries were rejected");
    assertThat(entries.events).containsExactly("begun after 0 parses", "closed while SYNCING");
  }

  @Test
  void aFailedCompleteIsAStorageFailureThatKeepsTheLastGoodData() {
    configure(false);
    reader
        .thenReturn(snapshot("h1", manifest("io.acme/a", "1.0.0")))
        .thenReturn(snapshot("h2", manifest("io.acme/b", "1.0.0")));
    SyncService sync = syncing(reader);
    sync.syncNow(CATALOG);
    entries.events.clear();
    storage.failNextWrite(new IllegalStateException("permission denied for table server_version"));

    SyncOutcome outcome = sync.syncNow(CATALOG);

    assertThat(outcome.result()).isEqualTo(Result.FAILED);
    assertThat(outcome.message())
        .isEqualTo("Storage failed: permission denied for table server_version");
    assertThat(entries.events)
        .containsExactly("begun after 1 parses", "completed with 1 servers", "closed");
    assertThat(storage.liveManifests(CATALOG))
        .extracting(m -> m.name().value())
        .containsExactly("io.acme/a");
    assertThat(storage.find(CATALOG).orElseThrow().contentHash()).contains("h1");
  }

  /**
   * Port fake: the in-memory entry store, noting when replacements begin (how many parses the
   * reader had done by then), complete and close (and what the source's sync phase was then, to
   * tell whether its failure was recorded already).
   */
  private final class RecordingEntries implements EntryStore {
    final List<String> events = new ArrayList<>();

    @Override
    public void replaceSourceContents(SourceName source, List<ServerManifest> servers) {
      storage.replaceSourceContents(source, servers);
    }

    @Override
    public void replaceSourceContents(
        SourceName source, List<ServerManifest> servers, List<ExtensionEntry> extensions) {
      storage.replaceSourceContents(source, servers, extensions);
    }

    @Override
    public Replacement beginReplacement(SourceName source) {
      events.add("begun after " + reader.parses() + " parses");
      return new Replacement() {
        private boolean completed;

        @Override
        public void complete(List<ServerManifest> servers, List<ExtensionEntry> extensions) {
          completed = true;
          events.add("completed with " + servers.size() + " servers");
          storage.replaceSourceContents(source, servers, extensions);
        }

        @Override
        public void close() {
          events.add(
              completed ? "closed" : "closed while " + storage.find(source).orElseThrow().phase());
        }
      };
    }
  }
}
