package dev.waggle.adapters.postgres;

import dev.waggle.application.port.out.ExtensionCatalogStore;
import dev.waggle.application.port.out.ExtensionCatalogStore.SourcedCursor;
import dev.waggle.application.port.out.ExtensionCatalogStore.SourcedEntry;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.extension.ExtensionCursor;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionId;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionPrecedence.Holding;
import dev.waggle.domain.extension.ExtensionStatus;
import dev.waggle.domain.registry.RegistryName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Persistence adapter: {@link ExtensionCatalogStore} on PostgreSQL — a registry's skills and
 * plugins read straight from their table, each (kind, namespace, name) from the registry's first
 * source holding it, or, for callers whose claims may hide that source's copy, every source's rows
 * with their places; lists paged by keyset on the listing index.
 */
final class JdbiExtensionCatalogStore implements ExtensionCatalogStore {
  /**
   * The registry's rows of one kind that win precedence: no source placed before theirs in the
   * registry holds the same entry. Leaves {@code v} and {@code m} (its membership) to filter on.
   */
  private static final String WINNING =
      """
      WITH members AS (
        SELECT rs.source_id, rs.position
        FROM registry_source rs JOIN registry r ON r.id = rs.registry_id
        WHERE r.name = :registry
      )
      SELECT v.kind, v.namespace, v.name, v.version, v.status, v.title, v.description,
             v.document, v.claims::text AS claims
      FROM extension_version v JOIN members m ON m.source_id = v.source_id
      WHERE v.kind = :kind
        AND NOT EXISTS (
          SELECT 1 FROM extension_version o JOIN members om ON om.source_id = o.source_id
          WHERE o.kind = v.kind AND o.namespace = v.namespace AND o.name = v.name
            AND om.position < m.position)
      """;

  /** Every source's rows of one kind in the registry, with the source's place. */
  private static final String EVERY_SOURCE =
      """
      WITH members AS (
        SELECT rs.source_id, rs.position
        FROM registry_source rs JOIN registry r ON r.id = rs.registry_id
        WHERE r.name = :registry
      )
      SELECT v.kind, v.namespace, v.name, v.version, v.status, v.title, v.description,
             v.document, v.claims::text AS claims, m.position, v.is_latest
      FROM extension_version v JOIN members m ON m.source_id = v.source_id
      WHERE v.kind = :kind
      """;

  private final Jdbi jdbi;

  JdbiExtensionCatalogStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public List<ExtensionEntry> list(
      RegistryName registry,
      ExtensionKind kind,
      Optional<ExtensionCursor> after,
      int limit,
      Optional<String> search,
      Optional<ExtensionStatus> status) {
    StringBuilder sql = new StringBuilder(WINNING);
    if (after.isPresent()) {
      sql.append(" AND (v.namespace, v.name, v.version) > (:afterNamespace, :afterName, :after)");
    }
    appendFilters(sql, search, status);
    sql.append(" ORDER BY v.namespace, v.name, v.version LIMIT :limit");
    return jdbi.withHandle(
        handle -> {
          Query query = bindCommon(handle.createQuery(sql.toString()), registry, kind);
          after.ifPresent(cursor -> bindAfter(query, cursor));
          bindFilters(query, search, status);
          return query.bind("limit", limit).map(JdbiExtensionCatalogStore::entry).list();
        });
  }

  @Override
  public List<SourcedEntry> listEverySource(
      RegistryName registry,
      ExtensionKind kind,
      Optional<SourcedCursor> after,
      int limit,
      Optional<String> search,
      Optional<ExtensionStatus> status) {
    StringBuilder sql = new StringBuilder(EVERY_SOURCE);
    if (after.isPresent()) {
      sql.append(
          " AND (v.namespace, v.name, v.version, m.position)"
              + " > (:afterNamespace, :afterName, :after, :afterPosition)");
    }
    appendFilters(sql, search, status);
    sql.append(" ORDER BY v.namespace, v.name, v.version, m.position LIMIT :limit");
    return jdbi.withHandle(
        handle -> {
          Query query = bindCommon(handle.createQuery(sql.toString()), registry, kind);
          after.ifPresent(
              cursor -> bindAfter(query, cursor.cursor()).bind("afterPosition", cursor.position()));
          bindFilters(query, search, status);
          return query.bind("limit", limit).map(JdbiExtensionCatalogStore::sourced).list();
        });
  }

