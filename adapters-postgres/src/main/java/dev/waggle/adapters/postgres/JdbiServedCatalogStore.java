package dev.waggle.adapters.postgres;

import dev.waggle.application.port.out.ServedCatalogStore;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.OfficialMeta;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Persistence adapter: {@link ServedCatalogStore} on PostgreSQL — the generations, and a registry's
 * served entries with their versions (all of them, or those of the names changed since a
 * generation), read in one repeatable-read transaction so that the rows match the generation.
 */
final class JdbiServedCatalogStore implements ServedCatalogStore {
  /** Rows fetched per round trip while a catalog streams in, so it never sits whole in memory. */
  private static final int FETCH_SIZE = 1_000;

  /**
   * Rows fetched per round trip when the writer's own documents were handed over: its rows then
   * come without their text, so fewer trips cost little memory, and each trip is a wait for
   * PostgreSQL and the JVM in turn.
   */
  private static final int HANDED_OVER_FETCH_SIZE = 10_000;

  private final Jdbi jdbi;
  private final DocumentHandOver handOver;

  JdbiServedCatalogStore(Jdbi jdbi) {
    this(jdbi, new DocumentHandOver());
  }

  /**
   * @param handOver the documents this replica's {@link JdbiEntryStore} just committed, which a
   *     load of the generation it set need not read again
   */
  JdbiServedCatalogStore(Jdbi jdbi, DocumentHandOver handOver) {
    this.jdbi = jdbi;
    this.handOver = Objects.requireNonNull(handOver, "'handOver' must not be null");
  }

  @Override
  public Map<RegistryName, Long> generations() {
    return jdbi.withHandle(
        handle -> {
          Map<RegistryName, Long> generations = new LinkedHashMap<>();
          handle
              .createQuery(
                  "SELECT r.name, g.generation FROM registry_generation g"
                      + " JOIN registry r ON r.id = g.registry_id")
              .map(
                  (rs, ctx) ->
                      Map.entry(RegistryName.of(rs.getString("name")), rs.getLong("generation")))
              .forEach(e -> generations.put(e.getKey(), e.getValue()));
          return generations;
        });
  }

  @Override
  public Map<SourceName, SourceSize> sourceSizes() {
    return jdbi.withHandle(
        handle -> {
          Map<SourceName, SourceSize> sizes = new LinkedHashMap<>();
          handle
              .createQuery(
                  "SELECT s.name, st.server_count, st.skill_count, st.plugin_count"
                      + " FROM sync_state st JOIN source s ON s.id = st.source_id ORDER BY s.name")
              .map(
                  (rs, ctx) ->
                      Map.entry(
                          new SourceName(rs.getString("name")),
                          new SourceSize(
                              rs.getInt("server_count"),
                              rs.getInt("skill_count"),
                              rs.getInt("plugin_count"))))
              .forEach(e -> sizes.put(e.getKey(), e.getValue()));
          return sizes;
        });
  }

  @Override
  public Optional<StoredRegistry> load(RegistryName registry, Consumer<ServedRow> rows) {
    return jdbi.inTransaction(
        TransactionIsolationLevel.REPEATABLE_READ,
        handle -> {
          handle.execute("SET TRANSACTION READ ONLY");
          Optional<Header> header = header(handle, registry);
          header.ifPresent(h -> rows(handle, h, null, rows));
          return header.map(Header::registry);
        });
  }

  @Override
  public Optional<StoredChanges> loadChanges(
      RegistryName registry, long since, Consumer<ServedRow> rows) {
    return jdbi.inTransaction(
        TransactionIsolationLevel.REPEATABLE_READ,
        handle -> {
          handle.execute("SET TRANSACTION READ ONLY");
          Optional<Header> header = header(handle, registry);
          if (header.isEmpty()
              || header.get().wholeSince() > since
              || header.get().registry().generation() < since) {
            // A layout change named nothing, or the registry is not the one the snapshot was of.
            return Optional.empty();
          }
          List<String> names =
              handle
                  .createQuery(
                      "SELECT name FROM served_name_change"
                          + " WHERE registry_id = :registry AND generation > :since")
                  .bind("registry", header.get().id())
                  .bind("since", since)
                  .mapTo(String.class)
                  .list();
          if (!names.isEmpty()) {
            rows(handle, header.get(), names, rows);
          }
          return Optional.of(
              new StoredChanges(
                  header.get().registry(),
                  names.stream().map(ServerName::of).collect(Collectors.toSet())));
        });
  }

