package dev.waggle.adapters.postgres;

import dev.waggle.adapters.postgres.testing.EmbeddedPostgresFixture;
import dev.waggle.application.port.in.BrowseCatalog;
import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.in.ServedVersion;
import dev.waggle.application.port.in.ServerNotFoundException;
import dev.waggle.application.port.out.ServedVersionEncoder;
import dev.waggle.application.service.BrowseCatalogService;
import dev.waggle.application.service.ServedCatalogs;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.paging.Page;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.statement.Query;

/**
 * Test helper: the stores of one freshly migrated database, plus short ways to build the layouts,
 * manifests and queries the tests need.
 */
final class TestCatalog implements AutoCloseable {
  final PostgresSettings settings;
  final PostgresStorage storage;
  final JdbiEntryStore entries;
  final JdbiRegistryStore registries;
  final JdbiSyncStateStore syncStates;
  final PgCatalogChanges changes;
  final JdbiServedCatalogStore served;

  /** Shared by the two stores as the module shares it, so that every test reads through it. */
  final DocumentHandOver handOver = new DocumentHandOver();

  /** The real read path: this replica's snapshots, refreshed by the stores' own commits. */
  final ServedCatalogs snapshots;

  final BrowseCatalog browse;

  private TestCatalog(PostgresSettings settings) {
    this.settings = settings;
    this.storage = new PostgresStorage(settings);
    this.changes = new PgCatalogChanges(settings);
    this.entries =
        new JdbiEntryStore(storage.jdbi(), changes, JdbiEntryStore.DEFAULT_RETENTION, handOver);
    this.registries = new JdbiRegistryStore(storage.jdbi(), changes);
    this.syncStates = new JdbiSyncStateStore(storage.jdbi(), storage.liveness());
    this.served = new JdbiServedCatalogStore(storage.jdbi(), handOver);
    this.snapshots = new ServedCatalogs(served, changes, DOCUMENT_TEXT, Duration.ofHours(1));
    snapshots.start();
    this.browse = new BrowseCatalogService(snapshots, RegistryName.of("main"));
  }

  /** Encodes a served version as its document text, so tests read back exactly what was served. */
  static final ServedVersionEncoder DOCUMENT_TEXT =
      listing -> listing.document().getBytes(StandardCharsets.UTF_8);

  static TestCatalog migrated() {
    return fromSettings(EmbeddedPostgresFixture.migratedDatabase());
  }

  /** The stores of a database already migrated, as a test prepared it. */
  static TestCatalog fromSettings(PostgresSettings settings) {
    return new TestCatalog(settings);
  }

  @Override
  public void close() {
    snapshots.close();
    storage.close();
  }

  static ServerListing listing(ServedVersion served) {
    return new ServerListing(
        served.name(),
        served.version(),
        new String(served.encoded(), StandardCharsets.UTF_8),
        served.meta());
  }

  /** A page as {@link BrowseCatalog} serves it from this replica's snapshot. */
  Page<ServerListing> listServers(ListServersQuery query) {
    Page<ServedVersion> page = browse.listServers(query).value();
    return new Page<>(page.items().stream().map(TestCatalog::listing).toList(), page.next());
  }

  /** Every version of one name the caller is served; empty where the API answers 404. */
  List<ServerListing> listVersions(
      RegistryName registry, ServerName name, boolean includeDeleted, Caller caller) {
    try {
      return browse.listVersions(registry, name, includeDeleted, caller).value().stream()
          .map(TestCatalog::listing)
          .toList();
    } catch (ServerNotFoundException e) {
      return List.of();
    }
  }

