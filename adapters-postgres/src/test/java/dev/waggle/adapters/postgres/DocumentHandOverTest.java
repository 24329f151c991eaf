package dev.waggle.adapters.postgres;

import static dev.waggle.adapters.postgres.TestCatalog.manifest;
import static dev.waggle.adapters.postgres.TestCatalog.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.in.ServedVersion;
import dev.waggle.application.port.out.CatalogChanges;
import dev.waggle.application.port.out.ServedCatalogStore.ServedRow;
import dev.waggle.application.port.out.ServedVersionEncoder;
import dev.waggle.application.service.BrowseCatalogService;
import dev.waggle.application.service.ServedCatalogs;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The documents a sync hands to its own replica's re-read, on a real PostgreSQL: the replica that
 * wrote serves exactly the bytes of a replica that read every text, and a hand-over is used only
 * for the generation its commit set.
 */
class DocumentHandOverTest {
  private static final RegistryName MAIN = RegistryName.of("main");

  /** The whole served answer of a version: its document and the registry's metadata. */
  private static final ServedVersionEncoder ANSWER =
      listing -> (listing.document() + "\n" + listing.meta()).getBytes(StandardCharsets.UTF_8);

  private TestCatalog catalog;

  @BeforeEach
  void database() {
    catalog = TestCatalog.migrated();
    catalog.freshLayout("main", "first", "second");
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @Test
  void givenSyncsThroughOneReplica_whenAnotherReadsEveryText_thenBothServeTheSameBytes() {
    ServedCatalogs writer =
        new ServedCatalogs(catalog.served, catalog.changes, ANSWER, Duration.ofHours(1));
    PostgresStorage otherStorage = new PostgresStorage(catalog.settings);
    ServedCatalogs other =
        new ServedCatalogs(
            new JdbiServedCatalogStore(otherStorage.jdbi()), NO_NEWS, ANSWER, Duration.ofHours(1));
    // Whether the refresh that follows each commit, on the writing thread, found its documents;
    // the same news heard again from PostgreSQL arrives later on another thread.
    Thread writing = Thread.currentThread();
    List<Boolean> handedOver = new CopyOnWriteArrayList<>();
    CatalogChanges.Subscription watching =
        catalog.changes.subscribe(
            registry -> {
              if (Thread.currentThread() == writing) {
                handedOver.add(
                    catalog.handOver.at(registryId(), catalog.served.generations().get(MAIN))
                        != null);
              }
            });
    // Written twice, the same: the second write matches its text instead of rewriting it.
    ServerManifest unchanged =
        manifest(
            "io.x/b",
            "1.0.0",
            "B",
            "Zürich 🐝 \\\"quoted\\\"",
            ServerStatus.ACTIVE,
            Claims.NONE,
            "");
    writer.start();
    other.start();
    try {
      catalog.replace(
          "first",
          server("io.x/a", "1.0.0"),
          server("io.x/a", "2.0.0"),
          unchanged,
          server("io.x/c", "1.0.0"),
          server("io.x/gone", "1.0.0", ServerStatus.DEPRECATED));
      catalog.replace("second", server("io.x/a", "3.0.0"), server("io.x/d", "1.0.0"));
      assertSameBytes(writer, other);

      // Edited, unchanged, new, declared deleted, and dropped (a tombstone keeping its old text).
      catalog.replace(
          "first",
          manifest("io.x/a", "1.0.0", null, "edited", ServerStatus.ACTIVE, Claims.NONE, ""),
          unchanged,
          server("io.x/c", "1.0.0", ServerStatus.DELETED),
          manifest(
              "io.x/e",
              "1.0.0",
              null,
              "new\\ttabbed",
              ServerStatus.ACTIVE,
              Claims.NONE,
              ",\n\t\"x\":1"));
      assertSameBytes(writer, other);

      assertThat(handedOver)
          .as("each commit's own refresh found its documents")
          .containsExactly(true, true, true);
      assertThat(catalog.handOver.at(registryId(), catalog.served.generations().get(MAIN)))
          .as("nothing is held once the write returned")
          .isNull();
    } finally {
      watching.close();
      writer.close();
      other.close();
      otherStorage.close();
    }
  }

  @Test
  void givenTheGenerationItsCommitSet_whenLoaded_thenLiveVersionsOfItsSourceTakeTheHandedText() {
    catalog.replace("first", server("io.x/a", "1.0.0"), server("io.x/dropped", "1.0.0"));
    catalog.replace("first", server("io.x/a", "1.0.0"), server("io.x/b", "1.0.0"));
    catalog.replace("second", server("io.x/c", "1.0.0"));
    long generation = catalog.served.generations().get(MAIN);
    DocumentHandOver handOver = new DocumentHandOver();
    JdbiServedCatalogStore store = new JdbiServedCatalogStore(catalog.storage.jdbi(), handOver);

    Map<String, String> served = new TreeMap<>();
    handOver.during(
        marked(sourceId("first"), generation, "io.x/a", "io.x/b", "io.x/dropped"),
        () -> store.load(MAIN, row -> served.put(id(row), row.listing().document())));

    assertThat(served)
        .containsEntry("io.x/a@1.0.0", "marked io.x/a")
        .containsEntry("io.x/b@1.0.0", "marked io.x/b")
        .as("a tombstone and another source's version are read as stored")
        .containsEntry("io.x/dropped@1.0.0", server("io.x/dropped", "1.0.0").document())
        .containsEntry("io.x/c@1.0.0", server("io.x/c", "1.0.0").document());
  }

  @Test
  void givenAGenerationMovedSinceByAnotherWrite_whenLoaded_thenEveryTextIsReadAsStored() {
    long before = catalog.served.generations().get(MAIN);
    catalog.replace("first", server("io.x/a", "1.0.0"));
    long generation = catalog.served.generations().get(MAIN);
    // Another replica's write moves the registry on before this one re-reads it.
    catalog.replace("second", server("io.x/c", "1.0.0"));
    DocumentHandOver handOver = new DocumentHandOver();
    JdbiServedCatalogStore store = new JdbiServedCatalogStore(catalog.storage.jdbi(), handOver);

    Map<String, String> whole = new TreeMap<>();
    Map<String, String> changes = new TreeMap<>();
    handOver.during(
        marked(sourceId("first"), generation, "io.x/a"),
        () -> {
          store.load(MAIN, row -> whole.put(id(row), row.listing().document()));
          store.loadChanges(MAIN, before, row -> changes.put(id(row), row.listing().document()));
        });

    String stored = server("io.x/a", "1.0.0").document();
    assertThat(whole).containsEntry("io.x/a@1.0.0", stored);
    assertThat(changes).containsEntry("io.x/a@1.0.0", stored);
  }

  @Test
  void givenAHandOverLackingAVersion_whenLoaded_thenThatTextIsReadAsStored() {
    catalog.replace("first", server("io.x/a", "1.0.0"), server("io.x/b", "1.0.0"));
    long generation = catalog.served.generations().get(MAIN);
    DocumentHandOver handOver = new DocumentHandOver();
    JdbiServedCatalogStore store = new JdbiServedCatalogStore(catalog.storage.jdbi(), handOver);

    Map<String, String> served = new TreeMap<>();
    handOver.during(
        marked(sourceId("first"), generation, "io.x/a"),
        () -> store.load(MAIN, row -> served.put(id(row), row.listing().document())));

    assertThat(served)
        .containsEntry("io.x/a@1.0.0", "marked io.x/a")
        .containsEntry("io.x/b@1.0.0", server("io.x/b", "1.0.0").document());
  }

  /** Every item of the registry, deleted ones too, as each replica serves it, byte for byte. */
  private void assertSameBytes(ServedCatalogs writer, ServedCatalogs other) {
    other.refresh();
    assertThat(answers(other)).isNotEmpty().isEqualTo(answers(writer));
  }

  private static Map<String, String> answers(ServedCatalogs replica) {
    ListServersQuery query =
        TestCatalog.query(
            MAIN.value(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            true,
            Caller.anonymous());
    List<ServedVersion> items =
        new ArrayList<>(new BrowseCatalogService(replica, MAIN).listServers(query).value().items());
    Map<String, String> answers = new LinkedHashMap<>();
    items.forEach(
        v ->
            answers.put(
                v.name().value() + "@" + v.version().value(),
                new String(v.encoded(), StandardCharsets.UTF_8)));
    return answers;
  }

  /** A hand-over of {@code source} at {@code generation} whose documents differ from the stored. */
  private DocumentHandOver.Written marked(long source, long generation, String... names) {
    Map<String, Map<String, ServerManifest>> documents = new LinkedHashMap<>();
    for (String name : names) {
      ServerManifest stored = server(name, "1.0.0");
      documents.put(
          name,
          Map.of(
              "1.0.0",
              new ServerManifest(
                  stored.name(),
                  stored.version(),
                  stored.title(),
                  stored.description(),
                  stored.status(),
                  Set.of(),
                  "marked " + name,
                  Claims.NONE)));
    }
    return new DocumentHandOver.Written(
        source, documents, Set.of(MAIN.value()), Map.of(registryId(), generation));
  }

  private static String id(ServedRow row) {
    return row.name().value() + "@" + row.listing().version().value();
  }

  private long registryId() {
    return catalog.selectOne(Long.class, "SELECT id FROM registry WHERE name = ?", MAIN.value());
  }

  private long sourceId(String source) {
    return catalog.selectOne(
        Long.class, "SELECT id FROM source WHERE name = ?", SourceName.of(source).value());
  }

  /** A replica that hears of nothing: it loads at start and whenever it is told to refresh. */
  private static final CatalogChanges NO_NEWS = listener -> () -> {};
}
