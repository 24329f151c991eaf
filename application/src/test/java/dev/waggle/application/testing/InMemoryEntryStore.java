package dev.waggle.application.testing;

import dev.waggle.application.port.out.EntryStore;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.source.SourceName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Port fake: remembers what each source holds, enough for service tests that are about what gets
 * written.
 */
public final class InMemoryEntryStore implements EntryStore {
  private final Map<SourceName, List<ServerManifest>> contents = new HashMap<>();
  private final Map<SourceName, List<ExtensionEntry>> extensions = new HashMap<>();
  private RuntimeException nextFailure;
  private int writes;

  public synchronized void failNextWrite(RuntimeException failure) {
    nextFailure = failure;
  }

  public synchronized List<ServerManifest> contents(SourceName source) {
    return contents.getOrDefault(source, List.of());
  }

  public synchronized List<ExtensionEntry> extensions(SourceName source) {
    return extensions.getOrDefault(source, List.of());
  }

  public synchronized int writes() {
    return writes;
  }

  @Override
  public synchronized void replaceSourceContents(SourceName source, List<ServerManifest> servers) {
    if (nextFailure != null) {
      RuntimeException failure = nextFailure;
      nextFailure = null;
      throw failure;
    }
    writes++;
    contents.put(source, List.copyOf(servers));
  }

  @Override
  public synchronized void replaceSourceContents(
      SourceName source, List<ServerManifest> servers, List<ExtensionEntry> newExtensions) {
    replaceSourceContents(source, servers);
    extensions.put(source, List.copyOf(newExtensions));
  }

  @Override
  public synchronized int countVersions(SourceName source) {
    return contents(source).size();
  }
}
