package dev.waggle.adapters.postgres;

import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceName;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * Persistence adapter: {@link RegistryStore} on PostgreSQL — sources, registries and their order.
 */
final class JdbiRegistryStore implements RegistryStore {
  /** Serializes configuration writes of replicas that start at the same time. */
  private static final long APPLY_LOCK = 0x5761_6767_6c65_0001L;

  private static final String SELECT_SOURCE =
      """
      SELECT name, kind, kind_config::text AS kind_config,
             EXTRACT(EPOCH FROM sync_interval) AS interval_seconds,
             filter_config::text AS filter_config, claims::text AS claims, strict
      FROM source
      """;

  private final Jdbi jdbi;
  private final PgCatalogChanges changes;

  JdbiRegistryStore(Jdbi jdbi, PgCatalogChanges changes) {
    this.jdbi = jdbi;
    this.changes = changes;
  }

  @Override
  public void applyConfiguration(CatalogLayout layout) {
    Set<String> moved = jdbi.inTransaction(handle -> apply(handle, layout));
    // After the commit: this replica serves the new layout before the call returns.
    changes.committed(moved);
  }

  private static Set<String> apply(Handle handle, CatalogLayout layout) {
    handle
        .createQuery("SELECT true FROM pg_advisory_xact_lock(:key)")
        .bind("key", APPLY_LOCK)
        .mapTo(Boolean.class)
        .one();
    List<String> names = layout.sources().stream().map(s -> s.name().value()).toList();
    handle
        .createUpdate("DELETE FROM source WHERE NOT (name = ANY(:names))")
        .bindArray("names", String.class, names)
        .execute();
    upsertSources(handle, layout.sources());
    Map<String, Long> ids = sourceIds(handle);

    List<Long> synced = new ArrayList<>();
    List<Long> pushed = new ArrayList<>();
    for (SourceDefinition source : layout.sources()) {
      (source.kind().synced() ? synced : pushed).add(ids.get(source.name().value()));
    }
    handle
        .createUpdate(
            """
                  INSERT INTO sync_state (source_id, phase, next_attempt, message)
                  SELECT id, 'PENDING', now(), 'Waiting for the first sync' FROM unnest(:ids) AS id
                  ON CONFLICT (source_id) DO NOTHING
                  """)
        .bindArray("ids", Long.class, synced)
        .execute();
    handle
        .createUpdate("DELETE FROM sync_state WHERE source_id = ANY(:ids)")
        .bindArray("ids", Long.class, pushed)
        .execute();

    return applyRegistries(handle, layout.registries(), ids);
  }

