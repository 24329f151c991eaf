package dev.waggle.application.port.out;

import dev.waggle.domain.source.SourceName;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Outgoing port: per-source sync bookkeeping, shared by every replica — what was last applied, when
 * to try next, and who is syncing right now.
 *
 * <p>A lease belongs to the instance that claimed it and lasts until it is recorded, released, or
 * runs out; a store that can tell that the holder is gone (its process died) frees it at once.
 */
public interface SyncStateStore {

  /**
   * Claims up to {@code max} sources whose next attempt is due at {@code now} and that hold no
   * unexpired lease, leasing each until {@code now + lease}; sources claimed by another replica are
   * skipped, not waited for.
   */
  List<SourceName> claimDue(Instant now, Duration lease, int max);

  /** Claims one source whatever its schedule; empty when another replica holds its lease. */
  Optional<SyncState> claim(SourceName source, Instant now, Duration lease);

  Optional<SyncState> find(SourceName source);

  /** Records an attempt's end, clears the lease, and sets the next attempt time. */
  void record(SourceName source, SyncState state);

  /**
   * Gives back the leases this instance still holds on {@code sources} after an attempt ended
   * without {@link #record}, restoring the phase they had, so they can be synced again at once.
   */
  void release(Collection<SourceName> sources);
}
