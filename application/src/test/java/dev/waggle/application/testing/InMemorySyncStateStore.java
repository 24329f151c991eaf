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
            leases.put(name, now.plus(lease));
            claimed.add(name);
          }
        });
    return claimed;
  }

  @Override
  public synchronized Optional<SyncState> claim(SourceName source, Instant now, Duration lease) {
    if (!states.containsKey(source) || !leaseFree(source, now)) {
      return Optional.empty();
    }
    leases.put(source, now.plus(lease));
    return Optional.of(states.get(source));
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
  public synchronized void release(Collection<SourceName> sources) {
    sources.forEach(leases::remove);
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
  }
}
