package dev.waggle.application.service;

import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.SyncOutcome.Result;
import dev.waggle.application.port.in.SyncRequest;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.application.port.out.EntryStore;
import dev.waggle.application.port.out.FetchedSource;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.application.port.out.SyncMetrics;
import dev.waggle.application.port.out.SyncMetrics.Failure;
import dev.waggle.application.port.out.SyncState;
import dev.waggle.application.port.out.SyncState.Outcome;
import dev.waggle.application.port.out.SyncState.Phase;
import dev.waggle.application.port.out.SyncStateStore;
import dev.waggle.application.port.out.Tracing;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceName;
import dev.waggle.domain.source.SourceSnapshot;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Service: brings synced sources up to date — fetch, skip when data and definition are unchanged,
 * filter, stamp claims, replace the source's entries in one write, and record every check's outcome
 * with a backoff after failures so the last good data stays served. On-demand syncs run in the
 * background, at most one per source across every replica.
 */
public final class SyncService implements TriggerSync {
  private static final System.Logger LOG = System.getLogger(SyncService.class.getName());

  /** Longer than any sane fetch; an expired lease means the syncing replica died. */
  static final Duration LEASE = Duration.ofMinutes(10);

  static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  private static final int MAX_SOURCES_PER_ROUND = 32;
  private static final int REJECTIONS_IN_MESSAGE = 5;

  /**
   * On-demand syncs running at once in this replica; more wait in line, each holding its source's
   * lease, so at most one per source is queued.
   */
  private static final int BACKGROUND_SYNCS = 4;

  private final RegistryStore registries;
  private final SyncStateStore states;
  private final EntryStore entries;
  private final List<SourceReader> readers;
  private final Clock clock;
  private final Executor background;
  private final SyncMetrics metrics;
  private final Tracing tracing;

  /** On-demand syncs run on a small pool of daemon threads of this service's own. */
  public SyncService(
      RegistryStore registries,
      SyncStateStore states,
      EntryStore entries,
      Collection<SourceReader> readers,
      Clock clock) {
    this(registries, states, entries, readers, clock, onDemandPool());
  }

  /**
   * @param background runs the syncs {@link #requestSync} starts
   */
  public SyncService(
      RegistryStore registries,
      SyncStateStore states,
      EntryStore entries,
      Collection<SourceReader> readers,
      Clock clock,
      Executor background) {
    this(registries, states, entries, readers, clock, background, SyncMetrics.NONE, Tracing.NONE);
  }

  /**
   * @param metrics told of every finished sync
   * @param tracing spans each sync, its fetch and its write
   */
  public SyncService(
      RegistryStore registries,
      SyncStateStore states,
      EntryStore entries,
      Collection<SourceReader> readers,
      Clock clock,
      Executor background,
      SyncMetrics metrics,
      Tracing tracing) {
    this.tracing = Objects.requireNonNull(tracing, "'tracing' must not be null");
    this.metrics = Objects.requireNonNull(metrics, "'metrics' must not be null");
    this.background = Objects.requireNonNull(background, "'background' must not be null");
    this.registries = Objects.requireNonNull(registries, "'registries' must not be null");
    this.states = Objects.requireNonNull(states, "'states' must not be null");
    this.entries = Objects.requireNonNull(entries, "'entries' must not be null");
    this.readers = List.copyOf(Objects.requireNonNull(readers, "'readers' must not be null"));
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
  }

  @Override
  public List<SyncOutcome> syncDue() {
    List<SyncOutcome> outcomes = new ArrayList<>();
    // Claimed but not yet recorded: whatever ends the round early (storage gone, a bug) must not
    // leave these sources marked as syncing by nobody.
    Set<SourceName> unfinished =
        new LinkedHashSet<>(states.claimDue(clock.instant(), LEASE, MAX_SOURCES_PER_ROUND));
    try {
      for (SourceName name : List.copyOf(unfinished)) {
        Optional<SourceDefinition> source = registries.findSource(name);
        Optional<SyncState> state = states.find(name);
        if (source.isEmpty() || state.isEmpty() || !source.get().kind().synced()) {
          // Removed from the configuration between claim and now; nothing to sync.
          continue;
        }
        outcomes.add(run(source.get(), state.get()));
        unfinished.remove(name);
      }
    } finally {
      release(unfinished);
    }
    return outcomes;
  }

