package dev.waggle.adapters.http;

import dev.waggle.application.port.in.InspectSources;
import dev.waggle.application.port.in.RegistryNotFoundException;
import dev.waggle.application.port.in.RegistryStatus;
import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.in.SourceStatus;
import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.SyncRequest;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.application.port.out.SyncState;
import dev.waggle.application.port.out.SyncState.Outcome;
import dev.waggle.application.port.out.SyncState.Phase;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Port fake: sources whose syncs the test starts over HTTP and ends by hand ({@link #finish}) with
 * the result set for each source ({@link #answer}), and their status as it stands.
 */
final class FakeTriggerSync implements TriggerSync, InspectSources {
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  static final RegistryName REGISTRY = RegistryName.of("default");

  private final Map<SourceName, SourceDefinition> sources = new LinkedHashMap<>();
  private final Map<SourceName, SyncState> states = new HashMap<>();
  private final Map<SourceName, SyncOutcome> outcomes = new HashMap<>();
  final List<SourceName> requested = new ArrayList<>();
  private final CountDownLatch gate = new CountDownLatch(1);
  private final AtomicInteger waiting = new AtomicInteger();
  private volatile boolean gated;

  /** Holds every request until {@link #open()}, as a slow database would. */
  FakeTriggerSync gated() {
    gated = true;
    return this;
  }

  void open() {
    gate.countDown();
  }

  int waitingAtTheGate() {
    return waiting.get();
  }

  /**
   * Adds a file source whose syncs come to {@code result}; {@code SKIPPED} makes it a source whose
   * sync runs already, started elsewhere.
   */
  synchronized FakeTriggerSync answer(String source, SyncOutcome.Result result, String message) {
    SourceName name = SourceName.of(source);
    sources.put(
        name,
        new SourceDefinition(
            name,
            SourceKind.File.atPath(Path.of("/data/" + source + ".json")),
            Optional.of(Duration.ofMinutes(30)),
            EntryFilter.NONE,
            Claims.NONE));
    outcomes.put(name, new SyncOutcome(name, result, 3, 1, message));
    states.put(
        name,
        state(
            result == SyncOutcome.Result.SKIPPED ? Phase.SYNCING : Phase.PENDING,
            Optional.empty(),
            "waiting for the first sync"));
    return this;
  }

  /** Ends the running sync of {@code source} with the result set for it. */
  synchronized void finish(String source) {
    SourceName name = SourceName.of(source);
    SyncOutcome outcome = outcomes.get(name);
    Outcome result =
        switch (outcome.result()) {
          case UPDATED -> Outcome.UPDATED;
          case UNCHANGED -> Outcome.UNCHANGED;
          default -> Outcome.FAILED;
        };
    states.put(
        name,
        state(
            result == Outcome.FAILED ? Phase.FAILED : Phase.COMPLETE,
            Optional.of(result),
            outcome.message()));
  }

  private static SyncState state(Phase phase, Optional<Outcome> outcome, String message) {
    boolean failed = outcome.equals(Optional.of(Outcome.FAILED));
    return new SyncState(
        phase,
        outcome,
        Optional.empty(),
        Optional.empty(),
        outcome.map(o -> NOW),
        outcome.map(o -> NOW.plusSeconds(2)),
        outcome.filter(o -> !failed).map(o -> NOW.plusSeconds(2)),
        failed ? 1 : 0,
        NOW.plus(Duration.ofMinutes(30)),
        outcome.isPresent() ? 3 : 0,
        0,
        0,
        message,
        outcome.isPresent()
            ? List.of(new EntryRejection(4, "io.acme/broken", "version", "", "is required"))
            : List.of());
  }

  @Override
  public List<SyncOutcome> syncDue() {
    return List.of();
  }

  @Override
  public SyncRequest requestSync(SourceName source) {
    if (gated) {
      waiting.incrementAndGet();
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        waiting.decrementAndGet();
      }
    }
    synchronized (this) {
      requested.add(source);
      SyncState state = states.get(source);
      if (state == null) {
        throw new SourceNotFoundException(source);
      }
      if (state.phase() == Phase.SYNCING) {
        return new SyncRequest(source, false);
      }
      states.put(
          source,
          new SyncState(
              Phase.SYNCING,
              state.lastOutcome(),
              state.contentHash(),
              state.definitionFingerprint(),
              state.lastAttempt(),
              state.lastEnded(),
              state.lastSuccess(),
              state.attemptCount(),
              state.nextAttempt(),
              state.serverCount(),
              state.skillCount(),
              state.pluginCount(),
              state.message(),
              state.rejections()));
      return new SyncRequest(source, true);
    }
  }

  @Override
  public synchronized SyncOutcome syncNow(SourceName source) {
    requested.add(source);
    SyncOutcome outcome = outcomes.get(source);
    if (outcome == null) {
      throw new SourceNotFoundException(source);
    }
    return outcome;
  }

  @Override
  public synchronized List<SourceStatus> listSources() {
    return sources.values().stream().map(this::status).toList();
  }

  @Override
  public synchronized SourceStatus source(SourceName name) {
    SourceDefinition source = sources.get(name);
    if (source == null) {
      throw new SourceNotFoundException(name);
    }
    return status(source);
  }

  // The requests of these tests carry no token: every caller sees everything.
  @Override
  public List<SourceStatus> listSources(Caller caller) {
    return listSources();
  }

  @Override
  public SourceStatus source(SourceName name, Caller caller) {
    return source(name);
  }

  @Override
  public List<RegistryStatus> listRegistries(Caller caller) {
    return List.of(registry(REGISTRY));
  }

  @Override
  public RegistryStatus registry(RegistryName name, Caller caller) {
    return registry(name);
  }

  @Override
  public synchronized RegistryStatus registry(RegistryName name) {
    if (!name.equals(REGISTRY) || sources.isEmpty()) {
      throw new RegistryNotFoundException(name);
    }
    return new RegistryStatus(
        new RegistryDefinition(REGISTRY, List.copyOf(sources.keySet()), Claims.NONE),
        listSources());
  }

  private SourceStatus status(SourceDefinition source) {
    return new SourceStatus(source, Optional.ofNullable(states.get(source.name())));
  }
}
