package dev.waggle.adapters.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.SyncOutcome.Result;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.domain.source.SourceName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceWatcherTest {
  private static final SourceName CATALOG = SourceName.of("catalog");

  @TempDir Path dir;

  private final RecordingSync sync = new RecordingSync();
  private FileSourceWatcher watcher;

  @AfterEach
  void stop() {
    if (watcher != null) {
      watcher.close();
    }
  }

  private void watch(Path file) {
    watcher = new FileSourceWatcher(sync, Map.of(CATALOG, file), Duration.ofMillis(50));
    watcher.start();
  }

  /** Replaces the file the way editors and config tools do: write aside, then rename over it. */
  private static void replace(Path file, String content) throws IOException {
    Path temp = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), content);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void givenAWatchedFile_whenItIsRewritten_thenItsSourceIsSyncedPromptly() throws IOException {
    Path file = Files.writeString(dir.resolve("registry.json"), "{\"v\": 1}");
    watch(file);

    Files.writeString(file, "{\"v\": 2}");

    await().atMost(Duration.ofSeconds(5)).until(() -> sync.calls.contains(CATALOG));
  }

  @Test
  void givenAConfigMapMount_whenKubernetesSwapsTheDataSymlink_thenTheSourceIsSynced()
      throws IOException {
    // What the kubelet builds: registry.json -> ..data/registry.json, ..data -> ..<timestamp>.
    Path first = Files.createDirectory(dir.resolve("..2026_01_01_v1"));
    Files.writeString(first.resolve("registry.json"), "{\"v\": 1}");
    Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
    Path file = dir.resolve("registry.json");
    Files.createSymbolicLink(file, Path.of("..data", "registry.json"));
    watch(file);

    Path second = Files.createDirectory(dir.resolve("..2026_01_01_v2"));
    Files.writeString(second.resolve("registry.json"), "{\"v\": 2}");
    Path swap = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
    Files.move(swap, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);

    await().atMost(Duration.ofSeconds(5)).until(() -> sync.calls.contains(CATALOG));
    assertThat(Files.readString(file)).isEqualTo("{\"v\": 2}");
  }

  @Test
  void aChangeToAnotherFileInTheDirectoryCostsNoSync() throws IOException {
    Path file = Files.writeString(dir.resolve("registry.json"), "{\"v\": 1}");
    watch(file);

    Files.writeString(dir.resolve("notes.txt"), "unrelated");
    replace(file, "{\"v\": 1}");

    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(3))
        .until(() -> sync.calls.isEmpty());
  }

  @Test
  void givenASyncAlreadyRunning_whenTheFileChanges_thenTheSyncIsRetried() throws IOException {
    sync.answers.add(Result.SKIPPED);
    Path file = Files.writeString(dir.resolve("registry.json"), "{\"v\": 1}");
    watch(file);

    replace(file, "{\"v\": 2}");

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(sync.calls).containsExactly(CATALOG, CATALOG));
  }

  @Test
  void givenAFileThatAppearsLater_whenItIsCreated_thenTheSourceIsSynced() throws IOException {
    Path file = dir.resolve("registry.json");
    watch(file);

    replace(file, "{\"v\": 1}");

    await().atMost(Duration.ofSeconds(5)).until(() -> sync.calls.contains(CATALOG));
  }

  /** The use case as the watcher sees it: records each request, answers as told, then UPDATED. */
  private static final class RecordingSync implements TriggerSync {
    final List<SourceName> calls = new CopyOnWriteArrayList<>();
    final Deque<Result> answers = new ArrayDeque<>();

    @Override
    public List<SyncOutcome> syncDue() {
      throw new UnsupportedOperationException("the watcher syncs one source at a time");
    }

    @Override
    public synchronized SyncOutcome syncNow(SourceName source) {
      calls.add(source);
      Result result = answers.isEmpty() ? Result.UPDATED : answers.poll();
      return new SyncOutcome(source, result, 1, 0, result.name());
    }
  }
}