  @Override
  public Map<ExtensionId, List<Holding>> holdings(
      RegistryName registry, ExtensionKind kind, Collection<ExtensionId> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<ExtensionId, List<Holding>> holdings = new HashMap<>();
    jdbi.useHandle(
        handle ->
            bindCommon(
                    handle.createQuery(
                        """
                        WITH members AS (
                          SELECT rs.source_id, rs.position
                          FROM registry_source rs JOIN registry r ON r.id = rs.registry_id
                          WHERE r.name = :registry
                        ), wanted AS (
                          SELECT * FROM unnest(CAST(:namespaces AS text[]),
                                               CAST(:names AS text[])) AS w(namespace, name)
                        )
                        SELECT DISTINCT v.namespace, v.name, m.position, v.claims::text AS claims
                        FROM extension_version v
                          JOIN members m ON m.source_id = v.source_id
                          JOIN wanted w ON w.namespace COLLATE "C" = v.namespace
                                       AND w.name COLLATE "C" = v.name
                        WHERE v.kind = :kind
                        """),
                    registry,
                    kind)
                .bindArray(
                    "namespaces", String.class, ids.stream().map(ExtensionId::namespace).toList())
                .bindArray("names", String.class, ids.stream().map(ExtensionId::name).toList())
                .map(
                    (rs, ctx) ->
                        Map.entry(
                            ExtensionId.of(rs.getString("namespace"), rs.getString("name")),
                            new Holding(
                                rs.getInt("position"), JsonColumns.claims(rs.getString("claims")))))
                .forEach(
                    held ->
                        holdings
                            .computeIfAbsent(held.getKey(), id -> new ArrayList<>())
                            .add(held.getValue())));
    return holdings;
  }

  @Override
  public List<SourcedEntry> everySource(RegistryName registry, ExtensionKind kind, ExtensionId id) {
    return jdbi.withHandle(
        handle ->
            bindId(
                    handle.createQuery(
                        EVERY_SOURCE
                            + " AND v.namespace = :namespace AND v.name = :name"
                            + " ORDER BY v.version, m.position"),
                    registry,
                    kind,
                    id)
                .map(JdbiExtensionCatalogStore::sourced)
                .list());
  }

  private static void appendFilters(
      StringBuilder sql, Optional<String> search, Optional<ExtensionStatus> status) {
    if (status.isPresent()) {
      sql.append(" AND v.status = :status");
    }
    if (search.isPresent()) {
      // strpos, not LIKE: a % or _ in the search is text to find, not a wildcard.
      sql.append(
          " AND (strpos(lower(v.namespace || '/' || v.name), :needle) > 0"
              + " OR strpos(lower(coalesce(v.title, '')), :needle) > 0"
              + " OR strpos(lower(v.description), :needle) > 0)");
    }
  }

  private static void bindFilters(
      Query query, Optional<String> search, Optional<ExtensionStatus> status) {
    status.ifPresent(s -> query.bind("status", s.wireName()));
    search.ifPresent(s -> query.bind("needle", s.toLowerCase(Locale.ROOT)));
  }

  private static Query bindAfter(Query query, ExtensionCursor cursor) {
    return query
        .bind("afterNamespace", cursor.id().namespace())
        .bind("afterName", cursor.id().name())
        .bind("after", cursor.version().value());
  }

  @Override
  public List<ExtensionEntry> versions(RegistryName registry, ExtensionKind kind, ExtensionId id) {
    return jdbi.withHandle(
        handle ->
            bindId(
                    handle.createQuery(
                        WINNING
                            + " AND v.namespace = :namespace AND v.name = :name"
                            + " ORDER BY v.version"),
                    registry,
                    kind,
                    id)
                .map(JdbiExtensionCatalogStore::entry)
                .list());
  }

  @Override
  public Optional<ExtensionEntry> version(
      RegistryName registry, ExtensionKind kind, ExtensionId id, Optional<Version> version) {
    String which = version.isPresent() ? " AND v.version = :version" : " AND v.is_latest";
    return jdbi.withHandle(
        handle -> {
          Query query =
              bindId(
                  handle.createQuery(
                      WINNING + " AND v.namespace = :namespace AND v.name = :name" + which),
                  registry,
                  kind,
                  id);
          version.ifPresent(v -> query.bind("version", v.value()));
          return query.map(JdbiExtensionCatalogStore::entry).findOne();
        });
  }

  private static Query bindCommon(Query query, RegistryName registry, ExtensionKind kind) {
    return query.bind("registry", registry.value()).bind("kind", JdbiExtensionWriter.kind(kind));
  }

  private static Query bindId(
      Query query, RegistryName registry, ExtensionKind kind, ExtensionId id) {
    return bindCommon(query, registry, kind)
        .bind("namespace", id.namespace())
        .bind("name", id.name());
  }

  private static SourcedEntry sourced(ResultSet rs, StatementContext ctx) throws SQLException {
    return new SourcedEntry(entry(rs, ctx), rs.getInt("position"), rs.getBoolean("is_latest"));
  }

  private static ExtensionEntry entry(ResultSet rs, StatementContext ctx) throws SQLException {
    String kind = rs.getString("kind");
    return new ExtensionEntry(
        kind.equals("skill") ? ExtensionKind.SKILL : ExtensionKind.PLUGIN,
        ExtensionId.of(rs.getString("namespace"), rs.getString("name")),
        Version.of(rs.getString("version")),
        ExtensionStatus.fromDocument("status", rs.getString("status")),
        rs.getString("title"),
        rs.getString("description"),
        rs.getString("document"),
        JsonColumns.claims(rs.getString("claims")));
  }
}
