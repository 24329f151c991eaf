package dev.waggle.adapters.k8s.source;

import dev.waggle.domain.source.SourceName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes adapter (driving side): every kubernetes source of the configuration, started and
 * stopped together by the application's bootstrap.
 */
public final class KubernetesSources implements AutoCloseable {
  private final List<KubernetesSourceWatcher> watchers;
  private final Runnable release;

  /**
   * @param release frees what the watchers share (their Kubernetes client) once they are closed
   */
  public KubernetesSources(List<KubernetesSourceWatcher> watchers, Runnable release) {
    this.watchers = List.copyOf(watchers);
    this.release = Objects.requireNonNull(release, "'release' must not be null");
  }

  public List<KubernetesSourceWatcher> watchers() {
    return watchers;
  }

  /** The watcher of the named source, when it is a configured kubernetes source. */
  public Optional<KubernetesSourceWatcher> watcher(SourceName source) {
    return watchers.stream().filter(w -> w.source().name().equals(source)).findFirst();
  }

  /** Starts every watcher; each syncs its source once it has listed its objects. */
  public void start() {
    watchers.forEach(KubernetesSourceWatcher::start);
  }

  @Override
  public void close() {
    watchers.forEach(KubernetesSourceWatcher::close);
    release.run();
  }
}
