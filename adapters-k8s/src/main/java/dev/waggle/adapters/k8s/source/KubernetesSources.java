package dev.waggle.adapters.k8s.source;

import java.util.List;
import java.util.Objects;

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

  /** Starts every watcher; returns once each has listed its objects. */
  public void start() {
    watchers.forEach(KubernetesSourceWatcher::start);
  }

  @Override
  public void close() {
    watchers.forEach(KubernetesSourceWatcher::close);
    release.run();
  }
}
