package dev.waggle.adapters.k8s.source;

import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes adapter (driving side): the watchers of this process's kubernetes sources. Those of
 * the configuration start with the application; one created through the admin API gets its watcher
 * when its first sync reads it (here, or on whichever replica syncs it), one whose namespaces
 * changed gets a new one, and the watcher of a deleted source closes itself.
 */
public final class KubernetesSources implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesSources.class);

  private final Map<SourceName, KubernetesSourceWatcher> watchers = new LinkedHashMap<>();
  private final Optional<Function<SourceDefinition, KubernetesSourceWatcher>> factory;
  private final Runnable release;
  private boolean closed;

  /**
   * Watchers of the configured sources only; a source this process has no watcher for is not read.
   *
   * @param release frees what the watchers share (their Kubernetes client) once they are closed
   */
  public KubernetesSources(List<KubernetesSourceWatcher> watchers, Runnable release) {
    this(watchers, Optional.empty(), release);
  }

  /**
   * @param factory makes (unstarted) the watcher of a source that has none yet, or whose namespaces
   *     changed
   */
  public KubernetesSources(
      List<KubernetesSourceWatcher> watchers,
      Function<SourceDefinition, KubernetesSourceWatcher> factory,
      Runnable release) {
    this(watchers, Optional.of(factory), release);
  }

  private KubernetesSources(
      List<KubernetesSourceWatcher> watchers,
      Optional<Function<SourceDefinition, KubernetesSourceWatcher>> factory,
      Runnable release) {
    watchers.forEach(w -> this.watchers.put(w.source().name(), w));
    this.factory = factory;
    this.release = Objects.requireNonNull(release, "'release' must not be null");
  }

  public synchronized List<KubernetesSourceWatcher> watchers() {
    return List.copyOf(watchers.values());
  }

  /** The watcher of the named source, when this process watches for it. */
  public synchronized Optional<KubernetesSourceWatcher> watcher(SourceName source) {
    return Optional.ofNullable(watchers.get(source)).filter(w -> !w.isClosed());
  }

  /**
   * The watcher for {@code source} as it is defined now: the running one when it watches the same
   * namespaces, else a new one, started (the one it replaces is closed).
   *
   * @return empty when this process cannot make watchers and has none for the source
   */
  public synchronized Optional<KubernetesSourceWatcher> follow(SourceDefinition source) {
    Objects.requireNonNull(source, "'source' must not be null");
    KubernetesSourceWatcher running = watchers.get(source.name());
    if (running != null && !running.isClosed() && running.source().kind().equals(source.kind())) {
      return Optional.of(running);
    }
    if (closed || factory.isEmpty()) {
      return Optional.ofNullable(running).filter(w -> !w.isClosed());
    }
    if (running != null && !running.isClosed()) {
      LOG.info("Kubernetes source {} changed what it watches; watching anew", source.name());
      running.close();
    }
    KubernetesSourceWatcher watcher = factory.get().apply(source);
    watchers.put(source.name(), watcher);
    watcher.start();
    return Optional.of(watcher);
  }

  /** Starts every watcher; each syncs its source once it has listed its objects. */
  public synchronized void start() {
    watchers.values().forEach(KubernetesSourceWatcher::start);
  }

  @Override
  public void close() {
    List<KubernetesSourceWatcher> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(watchers.values());
    }
    all.forEach(KubernetesSourceWatcher::close);
    release.run();
  }
}
