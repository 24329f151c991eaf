package dev.waggle.adapters.postgres;

import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.out.EntryStore;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.catalog.OfficialMeta;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.catalog.VersionOrder;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.paging.Cursor;
import dev.waggle.domain.paging.Page;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * Persistence adapter: {@link EntryStore} on PostgreSQL, replacing a source's versions in one
 * transaction of set-based statements, keeping what a source dropped as deleted tombstones, and
 * reading a page, precedence and claims included, in one query.
 */
final class JdbiEntryStore implements EntryStore {
  private static final String LISTING_COLUMNS =
      """
      SELECT v.name, v.version, v.document::text AS document, v.status, v.status_message,
             v.published_at, v.updated_at, v.status_changed_at, v.is_latest
      """;

  /**
   * The versions a registry serves: those of the best-ranked source that holds the name visibly.
   * Sources rank by whether their entry is live (holds a version that is not deleted), then by
   * their place in the registry's order; so a name its first source has removed is served by the
   * next source that still has it, and a name removed everywhere still reports the tombstones of
   * the first. Written as anti-joins on rival entries of the same name, so that filters on versions
   * (search, status, version) never change which source wins; the one on worse-placed rivals only
   * runs for an entry that is not live. {@code %1$s} and {@code %2$s} are the caller's claim checks
   * on the candidate and on the rival entry.
   */
  private static final String WINNING_VERSIONS =
      """
      FROM server_version v
      JOIN server_entry e ON e.id = v.entry_id
      JOIN registry_source rs ON rs.source_id = e.source_id
      JOIN registry r ON r.id = rs.registry_id
      WHERE r.name = :registry %1$s
        AND NOT EXISTS (
          SELECT 1
          FROM registry_source better
          JOIN server_entry rival ON rival.source_id = better.source_id AND rival.name = e.name
          WHERE better.registry_id = rs.registry_id AND better.position < rs.position %2$s
            AND (rival.live OR NOT e.live))
        AND (e.live OR NOT EXISTS (
          SELECT 1
          FROM registry_source worse
          JOIN server_entry rival ON rival.source_id = worse.source_id AND rival.name = e.name
          WHERE worse.registry_id = rs.registry_id AND worse.position > rs.position %2$s
            AND rival.live))
      """;

  /**
   * {@code Claims.canSee} in SQL: the entry has claims, and for each of its keys the caller holds
   * the key and, unless the entry's list is empty, one of its values. Anything but a list of
   * strings fails closed.
   */
  private static final String VISIBLE_TO_CALLER =
      """
      AND %1$s.claims <> '{}'::jsonb
      AND NOT EXISTS (
        SELECT 1 FROM jsonb_each(%1$s.claims) AS required(claim, allowed)
        WHERE NOT COALESCE(CASE
          WHEN jsonb_typeof(required.allowed) <> 'array' THEN false
          WHEN required.allowed = '[]'::jsonb
            THEN (CAST(:callerClaims AS jsonb) -> required.claim) IS NOT NULL
          ELSE EXISTS (
            SELECT 1 FROM jsonb_array_elements(required.allowed) AS one(value)
            WHERE jsonb_typeof(one.value) = 'string'
              AND (CAST(:callerClaims AS jsonb) -> required.claim) @> one.value)
        END, false))
      """;

  /** LIKE's escape character; not a backslash so no layer reads it as a string escape. */
  private static final char LIKE_ESCAPE = '!';

  private final Jdbi jdbi;

  JdbiEntryStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void replaceSourceContents(SourceName source, List<ServerManifest> servers) {
    Map<String, Map<String, ServerManifest>> byName = new LinkedHashMap<>();
    for (ServerManifest server : servers) {
      // The first copy of a (name, version) wins; a source that repeats itself is not an error.
      byName
          .computeIfAbsent(server.name().value(), name -> new LinkedHashMap<>())
          .putIfAbsent(server.version().value(), server);
    }
    jdbi.useTransaction(handle -> replace(handle, source, byName));
  }

