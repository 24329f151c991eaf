package dev.waggle.adapters.postgres;

import dev.waggle.application.port.out.ServedCatalogStore;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.OfficialMeta;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.registry.RegistryName;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Persistence adapter: {@link ServedCatalogStore} on PostgreSQL — the generations, and a registry's
 * served entries with their versions, read in one repeatable-read transaction so that the rows
 * match the generation.
 */
final class JdbiServedCatalogStore implements ServedCatalogStore {
  /** Rows fetched per round trip while a catalog streams in, so it never sits whole in memory. */
  private static final int FETCH_SIZE = 1_000;

  private final Jdbi jdbi;

  JdbiServedCatalogStore(Jdbi jdbi) {
    this.jdbi = jdbi;
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
  public Optional<StoredRegistry> load(RegistryName registry, Consumer<ServedRow> rows) {
    return jdbi.inTransaction(
        TransactionIsolationLevel.REPEATABLE_READ,
        handle -> {
          handle.execute("SET TRANSACTION READ ONLY");
          Optional<Header> header =
              handle
                  .createQuery(
                      """
                      SELECT r.id, r.claims::text AS claims, g.generation
                      FROM registry r JOIN registry_generation g ON g.registry_id = r.id
                      WHERE r.name = :name
                      """)
                  .bind("name", registry.value())
                  .map(
                      (rs, ctx) ->
                          new Header(
                              rs.getLong("id"),
                              new StoredRegistry(
                                  registry,
                                  rs.getLong("generation"),
                                  JsonColumns.claims(rs.getString("claims")))))
                  .findOne();
          if (header.isEmpty()) {
            return Optional.empty();
          }
          // One Claims per entry, shared by its versions.
          Map<Long, Claims> claims = new HashMap<>();
          handle
              .createQuery(
                  """
                  SELECT s.name, s.rank, s.entry_id, e.claims::text AS claims,
                         v.version, v.document_text, v.title, v.description, v.status,
                         v.status_message, v.published_at, v.updated_at, v.status_changed_at,
                         v.is_latest
                  FROM served_entry s
                  JOIN server_entry e ON e.id = s.entry_id
                  JOIN server_version v ON v.entry_id = s.entry_id
                  WHERE s.registry_id = :registry
                  """)
              .bind("registry", header.get().id())
              .setFetchSize(FETCH_SIZE)
              .map(
                  (rs, ctx) -> {
                    ServerName name = ServerName.of(rs.getString("name"));
                    String claimsText = rs.getString("claims");
                    Claims entryClaims =
                        claims.computeIfAbsent(
                            rs.getLong("entry_id"), id -> JsonColumns.claims(claimsText));
                    return new ServedRow(
                        name,
                        rs.getInt("rank"),
                        entryClaims,
                        new ServerListing(
                            name,
                            Version.of(rs.getString("version")),
                            rs.getString("document_text"),
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
          return Optional.of(header.get().registry());
        });
  }

  private record Header(long id, StoredRegistry registry) {}
}
