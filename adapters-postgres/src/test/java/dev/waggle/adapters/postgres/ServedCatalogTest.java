package dev.waggle.adapters.postgres;

import static dev.waggle.adapters.postgres.TestCatalog.ids;
import static dev.waggle.adapters.postgres.TestCatalog.manifest;
import static dev.waggle.adapters.postgres.TestCatalog.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.out.CatalogChanges;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.paging.Page;
import dev.waggle.domain.registry.RegistryName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The served catalog as sync stores it and a replica's snapshot serves it, on a real PostgreSQL:
 * generations, news to other replicas, claims under paging, and the purge of old tombstones.
 */
class ServedCatalogTest {
  private static final RegistryName MAIN = RegistryName.of("main");
  private static final Claims PLATFORM = Claims.of("team", "platform");
  private static final Claims DATA = Claims.of("team", "data");
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
  void givenHiddenEntriesOnEveryPageBoundary_whenACallerWithClaimsPages_thenPagesAreFull() {
    catalog.freshLayout("main", "files");
    catalog.layout(TestCatalog.ANY_TEAM, "main", "files");
    List<ServerManifest> servers = new ArrayList<>();
    List<String> visible = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String name = String.format("io.x/s%02d", i);
      // Every third name belongs to the other team: with pages of two, hidden names sit on
      // every page boundary.
      Claims claims = i % 3 == 2 ? DATA : PLATFORM;
      servers.add(manifest(name, "1.0.0", null, "d", ServerStatus.ACTIVE, claims, ""));
      if (claims == PLATFORM) {
        visible.add(name + "@1.0.0");
      }
    }
    catalog.entries.replaceSourceContents(dev.waggle.domain.source.SourceName.of("files"), servers);
    ListServersQuery first =
        new ListServersQuery(
            MAIN,
            Optional.empty(),
            2,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false,
            Caller.withClaims(PLATFORM));

    List<Page<ServerListing>> pages = catalog.pages(first);

