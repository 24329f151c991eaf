package dev.waggle.adapters.sources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source adapter helper: watches one git fetch — logs how far it is every few seconds, and cancels
 * it as soon as the clone on disk grows past its bound, so an oversized repository fails early
 * instead of filling the disk.
 */
final class GitProgress implements ProgressMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(GitProgress.class);
  private static final long LOG_EVERY_NANOS = 10_000_000_000L;
  private static final long MEASURE_EVERY_NANOS = 250_000_000L;

  private final String source;
  private final Path clone;
  private final long maxBytes;
  private final long started = System.nanoTime();
  private long lastLog = started;
  private long lastMeasure;
  private String task = "";
  private int done;
  private int total;
  private volatile boolean tooLarge;

  GitProgress(String source, Path clone, long maxBytes) {
    this.source = source;
    this.clone = clone;
    this.maxBytes = maxBytes;
  }

  boolean tooLarge() {
    return tooLarge;
  }

  @Override
  public void start(int totalTasks) {}

  @Override
  public void beginTask(String title, int totalWork) {
    task = title;
    done = 0;
    total = totalWork;
  }

  @Override
  public void update(int completed) {
    done += completed;
    long now = System.nanoTime();
    if (now - lastLog >= LOG_EVERY_NANOS) {
      lastLog = now;
      LOG.info(
          "git source {}: {} {}{} after {} s",
          source,
          task,
          done,
          total == UNKNOWN ? "" : "/" + total,
          (now - started) / 1_000_000_000L);
    }
  }

  @Override
  public void endTask() {}

  /** JGit asks this between chunks of the pack it receives: the moment to measure the disk. */
  @Override
  public boolean isCancelled() {
    if (tooLarge) {
      return true;
    }
    long now = System.nanoTime();
    if (lastMeasure == 0 || now - lastMeasure >= MEASURE_EVERY_NANOS) {
      lastMeasure = now;
      if (sizeOf(clone) > maxBytes) {
        LOG.warn(
            "git source {}: the clone passed the bound of {} bytes; cancelling the fetch",
            source,
            maxBytes);
        tooLarge = true;
      }
    }
    return tooLarge;
  }

  @Override
  public void showDuration(boolean enabled) {}

  /** Logs the end of a fetch that took long enough to have logged its progress. */
  void finished() {
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    if (seconds * 1_000_000_000L >= LOG_EVERY_NANOS) {
      LOG.info("git source {}: fetch finished after {} s", source, seconds);
    }
  }

  /** The bytes of every file under a directory; files vanishing meanwhile count as nothing. */
  static long sizeOf(Path directory) {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    long[] total = {0};
    try {
      VanishingFileWalk.walk(
          directory,
          (file, attributes) -> {
            if (attributes.isRegularFile()) {
              total[0] += attributes.size();
            }
          },
          dir -> {});
    } catch (IOException e) {
      // Only the directory itself can fail here, and then it is gone: nothing on disk.
    }
    return total[0];
  }
}
