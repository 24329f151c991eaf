package dev.waggle.adapters.postgres;

import java.util.concurrent.TimeUnit;

/**
 * Timing helper: how long each step of one write took, for a DEBUG line that tells whoever tunes a
 * sync where its time goes.
 */
final class StepTimes {
  private final StringBuilder steps = new StringBuilder();
  private long last = System.nanoTime();

  /** Ends the step running since the last mark, under {@code step}'s name. */
  void mark(String step) {
    long now = System.nanoTime();
    if (!steps.isEmpty()) {
      steps.append(", ");
    }
    steps.append(step).append(' ').append(TimeUnit.NANOSECONDS.toMillis(now - last)).append(" ms");
    last = now;
  }

  @Override
  public String toString() {
    return steps.toString();
  }
}