  /**
   * Everything that depends on the existing rows is decided here, from one read of them, and
   * written by id: statements that join the payload against the table would depend on the planner
   * guessing the payload's size, which it cannot do for a cached plan.
   */
  private static void replace(
      Handle handle, SourceName source, Map<String, Map<String, ServerManifest>> byName) {
    // Locking the source row serializes writers of one source; readers keep reading the old rows.
    Locked locked =
        handle
            .createQuery("SELECT id, now() AS now FROM source WHERE name = :name FOR UPDATE")
            .bind("name", source.value())
            .map((rs, ctx) -> new Locked(rs.getLong("id"), PostgresStorage.instant(rs, "now")))
            .findOne()
            .orElseThrow(() -> new SourceNotFoundException(source));
    long sourceId = locked.sourceId();
    Instant now = locked.now();

    Map<String, List<StoredVersion>> stored = new HashMap<>();
    handle
        .createQuery(
            """
            SELECT v.id, v.entry_id, v.name, v.version, v.status, v.published_at, v.is_latest
            FROM server_version v JOIN server_entry e ON e.id = v.entry_id
            WHERE e.source_id = :source
            """)
        .bind("source", sourceId)
        .map(
            (rs, ctx) ->
                new StoredVersion(
                    rs.getLong("id"),
                    rs.getLong("entry_id"),
                    rs.getString("name"),
                    rs.getString("version"),
                    ServerStatus.fromWire("status", rs.getString("status")),
                    PostgresStorage.instant(rs, "published_at"),
                    rs.getBoolean("is_latest")))
        .forEach(v -> stored.computeIfAbsent(v.name(), name -> new ArrayList<>()).add(v));

    // Versions the payload no longer holds stay as deleted tombstones, so that incremental readers
    // (updated_since) learn of the removal; they take part in choosing the latest as deleted.
    Map<String, String> latestByName = new HashMap<>();
    Set<String> names = new HashSet<>(byName.keySet());
    names.addAll(stored.keySet());
    for (String name : names) {
      Map<String, ServerManifest> payload = byName.getOrDefault(name, Map.of());
      Map<String, StoredVersion> before = new HashMap<>();
      stored.getOrDefault(name, List.of()).forEach(v -> before.put(v.version(), v));
      List<VersionOrder.Candidate> candidates = new ArrayList<>();
      for (ServerManifest m : payload.values()) {
        StoredVersion old = before.get(m.version().value());
        candidates.add(
            new VersionOrder.Candidate(
                m.version(), old == null ? now : old.publishedAt(), m.status()));
      }
      before.forEach(
          (version, old) -> {
            if (!payload.containsKey(version)) {
              candidates.add(
                  new VersionOrder.Candidate(
                      Version.of(version), old.publishedAt(), ServerStatus.DELETED));
            }
          });
      latestByName.put(name, VersionOrder.latest(candidates).orElseThrow().value());
    }

    List<Long> noLongerLatest = new ArrayList<>();
    List<Long> tombstones = new ArrayList<>();
    List<Boolean> tombstonesLatest = new ArrayList<>();
    stored
        .values()
        .forEach(
            versions -> {
              for (StoredVersion v : versions) {
                boolean latest = v.version().equals(latestByName.get(v.name()));
                if (v.latest() && !latest) {
                  noLongerLatest.add(v.id());
                }
                boolean inPayload =
                    byName.getOrDefault(v.name(), Map.of()).containsKey(v.version());
                if (!inPayload && (v.status() != ServerStatus.DELETED || (latest && !v.latest()))) {
                  tombstones.add(v.id());
                  tombstonesLatest.add(latest);
                }
              }
            });

    // Cleared before anything sets the new ones: a unique index allows one latest per name. A flip
    // moves updated_at either way, so that updated_since reports it.
    byId(
        handle,
        "UPDATE server_version SET is_latest = false, updated_at = now() WHERE id = ANY(:ids)",
        noLongerLatest);
    if (!tombstones.isEmpty()) {
      // An already deleted tombstone only comes here to become latest: its status times stay.
      handle
          .createUpdate(
              """
              UPDATE server_version AS v SET
                status = 'deleted',
                is_latest = i.latest,
                updated_at = now(),
                status_changed_at = CASE
                  WHEN v.status <> 'deleted' THEN now() ELSE v.status_changed_at END,
                status_message = CASE
                  WHEN v.status <> 'deleted' THEN NULL ELSE v.status_message END
              FROM unnest(:ids, :latest) AS i(id, latest)
              WHERE v.id = i.id
              """)
          .bindArray("ids", Long.class, tombstones)
          .bindArray("latest", Boolean.class, tombstonesLatest)
          .execute();
    }
    // A name the payload no longer holds keeps its entry, and so its claims, for its tombstones.
    List<Long> goneEntries = new ArrayList<>();
    stored.forEach(
        (name, versions) -> {
          if (!byName.containsKey(name)) {
            goneEntries.add(versions.get(0).entryId());
          }
        });
    byId(handle, "UPDATE server_entry SET live = false WHERE id = ANY(:ids) AND live", goneEntries);
    if (byName.isEmpty()) {
      return;
    }
    // live says whether the entry holds a version that is not deleted; precedence reads it, and
    // this method, the only writer of versions, keeps it true to them.
    List<String> entryNames = new ArrayList<>();
    List<String> entryClaims = new ArrayList<>();
    List<Boolean> entryLive = new ArrayList<>();
    byName.forEach(
        (name, versions) -> {
          entryNames.add(name);
          entryClaims.add(JsonColumns.claims(versions.values().iterator().next().claims()));
          entryLive.add(
              versions.values().stream().anyMatch(m -> m.status() != ServerStatus.DELETED));
        });
    handle
        .createUpdate(
            """
            INSERT INTO server_entry AS e (source_id, name, claims, live)
            SELECT :source, i.name, CAST(i.claims AS jsonb), i.live
            FROM unnest(:names, :claims, :live) AS i(name, claims, live)
            ON CONFLICT (source_id, name) DO UPDATE SET
              claims = EXCLUDED.claims,
              live = EXCLUDED.live
            WHERE (e.claims, e.live) IS DISTINCT FROM (EXCLUDED.claims, EXCLUDED.live)
            """)
        .bind("source", sourceId)
        .bindArray("names", String.class, entryNames)
        .bindArray("claims", String.class, entryClaims)
        .bindArray("live", Boolean.class, entryLive)
        .execute();
    Map<String, Long> entryIds = new HashMap<>();
    handle
        .createQuery("SELECT id, name FROM server_entry WHERE source_id = :source")
        .bind("source", sourceId)
        .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getLong("id")))
        .forEach(entry -> entryIds.put(entry.getKey(), entry.getValue()));

    Rows rows = new Rows();
    byName.forEach(
        (name, versions) ->
            versions
                .values()
                .forEach(
                    m ->
                        rows.add(
                            entryIds.get(name),
                            m,
                            m.version().value().equals(latestByName.get(name)))));
    handle
        .createUpdate(
            """
            INSERT INTO server_version AS v (entry_id, name, version, title, description, status,
                document, published_at, updated_at, status_changed_at, is_latest)
            SELECT i.entry_id, i.name, i.version, i.title, i.description, i.status,
                CAST(i.document AS jsonb), now(), now(), now(), i.latest
            FROM unnest(:entryIds, :names, :versions, :titles, :descriptions, :statuses,
                        :documents, :latest)
                AS i(entry_id, name, version, title, description, status, document, latest)
            ON CONFLICT (entry_id, version) DO UPDATE SET
              title = EXCLUDED.title,
              description = EXCLUDED.description,
              status = EXCLUDED.status,
              document = EXCLUDED.document,
              is_latest = EXCLUDED.is_latest,
              updated_at = CASE
                WHEN (v.document, v.status, v.is_latest)
                  IS DISTINCT FROM (EXCLUDED.document, EXCLUDED.status, EXCLUDED.is_latest)
                THEN EXCLUDED.updated_at ELSE v.updated_at END,
              status_changed_at = CASE
                WHEN v.status IS DISTINCT FROM EXCLUDED.status
                THEN EXCLUDED.status_changed_at ELSE v.status_changed_at END,
              status_message = CASE
                WHEN v.status IS DISTINCT FROM EXCLUDED.status
                THEN NULL ELSE v.status_message END
            WHERE (v.title, v.description, v.status, v.document, v.is_latest)
              IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.description, EXCLUDED.status,
                                EXCLUDED.document, EXCLUDED.is_latest)
            """)
        .bindArray("entryIds", Long.class, rows.entryIds)
        .bindArray("names", String.class, rows.names)
        .bindArray("versions", String.class, rows.versions)
        .bindArray("titles", String.class, rows.titles)
        .bindArray("descriptions", String.class, rows.descriptions)
        .bindArray("statuses", String.class, rows.statuses)
        .bindArray("documents", String.class, rows.documents)
        .bindArray("latest", Boolean.class, rows.latest)
        .execute();
  }

  private static void byId(Handle handle, String sql, List<Long> ids) {
    if (!ids.isEmpty()) {
      handle.createUpdate(sql).bindArray("ids", Long.class, ids).execute();
    }
  }

  @Override
  public Page<ServerListing> listServers(ListServersQuery query) {
    StringBuilder where = new StringBuilder();
    query
        .cursor()
        .ifPresent(
            c ->
                where.append(
                    " AND (v.name COLLATE \"C\", v.version COLLATE \"C\") > (:afterName, :afterVersion)"));
    query
        .search()
        .ifPresent(
            s ->
                where.append(
                    " AND (v.name ILIKE :pattern ESCAPE '!' OR v.title ILIKE :pattern ESCAPE '!'"
                        + " OR v.description ILIKE :pattern ESCAPE '!')"));
    query.updatedSince().ifPresent(t -> where.append(" AND v.updated_at > :updatedSince"));
    query
        .version()
        .ifPresent(
            selector ->
                where.append(
                    selector.isLatest() ? " AND v.is_latest" : " AND v.version = :version"));
    if (!query.includeDeleted()) {
      where.append(" AND v.status <> 'deleted'");
    }
    String sql =
        LISTING_COLUMNS
            + winning(query.caller())
            + where
            + " ORDER BY v.name COLLATE \"C\", v.version COLLATE \"C\" LIMIT :limit";
    List<ServerListing> items =
        jdbi.withHandle(
            handle -> {
              Query statement = handle.createQuery(sql);
              bindCommon(statement, query.registry(), query.caller());
              query
                  .cursor()
                  .ifPresent(
                      c ->
                          statement
                              .bind("afterName", c.name().value())
                              .bind("afterVersion", c.version().value()));
              query.search().ifPresent(s -> statement.bind("pattern", "%" + escapeLike(s) + "%"));
              query.updatedSince().ifPresent(t -> statement.bind("updatedSince", t));
              query
                  .version()
                  .flatMap(VersionSelector::exact)
                  .ifPresent(v -> statement.bind("version", v.value()));
              // One extra row says whether another page follows, without counting.
              statement.bind("limit", query.limit() + 1);
              return statement.map((rs, ctx) -> listing(rs)).list();
            });
    if (items.size() <= query.limit()) {
      return new Page<>(items, Optional.empty());
    }
    List<ServerListing> page = items.subList(0, query.limit());
    ServerListing last = page.get(page.size() - 1);
    return new Page<>(page, Optional.of(new Cursor(last.name(), last.version())));
  }

  @Override
  public List<ServerListing> listVersions(
      RegistryName registry, ServerName name, boolean includeDeleted, Caller caller) {
    String sql =
        LISTING_COLUMNS
            + winning(caller)
            + " AND e.name = :name"
            + (includeDeleted ? "" : " AND v.status <> 'deleted'")
            + " ORDER BY v.published_at DESC, v.version COLLATE \"C\" DESC";
    return jdbi.withHandle(
        handle -> {
          Query statement = handle.createQuery(sql).bind("name", name.value());
          bindCommon(statement, registry, caller);
          return statement.map((rs, ctx) -> listing(rs)).list();
        });
  }

  @Override
  public Optional<ServerListing> findVersion(
      RegistryName registry,
      ServerName name,
      VersionSelector version,
      boolean includeDeleted,
      Caller caller) {
    String sql =
        LISTING_COLUMNS
            + winning(caller)
            + " AND e.name = :name"
            + (version.isLatest() ? " AND v.is_latest" : " AND v.version = :version")
            + (includeDeleted ? "" : " AND v.status <> 'deleted'")
            + " ORDER BY v.published_at DESC LIMIT 1";
    return jdbi.withHandle(
        handle -> {
          Query statement = handle.createQuery(sql).bind("name", name.value());
          version.exact().ifPresent(v -> statement.bind("version", v.value()));
          bindCommon(statement, registry, caller);
          return statement.map((rs, ctx) -> listing(rs)).findOne();
        });
  }

  @Override
  public int countVersions(SourceName source) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    SELECT count(*) FROM server_version v
                    JOIN server_entry e ON e.id = v.entry_id
                    JOIN source s ON s.id = e.source_id
                    WHERE s.name = :name AND v.status <> 'deleted'
                    """)
                .bind("name", source.value())
                .mapTo(Integer.class)
                .one());
  }

  private static String winning(Caller caller) {
    if (caller.seesEverything()) {
      return WINNING_VERSIONS.formatted("", "");
    }
    return WINNING_VERSIONS.formatted(
        VISIBLE_TO_CALLER.formatted("e"), VISIBLE_TO_CALLER.formatted("rival"));
  }

  private static void bindCommon(Query statement, RegistryName registry, Caller caller) {
    statement.bind("registry", registry.value());
    if (!caller.seesEverything()) {
      statement.bind("callerClaims", JsonColumns.claims(caller.claims().orElseThrow()));
    }
  }

  static String escapeLike(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 8);
    for (char c : text.toCharArray()) {
      if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
        escaped.append(LIKE_ESCAPE);
      }
      escaped.append(c);
    }
    return escaped.toString();
  }

  private static ServerListing listing(ResultSet rs) throws SQLException {
    return new ServerListing(
        ServerName.of(rs.getString("name")),
        Version.of(rs.getString("version")),
        rs.getString("document"),
        new OfficialMeta(
            ServerStatus.fromWire("status", rs.getString("status")),
            rs.getString("status_message"),
            PostgresStorage.instant(rs, "published_at"),
            PostgresStorage.instant(rs, "updated_at"),
            PostgresStorage.instant(rs, "status_changed_at"),
            rs.getBoolean("is_latest")));
  }

  private record Locked(long sourceId, Instant now) {}

  private record StoredVersion(
      long id,
      long entryId,
      String name,
      String version,
      ServerStatus status,
      Instant publishedAt,
      boolean latest) {}

  /** The version rows of one write, column by column, as unnest() takes them. */
  private static final class Rows {
    final List<Long> entryIds = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    final List<String> versions = new ArrayList<>();
    final List<String> titles = new ArrayList<>();
    final List<String> descriptions = new ArrayList<>();
    final List<String> statuses = new ArrayList<>();
    final List<String> documents = new ArrayList<>();
    final List<Boolean> latest = new ArrayList<>();

    void add(long entryId, ServerManifest manifest, boolean isLatest) {
      entryIds.add(entryId);
      names.add(manifest.name().value());
      versions.add(manifest.version().value());
      titles.add(manifest.title());
      descriptions.add(manifest.description());
      statuses.add(manifest.status().wireName());
      documents.add(manifest.document());
      latest.add(isLatest);
    }
  }
}
