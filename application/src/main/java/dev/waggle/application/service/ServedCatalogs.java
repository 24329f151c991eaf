package dev.waggle.application.service;

import dev.waggle.application.port.out.CatalogChanges;
import dev.waggle.application.port.out.CatalogMetrics;
import dev.waggle.application.port.out.ServedCatalogStore;
import dev.waggle.application.port.out.ServedCatalogStore.StoredChanges;
import dev.waggle.application.port.out.ServedCatalogStore.StoredRegistry;
import dev.waggle.application.port.out.ServedVersionEncoder;
import dev.waggle.application.port.out.Tracing;
import dev.waggle.domain.registry.RegistryName;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Service: this replica's snapshots of every registry's served catalog. A snapshot is replaced when
 * its registry's generation moves — by one that re-reads only the names that changed, when storage
 * can tell which — told by {@link CatalogChanges} (this replica's writes at once, other replicas'
 * through storage) and, as a safety net for lost news, by a check of every generation at a fixed
 * period. Readers never wait: they take whichever snapshot is current.
 *
 * <p>Each of those checks also reads what every source serves and reports it to {@link
 * CatalogMetrics}, so that every replica — not only the one that ran a sync — shows each source's
 * size, and a scrape never reaches the database.
 */
public final class ServedCatalogs implements AutoCloseable {
  /** How often generations are compared even without news. */
  public static final Duration DEFAULT_CHECK_PERIOD = Duration.ofSeconds(5);

  private static final System.Logger LOG = System.getLogger(ServedCatalogs.class.getName());

  private final ServedCatalogStore store;
  private final CatalogChanges changes;
  private final ServedVersionEncoder encoder;
  private final Duration checkPeriod;
  private final CatalogMetrics metrics;
  private final Tracing tracing;
  private final Map<RegistryName, CatalogSnapshot> snapshots = new ConcurrentHashMap<>();

  /**
   * Encodes versions while their rows are still being read; one thread, as loads run one at a time.
   * Idle, it holds no thread.
   */
  private final ExecutorService encoding =
      new ThreadPoolExecutor(
          0,
          1,
          30,
          TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(),
          runnable -> {
            Thread thread = new Thread(runnable, "waggle-catalog-encode");
            thread.setDaemon(true);
            return thread;
          });

  private final Object refreshing = new Object();
  private ScheduledExecutorService checker;
  private CatalogChanges.Subscription subscription;
  private volatile boolean failing;

  public ServedCatalogs(
      ServedCatalogStore store,
      CatalogChanges changes,
      ServedVersionEncoder encoder,
      Duration checkPeriod) {
    this(store, changes, encoder, checkPeriod, CatalogMetrics.NONE, Tracing.NONE);
  }

  /**
   * @param metrics told of every snapshot swapped in
   * @param tracing spans each load from storage
   */
  public ServedCatalogs(
      ServedCatalogStore store,
      CatalogChanges changes,
      ServedVersionEncoder encoder,
      Duration checkPeriod,
      CatalogMetrics metrics,
      Tracing tracing) {
    this.metrics = Objects.requireNonNull(metrics, "'metrics' must not be null");
    this.tracing = Objects.requireNonNull(tracing, "'tracing' must not be null");
    this.store = Objects.requireNonNull(store, "'store' must not be null");
    this.changes = Objects.requireNonNull(changes, "'changes' must not be null");
    this.encoder = Objects.requireNonNull(encoder, "'encoder' must not be null");
    this.checkPeriod = Objects.requireNonNull(checkPeriod, "'checkPeriod' must not be null");
    if (checkPeriod.isNegative() || checkPeriod.isZero()) {
      throw new IllegalArgumentException("'checkPeriod' must be greater than zero");
    }
  }

