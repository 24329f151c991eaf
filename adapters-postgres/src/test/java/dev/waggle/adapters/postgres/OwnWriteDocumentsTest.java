package dev.waggle.adapters.postgres;

import static dev.waggle.adapters.postgres.TestCatalog.manifest;
import static dev.waggle.adapters.postgres.TestCatalog.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.in.BrowseCatalog;
import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.out.CatalogChanges;
import dev.waggle.application.port.out.ServedCatalogStore.ServedRow;
import dev.waggle.application.service.BrowseCatalogService;
import dev.waggle.application.service.ServedCatalogs;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replica that ran a write takes the texts of its new snapshot from the documents it just
 * wrote, and still serves exactly what a replica reading everything from the database serves.
 */
class OwnWriteDocumentsTest {
  private static final RegistryName MAIN = RegistryName.of("main");
  private static final Claims PLATFORM = Claims.of("team", "platform");
  private static final CatalogChanges NO_NEWS = listener -> () -> {};
  private static TestCatalog catalog;

  @BeforeAll
  static void database() {
    catalog = TestCatalog.migrated();
  }

  @AfterAll
  static void close() {
    catalog.close();
  }

  @Test
  void
      givenWritesOfTwoSourcesAndAnotherReplica_whenThisReplicaServesItsOwnSync_thenAFreshReadServesTheSame() {
    catalog.freshLayout("main", "first", "second");
    catalog.layout(TestCatalog.ANY_TEAM, "main", "first", "second");
    catalog.replace(
        "first",
        server("io.x/a", "1.0.0"),
        server("io.x/b", "1.0.0"),
        server("io.x/b", "2.0.0"),
        server("io.x/gone", "1.0.0"));
    catalog.replace("second", server("io.x/a", "1.0.0"), server("io.x/c", "1.0.0"));
    // Served before the writes below, so that this replica's next snapshots are merged ones.
    assertThat(catalog.withDeleted("main")).hasSize(5);

    // Another replica on the same database writes the second source: its texts were never offered
    // here, and one of them is the very text the first source will write for io.x/c.
    PgCatalogChanges otherChanges = new PgCatalogChanges(null);
    new JdbiEntryStore(catalog.storage.jdbi(), otherChanges, JdbiEntryStore.DEFAULT_RETENTION)
        .replaceSourceContents(
            SourceName.of("second"),
            List.of(
                edited("io.x/a", "1.0.0", "the second source's own a"),
                edited("io.x/c", "1.0.0", "shared text")));
    catalog.replace(
        "first",
        edited("io.x/a", "1.0.0", "the first source's a"),
        server("io.x/b", "2.0.0"),
        edited("io.x/c", "1.0.0", "shared text"),
        manifest("io.x/d", "1.0.0", "D", "restricted", ServerStatus.ACTIVE, PLATFORM, ""));

    ServedCatalogs fromDatabase =
        new ServedCatalogs(
            new JdbiServedCatalogStore(catalog.storage.jdbi()),
            NO_NEWS,
            TestCatalog.DOCUMENT_TEXT,
            Duration.ofHours(1));
    fromDatabase.start();
    try {
      BrowseCatalog fresh = new BrowseCatalogService(fromDatabase, MAIN);
      for (Caller caller : List.of(Caller.anonymous(), Caller.withClaims(PLATFORM))) {
        ListServersQuery query =
            new ListServersQuery(
                MAIN,
                Optional.empty(),
                ListServersQuery.MAX_LIMIT,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                true,
                caller);
        assertThat(catalog.all(query))
            .isEqualTo(
                fresh.listServers(query).value().items().stream()
                    .map(TestCatalog::listing)
                    .toList());
      }
      assertThat(catalog.item("main", "io.x/a@1.0.0").document()).contains("the first source's a");
    } finally {
      fromDatabase.close();
    }
  }

  @Test
  void givenAnOfferedDocument_whenTheCatalogLoads_thenOnlyTheRowWithItsDigestTakesItsText() {
    catalog.freshLayout("main", "first");
    ServerManifest a = server("io.x/a", "1.0.0");
    ServerManifest b = server("io.x/b", "1.0.0");
    catalog.replace("first", a, b);
    // A text that is not the stored one shows where each row's text came from.
    Map<ByteBuffer, String> offered =
        Map.of(ByteBuffer.wrap(DocumentDigest.of(a.document())), "{\"from\":\"memory\"}");

    Map<String, String> whileOffered;
    try (RecentDocuments.Offer offer = catalog.changes.recent().offer(offered)) {
      whileOffered = documents();
    }

    assertThat(whileOffered)
        .containsEntry("io.x/a", "{\"from\":\"memory\"}")
        .containsEntry("io.x/b", b.document());
    assertThat(documents()).containsEntry("io.x/a", a.document());
  }

  /** Each served name's document, as the store streams registry main. */
  private static Map<String, String> documents() {
    List<ServedRow> rows = new ArrayList<>();
    assertThat(catalog.served.load(MAIN, rows::add)).isPresent();
    return rows.stream()
        .collect(Collectors.toMap(r -> r.name().value(), r -> r.listing().document()));
  }

  private static ServerManifest edited(String name, String version, String description) {
    return manifest(name, version, null, description, ServerStatus.ACTIVE, Claims.NONE, "");
  }
}
