package dev.waggle.adapters.k8s.source;

import dev.waggle.application.port.in.PushSourceContents;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes adapter (driving side): the {@code kubernetes} source. Watches exported MCPServer,
 * VirtualMCPServer and MCPRemoteProxy objects in the source's namespaces (or the whole cluster)
 * and, while it holds the source's lease, pushes the complete set of their entries through {@link
 * PushSourceContents} after every change — all namespaces at once, so one namespace never erases
 * another's.
 */
public final class KubernetesSourceWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesSourceWatcher.class);
  private static final long RETRY_AFTER_FAILURE_MS = 10_000;

  private final KubernetesClient client;
  private final PushSourceContents push;
  private final SourceDefinition source;
  private final KubernetesSourceSettings settings;
  private final List<String> namespaces;
  private final Map<ExportedKind, List<SharedIndexInformer<GenericKubernetesResource>>> informers =
      new LinkedHashMap<>();
  private final ScheduledExecutorService writer;
  private final AtomicBoolean writeScheduled = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean synced;
  private volatile boolean leading;
  private volatile CompletableFuture<?> election;
  private List<ServerManifest> lastWritten;

  public KubernetesSourceWatcher(
      KubernetesClient client,
      PushSourceContents push,
      SourceDefinition source,
      KubernetesSourceSettings settings) {
    this.client = Objects.requireNonNull(client, "'client' must not be null");
    this.push = Objects.requireNonNull(push, "'push' must not be null");
    this.source = Objects.requireNonNull(source, "'source' must not be null");
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
    if (!(source.kind() instanceof SourceKind.Kubernetes kubernetes)) {
      throw new IllegalArgumentException(
          "source " + source.name() + " is a " + source.kind().typeName() + " source");
    }
    this.namespaces =
        kubernetes.namespaces().isEmpty() ? settings.defaultNamespaces() : kubernetes.namespaces();
    this.writer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "kubernetes-source-" + source.name());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** The source this watcher feeds. */
  public SourceDefinition source() {
    return source;
  }

  /** Whether this replica currently writes the source's entries. */
  public boolean isLeading() {
    return leading;
  }

  /**
   * Starts the informers and competes for the source's lease (or, without leader election, takes
   * the writer's role at once). Entries are first written once every informer has listed what
   * exists, so a slow or unreachable API server never makes the source look empty.
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
    AtomicInteger unsynced = new AtomicInteger(all.size());
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
                      if (unsynced.decrementAndGet() == 0) {
                        synced = true;
                        scheduleWrite(0);
                      }
                    }));
    if (settings.leaderElection()) {
      elect();
    } else {
      leading = true;
      scheduleWrite(0);
    }
  }

  /** Whether every informer has listed the objects that existed when it started. */
  public boolean isSynced() {
    return synced;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    CompletableFuture<?> running = election;
    if (running != null) {
      running.cancel(true);
    }
    leading = false;
    informers.values().forEach(list -> list.forEach(SharedIndexInformer::close));
    writer.shutdownNow();
  }

  private static boolean isNotFound(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof KubernetesClientException e && e.getCode() == 404) {
        return true;
      }
    }
    return false;
  }

  private void elect() {
    if (closed.get()) {
      return;
    }
    String namespace =
        settings.leaseNamespace() != null
            ? settings.leaseNamespace()
            : Objects.requireNonNullElse(client.getNamespace(), "default");
    String lease = settings.leaseName(source.name().value());
    election =
        client
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName(lease)
                    .withLock(new LeaseLock(namespace, lease, settings.identity()))
                    .withLeaseDuration(settings.leaseDuration())
                    .withRenewDeadline(settings.renewDeadline())
                    .withRetryPeriod(settings.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(
                            this::startedLeading,
                            this::stoppedLeading,
                            leader ->
                                LOG.debug(
                                    "Kubernetes source {} leader: {}", source.name(), leader)))
                    .build())
            .build()
            .start();
    // Losing the lease ends the elector; compete again so this replica can take over later.
    election.whenComplete(
        (ignored, error) -> {
          if (!closed.get()) {
            writer.execute(this::elect);
          }
        });
  }

  private void startedLeading() {
    LOG.info("Kubernetes source {}: this replica writes its entries", source.name());
    leading = true;
    writer.execute(() -> lastWritten = null);
    scheduleWrite(0);
  }

  private void stoppedLeading() {
    if (leading) {
      LOG.info("Kubernetes source {}: another replica writes its entries now", source.name());
    }
    leading = false;
  }

  private void scheduleWrite(long delayMs) {
    if (closed.get() || !synced || !writeScheduled.compareAndSet(false, true)) {
      return;
    }
    writer.schedule(this::write, delayMs, TimeUnit.MILLISECONDS);
  }

  private void write() {
    writeScheduled.set(false);
    if (!leading || closed.get()) {
      return;
    }
    List<ServerManifest> entries = entries();
    if (entries.equals(lastWritten)) {
      return;
    }
    try {
      push.replace(source.name(), entries);
      lastWritten = entries;
      LOG.info("Kubernetes source {} now serves {} entries", source.name(), entries.size());
    } catch (RuntimeException e) {
      LOG.warn(
          "Kubernetes source {} could not store its entries, retrying in 10s: {}",
          source.name(),
          e.getMessage());
      scheduleWrite(RETRY_AFTER_FAILURE_MS);
    }
  }

  /** Every exported object across all watched namespaces and kinds, as entries. */
  List<ServerManifest> entries() {
    Map<ServerName, ServerManifest> byName = new LinkedHashMap<>();
    for (Map.Entry<ExportedKind, List<SharedIndexInformer<GenericKubernetesResource>>> kind :
        informers.entrySet()) {
      for (SharedIndexInformer<GenericKubernetesResource> informer : kind.getValue()) {
        for (GenericKubernetesResource resource : informer.getStore().list()) {
          ExportedEntries.toEntry(kind.getKey(), resource, source.claims())
              .filter(entry -> source.filter().accepts(entry.name().value(), entry.tags()))
              .ifPresent(
                  entry -> {
                    ServerManifest earlier = byName.putIfAbsent(entry.name(), entry);
                    if (earlier != null) {
                      LOG.warn(
                          "Kubernetes source {}: two exported objects are named {}; keeping the"
                              + " first",
                          source.name(),
                          entry.name());
                    }
                  });
        }
      }
    }
    List<ServerManifest> entries = new ArrayList<>(byName.values());
    entries.sort(Comparator.comparing(ServerManifest::name));
    return List.copyOf(entries);
  }

  /** Wakes the writer for objects that are, or were, exported; ToolHive's event predicate. */
  private final class ExportFilter implements ResourceEventHandler<GenericKubernetesResource> {
    @Override
    public void onAdd(GenericKubernetesResource resource) {
      if (ExportedEntries.isExported(resource)) {
        scheduleWrite(settings.settleDelay().toMillis());
      }
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
      if (ExportedEntries.isExported(before) || ExportedEntries.isExported(after)) {
        scheduleWrite(settings.settleDelay().toMillis());
      }
    }

    @Override
    public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {
      if (finalStateUnknown || ExportedEntries.isExported(resource)) {
        scheduleWrite(settings.settleDelay().toMillis());
      }
    }
  }
}
