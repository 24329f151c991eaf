package dev.waggle.adapters.postgres;

import dev.waggle.application.port.in.ConflictException;
import dev.waggle.application.port.out.RegistryEntry;
import dev.waggle.application.port.out.RegistryRecord;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.application.port.out.SourceEntry;
import dev.waggle.application.port.out.SourceRecord;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.CreationType;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

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
             filter_config::text AS filter_config, claims::text AS claims, strict,
             creation_type, created_at, updated_at
      FROM source
      """;

  /** PostgreSQL's SQLSTATE for a unique violation. */
  private static final String UNIQUE_VIOLATION = "23505";

  /** PostgreSQL's SQLSTATE for a foreign key violation. */
  private static final String FOREIGN_KEY_VIOLATION = "23503";

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
    refuseToTouchApiRows(handle, layout, names);
    handle
        .createUpdate(
            "DELETE FROM source WHERE creation_type = 'CONFIG' AND NOT (name = ANY(:names))")
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

  /**
   * The configuration may neither take over what the API created nor pull a source from under an
   * API registry; refused before anything is written, naming what to change.
   */
  /**
   * @param table {@code source} or {@code registry}, never input
   */
  private static void refuseApiCreated(
      Handle handle, String table, String plural, List<String> names) {
    List<String> taken =
        handle
            .createQuery(
                "SELECT name FROM "
                    + table
                    + " WHERE creation_type = 'API' AND name = ANY(:names) ORDER BY name")
            .bindArray("names", String.class, names)
            .mapTo(String.class)
            .list();
    if (!taken.isEmpty()) {
      throw new IllegalStateException(
          "cannot overwrite API-created "
              + plural
              + ": "
              + taken
              + "; rename them in config.yaml or delete them through the API first");
    }
  }

  private static void refuseToTouchApiRows(
      Handle handle, CatalogLayout layout, List<String> sourceNames) {
    refuseApiCreated(handle, "source", "sources", sourceNames);
    refuseApiCreated(
        handle,
        "registry",
        "registries",
        layout.registries().stream().map(r -> r.name().value()).toList());
    if (layout.sources().stream().anyMatch(s -> s.kind() instanceof SourceKind.Managed)) {
      handle
          .createQuery("SELECT name FROM source WHERE creation_type = 'API' AND kind = 'managed'")
          .mapTo(String.class)
          .findOne()
          .ifPresent(
              api -> {
                throw new IllegalStateException(
                    "config.yaml declares a managed source, but the API created one already ("
                        + api
                        + "); at most one managed source is allowed");
              });
    }
    List<String> held =
        handle
            .createQuery(
                """
                SELECT s.name || ' (listed by registry ' || r.name || ')'
                FROM source s
                JOIN registry_source rs ON rs.source_id = s.id
                JOIN registry r ON r.id = rs.registry_id
                WHERE s.creation_type = 'CONFIG' AND r.creation_type = 'API'
                  AND NOT (s.name = ANY(:names))
                ORDER BY s.name, r.name
                """)
            .bindArray("names", String.class, sourceNames)
            .mapTo(String.class)
            .list();
    if (!held.isEmpty()) {
      throw new IllegalStateException(
          "config.yaml no longer declares sources that API-created registries list: "
              + String.join(", ", held)
              + "; keep them in config.yaml or change those registries through the API first");
    }
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
            WHERE s.creation_type = 'CONFIG'
              AND (s.kind, s.kind_config, s.sync_interval, s.filter_config, s.claims, s.strict)
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
            .createQuery(
                "DELETE FROM registry WHERE creation_type = 'CONFIG' AND NOT (name = ANY(:names))"
                    + " RETURNING name")
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
            WHERE r.creation_type = 'CONFIG' AND r.claims IS DISTINCT FROM EXCLUDED.claims
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
                + " (SELECT id FROM registry WHERE creation_type = 'CONFIG' AND name = ANY(:names))")
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
    return registryRecord(name).map(RegistryRecord::definition);
  }

  @Override
  public List<RegistryDefinition> listRegistries() {
    return registryRecords().stream().map(RegistryRecord::definition).toList();
  }

  @Override
  public Optional<RegistryRecord> registryRecord(RegistryName name) {
    return jdbi.withHandle(
        handle -> registries(handle, "WHERE r.name = :name", name.value()).stream().findFirst());
  }

  @Override
  public List<RegistryRecord> registryRecords() {
    return jdbi.withHandle(handle -> registries(handle, "", null));
  }

  private static List<RegistryRecord> registries(Handle handle, String where, String name) {
    Query query =
        handle.createQuery(
            """
            SELECT r.name, r.claims::text AS claims, r.creation_type, r.created_at, r.updated_at,
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

  private static RegistryRecord registry(ResultSet rs) throws SQLException {
    List<SourceName> sources = new ArrayList<>();
    for (String source : (String[]) rs.getArray("sources").getArray()) {
      sources.add(SourceName.of(source));
    }
    return new RegistryRecord(
        new RegistryDefinition(
            RegistryName.of(rs.getString("name")),
            sources,
            JsonColumns.claims(rs.getString("claims"))),
        CreationType.valueOf(rs.getString("creation_type")),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  @Override
  public Optional<SourceDefinition> findSource(SourceName name) {
    return sourceRecord(name).map(SourceRecord::definition);
  }

  @Override
  public List<SourceDefinition> listSources() {
    return sourceRecords().stream().map(SourceRecord::definition).toList();
  }

  @Override
  public Optional<SourceRecord> sourceRecord(SourceName name) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(SELECT_SOURCE + " WHERE name = :name")
                .bind("name", name.value())
                .map((rs, ctx) -> source(rs))
                .findOne());
  }

  @Override
  public List<SourceRecord> sourceRecords() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(SELECT_SOURCE + " ORDER BY name")
                .map((rs, ctx) -> source(rs))
                .list());
  }

  private static SourceRecord source(ResultSet rs) throws SQLException {
    BigDecimal seconds = rs.getBigDecimal("interval_seconds");
    SourceDefinition definition =
        new SourceDefinition(
            SourceName.of(rs.getString("name")),
            JsonColumns.kind(rs.getString("kind"), rs.getString("kind_config")),
            Optional.ofNullable(seconds).map(JdbiRegistryStore::duration),
            JsonColumns.filter(rs.getString("filter_config")),
            JsonColumns.claims(rs.getString("claims")),
            rs.getBoolean("strict"));
    return new SourceRecord(
        definition,
        CreationType.valueOf(rs.getString("creation_type")),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  // ---- the admin API's writes

  @Override
  public boolean putApiSource(SourceDefinition source) {
    try {
      return jdbi.inTransaction(
          handle -> {
            Optional<Map.Entry<Long, Boolean>> written =
                handle
                    .createQuery(
                        """
                        INSERT INTO source AS s (name, kind, kind_config, sync_interval,
                                                 filter_config, claims, strict, creation_type)
                        VALUES (:name, :kind, CAST(:kindConfig AS jsonb),
                                CAST(:interval AS interval), CAST(:filter AS jsonb),
                                CAST(:claims AS jsonb), :strict, 'API')
                        ON CONFLICT (name) DO UPDATE SET
                          kind = EXCLUDED.kind,
                          kind_config = EXCLUDED.kind_config,
                          sync_interval = EXCLUDED.sync_interval,
                          filter_config = EXCLUDED.filter_config,
                          claims = EXCLUDED.claims,
                          strict = EXCLUDED.strict,
                          updated_at = now()
                        WHERE s.creation_type = 'API'
                        RETURNING id, (xmax = 0) AS created
                        """)
                    .bind("name", source.name().value())
                    .bind("kind", source.kind().typeName())
                    .bind("kindConfig", JsonColumns.kind(source.kind()))
                    .bind("interval", source.syncInterval().map(Duration::toString).orElse(null))
                    .bind("filter", JsonColumns.filter(source.filter()))
                    .bind("claims", JsonColumns.claims(source.claims()))
                    .bind("strict", source.strict())
                    .map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getBoolean("created")))
                    .findOne();
            if (written.isEmpty()) {
              throw new ConflictException(
                  "source " + source.name() + " was created by the configuration file");
            }
            if (source.kind().synced()) {
              handle
                  .createUpdate(
                      """
                      INSERT INTO sync_state (source_id, phase, next_attempt, message)
                      VALUES (:id, 'PENDING', now(), 'Waiting for the first sync')
                      ON CONFLICT (source_id) DO NOTHING
                      """)
                  .bind("id", written.get().getKey())
                  .execute();
            }
            return written.get().getValue();
          });
    } catch (UnableToExecuteStatementException e) {
      if (sqlState(e).equals(UNIQUE_VIOLATION)) {
        // Only the one-managed-source index can clash: the name is the conflict target.
        throw new ConflictException("at most one managed source is allowed");
      }
      throw e;
    }
  }

  @Override
  public boolean deleteApiSource(SourceName name) {
    return jdbi.inTransaction(
        handle -> {
          // Locked first, so that a registry that starts listing it meanwhile waits, then fails.
          Optional<Long> id =
              handle
                  .createQuery(
                      "SELECT id FROM source WHERE name = :name AND creation_type = 'API'"
                          + " FOR UPDATE")
                  .bind("name", name.value())
                  .mapTo(Long.class)
                  .findOne();
          if (id.isEmpty()) {
            return false;
          }
          int registries =
              handle
                  .createQuery("SELECT count(*) FROM registry_source WHERE source_id = :id")
                  .bind("id", id.get())
                  .mapTo(Integer.class)
                  .one();
          if (registries > 0) {
            throw new ConflictException(
                "source is referenced by one or more registries: "
                    + name.value()
                    + " is referenced by "
                    + registries
                    + " registry(ies)");
          }
          handle.createUpdate("DELETE FROM source WHERE id = :id").bind("id", id.get()).execute();
          return true;
        });
  }

  @Override
  public boolean putApiRegistry(RegistryDefinition registry) {
    Map.Entry<Boolean, Set<String>> result;
    try {
      result = jdbi.inTransaction(handle -> putRegistry(handle, registry));
    } catch (UnableToExecuteStatementException e) {
      if (sqlState(e).equals(FOREIGN_KEY_VIOLATION)) {
        throw new ConflictException(
            "a source of registry " + registry.name() + " was deleted meanwhile; try again");
      }
      throw e;
    }
    changes.committed(result.getValue());
    return result.getKey();
  }

  private static Map.Entry<Boolean, Set<String>> putRegistry(
      Handle handle, RegistryDefinition registry) {
    Optional<Map.Entry<Long, Boolean>> written =
        handle
            .createQuery(
                """
                INSERT INTO registry AS r (name, claims, creation_type)
                VALUES (:name, CAST(:claims AS jsonb), 'API')
                ON CONFLICT (name) DO UPDATE SET claims = EXCLUDED.claims, updated_at = now()
                WHERE r.creation_type = 'API'
                RETURNING id, (xmax = 0) AS created
                """)
            .bind("name", registry.name().value())
            .bind("claims", JsonColumns.claims(registry.claims()))
            .map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getBoolean("created")))
            .findOne();
    if (written.isEmpty()) {
      throw new ConflictException(
          "registry " + registry.name() + " was created by the configuration file");
    }
    long id = written.get().getKey();
    handle
        .createUpdate("DELETE FROM registry_source WHERE registry_id = :id")
        .bind("id", id)
        .execute();
    PreparedBatch links =
        handle.prepareBatch(
            """
            INSERT INTO registry_source (registry_id, source_id, position)
            SELECT :registry, id, :position FROM source WHERE name = :source
            """);
    for (int position = 0; position < registry.sources().size(); position++) {
      links
          .bind("registry", id)
          .bind("source", registry.sources().get(position).value())
          .bind("position", position)
          .add();
    }
    int[] linked = links.execute();
    for (int position = 0; position < linked.length; position++) {
      if (linked[position] == 0) {
        throw new ConflictException(
            "source not found: " + registry.sources().get(position).value());
      }
    }
    handle
        .createUpdate(
            """
            INSERT INTO registry_generation (registry_id, generation)
            VALUES (:id, nextval('catalog_generation'))
            ON CONFLICT (registry_id) DO NOTHING
            """)
        .bind("id", id)
        .execute();
    // The claims or the order may have changed without any ranking moving: the generation moves
    // whatever, so that every replica reloads what this registry serves and who may see it.
    Set<String> moved = ServedCatalogWriter.update(handle, List.of(id), List.of(id));
    return Map.entry(written.get().getValue(), moved);
  }

  @Override
  public boolean deleteApiRegistry(RegistryName name) {
    List<String> gone =
        jdbi.inTransaction(
            handle -> {
              List<String> deleted =
                  handle
                      .createQuery(
                          "DELETE FROM registry WHERE name = :name AND creation_type = 'API'"
                              + " RETURNING name")
                      .bind("name", name.value())
                      .mapTo(String.class)
                      .list();
              ServedCatalogWriter.notify(handle, deleted);
              return deleted;
            });
    changes.committed(gone);
    return !gone.isEmpty();
  }

  @Override
  public List<SourceEntry> sourceEntries(SourceName name) {
    Map<String, List<EntryRow>> byKey = new LinkedHashMap<>();
    jdbi.useHandle(
        handle -> {
          handle
              .createQuery(
                  """
                  SELECT e.name, e.claims::text AS claims, v.version, v.title, v.description,
                         v.published_at, v.updated_at
                  FROM server_entry e
                  JOIN source s ON s.id = e.source_id
                  JOIN server_version v ON v.entry_id = e.id AND v.status <> 'deleted'
                  WHERE s.name = :source AND e.live
                  ORDER BY e.name, v.version
                  """)
              .bind("source", name.value())
              .map((rs, ctx) -> entryRow(rs, SourceEntry.EntryType.MCP, rs.getString("name")))
              .forEach(row -> add(byKey, row));
          handle
              .createQuery(
                  """
                  SELECT x.kind, x.namespace, x.name, x.claims::text AS claims, x.version,
                         x.title, x.description
                  FROM extension_version x
                  JOIN source s ON s.id = x.source_id
                  WHERE s.name = :source
                  ORDER BY x.kind DESC, x.namespace, x.name, x.version
                  """)
              .bind("source", name.value())
              .map((rs, ctx) -> extensionRow(rs))
              .forEach(row -> add(byKey, row));
        });
    return byKey.values().stream()
        .map(
            rows ->
                new SourceEntry(
                    rows.get(0).type(),
                    rows.get(0).name(),
                    rows.get(0).claims(),
                    rows.stream().map(EntryRow::version).toList()))
        .toList();
  }

  @Override
  public List<RegistryEntry> registryEntries(RegistryName name) {
    List<RegistryEntry> entries = new ArrayList<>();
    jdbi.useHandle(
        handle -> {
          handle
              .createQuery(
                  """
                  SELECT s.name AS source, rs.position, e.name, e.claims::text AS claims,
                         v.version, v.title, v.description, v.published_at, v.updated_at
                  FROM registry r
                  JOIN registry_source rs ON rs.registry_id = r.id
                  JOIN source s ON s.id = rs.source_id
                  JOIN server_entry e ON e.source_id = s.id AND e.live
                  JOIN server_version v ON v.entry_id = e.id AND v.status <> 'deleted'
                  WHERE r.name = :registry
                  ORDER BY rs.position, e.name, v.version
                  """)
              .bind("registry", name.value())
              .map(
                  (rs, ctx) ->
                      registryRow(
                          rs, entryRow(rs, SourceEntry.EntryType.MCP, rs.getString("name"))))
              .forEach(entries::add);
          handle
              .createQuery(
                  """
                  SELECT s.name AS source, rs.position, x.kind, x.namespace, x.name,
                         x.claims::text AS claims, x.version, x.title, x.description
                  FROM registry r
                  JOIN registry_source rs ON rs.registry_id = r.id
                  JOIN source s ON s.id = rs.source_id
                  JOIN extension_version x ON x.source_id = s.id
                  WHERE r.name = :registry
                  ORDER BY rs.position, x.kind DESC, x.namespace, x.name, x.version
                  """)
              .bind("registry", name.value())
              .map((rs, ctx) -> registryRow(rs, extensionRow(rs)))
              .forEach(entries::add);
        });
    // Servers then extensions per source, in the registry's order of sources.
    entries.sort(java.util.Comparator.comparingInt(RegistryEntry::position));
    return entries;
  }

  /** One version of one entry, as read from a row. */
  private record EntryRow(
      SourceEntry.EntryType type, String name, Claims claims, SourceEntry.Version version) {}

  private static EntryRow entryRow(ResultSet rs, SourceEntry.EntryType type, String name)
      throws SQLException {
    return new EntryRow(
        type,
        name,
        JsonColumns.claims(rs.getString("claims")),
        new SourceEntry.Version(
            rs.getString("version"),
            rs.getString("title"),
            rs.getString("description"),
            Optional.of(rs.getTimestamp("published_at").toInstant()),
            Optional.of(rs.getTimestamp("updated_at").toInstant())));
  }

  /** Skills and plugins are named namespace/name here, since the name alone is not unique. */
  private static EntryRow extensionRow(ResultSet rs) throws SQLException {
    return new EntryRow(
        rs.getString("kind").equals("skill")
            ? SourceEntry.EntryType.SKILL
            : SourceEntry.EntryType.PLUGIN,
        rs.getString("namespace") + "/" + rs.getString("name"),
        JsonColumns.claims(rs.getString("claims")),
        new SourceEntry.Version(
            rs.getString("version"),
            rs.getString("title"),
            rs.getString("description"),
            Optional.empty(),
            Optional.empty()));
  }

  private static RegistryEntry registryRow(ResultSet rs, EntryRow row) throws SQLException {
    return new RegistryEntry(
        row.type(),
        row.name(),
        row.version(),
        SourceName.of(rs.getString("source")),
        rs.getInt("position"));
  }

  private static void add(Map<String, List<EntryRow>> byKey, EntryRow row) {
    byKey.computeIfAbsent(row.type() + "\0" + row.name(), k -> new ArrayList<>()).add(row);
  }

  private static String sqlState(UnableToExecuteStatementException e) {
    Throwable cause = e.getCause();
    return cause instanceof SQLException sql && sql.getSQLState() != null ? sql.getSQLState() : "";
  }

  private static Duration duration(BigDecimal seconds) {
    BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
    return Duration.ofSeconds(
        whole.longValueExact(), seconds.subtract(whole).movePointRight(9).longValue());
  }
}
