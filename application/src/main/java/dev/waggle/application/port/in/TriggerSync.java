package dev.waggle.application.port.in;

import dev.waggle.domain.source.SourceName;
import java.util.List;

/** Use case: bringing synced sources up to date, on schedule or on demand. */
public interface TriggerSync {

  /** Syncs every source whose next attempt is due and that no other replica is syncing. */
  List<SyncOutcome> syncDue();

  /**
   * Starts a sync of one source in the background, whatever its schedule, unless a sync of it is
   * running already here or on another replica: at most one sync of a source runs at a time. Its
   * progress and end show in the source's sync state, which says {@code SYNCING} as soon as this
   * returns a started sync.
   *
   * <p>This default, for implementations that have no background to run it in, syncs in the
   * caller's thread and answers once the sync is over.
   *
   * @throws SourceNotFoundException when no synced source has that name
   */
  default SyncRequest requestSync(SourceName source) {
    return new SyncRequest(source, syncNow(source).result() != SyncOutcome.Result.SKIPPED);
  }

  /**
   * Syncs one source now, whatever its schedule; like a scheduled sync, it answers {@code
   * UNCHANGED} and writes no entry when neither the data nor the source's definition changed.
   *
   * @throws SourceNotFoundException when no synced source has that name
   */
  SyncOutcome syncNow(SourceName source);
}
