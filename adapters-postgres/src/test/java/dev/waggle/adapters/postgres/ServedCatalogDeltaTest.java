package dev.waggle.adapters.postgres;

import static dev.waggle.adapters.postgres.TestCatalog.ids;
import static dev.waggle.adapters.postgres.TestCatalog.manifest;
import static dev.waggle.adapters.postgres.TestCatalog.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.in.BrowseCatalog;
import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.in.ServedVersion;
import dev.waggle.application.port.out.CatalogChanges;
import dev.waggle.application.port.out.ServedCatalogStore.ServedRow;
import dev.waggle.application.port.out.ServedCatalogStore.StoredChanges;
import dev.waggle.application.service.BrowseCatalogService;
import dev.waggle.application.service.ServedCatalogs;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.paging.Page;
import dev.waggle.domain.registry.RegistryName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A replica that follows a registry by re-reading only the names each write touched, on a real
 * PostgreSQL: it must serve exactly what a replica loading the whole registry serves.
 */
class ServedCatalogDeltaTest {
  private static final RegistryName MAIN = RegistryName.of("main");
  private static final Claims PLATFORM = Claims.of("team", "platform");
  private static TestCatalog catalog;

  @BeforeAll
  static void database() {
    catalog = TestCatalog.migrated();
  }

  @AfterAll
  static void close() {
    catalog.close();
  }

  private static long generation() {
    return catalog.served.generations().get(MAIN);
  }