  /**
   * Loads every registry, then follows changes. Fails when storage cannot be read, so that a
   * replica never serves without its catalog.
   */
  public synchronized void start() {
    if (subscription != null) {
      throw new IllegalStateException("served catalogs already started");
    }
    // Subscribed first: news arriving while the first load runs then leads to one more check
    // rather than being lost.
    subscription = changes.subscribe(registry -> checkQuietly());
    try {
      refresh();
    } catch (RuntimeException e) {
      subscription.close();
      subscription = null;
      throw e;
    }
    checker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "waggle-catalog-check");
              thread.setDaemon(true);
              return thread;
            });
    long period = checkPeriod.toMillis();
    checker.scheduleWithFixedDelay(this::checkQuietly, period, period, TimeUnit.MILLISECONDS);
  }

  /** The current snapshot of a registry; empty when no such registry is known. */
  Optional<CatalogSnapshot> snapshot(RegistryName registry) {
    return Optional.ofNullable(snapshots.get(registry));
  }

  /**
   * Brings every snapshot to its registry's current generation: loads the registries whose
   * generation moved and forgets the ones that are gone, then reports what each source serves. When
   * it returns, whatever was written before it was called is served. Runs one at a time, so that
   * news arriving together costs one load.
   */
  public void refresh() {
    synchronized (refreshing) {
      Map<RegistryName, Long> generations = store.generations();
      snapshots
          .keySet()
          .removeIf(
              name -> {
                boolean gone = !generations.containsKey(name);
                if (gone) {
                  metrics.removed(name);
                }
                return gone;
              });
      generations.forEach(
          (name, generation) -> {
            CatalogSnapshot current = snapshots.get(name);
            if (current == null || current.generation() != generation) {
              load(name);
            }
          });
      // Read at every check, not only after a swap: a sync records its source's counts just after
      // its data commits, so the news of the data can come before the counts are there.
      metrics.sources(store.sourceSizes());
    }
  }

  private void load(RegistryName name) {
    try (Tracing.Span span = tracing.start("store.loadServedCatalog")) {
      span.set("db.system", "postgresql").set("registry.name", name.value());
      try {
        load(name, span);
      } catch (RuntimeException e) {
        span.failed("cannot load the served catalog", e);
        throw e;
      }
    }
  }

  private void load(RegistryName name, Tracing.Span span) {
    long started = System.nanoTime();
    CatalogSnapshot current = snapshots.get(name);
    if (current != null) {
      // Most syncs touch a part of a catalog: re-read only the names that changed.
      CatalogSnapshot.Builder changed = CatalogSnapshot.builder(encoder, encoding);
      Optional<StoredChanges> changes = store.loadChanges(name, current.generation(), changed::add);
      if (changes.isPresent()) {
        CatalogSnapshot snapshot = current.merge(changed, changes.get());
        swap(name, snapshot, span.set("catalog.load", "changes"), started);
        logLoaded(name, snapshot, changes.get().names().size() + " names changed", started);
        return;
      }
    }
    CatalogSnapshot.Builder builder = CatalogSnapshot.builder(encoder, encoding);
    Optional<StoredRegistry> registry = store.load(name, builder::add);
    if (registry.isEmpty()) {
      snapshots.remove(name);
      metrics.removed(name);
      return;
    }
    CatalogSnapshot snapshot = builder.build(registry.get());
    swap(name, snapshot, span.set("catalog.load", "whole"), started);
    logLoaded(name, snapshot, "loaded whole", started);
  }

  private void swap(RegistryName name, CatalogSnapshot snapshot, Tracing.Span span, long started) {
    snapshots.put(name, snapshot);
    span.set("catalog.generation", snapshot.generation())
        .set("catalog.versions", snapshot.versionCount());
    metrics.swapped(
        name,
        snapshot.generation(),
        snapshot.versionCount(),
        Duration.ofNanos(System.nanoTime() - started));
  }

  private static void logLoaded(
      RegistryName name, CatalogSnapshot snapshot, String how, long started) {
    LOG.log(
        Level.DEBUG,
        () ->
            "registry "
                + name
                + ": generation "
                + snapshot.generation()
                + " ("
                + how
                + "), "
                + snapshot.versionCount()
                + " versions, in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
                + " ms");
  }

  private void checkQuietly() {
    try {
      refresh();
      if (failing) {
        failing = false;
        LOG.log(Level.INFO, "served catalogs are being refreshed again");
      }
    } catch (RuntimeException e) {
      // The last snapshots stay served; the next news or the next period tries again. Once per
      // outage at WARNING: an outage retried every few seconds must not flood the log.
      LOG.log(
          failing ? Level.DEBUG : Level.WARNING,
          "cannot refresh the served catalogs, serving the last ones loaded until storage"
              + " answers: "
              + e.getMessage());
      failing = true;
    }
  }

  @Override
  public synchronized void close() {
    if (subscription != null) {
      subscription.close();
    }
    // A load still running encodes the rest itself.
    encoding.shutdown();
    if (checker != null) {
      checker.shutdownNow();
      try {
        checker.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
