package dev.waggle.application.service;

import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.SyncOutcome.Result;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.application.port.out.StorageUnavailableException;
import dev.waggle.domain.source.SourceName;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Service: the background loop that asks for due syncs every tick. Each source keeps its own
 * schedule in storage, so the tick only bounds how late a due sync can start.
 */
public final class SyncScheduler implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SyncScheduler.class.getName());
  private final TriggerSync sync;
  private final Duration tick;
  private final ScheduledExecutorService executor;
  private final Set<SourceName> firstSyncLogged = new HashSet<>();

  /** Only the scheduler's single thread reads and writes it. */
  private boolean storageDown;

  public SyncScheduler(TriggerSync sync, Duration tick) {
    this.sync = Objects.requireNonNull(sync, "'sync' must not be null");
    this.tick = Objects.requireNonNull(tick, "'tick' must not be null");
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("'tick' must be greater than zero");
    }
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "waggle-sync");
              thread.setDaemon(true);
              return thread;
            });
  }

  public void start() {
    executor.scheduleWithFixedDelay(this::runOnce, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runOnce() {
    try {
      logFirstSyncs(sync.syncDue());
      if (storageDown) {
        storageDown = false;
        LOG.log(Level.INFO, "storage is back; scheduled syncs resume");
      }
    } catch (StorageUnavailableException e) {
      // An outage fails every tick the same way: say so once, not every tick with a stack trace.
      if (!storageDown) {
        storageDown = true;
        LOG.log(
            Level.WARNING,
            "scheduled syncs paused, storage unavailable: "
                + e.getMessage()
                + "; retrying every "
                + tick);
      }
    } catch (RuntimeException e) {
      // Anything thrown would silently cancel every later tick; log it and keep the loop alive.
      LOG.log(Level.ERROR, "sync round failed; retrying next tick", e);
    }
  }

  /**
   * The sync service logs what changed and what failed; at start, say also which sources were
   * already up to date, so that the log accounts for every source's first sync with its count.
   */
  private void logFirstSyncs(List<SyncOutcome> outcomes) {
    for (SyncOutcome outcome : outcomes) {
      if (firstSyncLogged.add(outcome.source()) && outcome.result() == Result.UNCHANGED) {
        LOG.log(
            Level.INFO,
            "source "
                + outcome.source()
                + ": unchanged since the last sync; "
                + outcome.serverCount()
                + " server versions served");
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