  private static Optional<Header> header(Handle handle, RegistryName registry) {
    return handle
        .createQuery(
            """
            SELECT r.id, r.claims::text AS claims, g.generation, g.whole_since
            FROM registry r JOIN registry_generation g ON g.registry_id = r.id
            WHERE r.name = :name
            """)
        .bind("name", registry.value())
        .map(
            (rs, ctx) ->
                new Header(
                    rs.getLong("id"),
                    rs.getLong("whole_since"),
                    new StoredRegistry(
                        registry,
                        rs.getLong("generation"),
                        JsonColumns.claims(rs.getString("claims")))))
        .findOne();
  }

  /**
   * Streams the served rows of a registry, or of only {@code names} when not null. When this
   * replica's own write set the generation read, the live versions of the source it wrote come
   * without their text, taken from the documents it handed over instead: the text is most of what a
   * row weighs, to send and to decode.
   */
  private void rows(Handle handle, Header header, List<String> names, Consumer<ServedRow> rows) {
    DocumentHandOver.Written written = handOver.at(header.id(), header.registry().generation());
    // One Claims per distinct text, shared by every entry that has it: most have none.
    Map<String, Claims> claims = new HashMap<>();
    var query =
        handle
            .createQuery(
                """
                SELECT s.name, s.rank, e.claims::text AS claims, v.id, v.version,
                       {document} AS document_text, v.title, v.description, v.status,
                       v.status_message, v.published_at, v.updated_at, v.status_changed_at,
                       v.is_latest
                FROM served_entry s
                JOIN server_entry e ON e.id = s.entry_id
                JOIN server_version v ON v.entry_id = s.entry_id
                WHERE s.registry_id = :registry
                """
                        .replace(
                            "{document}",
                            written == null
                                ? "v.document_text"
                                // Tombstones keep the text of a document the source no longer
                                // holds: those are read.
                                : "CASE WHEN e.source_id = :handed AND v.status <> 'deleted'"
                                    + " THEN NULL ELSE v.document_text END")
                    + (names == null ? "" : " AND s.name = ANY(:names)"))
            .bind("registry", header.id());
    if (written != null) {
      query.bind("handed", written.sourceId());
    }
    if (names != null) {
      query.bindArray("names", String.class, names);
    }
    query
        .setFetchSize(written == null ? FETCH_SIZE : HANDED_OVER_FETCH_SIZE)
        .map(
            (rs, ctx) -> {
              ServerName name = ServerName.of(rs.getString("name"));
              Version version = Version.of(rs.getString("version"));
              Claims entryClaims =
                  claims.computeIfAbsent(rs.getString("claims"), JsonColumns::claims);
              return new ServedRow(
                  name,
                  rs.getInt("rank"),
                  entryClaims,
                  new ServerListing(
                      name,
                      version,
                      document(handle, written, rs, name, version),
                      new OfficialMeta(
                          ServerStatus.fromWire("status", rs.getString("status")),
                          rs.getString("status_message"),
                          PostgresStorage.instant(rs, "published_at"),
                          PostgresStorage.instant(rs, "updated_at"),
                          PostgresStorage.instant(rs, "status_changed_at"),
                          rs.getBoolean("is_latest"))),
                  rs.getString("title"),
                  rs.getString("description"));
            })
        .forEach(rows);
  }

  /** A row's document: its text as read, else the one handed over, else read on its own. */
  private static String document(
      Handle handle,
      DocumentHandOver.Written written,
      ResultSet rs,
      ServerName name,
      Version version)
      throws SQLException {
    String text = rs.getString("document_text");
    if (text != null) {
      return text;
    }
    text = written == null ? null : written.document(name.value(), version.value());
    if (text != null) {
      return text;
    }
    // Not expected: every live version of the source written comes from its manifests. Read in
    // this same transaction, so that the row still matches the generation.
    return handle
        .createQuery("SELECT document_text FROM server_version WHERE id = :id")
        .bind("id", rs.getLong("id"))
        .mapTo(String.class)
        .one();
  }

  private record Header(long id, long wholeSince, StoredRegistry registry) {}
}
