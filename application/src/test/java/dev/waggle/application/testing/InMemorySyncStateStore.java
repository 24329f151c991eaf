package dev.waggle.application.testing;

import dev.waggle.application.port.out.SyncState;
import dev.waggle.application.port.out.SyncState.Phase;
import dev.waggle.application.port.out.SyncStateStore;
import dev.waggle.domain.source.SourceName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Port fake: sync bookkeeping in a map, with the same lease rules the real store keeps. */
public final class InMemorySyncStateStore implements SyncStateStore {
  private final Map<SourceName, SyncState> states = new HashMap<>();
  private final Map<SourceName, Instant> leases = new HashMap<>();
  private final Map<SourceName, Phase> phasesBeforeClaim = new HashMap<>();

  private RuntimeException recordFailure;

  /** Makes every later {@link #record} throw {@code failure}, as storage going away would. */
  public synchronized void failRecordsWith(RuntimeException failure) {
    recordFailure = failure;
  }

  public synchronized void add(SourceName source, Instant nextAttempt) {
    states.put(
        source,
        new SyncState(
            Phase.PENDING,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            0,
            nextAttempt,
            0,
            "waiting for the first sync"));
  }

  @Override
  public synchronized List<SourceName> claimDue(Instant now, Duration lease, int max) {
    List<SourceName> claimed = new ArrayList<>();
    states.forEach(
        (name, state) -> {
          if (claimed.size() < max && !state.nextAttempt().isAfter(now) && leaseFree(name, now)) {
            claimed.add(name);
          }
        });
    claimed.forEach(name -> lease(name, now.plus(lease)));
    return claimed;
  }

  @Override
  public synchronized Optional<SyncState> claim(SourceName source, Instant now, Duration lease) {
    if (!states.containsKey(source) || !leaseFree(source, now)) {
      return Optional.empty();
    }
    lease(source, now.plus(lease));
    return Optional.of(states.get(source));
  }

  private void lease(SourceName source, Instant until) {
    leases.put(source, until);
    SyncState state = states.get(source);
    phasesBeforeClaim.putIfAbsent(source, state.phase());
    states.put(source, withPhase(state, Phase.SYNCING, state.nextAttempt()));
  }

  private static SyncState withPhase(SyncState state, Phase phase, Instant nextAttempt) {
    return new SyncState(
        phase,
        state.lastOutcome(),
        state.contentHash(),
        state.definitionFingerprint(),
        state.lastAttempt(),
        state.lastEnded(),
        state.lastSuccess(),
        state.attemptCount(),
        nextAttempt,
        state.serverCount(),
        state.skillCount(),
        state.pluginCount(),
        state.message(),
        state.rejections());
  }

  private boolean leaseFree(SourceName name, Instant now) {
    Instant until = leases.get(name);
    return until == null || until.isBefore(now);
  }

  @Override
  public synchronized Optional<SyncState> find(SourceName source) {
    return Optional.ofNullable(states.get(source));
  }

  @Override
  public synchronized void makeDue(SourceName source, Instant now) {
    SyncState state = states.get(source);
    if (state != null && state.nextAttempt().isAfter(now)) {
      states.put(source, withPhase(state, state.phase(), now));
    }
  }

  @Override
  public synchronized void release(Collection<SourceName> sources) {
    for (SourceName source : sources) {
      leases.remove(source);
      Phase before = phasesBeforeClaim.remove(source);
      SyncState state = states.get(source);
      if (before != null && state != null) {
        states.put(source, withPhase(state, before, state.nextAttempt()));
      }
    }
  }

  /** Whether a lease on the source is held at {@code now}. */
  public synchronized boolean leased(SourceName source, Instant now) {
    return !leaseFree(source, now);
  }

  @Override
  public synchronized void record(SourceName source, SyncState state) {
    if (recordFailure != null) {
      throw recordFailure;
    }
    states.put(source, state);
    leases.remove(source);
    phasesBeforeClaim.remove(source);
  }
}
