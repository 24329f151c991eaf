package dev.waggle.application.service;

import static dev.waggle.application.testing.TwoSourceRegistry.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.in.ServedVersion;
import dev.waggle.application.port.out.CatalogChanges;
import dev.waggle.application.port.out.CatalogMetrics;
import dev.waggle.application.port.out.ServedCatalogStore;
import dev.waggle.application.port.out.ServedCatalogStore.SourceSize;
import dev.waggle.application.port.out.SyncState;
import dev.waggle.application.port.out.SyncState.Outcome;
import dev.waggle.application.port.out.SyncState.Phase;
import dev.waggle.application.port.out.Tracing;
import dev.waggle.application.testing.TwoSourceRegistry;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.paging.Page;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServedCatalogsTest {
  private static final RegistryName MAIN = RegistryName.of("main");
  private final TwoSourceRegistry registry = new TwoSourceRegistry(MAIN, Claims.NONE);
  private final WatchedStore store = new WatchedStore(registry.storage());
  private final News news = new News();
  private ServedCatalogs catalogs;

  private ServedCatalogs started(Duration checkPeriod) {
    catalogs = new ServedCatalogs(store, news, TwoSourceRegistry.DOCUMENT_TEXT, checkPeriod);
    catalogs.start();
    return catalogs;
  }

  @AfterEach
  void stop() {
    if (catalogs != null) {
      catalogs.close();
    }
  }

  private long generation() {
    return catalogs.snapshot(MAIN).orElseThrow().generation();
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }

  @Test
  void givenNewsOfAChange_whenItArrives_thenTheNewGenerationIsServedBeforeTheNewsReturns() {
    registry.write(server("io.acme/a", "1.0.0"));
    started(Duration.ofHours(1));
    long before = generation();

    registry.write(server("io.acme/a", "2.0.0"));
    news.tell(MAIN);

    assertThat(generation()).isGreaterThan(before);
    // 1.0.0 stays as a deleted tombstone beside 2.0.0.
    assertThat(catalogs.snapshot(MAIN).orElseThrow().versionCount()).isEqualTo(2);
  }

  @Test
  void givenMoreVersionsThanOneEncodingBatch_whenLoaded_thenEachIsServedWithItsOwnBytes() {
    List<ServerManifest> servers = new ArrayList<>();
    for (int n = 0; n < 700; n++) {
      servers.add(server("io.acme/s" + n, "1.0.0"));
      servers.add(server("io.acme/s" + n, "2.0.0"));
    }
    registry.write(servers.toArray(ServerManifest[]::new));
    started(Duration.ofHours(1));

    ListServersQuery query = ListServersQuery.firstPage(MAIN, ListServersQuery.MAX_LIMIT);
    List<ServedVersion> all = new ArrayList<>();
    while (true) {
      Page<ServedVersion> page = catalogs.snapshot(MAIN).orElseThrow().page(query);
      all.addAll(page.items());
      if (page.next().isEmpty()) {
        break;
      }
      query = query.after(page.next().get());
    }

    assertThat(all).hasSize(1_400);
    assertThat(all)
        .allSatisfy(
            v ->
                assertThat(new String(v.encoded(), StandardCharsets.UTF_8))
                    .contains("\"name\":\"" + v.name().value() + "\"")
                    .contains("\"version\":\"" + v.version().value() + "\""));
  }

  @Test
  void givenAVersionThatCannotBeEncoded_whenLoaded_thenTheLoadFailsRatherThanServeItWithout() {
    registry.write(server("io.acme/a", "1.0.0"), server("io.acme/bad", "1.0.0"));
    catalogs =
        new ServedCatalogs(
            store,
            news,
            listing -> {
              if (listing.name().value().equals("io.acme/bad")) {
                throw new IllegalStateException("cannot encode io.acme/bad");
              }
              return TwoSourceRegistry.DOCUMENT_TEXT.encode(listing);
            },
            Duration.ofHours(1));

    assertThatThrownBy(catalogs::start).hasMessage("cannot encode io.acme/bad");
    assertThat(catalogs.snapshot(MAIN)).isEmpty();
  }

  @Test
  void givenNoNews_whenTheGenerationMoves_thenThePeriodicCheckPicksItUp() throws Exception {
    registry.write(server("io.acme/a", "1.0.0"));
    started(Duration.ofMillis(20));
    long before = generation();

    registry.write(server("io.acme/a", "2.0.0"));

    eventually(() -> generation() > before);
  }

  @Test
  void anUnchangedGenerationIsNotLoadedAgain() {
    registry.write(server("io.acme/a", "1.0.0"));
    started(Duration.ofHours(1));
    int loads = store.loads.get();

    news.tell(MAIN);
    catalogs.refresh();

    assertThat(store.loads.get()).isEqualTo(loads);
  }

  @Test
  void aRegistryThatIsGoneIsForgottenAndANewOneIsLoaded() {
    registry.write(server("io.acme/a", "1.0.0"));
    started(Duration.ofHours(1));
    RegistryName other = RegistryName.of("other");

    registry.lay(List.of(other), Claims.NONE);
    catalogs.refresh();

    assertThat(catalogs.snapshot(MAIN)).isEmpty();
    assertThat(catalogs.snapshot(other)).isPresent();
  }

  @Test
  void eachSnapshotSwappedInIsReportedWithItsGenerationAndSize_andAGoneRegistryAsRemoved() {
    List<String> reported = new CopyOnWriteArrayList<>();
    CatalogMetrics metrics =
        new CatalogMetrics() {
          @Override
          public void swapped(RegistryName name, long generation, int versions, Duration took) {
            reported.add("swapped " + name + " " + generation + " " + versions);
          }

          @Override
          public void removed(RegistryName name) {
            reported.add("removed " + name);
          }

          @Override
          public void sources(Map<SourceName, SourceSize> sizes) {}
        };
    registry.write(server("io.acme/a", "1.0.0"));
    catalogs =
        new ServedCatalogs(
            store,
            news,
            TwoSourceRegistry.DOCUMENT_TEXT,
            Duration.ofHours(1),
            metrics,
            Tracing.NONE);
    catalogs.start();
    long first = generation();
    registry.write(server("io.acme/a", "2.0.0"));
    news.tell(MAIN);
    long second = generation();

    registry.lay(List.of(RegistryName.of("other")), Claims.NONE);
    catalogs.refresh();

    assertThat(reported)
        .startsWith("swapped main " + first + " 1", "swapped main " + second + " 2")
        .contains("removed main");
  }

  @Test
  void
      givenASyncRecordedByAnotherReplica_whenNewsArrives_thenEachSourcesSizeIsReportedFromStorage() {
    SizesSeen seen = new SizesSeen();
    catalogs = withMetrics(seen);
    catalogs.start();
    assertThat(seen.last())
        .containsOnlyKeys(SourceName.of("first"), SourceName.of("second"))
        .containsEntry(SourceName.of("first"), new SourceSize(0, 0, 0));

    // Another replica syncs "first": its data, then its counts, land in the shared storage.
    registry.write(server("io.acme/a", "1.0.0"), server("io.acme/b", "1.0.0"));
    registry.storage().record(SourceName.of("first"), synced(2, 3, 1));
    news.tell(MAIN);

    assertThat(seen.last())
        .containsEntry(SourceName.of("first"), new SourceSize(2, 3, 1))
        .containsEntry(SourceName.of("second"), new SourceSize(0, 0, 0));
  }

  @Test
  void givenCountsRecordedAfterTheNewsOfTheirData_thenThePeriodicCheckReportsThem()
      throws Exception {
    SizesSeen seen = new SizesSeen();
    catalogs = withMetrics(seen, Duration.ofMillis(20));
    catalogs.start();

    // The data's news came first and found the old counts; the counts follow without news.
    registry.storage().record(SourceName.of("second"), synced(7, 0, 0));

    eventually(() -> new SourceSize(7, 0, 0).equals(seen.last().get(SourceName.of("second"))));
  }

  @Test
  void aSourceRemovedFromTheConfigurationIsNoLongerReported() {
    SizesSeen seen = new SizesSeen();
    catalogs = withMetrics(seen);
    catalogs.start();

    registry
        .storage()
        .applyConfiguration(
            new CatalogLayout(
                List.of(TwoSourceRegistry.source("first")),
                List.of(new RegistryDefinition(MAIN, List.of(SourceName.of("first")), Claims.NONE)),
                null));
    news.tell(MAIN);

    assertThat(seen.last()).containsOnlyKeys(SourceName.of("first"));
  }

  @Test
  void givenStorageFailing_whenNewsArrives_thenTheLastSnapshotStaysServed() {
    registry.write(server("io.acme/a", "1.0.0"));
    started(Duration.ofHours(1));
    long before = generation();

    registry.write(server("io.acme/a", "2.0.0"));
    store.failure = new IllegalStateException("database is down");
    news.tell(MAIN);

    assertThat(generation()).isEqualTo(before);
    assertThatThrownBy(catalogs::refresh).hasMessageContaining("database is down");
  }

  @Test
  void aReplicaThatCannotReadItsCatalogDoesNotStart() {
    store.failure = new IllegalStateException("database is down");

    assertThatThrownBy(() -> started(Duration.ofHours(1))).hasMessageContaining("database is down");
  }

  private ServedCatalogs withMetrics(CatalogMetrics metrics) {
    return withMetrics(metrics, Duration.ofHours(1));
  }

  private ServedCatalogs withMetrics(CatalogMetrics metrics, Duration checkPeriod) {
    return new ServedCatalogs(
        store, news, TwoSourceRegistry.DOCUMENT_TEXT, checkPeriod, metrics, Tracing.NONE);
  }

  /** A finished sync's state, with the counts of what it left served. */
  private static SyncState synced(int servers, int skills, int plugins) {
    Instant at = TwoSourceRegistry.T0;
    return new SyncState(
        Phase.COMPLETE,
        Optional.of(Outcome.UPDATED),
        Optional.of("hash"),
        Optional.empty(),
        Optional.of(at),
        Optional.of(at),
        Optional.of(at),
        0,
        at.plusSeconds(60),
        servers,
        skills,
        plugins,
        "Sync completed",
        List.of());
  }

  /** Metrics that keep the last sizes of the sources reported. */
  private static final class SizesSeen implements CatalogMetrics {
    private volatile Map<SourceName, SourceSize> last = Map.of();

    Map<SourceName, SourceSize> last() {
      return last;
    }

    @Override
    public void swapped(RegistryName name, long generation, int versions, Duration took) {}

    @Override
    public void removed(RegistryName name) {}

    @Override
    public void sources(Map<SourceName, SourceSize> sizes) {
      last = Map.copyOf(sizes);
    }
  }

  /** News the test tells by hand, so that it can arrive with or without a change. */
  private static final class News implements CatalogChanges {
    private final List<Consumer<Optional<RegistryName>>> listeners = new CopyOnWriteArrayList<>();

    void tell(RegistryName registry) {
      listeners.forEach(l -> l.accept(Optional.of(registry)));
    }

    @Override
    public Subscription subscribe(Consumer<Optional<RegistryName>> listener) {
      listeners.add(listener);
      return () -> listeners.remove(listener);
    }
  }

  /** The real store, counting the reads of rows and failing every read once told to. */
  private static final class WatchedStore implements ServedCatalogStore {
    private final ServedCatalogStore store;
    private final AtomicInteger loads = new AtomicInteger();
    private volatile RuntimeException failure;

    WatchedStore(ServedCatalogStore store) {
      this.store = store;
    }

    @Override
    public Map<RegistryName, Long> generations() {
      failIfTold();
      return store.generations();
    }

    @Override
    public Optional<StoredRegistry> load(RegistryName registry, Consumer<ServedRow> rows) {
      failIfTold();
      loads.incrementAndGet();
      return store.load(registry, rows);
    }

    @Override
    public Optional<StoredChanges> loadChanges(
        RegistryName registry, long since, Consumer<ServedRow> rows) {
      failIfTold();
      loads.incrementAndGet();
      return store.loadChanges(registry, since, rows);
    }

    @Override
    public Map<SourceName, SourceSize> sourceSizes() {
      failIfTold();
      return store.sourceSizes();
    }

    private void failIfTold() {
      if (failure != null) {
        throw failure;
      }
    }
  }
}