  @Test
  void
      givenEditsRemovalsAndFallThrough_whenOnlyChangedNamesAreReRead_thenAWholeLoadServesTheSame() {
    catalog.freshLayout("main", "first", "second");
    catalog.layout(TestCatalog.ANY_TEAM, "main", "first", "second");
    catalog.replace(
        "first",
        server("io.x/a", "1.0.0"),
        server("io.x/b", "1.0.0"),
        server("io.x/b", "2.0.0"),
        server("io.x/c", "1.0.0"),
        server("io.x/same", "1.0.0"));
    catalog.replace("second", server("io.x/a", "3.0.0"), server("io.x/d", "1.0.0"));
    // Served before the writes below, so that this replica's next snapshots are merged ones.
    assertThat(ids(catalog.withDeleted("main"))).hasSize(6);
    long before = generation();

    catalog.replace(
        "first",
        manifest("io.x/a", "1.0.0", "A", "edited", ServerStatus.ACTIVE, Claims.NONE, ""),
        server("io.x/b", "2.0.0"),
        manifest("io.x/e", "1.0.0", null, "new", ServerStatus.ACTIVE, PLATFORM, ""),
        server("io.x/same", "1.0.0"));
    catalog.replace("second", server("io.x/a", "3.0.0"), server("io.x/c", "4.0.0"));

    List<ServedRow> rows = new ArrayList<>();
    Optional<StoredChanges> changes = catalog.served.loadChanges(MAIN, before, rows::add);
    assertThat(changes).isPresent();
    assertThat(changes.get().names().stream().map(ServerName::value))
        .as("the names the two writes touched, and no other")
        .containsExactlyInAnyOrder("io.x/a", "io.x/b", "io.x/c", "io.x/d", "io.x/e");
    assertThat(rows).allSatisfy(row -> assertThat(row.name().value()).isNotEqualTo("io.x/same"));

    ServedCatalogs wholeReplica =
        new ServedCatalogs(catalog.served, NO_NEWS, TestCatalog.DOCUMENT_TEXT, Duration.ofHours(1));
    wholeReplica.start();
    try {
      BrowseCatalog whole = new BrowseCatalogService(wholeReplica, MAIN);
      for (Caller caller : List.of(Caller.anonymous(), Caller.withClaims(PLATFORM))) {
        for (boolean includeDeleted : new boolean[] {false, true}) {
          ListServersQuery query =
              TestCatalog.query(
                  MAIN.value(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  includeDeleted,
                  caller);
          assertThat(catalog.all(query)).isEqualTo(listings(whole.listServers(query).value()));
        }
      }
      assertThat(ids(catalog.withDeleted("main")))
          .containsExactly(
              "io.x/a@1.0.0",
              "io.x/b@1.0.0",
              "io.x/b@2.0.0",
              "io.x/c@4.0.0",
              "io.x/d@1.0.0",
              "io.x/e@1.0.0",
              "io.x/same@1.0.0");
    } finally {
      wholeReplica.close();
    }
  }

  @Test
  void givenNameChangesOlderThanTheRetention_whenTheSourceIsWrittenAgain_thenTheyArePurged() {
    catalog.freshLayout("main", "files");
    catalog.replace("files", server("io.x/old", "1.0.0"), server("io.x/kept", "1.0.0"));
    long first = generation();
    catalog.replace("files", server("io.x/kept", "1.0.0"));
    long second = generation();
    assertThat(nameChanges()).containsExactlyInAnyOrder("io.x/old", "io.x/kept");

    catalog
        .storage
        .jdbi()
        .useHandle(
            handle ->
                handle.execute(
                    "UPDATE served_name_change SET changed_at = now() - interval '31 days'"));
    catalog.replace("files", server("io.x/kept", "1.0.0"), server("io.x/new", "1.0.0"));

    assertThat(nameChanges())
        .as("only the change recorded within the retention is kept")
        .containsExactly("io.x/new");
    assertThat(catalog.served.loadChanges(MAIN, first, row -> {}))
        .as("a snapshot older than a purged change loads whole instead of missing it")
        .isEmpty();
    Optional<StoredChanges> recent = catalog.served.loadChanges(MAIN, second, row -> {});
    assertThat(recent).isPresent();
    assertThat(recent.get().names()).containsExactly(ServerName.of("io.x/new"));
  }

  @Test
  void givenALayoutChange_whenItMovesTheWholeRegistry_thenTheRecordedNameChangesAreForgotten() {
    catalog.freshLayout("main", "first", "second");
    catalog.replace("first", server("io.x/a", "1.0.0"));
    catalog.replace("second", server("io.x/b", "1.0.0"));
    assertThat(nameChanges()).isNotEmpty();

    catalog.layout("main", "second", "first");

    assertThat(nameChanges()).isEmpty();
  }

  @Test
  void givenAWriteMovingMostNamesOfABigRegistry_whenAReplicaAsksWhatChanged_thenItLoadsItWhole() {
    int size = 2 * ServedCatalogWriter.WHOLE_AT;
    catalog.freshLayout("main", "files");
    catalog.replace("files", servers(size, 0, "1.0.0"));
    long before = generation();

    // Half of the names, exactly: naming them is still worth it.
    catalog.replace("files", servers(size, size / 2, "2.0.0"));
    Optional<StoredChanges> half = catalog.served.loadChanges(MAIN, before, row -> {});
    assertThat(half).isPresent();
    assertThat(half.get().names()).hasSize(size / 2);
    assertThat(nameChanges()).hasSize(size / 2);
    long named = generation();

    // One more than half: every replica re-reads the registry whole, and no name is recorded.
    catalog.replace("files", servers(size, size / 2 + 1, "3.0.0"));
    assertThat(catalog.served.loadChanges(MAIN, named, row -> {})).isEmpty();
    assertThat(nameChanges()).isEmpty();
    assertThat(ids(catalog.all("main")))
        .hasSize(size)
        .contains("io.x/s0000@3.0.0", "io.x/s" + (size / 2) + "@3.0.0")
        .contains("io.x/s" + (size / 2 + 1) + "@1.0.0", "io.x/s" + (size - 1) + "@1.0.0");

    // A small write afterwards names its names again.
    long whole = generation();
    ServerManifest[] oneMore = servers(size, size / 2 + 1, "3.0.0");
    oneMore[0] = server("io.x/s0000", "4.0.0");
    catalog.replace("files", oneMore);
    Optional<StoredChanges> small = catalog.served.loadChanges(MAIN, whole, row -> {});
    assertThat(small).isPresent();
    assertThat(small.get().names()).containsExactly(ServerName.of("io.x/s0000"));
  }

  /**
   * {@code size} servers {@code io.x/s0000}…, the first {@code changed} of them at {@code version}
   * and the others at 1.0.0.
   */
  private static ServerManifest[] servers(int size, int changed, String version) {
    ServerManifest[] servers = new ServerManifest[size];
    for (int i = 0; i < size; i++) {
      servers[i] = server(String.format("io.x/s%04d", i), i < changed ? version : "1.0.0");
    }
    return servers;
  }

  /** The names recorded as changed in registry main. */
  private static List<String> nameChanges() {
    return catalog.select(
        String.class,
        "SELECT c.name FROM served_name_change c"
            + " JOIN registry r ON r.id = c.registry_id WHERE r.name = 'main'");
  }

  @Test
  void givenALayoutChange_whenAReplicaAsksWhatChanged_thenItIsToldToLoadTheWholeRegistry() {
    catalog.freshLayout("main", "first", "second");
    catalog.replace("first", server("io.x/a", "1.0.0"));
    catalog.replace("second", server("io.x/a", "2.0.0"));
    long before = generation();

    catalog.layout("main", "second", "first");

    assertThat(generation()).isGreaterThan(before);
    assertThat(catalog.served.loadChanges(MAIN, before, row -> {})).isEmpty();
    assertThat(ids(catalog.all("main"))).containsExactly("io.x/a@2.0.0");
  }

  @Test
  void givenARegistryRemovedAndCreatedAgain_whenAReplicaAsksWhatChanged_thenItLoadsItWhole() {
    catalog.freshLayout("main", "files");
    catalog.replace("files", server("io.x/old", "1.0.0"));
    long before = generation();

    catalog.freshLayout("other", "files");
    catalog.freshLayout("main", "files");
    catalog.replace("files", server("io.x/new", "1.0.0"));

    assertThat(catalog.served.loadChanges(MAIN, before, row -> {}))
        .as("the names the new registry touched say nothing of the old one's")
        .isEmpty();
  }

  private static List<ServerListing> listings(Page<ServedVersion> page) {
    assertThat(page.next()).isEmpty();
    return page.items().stream().map(TestCatalog::listing).toList();
  }

  /** A replica that hears of nothing: it loads once, whole, at start. */
  private static final CatalogChanges NO_NEWS = listener -> () -> {};
}
