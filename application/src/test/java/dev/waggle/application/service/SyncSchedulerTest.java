package dev.waggle.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.application.port.out.StorageUnavailableException;
import dev.waggle.domain.source.SourceName;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SyncSchedulerTest {

  @Test
  void givenRoundsThatThrow_whenTheSchedulerRuns_thenItKeepsAskingForDueSyncs()
      throws InterruptedException {
    AtomicInteger rounds = new AtomicInteger();
    CountDownLatch fourRounds = new CountDownLatch(4);
    TriggerSync failingTwice =
        new TriggerSync() {
          @Override
          public List<SyncOutcome> syncDue() {
            int round = rounds.incrementAndGet();
            fourRounds.countDown();
            if (round == 1) {
              throw new StorageUnavailableException("database gone", null);
            }
            if (round == 2) {
              throw new IllegalStateException("a bug");
            }
            return List.of();
          }

          @Override
          public SyncOutcome syncNow(SourceName source) {
            throw new UnsupportedOperationException();
          }
        };

    try (SyncScheduler scheduler = new SyncScheduler(failingTwice, Duration.ofMillis(10))) {
      scheduler.start();

      assertThat(fourRounds.await(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