    assertThat(pages).hasSize(4);
    assertThat(pages).allSatisfy(page -> assertThat(page.items()).hasSize(2));
    assertThat(pages.stream().flatMap(p -> ids(p.items()).stream()).toList())
        .containsExactlyElementsOf(visible);
    assertThat(pages.stream().flatMap(p -> p.next().stream()))
        .allSatisfy(cursor -> assertThat(visible).contains(cursor.name().value() + "@1.0.0"));
  }

  @Test
  void aWriteThatChangesNothingLeavesTheGenerationWhereItWas() {
    catalog.freshLayout("main", "files");
    catalog.replace("files", server("io.x/a", "1.0.0"));
    long before = generation();

    catalog.replace("files", server("io.x/a", "1.0.0"));
    catalog.layout("main", "files");

    assertThat(generation()).isEqualTo(before);
    catalog.replace("files", server("io.x/a", "1.0.0"), server("io.x/b", "1.0.0"));
    assertThat(generation()).isGreaterThan(before);
  }

  @Test
  void givenAnotherReplica_whenASourceIsWritten_thenItHearsWhichRegistryMoved()
      throws InterruptedException {
    catalog.freshLayout("main", "files");
    PgCatalogChanges otherReplica = new PgCatalogChanges(catalog.settings);
    List<Optional<RegistryName>> heard = new CopyOnWriteArrayList<>();
    CatalogChanges.Subscription subscription = otherReplica.subscribe(heard::add);
    try {
      // The listener connects in the background; news sent before it listens is not for it, so
      // write until it hears (each write a change, so each one moves the generation).
      Instant deadline = Instant.now().plusSeconds(10);
      for (int i = 0; !heard.contains(Optional.of(MAIN)); i++) {
        assertThat(Instant.now()).as("heard within 10 s").isBefore(deadline);
        catalog.replace("files", server("io.x/a", "1." + i + ".0"));
        Thread.sleep(100);
      }
    } finally {
      subscription.close();
    }
  }

  @Test
  void givenTheListeningConnectionIsKilled_whenItComesBack_thenItSaysNewsMayBeLostAndHearsAgain()
      throws InterruptedException {
    catalog.freshLayout("main", "files");
    PgCatalogChanges otherReplica = new PgCatalogChanges(catalog.settings);
    List<Optional<RegistryName>> heard = new CopyOnWriteArrayList<>();
    CatalogChanges.Subscription subscription = otherReplica.subscribe(heard::add);
    try {
      writeUntilHeard(heard);

      catalog
          .storage
          .jdbi()
          .useHandle(
              handle ->
                  handle
                      .createQuery(
                          "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                              + " WHERE application_name = 'waggle-listen'"
                              + " AND datname = current_database()")
                      .mapTo(Long.class)
                      .one());
      heard.clear();

      Instant deadline = Instant.now().plusSeconds(10);
      while (!heard.contains(Optional.empty())) {
        assertThat(Instant.now()).as("reconnected within 10 s").isBefore(deadline);
        Thread.sleep(50);
      }
      writeUntilHeard(heard);
    } finally {
      subscription.close();
    }
  }

  /** Writes a change until {@code heard} holds news of main; fails after 10 s. */
  private static void writeUntilHeard(List<Optional<RegistryName>> heard)
      throws InterruptedException {
    heard.remove(Optional.of(MAIN));
    Instant deadline = Instant.now().plusSeconds(10);
    for (int i = 0; !heard.contains(Optional.of(MAIN)); i++) {
      assertThat(Instant.now()).as("heard within 10 s").isBefore(deadline);
      catalog.replace("files", server("io.x/a", "2." + i + "." + System.nanoTime() % 1000));
      Thread.sleep(100);
    }
  }

  @Test
  void reorderingARegistrysSourcesMovesItsGenerationAndWhoWins() {
    catalog.freshLayout("main", "first", "second");
    catalog.replace(
        "first", manifest("io.x/a", "1.0.0", null, "first", ServerStatus.ACTIVE, Claims.NONE, ""));
    catalog.replace(
        "second",
        manifest("io.x/a", "2.0.0", null, "second", ServerStatus.ACTIVE, Claims.NONE, ""));
    long before = generation();
    assertThat(ids(catalog.all("main"))).containsExactly("io.x/a@1.0.0");

    catalog.layout("main", "second", "first");

    assertThat(generation()).isGreaterThan(before);
    assertThat(ids(catalog.all("main"))).containsExactly("io.x/a@2.0.0");
  }

  @Test
  void givenTombstonesOlderThanTheRetention_whenTheSourceIsWrittenAgain_thenTheyArePurged() {
    catalog.freshLayout("main", "files");
    catalog.replace(
        "files",
        server("io.x/kept", "1.0.0"),
        server("io.x/kept", "2.0.0"),
        server("io.x/gone", "1.0.0"));
    catalog.replace("files", server("io.x/kept", "2.0.0"));
    assertThat(ids(catalog.withDeleted("main")))
        .containsExactly("io.x/gone@1.0.0", "io.x/kept@1.0.0", "io.x/kept@2.0.0");

    catalog
        .storage
        .jdbi()
        .useHandle(
            handle ->
                handle.execute(
                    "UPDATE server_version SET status_changed_at = now() - interval '31 days'"
                        + " WHERE status = 'deleted'"));
    catalog.replace("files", server("io.x/kept", "2.0.0"), server("io.x/new", "1.0.0"));

    assertThat(ids(catalog.withDeleted("main")))
        .containsExactly("io.x/kept@2.0.0", "io.x/new@1.0.0");
    long goneEntries =
        catalog.selectOne(Long.class, "SELECT count(*) FROM server_entry WHERE name = 'io.x/gone'");
    assertThat(goneEntries).as("a name whose every version expired leaves the source").isZero();
  }
}