  private static void upsertSources(Handle handle, List<SourceDefinition> sources) {
    if (sources.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle.prepareBatch(
            """
            INSERT INTO source AS s (name, kind, kind_config, sync_interval, filter_config, claims,
                                     strict)
            VALUES (:name, :kind, CAST(:kindConfig AS jsonb),
                    CAST(:interval AS interval),
                    CAST(:filter AS jsonb), CAST(:claims AS jsonb), :strict)
            ON CONFLICT (name) DO UPDATE SET
              kind = EXCLUDED.kind,
              kind_config = EXCLUDED.kind_config,
              sync_interval = EXCLUDED.sync_interval,
              filter_config = EXCLUDED.filter_config,
              claims = EXCLUDED.claims,
              strict = EXCLUDED.strict,
              updated_at = now()
            WHERE (s.kind, s.kind_config, s.sync_interval, s.filter_config, s.claims, s.strict)
              IS DISTINCT FROM
                  (EXCLUDED.kind, EXCLUDED.kind_config, EXCLUDED.sync_interval,
                   EXCLUDED.filter_config, EXCLUDED.claims, EXCLUDED.strict)
            """);
    for (SourceDefinition source : sources) {
      batch
          .bind("name", source.name().value())
          .bind("kind", source.kind().typeName())
          .bind("kindConfig", JsonColumns.kind(source.kind()))
          .bind("interval", source.syncInterval().map(Duration::toString).orElse(null))
          .bind("filter", JsonColumns.filter(source.filter()))
          .bind("claims", JsonColumns.claims(source.claims()))
          .bind("strict", source.strict())
          .add();
    }
    batch.execute();
  }

  /**
   * Writes the registries and their sources, then the served catalog of each: its entries ranked
   * again, and its generation moved when what it serves or who may see it changed.
   *
   * @return the registries whose generation moved or that are gone, to tell this replica
   */
  private static Set<String> applyRegistries(
      Handle handle, List<RegistryDefinition> registries, Map<String, Long> sourceIds) {
    List<String> names = registries.stream().map(r -> r.name().value()).toList();
    Map<Long, List<Long>> linksBefore = links(handle);
    List<String> gone =
        handle
            .createQuery("DELETE FROM registry WHERE NOT (name = ANY(:names)) RETURNING name")
            .bindArray("names", String.class, names)
            .mapTo(String.class)
            .list();
    ServedCatalogWriter.notify(handle, gone);
    Set<String> moved = new LinkedHashSet<>(gone);
    if (registries.isEmpty()) {
      return moved;
    }
    PreparedBatch upsert =
        handle.prepareBatch(
            """
            INSERT INTO registry AS r (name, claims) VALUES (:name, CAST(:claims AS jsonb))
            ON CONFLICT (name) DO UPDATE SET claims = EXCLUDED.claims, updated_at = now()
            WHERE r.claims IS DISTINCT FROM EXCLUDED.claims
            """);
    for (RegistryDefinition registry : registries) {
      upsert
          .bind("name", registry.name().value())
          .bind("claims", JsonColumns.claims(registry.claims()))
          .add();
    }
    int[] upserted = upsert.execute();
    List<String> claimsChanged = new ArrayList<>();
    for (int i = 0; i < upserted.length; i++) {
      if (upserted[i] > 0) {
        claimsChanged.add(registries.get(i).name().value());
      }
    }
    handle
        .createUpdate(
            "DELETE FROM registry_source WHERE registry_id IN"
                + " (SELECT id FROM registry WHERE name = ANY(:names))")
        .bindArray("names", String.class, names)
        .execute();
    PreparedBatch links =
        handle.prepareBatch(
            """
            INSERT INTO registry_source (registry_id, source_id, position)
            SELECT id, :sourceId, :position FROM registry WHERE name = :registry
            """);
    for (RegistryDefinition registry : registries) {
      for (int position = 0; position < registry.sources().size(); position++) {
        links
            .bind("registry", registry.name().value())
            .bind("sourceId", sourceIds.get(registry.sources().get(position).value()))
            .bind("position", position)
            .add();
      }
    }
    links.execute();
    handle.execute(
        """
        INSERT INTO registry_generation (registry_id, generation)
        SELECT id, nextval('catalog_generation') FROM registry r
        WHERE NOT EXISTS (SELECT 1 FROM registry_generation g WHERE g.registry_id = r.id)
        """);

    Map<String, Long> registryIds = new HashMap<>();
    handle
        .createQuery("SELECT id, name FROM registry")
        .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getLong("id")))
        .forEach(e -> registryIds.put(e.getKey(), e.getValue()));
    Map<Long, List<Long>> linksAfter = links(handle);
    List<Long> changed = new ArrayList<>();
    registryIds.forEach(
        (name, id) -> {
          if (claimsChanged.contains(name)
              || !linksAfter.getOrDefault(id, List.of()).equals(linksBefore.get(id))) {
            changed.add(id);
          }
        });
    // Every registry is ranked again, not only the changed ones: that also fills the served
    // catalog of a database migrated from a version that did not keep one.
    moved.addAll(ServedCatalogWriter.update(handle, registryIds.values(), changed));
    return moved;
  }

  /** Each registry's sources, in order. */
  private static Map<Long, List<Long>> links(Handle handle) {
    Map<Long, List<Long>> links = new HashMap<>();
    handle
        .createQuery("SELECT registry_id, source_id FROM registry_source ORDER BY position")
        .map((rs, ctx) -> Map.entry(rs.getLong("registry_id"), rs.getLong("source_id")))
        .forEach(e -> links.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    return links;
  }

  private static Map<String, Long> sourceIds(Handle handle) {
    Map<String, Long> ids = new HashMap<>();
    handle
        .createQuery("SELECT id, name FROM source")
        .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getLong("id")))
        .forEach(e -> ids.put(e.getKey(), e.getValue()));
    return ids;
  }

  @Override
  public Optional<RegistryDefinition> findRegistry(RegistryName name) {
    return jdbi.withHandle(
        handle -> registries(handle, "WHERE r.name = :name", name.value()).stream().findFirst());
  }

  @Override
  public List<RegistryDefinition> listRegistries() {
    return jdbi.withHandle(handle -> registries(handle, "", null));
  }

  private static List<RegistryDefinition> registries(Handle handle, String where, String name) {
    Query query =
        handle.createQuery(
            """
            SELECT r.name, r.claims::text AS claims,
                   array_agg(s.name ORDER BY rs.position) AS sources
            FROM registry r
            JOIN registry_source rs ON rs.registry_id = r.id
            JOIN source s ON s.id = rs.source_id
            """
                + where
                + " GROUP BY r.id ORDER BY r.name");
    if (name != null) {
      query.bind("name", name);
    }
    return query.map((rs, ctx) -> registry(rs)).list();
  }

  private static RegistryDefinition registry(ResultSet rs) throws SQLException {
    List<SourceName> sources = new ArrayList<>();
    for (String source : (String[]) rs.getArray("sources").getArray()) {
      sources.add(SourceName.of(source));
    }
    return new RegistryDefinition(
        RegistryName.of(rs.getString("name")), sources, JsonColumns.claims(rs.getString("claims")));
  }

  @Override
  public Optional<SourceDefinition> findSource(SourceName name) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(SELECT_SOURCE + " WHERE name = :name")
                .bind("name", name.value())
                .map((rs, ctx) -> source(rs))
                .findOne());
  }

  @Override
  public List<SourceDefinition> listSources() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(SELECT_SOURCE + " ORDER BY name")
                .map((rs, ctx) -> source(rs))
                .list());
  }

  private static SourceDefinition source(ResultSet rs) throws SQLException {
    BigDecimal seconds = rs.getBigDecimal("interval_seconds");
    return new SourceDefinition(
        SourceName.of(rs.getString("name")),
        JsonColumns.kind(rs.getString("kind"), rs.getString("kind_config")),
        Optional.ofNullable(seconds).map(JdbiRegistryStore::duration),
        JsonColumns.filter(rs.getString("filter_config")),
        JsonColumns.claims(rs.getString("claims")),
        rs.getBoolean("strict"));
  }

  private static Duration duration(BigDecimal seconds) {
    BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
    return Duration.ofSeconds(
        whole.longValueExact(), seconds.subtract(whole).movePointRight(9).longValue());
  }
}