  /** One version as served; empty where the API answers 404. */
  Optional<ServerListing> findVersion(
      RegistryName registry,
      ServerName name,
      VersionSelector version,
      boolean includeDeleted,
      Caller caller) {
    try {
      return Optional.of(
          listing(browse.getVersion(registry, name, version, includeDeleted, caller).value()));
    } catch (ServerNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Replaces the whole layout with file sources of these names and one registry over them. */
  void layout(String registry, String... sources) {
    layout(Claims.NONE, registry, sources);
  }

  /** Like {@link #layout(String, String...)}, with claims on the registry. */
  void layout(Claims registryClaims, String registry, String... sources) {
    List<SourceDefinition> definitions =
        Arrays.stream(sources).map(TestCatalog::fileSource).toList();
    registries.applyConfiguration(
        new CatalogLayout(
            definitions,
            List.of(
                new RegistryDefinition(
                    RegistryName.of(registry),
                    Arrays.stream(sources).map(SourceName::of).toList(),
                    registryClaims)),
            null));
  }

  /** Registry claims every caller holding a {@code team} claim may see, whatever the team. */
  static final Claims ANY_TEAM = new Claims(java.util.Map.of("team", List.of()));

  /**
   * Like {@link #layout}, but drops every source first, so that the sources start empty: emptying a
   * source through its contents would leave tombstones behind.
   */
  void freshLayout(String registry, String... sources) {
    registries.applyConfiguration(new CatalogLayout(List.of(), List.of(), null));
    layout(registry, sources);
  }

  static SourceDefinition fileSource(String name) {
    return new SourceDefinition(
        SourceName.of(name),
        SourceKind.File.atPath(Path.of("/data/" + name + ".json")),
        Optional.of(Duration.ofMinutes(10)),
        EntryFilter.NONE,
        Claims.NONE);
  }

  /**
   * The rows of {@code sql}, each mapped to {@code type}, with {@code arguments} bound to its
   * {@code ?}s in order: for what a test checks in the tables themselves.
   */
  <T> List<T> select(Class<T> type, String sql, Object... arguments) {
    return storage
        .jdbi()
        .withHandle(
            handle -> {
              Query query = handle.createQuery(sql);
              for (int i = 0; i < arguments.length; i++) {
                query.bind(i, arguments[i]);
              }
              return query.mapTo(type).list();
            });
  }

  /** Like {@link #select}, for a query that must give exactly one row. */
  <T> T selectOne(Class<T> type, String sql, Object... arguments) {
    List<T> rows = select(type, sql, arguments);
    if (rows.size() != 1) {
      throw new IllegalStateException("expected one row of " + sql + ", got " + rows.size());
    }
    return rows.get(0);
  }

  void replace(String source, ServerManifest... servers) {
    entries.replaceSourceContents(SourceName.of(source), List.of(servers));
  }

  static ServerManifest server(String name, String version) {
    return server(name, version, ServerStatus.ACTIVE);
  }

  static ServerManifest server(String name, String version, ServerStatus status) {
    return manifest(name, version, null, "A server called " + name, status, Claims.NONE, "");
  }

  static ServerManifest manifest(
      String name,
      String version,
      String title,
      String description,
      ServerStatus status,
      Claims claims,
      String extra) {
    String document =
        "{\"name\":\""
            + name
            + "\",\"version\":\""
            + version
            + "\""
            + (description == null ? "" : ",\"description\":\"" + description + "\"")
            + (title == null ? "" : ",\"title\":\"" + title + "\"")
            + extra
            + "}";
    return new ServerManifest(
        ServerName.of(name),
        Version.of(version),
        title,
        description,
        status,
        Set.of(),
        document,
        claims);
  }

  static ListServersQuery query(String registry, int limit) {
    return ListServersQuery.firstPage(RegistryName.of(registry), limit);
  }

  static ListServersQuery query(
      String registry,
      Optional<String> search,
      Optional<Instant> updatedSince,
      Optional<VersionSelector> version,
      boolean includeDeleted,
      Caller caller) {
    return new ListServersQuery(
        RegistryName.of(registry),
        Optional.empty(),
        ListServersQuery.MAX_LIMIT,
        search,
        updatedSince,
        version,
        includeDeleted,
        caller);
  }

  /** Follows the cursor to the end, returning every page. */
  List<Page<ServerListing>> pages(ListServersQuery first) {
    List<Page<ServerListing>> pages = new ArrayList<>();
    ListServersQuery query = first;
    while (true) {
      Page<ServerListing> page = listServers(query);
      pages.add(page);
      if (page.next().isEmpty() || pages.size() > 10_000) {
        return pages;
      }
      query = query.after(page.next().get());
    }
  }

  List<ServerListing> all(ListServersQuery first) {
    return pages(first).stream().flatMap(p -> p.items().stream()).toList();
  }

  List<ServerListing> all(String registry) {
    return all(query(registry, ListServersQuery.MAX_LIMIT));
  }

  /** Every item of a registry, deleted ones included. */
  List<ServerListing> withDeleted(String registry) {
    return all(
        query(
            registry,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            true,
            Caller.anonymous()));
  }

  /** What an incremental reader polling with {@code updated_since} gets. */
  List<ServerListing> updatedSince(String registry, Instant since) {
    return all(
        query(
            registry,
            Optional.empty(),
            Optional.of(since),
            Optional.empty(),
            false,
            Caller.anonymous()));
  }

  /** The newest update time of anything in a registry, deleted items included. */
  Instant lastUpdate(String registry) {
    return withDeleted(registry).stream()
        .map(l -> l.meta().updatedAt())
        .max(Instant::compareTo)
        .orElseThrow();
  }

  /** The one item of a registry with this "name@version", deleted or not. */
  ServerListing item(String registry, String id) {
    List<ServerListing> found =
        withDeleted(registry).stream()
            .filter(l -> (l.name().value() + "@" + l.version().value()).equals(id))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one " + id + " in " + registry + ", found " + found);
    }
    return found.get(0);
  }

  /** "name@version" of each listing, in order: short and readable in assertion messages. */
  static List<String> ids(List<ServerListing> listings) {
    return listings.stream().map(l -> l.name().value() + "@" + l.version().value()).toList();
  }
}
