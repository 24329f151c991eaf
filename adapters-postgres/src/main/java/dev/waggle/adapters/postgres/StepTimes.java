package dev.waggle.adapters.postgres;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

/**
 * Timing helper: how long each step of one write took, and how much of it was this thread's own CPU
 * (the rest is mostly waiting for PostgreSQL), for a DEBUG line that tells whoever tunes a sync
 * where its time goes.
 */
final class StepTimes {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final StringBuilder steps = new StringBuilder();
  private long last = System.nanoTime();
  private long lastCpu = cpu();

  /** Ends the step running since the last mark, under {@code step}'s name. */
  void mark(String step) {
    long now = System.nanoTime();
    long cpu = cpu();
    if (!steps.isEmpty()) {
      steps.append(", ");
    }
    steps.append(step).append(' ').append(TimeUnit.NANOSECONDS.toMillis(now - last)).append(" ms");
    if (cpu >= 0) {
      steps.append(" (cpu ").append(TimeUnit.NANOSECONDS.toMillis(cpu - lastCpu)).append(')');
    }
    last = now;
    lastCpu = cpu;
  }

  /**
   * Puts the steps another thread took before these in front of them, under {@code what}: their CPU
   * is that thread's, not this one's.
   */
  void prepend(String what, StepTimes earlier) {
    String before = what + " [" + earlier + "]";
    steps.insert(0, steps.isEmpty() ? before : before + ", ");
  }

  /** This thread's CPU time in nanoseconds; -1 where the JVM does not measure it. */
  private static long cpu() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
  }

  @Override
  public String toString() {
    return steps.toString();
  }
}
