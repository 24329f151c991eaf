package dev.waggle.application.port.in;

import dev.waggle.domain.source.SourceName;
import java.util.List;

/** Use case: bringing synced sources up to date, on schedule or on demand. */
public interface TriggerSync {

  /** Syncs every source whose next attempt is due and that no other replica is syncing. */
  List<SyncOutcome> syncDue();

  /**
   * Syncs one source now, whatever its schedule; like a scheduled sync, it answers {@code
   * UNCHANGED} and writes no entry when neither the data nor the source's definition changed.
   *
   * @throws SourceNotFoundException when no synced source has that name
   */
  SyncOutcome syncNow(SourceName source);
}
