package dev.waggle.application.service;

import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.application.port.out.StorageUnavailableException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
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
      sync.syncDue();
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
