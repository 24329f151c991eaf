package dev.waggle.adapters.sources;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.domain.source.SourceName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source adapter: syncs a {@code file} source as soon as its file changes. It watches the file's
 * directory, not the file: a mounted ConfigMap changes by swapping its {@code ..data} symlink, an
 * event on the directory only. Events settle for a moment and the file's bytes are compared with
 * the last ones seen, so a burst of events, or a change to another file nearby, costs no sync.
 */
public final class FileSourceWatcher implements AutoCloseable {
  /** Long enough for a ConfigMap swap's few events, short enough to feel immediate. */
  static final Duration DEFAULT_SETTLE = Duration.ofMillis(250);

  /** How soon to try again when a sync of the source was already running or could not start. */
  private static final Duration RETRY = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(FileSourceWatcher.class);

  private final TriggerSync sync;
  private final Map<SourceName, Path> files;
  private final Duration settle;

  // Touched by the watching thread only, after start() has filled them.
  private final Map<WatchKey, List<SourceName>> sourcesByKey = new HashMap<>();
  private final Map<SourceName, String> lastSeen = new HashMap<>();
  private final Map<SourceName, Long> dueAtNanos = new LinkedHashMap<>();

  private WatchService watchService;
  private Thread thread;

  /**
   * @param sync what to call when a file changed
   * @param files each watched source and the file it reads
   */
  public FileSourceWatcher(TriggerSync sync, Map<SourceName, Path> files) {
    this(sync, files, DEFAULT_SETTLE);
  }

  FileSourceWatcher(TriggerSync sync, Map<SourceName, Path> files, Duration settle) {
    this.sync = Objects.requireNonNull(sync, "'sync' must not be null");
    this.files = Map.copyOf(Objects.requireNonNull(files, "'files' must not be null"));
    this.settle = Objects.requireNonNull(settle, "'settle' must not be null");
  }

  /**
   * Starts watching. A directory that cannot be watched (it does not exist yet) is logged; its
   * sources still sync on their regular check.
   */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("the file watcher was already started");
    }
    try {
      watchService = FileSystems.getDefault().newWatchService();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch files for changes: " + e.getMessage(), e);
    }
    Map<Path, List<SourceName>> byDirectory = new LinkedHashMap<>();
    files.forEach(
        (name, file) -> {
          Path absolute = file.toAbsolutePath();
          lastSeen.put(name, fingerprint(absolute));
          byDirectory.computeIfAbsent(absolute.getParent(), d -> new ArrayList<>()).add(name);
        });
    byDirectory.forEach(
        (directory, names) -> {
          try {
            WatchKey key =
                directory.register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
            sourcesByKey.put(key, List.copyOf(names));
            LOG.info("Watching {} for changes to source(s) {}", directory, names);
          } catch (IOException e) {
            LOG.warn(
                "Cannot watch {} for changes ({}); source(s) {} sync on their regular check only",
                directory,
                e.getMessage(),
                names);
          }
        });
    thread = new Thread(this::watch, "waggle-file-watch");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void close() {
    if (watchService == null) {
      return;
    }
    try {
      // Wakes the watching thread, which then ends.
      watchService.close();
    } catch (IOException e) {
      LOG.debug("Closing the file watch service failed", e);
    }
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    watchService = null;
  }

  private void watch() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        WatchKey key =
            dueAtNanos.isEmpty()
                ? watchService.take()
                : watchService.poll(nanosUntilNextDue(), TimeUnit.NANOSECONDS);
        if (key != null) {
          noteChange(key);
        }
        syncSettledChanges();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // Closed: stop watching.
    } catch (RuntimeException e) {
      LOG.error("Watching files for changes stopped; sources sync on their regular check only", e);
    }
  }

  private void noteChange(WatchKey key) {
    // Any event may be the file: its own write, a symlink swap, or an overflow that lost events.
    key.pollEvents();
    List<SourceName> names = sourcesByKey.getOrDefault(key, List.of());
    if (!key.reset()) {
      LOG.warn(
          "The directory of source(s) {} is gone; they sync on their regular check only", names);
    }
    long due = System.nanoTime() + settle.toNanos();
    // The first event sets the time, so that a directory that keeps changing cannot postpone it.
    names.forEach(name -> dueAtNanos.putIfAbsent(name, due));
  }

  private long nanosUntilNextDue() {
    long now = System.nanoTime();
    return dueAtNanos.values().stream().mapToLong(due -> due - now).min().orElse(0);
  }

  private void syncSettledChanges() {
    long now = System.nanoTime();
    List<SourceName> settled = new ArrayList<>();
    dueAtNanos.forEach(
        (name, due) -> {
          if (due - now <= 0) {
            settled.add(name);
          }
        });
    for (SourceName name : settled) {
      dueAtNanos.remove(name);
      String current = fingerprint(files.get(name).toAbsolutePath());
      if (current.equals(lastSeen.get(name))) {
        continue;
      }
      try {
        SyncOutcome outcome = sync.syncNow(name);
        if (outcome.result() == SyncOutcome.Result.SKIPPED) {
          retryLater(name);
          continue;
        }
        LOG.info("Source {} synced after its file changed: {}", name, outcome.result());
        lastSeen.put(name, current);
      } catch (RuntimeException e) {
        LOG.warn("Source {} changed on disk, but its sync failed to start: {}", name, e.toString());
        retryLater(name);
      }
    }
  }

  private void retryLater(SourceName name) {
    dueAtNanos.put(name, System.nanoTime() + RETRY.toNanos());
  }

  /** The file's sha256, or why it has none; a symlink is followed to what it points to now. */
  private static String fingerprint(Path file) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        digest.update(buffer, 0, read);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchFileException e) {
      return "missing";
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }
}
