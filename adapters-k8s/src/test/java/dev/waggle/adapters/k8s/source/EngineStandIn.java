package dev.waggle.adapters.k8s.source;

import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.SyncOutcome.Result;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceName;
import dev.waggle.domain.source.SourceSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-port fake standing in for the sync engine: each sync reads the source through the reader it is
 * given and keeps the snapshot, and the first {@code busy} requests answer that a sync is running
 * elsewhere. The engine's own steps are tested in the application.
 */
final class EngineStandIn implements TriggerSync {
  private volatile SourceDefinition source;
  private final AtomicInteger busy;
  private final AtomicInteger syncs = new AtomicInteger();
  private volatile SourceReader reader;
  private volatile SourceSnapshot last;
  private volatile boolean deleted;

  EngineStandIn(SourceDefinition source, int busy) {
    this.source = source;
    this.busy = new AtomicInteger(busy);
  }

  SourceDefinition source() {
    return source;
  }

  /** The source's definition changed (through the admin API): later syncs read it as now. */
  void redefine(SourceDefinition changed) {
    if (!changed.name().equals(source.name())) {
      throw new IllegalArgumentException("a redefinition keeps the name " + source.name());
    }
    source = changed;
  }

  void readThrough(SourceReader reader) {
    this.reader = reader;
  }

  @Override
  public List<SyncOutcome> syncDue() {
    return List.of();
  }

  @Override
  public synchronized SyncOutcome syncNow(SourceName name) {
    if (!name.equals(source.name())) {
      throw new IllegalArgumentException("unknown source " + name);
    }
    if (deleted) {
      throw new SourceNotFoundException(name);
    }
    if (busy.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return new SyncOutcome(name, Result.SKIPPED, 0, 0, "a sync of this source is in progress");
    }
    try {
      last = reader.read(source);
    } catch (SourceReadException e) {
      return new SyncOutcome(name, Result.FAILED, 0, 0, e.getMessage());
    }
    syncs.incrementAndGet();
    return new SyncOutcome(name, Result.UPDATED, last.servers().size(), 0, "");
  }

  /** The source is deleted (through the admin API): from now on a sync of it is not found. */
  void delete() {
    deleted = true;
  }

  /** Syncs that read the source. */
  int syncs() {
    return syncs.get();
  }

  /** Names of the servers the last sync read, in order. */
  List<String> servedNames() {
    SourceSnapshot snapshot = last;
    return snapshot == null
        ? List.of()
        : snapshot.servers().stream().map(m -> m.name().value()).toList();
  }

  Optional<ServerManifest> served(String name) {
    SourceSnapshot snapshot = last;
    return snapshot == null
        ? Optional.empty()
        : snapshot.servers().stream().filter(m -> m.name().value().equals(name)).findFirst();
  }

  List<EntryRejection> rejections() {
    SourceSnapshot snapshot = last;
    return snapshot == null ? List.of() : snapshot.rejections();
  }
}