  @Override
  public SyncRequest requestSync(SourceName name) {
    Objects.requireNonNull(name, "'source' must not be null");
    SourceDefinition source = syncedSource(name);
    // The claim is taken before answering, so that whoever asks for the source's status right
    // after sees it syncing, and a second request finds the lease and joins this sync.
    Optional<SyncState> claimed = states.claim(name, clock.instant(), LEASE);
    if (claimed.isEmpty()) {
      return new SyncRequest(name, false);
    }
    try {
      // Under the span of whoever asked, so that the sync shows in the trace of the request.
      background.execute(tracing.carryOver(() -> runClaimed(source, claimed.get())));
    } catch (RejectedExecutionException e) {
      release(Set.of(name));
      throw new IllegalStateException("cannot start a sync of source " + name + " now", e);
    }
    return new SyncRequest(name, true);
  }

  private void runClaimed(SourceDefinition source, SyncState claimed) {
    boolean recorded = false;
    try {
      run(source, claimed);
      recorded = true;
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "on-demand sync of source " + source.name() + " failed", e);
    } finally {
      if (!recorded) {
        release(Set.of(source.name()));
      }
    }
  }

  @Override
  public SyncOutcome syncNow(SourceName name) {
    Objects.requireNonNull(name, "'source' must not be null");
    SourceDefinition source = syncedSource(name);
    Optional<SyncState> claimed = states.claim(name, clock.instant(), LEASE);
    if (claimed.isEmpty()) {
      return new SyncOutcome(name, Result.SKIPPED, 0, 0, "a sync of this source is in progress");
    }
    boolean recorded = false;
    try {
      SyncOutcome outcome = run(source, claimed.get());
      recorded = true;
      return outcome;
    } finally {
      if (!recorded) {
        release(Set.of(name));
      }
    }
  }

  private SourceDefinition syncedSource(SourceName name) {
    return registries
        .findSource(name)
        .filter(s -> s.kind().synced())
        .orElseThrow(() -> new SourceNotFoundException(name));
  }

  /** The small pool of daemon threads on-demand syncs run on, for the constructor that asks. */
  public static ExecutorService onDemandPool() {
    return Executors.newFixedThreadPool(
        BACKGROUND_SYNCS,
        runnable -> {
          Thread thread = new Thread(runnable, "waggle-sync-on-demand");
          thread.setDaemon(true);
          return thread;
        });
  }

  /**
   * Best effort: when storage is down the release fails too, and the store frees the lease once it
   * sees that this instance's hold on it is gone (or when it runs out).
   */
  private void release(Set<SourceName> unfinished) {
    if (unfinished.isEmpty()) {
      return;
    }
    try {
      states.release(unfinished);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "cannot release the sync leases of "
              + unfinished
              + " after a failed round: "
              + e.getMessage());
    }
  }

  /** One sync, in a span named as ToolHive's, whose {@code registry} was a source. */
  private SyncOutcome run(SourceDefinition source, SyncState previous) {
    long began = System.nanoTime();
    try (Tracing.Span span = tracing.start("sync.performRegistrySync")) {
      span.set("registry.name", source.name().value())
          .set("registry.type", source.kind().typeName());
      SyncOutcome outcome;
      try {
        outcome = run(source, previous, span);
      } catch (RuntimeException e) {
        span.failed("sync failed", e);
        throw e;
      }
      span.set("sync.success", outcome.result() != Result.FAILED)
          .set("sync.outcome", outcome.result().name().toLowerCase(Locale.ROOT))
          .set("sync.duration_seconds", (System.nanoTime() - began) / 1e9);
      if (outcome.result() == Result.FAILED) {
        span.failed(outcome.message(), null);
      }
      return outcome;
    }
  }

  private SyncOutcome run(SourceDefinition source, SyncState previous, Tracing.Span span) {
    Instant started = clock.instant();
    Duration interval = source.syncInterval().orElseThrow();
    Optional<SourceReader> reader =
        readers.stream().filter(r -> r.supports(source.kind())).findFirst();
    if (reader.isEmpty()) {
      return fail(
          source,
          previous,
          started,
          Failure.NO_READER,
          "no reader for " + source.kind().typeName() + " sources in this version of Waggle");
    }
    long fetching = System.nanoTime();
    FetchedSource fetched;
    try (Tracing.Span fetch = tracing.start("sync.fetch")) {
      fetch.set("source.name", source.name().value()).set("source.type", source.kind().typeName());
      try {
        fetched = reader.get().fetch(source);
      } catch (SourceReadException | RuntimeException e) {
        fetch.failed("fetch failed", e);
        return fail(source, previous, started, Failure.FETCH, "Fetch failed: " + e.getMessage());
      }
    }
    // The stored entries are a function of the raw bytes and of the definition that shaped them;
    // when neither moved, re-applying would write the same rows again.
    String fingerprint = source.syncFingerprint();
    if (previous.contentHash().equals(Optional.of(fetched.contentHash()))
        && previous.definitionFingerprint().equals(Optional.of(fingerprint))) {
      // Advance the schedule even though nothing changed, so this source does not stay due and
      // crowd out the others.
      Instant ended = clock.instant();
      SyncState unchanged =
          new SyncState(
              Phase.COMPLETE,
              Optional.of(Outcome.UNCHANGED),
              previous.contentHash(),
              previous.definitionFingerprint(),
              Optional.of(started),
              Optional.of(ended),
              Optional.of(ended),
              0,
              ended.plus(interval),
              previous.serverCount(),
              previous.skillCount(),
              previous.pluginCount(),
              "Source unchanged since the last sync",
              previous.rejections());
      states.record(source.name(), unchanged);
      counts(span, unchanged.serverCount(), unchanged.skillCount(), unchanged.pluginCount());
      metrics.succeeded(source.name(), Duration.between(started, ended));
      return new SyncOutcome(
          source.name(),
          Result.UNCHANGED,
          previous.serverCount(),
          previous.rejections().size(),
          unchanged.message());
    }
    long parsing = System.nanoTime();
    // The store gets ready to write (its transaction, the source's lock, the rows the source holds)
    // while the content is parsed: both take a while, and one after the other they leave a core
    // idle. Begun only now, so that an unchanged source costs the store nothing.
    EntryStore.Replacement replacement;
    try {
      replacement = entries.beginReplacement(source.name());
    } catch (RuntimeException e) {
      Stopped failed = storageFailed(source, e);
      return fail(source, previous, started, failed.failure(), failed.message());
    }
    Applied applied;
    // Closed before anything else touches storage: a replacement that is not completed holds a
    // connection and the source's lock, and lets go of both, writing nothing, when closed.
    try (replacement) {
      applied = parseAndStore(source, fetched, replacement);
    }
    if (applied instanceof Stopped stopped) {
      return fail(source, previous, started, stopped.failure(), stopped.message());
    }
    Stored done = (Stored) applied;
    SourceSnapshot snapshot = done.snapshot();
    List<ServerManifest> kept = done.kept();
    List<ExtensionEntry> keptExtensions = done.keptExtensions();
    List<EntryRejection> rejections = snapshot.rejections();
    int skills = count(keptExtensions, ExtensionKind.SKILL);
    int plugins = count(keptExtensions, ExtensionKind.PLUGIN);
    long storing = done.storing();
    long storedAt = done.storedAt();
    // Where a sync's time goes, for whoever tunes it: the store includes serving the result.
    LOG.log(
        Level.DEBUG,
        () ->
            "source "
                + source.name()
                + ": fetched in "
                + millis(parsing - fetching)
                + " ms, parsed in "
                + millis(storing - parsing)
                + " ms, stored and served in "
                + millis(storedAt - storing)
                + " ms");
    logRejections(source.name(), previous.rejections(), rejections);
    String storedText =
        "Sync completed: "
            + kept.size()
            + " server versions stored"
            + (snapshot.servers().size() > kept.size()
                ? ", " + (snapshot.servers().size() - kept.size()) + " filtered out"
                : "")
            + (snapshot.extensions().isEmpty()
                ? ""
                : "; "
                    + skills
                    + " skill versions and "
                    + plugins
                    + " plugin versions stored"
                    + (snapshot.extensions().size() > keptExtensions.size()
                        ? ", "
                            + (snapshot.extensions().size() - keptExtensions.size())
                            + " filtered out"
                        : ""));
    String message =
        storedText
            + (rejections.isEmpty()
                ? ""
                : "; " + rejections.size() + " rejected: " + summary(rejections));
    Instant ended = clock.instant();
    states.record(
        source.name(),
        new SyncState(
            Phase.COMPLETE,
            Optional.of(Outcome.UPDATED),
            Optional.of(fetched.contentHash()),
            Optional.of(fingerprint),
            Optional.of(started),
            Optional.of(ended),
            Optional.of(ended),
            0,
            ended.plus(interval),
            kept.size(),
            skills,
            plugins,
            message,
            rejections));
    counts(span, kept.size(), skills, plugins);
    metrics.succeeded(source.name(), Duration.between(started, ended));
    // Only the count: logRejections has named the new ones, and the same broken entries must not
    // come back in every sync's log line.
    LOG.log(
        Level.INFO,
        "source "
            + source.name()
            + ": "
            + storedText
            + (rejections.isEmpty() ? "" : "; " + rejections.size() + " rejected"));
    return new SyncOutcome(source.name(), Result.UPDATED, kept.size(), rejections.size(), message);
  }

  /**
   * Parses the fetched content, filters it, stamps the source's claims and completes {@code
   * replacement} with it; or says why the sync stops without completing it.
   */
  private Applied parseAndStore(
      SourceDefinition source, FetchedSource fetched, EntryStore.Replacement replacement) {
    SourceSnapshot snapshot;
    try {
      snapshot = fetched.parse();
    } catch (SourceReadException | RuntimeException e) {
      return new Stopped(Failure.FETCH, "Fetch failed: " + e.getMessage());
    }
    List<ServerManifest> kept =
        snapshot.servers().stream()
            .filter(m -> source.filter().accepts(m.name().value(), m.tags()))
            .map(m -> m.claims().isEmpty() ? m.withClaims(source.claims()) : m)
            .toList();
    // Skills and plugins have no tags: ToolHive filters them by namespace/name alone.
    List<ExtensionEntry> keptExtensions =
        snapshot.extensions().stream()
            .filter(e -> source.filter().acceptsName(e.id().toString()))
            .map(e -> e.claims().isEmpty() ? e.withClaims(source.claims()) : e)
            .toList();
    int valid = snapshot.servers().size() + snapshot.extensions().size();
    List<EntryRejection> rejections = snapshot.rejections();
    if (source.strict() && !rejections.isEmpty()) {
      // ToolHive's all-or-nothing, for those who want a broken entry to stop the whole publish.
      return new Stopped(
          Failure.VALIDATION,
          "Validation failed: strict source, "
              + rejections.size()
              + " of "
              + (valid + rejections.size())
              + " entries rejected; "
              + summary(rejections));
    }
    if (valid == 0 && !rejections.isEmpty()) {
      // Every entry is broken: more likely a bad publish than an intent to empty the catalog.
      return new Stopped(
          Failure.VALIDATION,
          "Validation failed: all "
              + rejections.size()
              + " entries were rejected; "
              + summary(rejections));
    }
    long storing = System.nanoTime();
    try (Tracing.Span store = tracing.start("store.replaceSourceContents")) {
      store
          .set("db.system", "postgresql")
          .set("source.name", source.name().value())
          .set("entry.count", kept.size() + keptExtensions.size());
      try {
        replacement.complete(kept, keptExtensions);
      } catch (RuntimeException e) {
        store.failed("storing failed", e);
        return storageFailed(source, e);
      }
    }
    return new Stored(snapshot, kept, keptExtensions, storing, System.nanoTime());
  }

  /** What {@link #parseAndStore} did. */
  private sealed interface Applied permits Stored, Stopped {}

  /**
   * The source's new contents, stored.
   *
   * @param storing when storing began, after the parse
   * @param storedAt when the store was done, the served catalog included
   */
  private record Stored(
      SourceSnapshot snapshot,
      List<ServerManifest> kept,
      List<ExtensionEntry> keptExtensions,
      long storing,
      long storedAt)
      implements Applied {}

  /** Why a sync stopped with nothing written. */
  private record Stopped(Failure failure, String message) implements Applied {}

  /** Beginning or completing the write failed: the last good data stays served. */
  private static Stopped storageFailed(SourceDefinition source, RuntimeException e) {
    LOG.log(Level.ERROR, "storing source " + source.name() + " failed", e);
    return new Stopped(Failure.STORAGE, "Storage failed: " + e.getMessage());
  }

  private static void counts(Tracing.Span span, int servers, int skills, int plugins) {
    span.set("sync.server_count", servers)
        .set("sync.skill_count", skills)
        .set("sync.plugin_count", plugins);
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private SyncOutcome fail(
      SourceDefinition source,
      SyncState previous,
      Instant started,
      Failure failure,
      String message) {
    int attempts = previous.attemptCount() + 1;
    Instant ended = clock.instant();
    metrics.failed(source.name(), Duration.between(started, ended), failure);
    Instant next = ended.plus(backoff(attempts, source.syncInterval().orElseThrow()));
    // Keep the hash and fingerprint of the data still served: the next success must compare
    // against what is stored, not against the failed attempt.
    states.record(
        source.name(),
        new SyncState(
            Phase.FAILED,
            Optional.of(Outcome.FAILED),
            previous.contentHash(),
            previous.definitionFingerprint(),
            Optional.of(started),
            Optional.of(ended),
            previous.lastSuccess(),
            attempts,
            next,
            previous.serverCount(),
            previous.skillCount(),
            previous.pluginCount(),
            message,
            previous.rejections()));
    LOG.log(
        Level.WARNING,
        "source "
            + source.name()
            + " sync failed (attempt "
            + attempts
            + ", next at "
            + next
            + "): "
            + message);
    return new SyncOutcome(source.name(), Result.FAILED, previous.serverCount(), 0, message);
  }

  /**
   * Logs each rejection that is new since the last sync of the source, and otherwise one summary: a
   * large source with the same broken entries would repeat them every sync. The full list stays in
   * the source's sync state.
   */
  private static void logRejections(
      SourceName source, List<EntryRejection> before, List<EntryRejection> now) {
    Set<String> seen = before.stream().map(SyncService::identity).collect(Collectors.toSet());
    Set<String> current = now.stream().map(SyncService::identity).collect(Collectors.toSet());
    List<EntryRejection> added = now.stream().filter(r -> !seen.contains(identity(r))).toList();
    long fixed = seen.stream().filter(id -> !current.contains(id)).count();
    added.forEach(r -> LOG.log(Level.WARNING, "source " + source + " rejected " + r.describe()));
    if (added.isEmpty() && fixed == 0) {
      if (!now.isEmpty()) {
        LOG.log(
            Level.INFO,
            "source "
                + source
                + ": "
                + now.size()
                + " entries still rejected, as at the last sync; the source's sync status"
                + " lists them");
      }
    } else if (!before.isEmpty()) {
      LOG.log(
          Level.INFO,
          "source "
              + source
              + ": "
              + now.size()
              + " entries rejected ("
              + added.size()
              + " new, "
              + fixed
              + " no longer rejected since the last sync)");
    }
  }

  /**
   * What makes a rejection the same one as before: not its position, which moves whenever an entry
   * above it is added or removed.
   */
  private static String identity(EntryRejection rejection) {
    return String.join(
        "\0",
        String.valueOf(rejection.entryName()),
        rejection.field(),
        String.valueOf(rejection.value()),
        rejection.reason());
  }

  /**
   * Exponential backoff from {@link #FIRST_RETRY}, with up to 20% jitter so replicas and sources
   * spread out, and never later than the regular interval.
   */
  static Duration backoff(int attempts, Duration interval) {
    long base = FIRST_RETRY.toMillis() << Math.min(attempts - 1, 20);
    long jittered = base + (long) (base * 0.2 * ThreadLocalRandom.current().nextDouble());
    return Duration.ofMillis(Math.min(jittered, interval.toMillis()));
  }

  private static int count(List<ExtensionEntry> extensions, ExtensionKind kind) {
    return (int) extensions.stream().filter(e -> e.kind() == kind).count();
  }

  private static String summary(List<EntryRejection> rejections) {
    String shown =
        rejections.stream()
            .limit(REJECTIONS_IN_MESSAGE)
            .map(EntryRejection::describe)
            .collect(Collectors.joining("; "));
    return rejections.size() > REJECTIONS_IN_MESSAGE
        ? shown + "; and " + (rejections.size() - REJECTIONS_IN_MESSAGE) + " more"
        : shown;
  }
}
