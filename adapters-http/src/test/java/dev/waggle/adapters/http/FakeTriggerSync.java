package dev.waggle.adapters.http;

import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.domain.source.SourceName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Port fake: answers on-demand syncs with the outcome set for each source. */
final class FakeTriggerSync implements TriggerSync {
  private final Map<SourceName, SyncOutcome> outcomes = new HashMap<>();
  final List<SourceName> requested = new ArrayList<>();
  private final CountDownLatch gate = new CountDownLatch(1);
  private final AtomicInteger waiting = new AtomicInteger();
  private volatile boolean gated;

  /** Holds every sync until {@link #open()}, as a slow fetch would. */
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

  FakeTriggerSync answer(String source, SyncOutcome.Result result, String message) {
    SourceName name = SourceName.of(source);
    outcomes.put(name, new SyncOutcome(name, result, 3, 1, message));
    return this;
  }

  @Override
  public List<SyncOutcome> syncDue() {
    return List.of();
  }

  @Override
  public SyncOutcome syncNow(SourceName source) {
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
    return outcome(source);
  }

  private synchronized SyncOutcome outcome(SourceName source) {
    requested.add(source);
    SyncOutcome outcome = outcomes.get(source);
    if (outcome == null) {
      throw new SourceNotFoundException(source);
    }
    return outcome;
  }
}
