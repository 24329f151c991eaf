package dev.waggle.adapters.k8s.source;

import dev.waggle.application.port.in.PushSourceContents;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.source.SourceName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-port fake: keeps what each source last pushed, as the use case would have it served, and
 * counts the pushes; the use case itself is tested in the application.
 */
public final class RecordingSourcePush implements PushSourceContents {
  private final Map<SourceName, List<ServerManifest>> contents = new ConcurrentHashMap<>();
  private final AtomicInteger writes = new AtomicInteger();

  @Override
  public void replace(SourceName source, List<ServerManifest> servers) {
    contents.put(source, List.copyOf(servers));
    writes.incrementAndGet();
  }

  /** What the source serves now; empty before its first write. */
  public List<ServerManifest> served(SourceName source) {
    return contents.getOrDefault(source, List.of());
  }

  public List<String> servedNames(SourceName source) {
    return served(source).stream().map(m -> m.name().value()).toList();
  }

  public Optional<ServerManifest> served(SourceName source, String name) {
    return served(source).stream().filter(m -> m.name().value().equals(name)).findFirst();
  }

  public boolean hasWritten(SourceName source) {
    return contents.containsKey(source);
  }

  public int writes() {
    return writes.get();
  }
}
