package dev.waggle.adapters.k8s.source;

import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes adapter (driving side): the watch of one {@code kubernetes} source. It keeps the
 * MCPServer, VirtualMCPServer and MCPRemoteProxy objects of the source's namespaces (or the whole
 * cluster) in informer caches, which {@link KubernetesSourceReader} reads for the sync engine, and
 * asks the engine for a sync once a burst of changes to exported objects has settled — so a change
 * is served in moments, while the engine's lease keeps replicas from syncing the source at once.
 */
public final class KubernetesSourceWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesSourceWatcher.class);

  /** How soon to ask again when a sync of the source was running already, here or elsewhere. */
  static final Duration RETRY_WHEN_BUSY = Duration.ofSeconds(2);

  /** How soon to ask again when the engine could not take the request (storage down). */
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final Supplier<TriggerSync> sync;
  private final SourceDefinition source;
  private final KubernetesSourceSettings settings;
  private final List<String> namespaces;
  private final Map<ExportedKind, List<SharedIndexInformer<GenericKubernetesResource>>> informers =
      new EnumMap<>(ExportedKind.class);
  private final CompletableFuture<Void> listed = new CompletableFuture<>();
  private final ScheduledExecutorService trigger;
  private final AtomicBoolean syncScheduled = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param sync the engine to ask for syncs; looked up at the first request, because the engine
   *     reads this watcher's objects through the reader it is given
   */
  public KubernetesSourceWatcher(
      KubernetesClient client,
      Supplier<TriggerSync> sync,
      SourceDefinition source,
      KubernetesSourceSettings settings) {
    this.client = Objects.requireNonNull(client, "'client' must not be null");
    this.sync = Objects.requireNonNull(sync, "'sync' must not be null");
    this.source = Objects.requireNonNull(source, "'source' must not be null");
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
    if (!(source.kind() instanceof SourceKind.Kubernetes kubernetes)) {
      throw new IllegalArgumentException(
          "source " + source.name() + " is a " + source.kind().typeName() + " source");
    }
    this.namespaces =
        kubernetes.namespaces().isEmpty() ? settings.defaultNamespaces() : kubernetes.namespaces();
    this.trigger =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "kubernetes-source-" + source.name());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** The source this watcher watches for. */
  public SourceDefinition source() {
    return source;
  }

  /**
   * Starts the informers. Once every one has listed what exists, the source is synced, and again
   * after every change to an exported object.
   */
  public void start() {
    LOG.info(
        "Kubernetes source {} watches {}",
        source.name(),
        namespaces.isEmpty() ? "the whole cluster" : "namespaces " + namespaces);
    Map<SharedIndexInformer<GenericKubernetesResource>, String> all = new LinkedHashMap<>();
    for (ExportedKind kind : ExportedKind.values()) {
      List<SharedIndexInformer<GenericKubernetesResource>> perKind = new ArrayList<>();
      for (String namespace : namespaces.isEmpty() ? List.<String>of("") : namespaces) {
        var resources = client.genericKubernetesResources(kind.context());
        SharedIndexInformer<GenericKubernetesResource> informer =
            namespace.isEmpty()
                ? resources.inAnyNamespace().runnableInformer(0)
                : resources.inNamespace(namespace).runnableInformer(0);
        String where = kind.kind() + (namespace.isEmpty() ? " in the cluster" : " in " + namespace);
        informer.exceptionHandler(
            (started, error) -> {
              if (isNotFound(error)) {
                return false;
              }
              LOG.warn(
                  "Kubernetes source {} cannot watch {}, retrying: {}",
                  source.name(),
                  where,
                  error.getMessage());
              return true;
            });
        informer.addEventHandler(new ExportFilter());
        perKind.add(informer);
        all.put(informer, where);
      }
      informers.put(kind, perKind);
    }
    AtomicInteger unlisted = new AtomicInteger(all.size());
    all.forEach(
        (informer, where) ->
            informer
                .start()
                .whenComplete(
                    (ignored, error) -> {
                      if (error != null) {
                        // Only a missing resource type stops an informer: that kind has no objects.
                        LOG.warn(
                            "Kubernetes source {}: {} is not served by this cluster; it contributes no"
                                + " entries",
                            source.name(),
                            where);
                      }
                      if (unlisted.decrementAndGet() == 0) {
                        listed.complete(null);
                        scheduleSync(Duration.ZERO);
                      }
                    }));
  }

  /** Whether every informer has listed the objects that existed when it started. */
  public boolean isListed() {
    return listed.isDone();
  }

  /**
   * Waits up to {@code wait} for every informer to have listed what exists.
   *
   * @return false when they have not by then, or this watcher was closed
   */
  boolean awaitListed(Duration wait) {
    try {
      listed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return !closed.get();
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Every watched object, exported or not, by kind; from the informers' caches. */
  Map<ExportedKind, List<GenericKubernetesResource>> objects() {
    Map<ExportedKind, List<GenericKubernetesResource>> objects = new EnumMap<>(ExportedKind.class);
    informers.forEach(
        (kind, perKind) -> {
          List<GenericKubernetesResource> all = new ArrayList<>();
          perKind.forEach(informer -> all.addAll(informer.getStore().list()));
          objects.put(kind, all);
        });
    return objects;
  }

  /** Whether this watcher has stopped: closed, or its source was deleted. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Where this watcher looks, for messages. */
  String scope() {
    return namespaces.isEmpty() ? "the whole cluster" : "namespaces " + namespaces;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    informers.values().forEach(list -> list.forEach(SharedIndexInformer::close));
    trigger.shutdownNow();
  }

  private static boolean isNotFound(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof KubernetesClientException e && e.getCode() == 404) {
        return true;
      }
    }
    return false;
  }

  /**
   * Asks for a sync after {@code delay}, unless one is already waiting: the first change of a burst
   * sets the time, and the later ones ride along, so a burst costs one sync.
   */
  private void scheduleSync(Duration delay) {
    if (closed.get() || !listed.isDone() || !syncScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      trigger.schedule(this::sync, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closed in between: nothing left to sync for.
      syncScheduled.set(false);
    }
  }

  private void sync() {
    // Cleared first: a change during this sync must ask for another one.
    syncScheduled.set(false);
    if (closed.get()) {
      return;
    }
    try {
      SyncOutcome outcome = sync.get().syncNow(source.name());
      if (outcome.result() == SyncOutcome.Result.SKIPPED) {
        // Another sync of the source runs and may have read the cluster before this change.
        scheduleSync(RETRY_WHEN_BUSY);
        return;
      }
      LOG.debug("Kubernetes source {} synced after a change: {}", source.name(), outcome.result());
    } catch (SourceNotFoundException e) {
      // Deleted through the admin API (on this replica or another): nothing is left to sync for.
      LOG.info("Kubernetes source {} no longer exists; its watch stops", source.name());
      close();
    } catch (RuntimeException e) {
      LOG.warn(
          "Kubernetes source {} changed, but its sync could not start, retrying in {} s: {}",
          source.name(),
          RETRY_AFTER_FAILURE.toSeconds(),
          e.getMessage());
      scheduleSync(RETRY_AFTER_FAILURE);
    }
  }

  /** Asks for a sync for objects that are, or were, exported; ToolHive's event predicate. */
  private final class ExportFilter implements ResourceEventHandler<GenericKubernetesResource> {
    @Override
    public void onAdd(GenericKubernetesResource resource) {
      if (ExportedEntries.isExported(resource)) {
        scheduleSync(settings.settleDelay());
      }
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
      if (ExportedEntries.isExported(before) || ExportedEntries.isExported(after)) {
        scheduleSync(settings.settleDelay());
      }
    }

    @Override
    public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {
      if (finalStateUnknown || ExportedEntries.isExported(resource)) {
        scheduleSync(settings.settleDelay());
      }
    }
  }
}
