package dev.waggle.application.port.in;

import dev.waggle.domain.source.SourceName;
import java.util.List;

/** Use case: bringing synced sources up to date, on schedule or on demand. */
public interface TriggerSync {

  /** Syncs every source whose next attempt is due and that no other replica is syncing. */
  List<SyncOutcome> syncDue();

  /**
   * Syncs one source now, whatever its schedule.
   *
   * @throws SourceNotFoundException when no synced source has that name
   */
  SyncOutcome syncNow(SourceName source);
}
