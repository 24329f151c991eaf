package dev.waggle.adapters.postgres;

import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.out.EntryStore;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.Precedence;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.catalog.VersionOrder;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.source.SourceName;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistence adapter: {@link EntryStore} on PostgreSQL, replacing a source's versions in one
 * transaction of set-based statements, keeping what a source dropped as deleted tombstones until
 * the retention passes, and bringing the served catalog of the source's registries up to date in
 * the same transaction.
 */
final class JdbiEntryStore implements EntryStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbiEntryStore.class);

  /** How long deleted tombstones are kept when nothing says otherwise. */
  static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  /**
   * Writes payload rows {@code i} that hold a stored version's id over that version; {payload} is
   * the payload relation, aliased {@code i}. Whether a document's content moved ({@code
   * i.content_changed}) was decided in the JVM: a document whose text changed but whose content did
   * not keeps its time.
   */
  private static final String UPDATE_VERSIONS =
      """
      UPDATE server_version AS v SET
        title = i.title,
        description = i.description,
        status = i.status,
        document_text = i.document,
        published_at = CAST(i.published AS timestamptz),
        upstream_latest = i.upstream_latest,
        is_latest = i.latest,
        updated_at = CASE
          WHEN i.content_changed
            OR (v.status, v.is_latest, v.published_at)
              IS DISTINCT FROM (i.status, i.latest, CAST(i.published AS timestamptz))
          THEN now() ELSE v.updated_at END,
        status_changed_at = CASE
          WHEN v.status IS DISTINCT FROM i.status THEN now() ELSE v.status_changed_at END,
        status_message = CASE
          WHEN v.status IS DISTINCT FROM i.status THEN NULL ELSE v.status_message END
      FROM {payload}
      WHERE v.id = i.id
      """;

  /** Inserts payload rows {@code i} that hold no stored version's id as new versions. */
  private static final String INSERT_VERSIONS =
      """
      INSERT INTO server_version (entry_id, name, version, title, description, status,
          document_text, published_at, updated_at, status_changed_at, is_latest, upstream_latest)
      SELECT i.entry_id, i.name, i.version, i.title, i.description, i.status, i.document,
          COALESCE(CAST(i.published AS timestamptz), now()), now(), now(), i.latest,
          i.upstream_latest
      FROM {payload}
      WHERE i.id IS NULL
      """;

  private static final String UNNEST_PAYLOAD =
      """
      unnest(:ids, :entryIds, :names, :versions, :titles, :descriptions, :statuses, :documents,
             :latest, :published, :upstreamLatest, :contentChanged)
        AS i(id, entry_id, name, version, title, description, status, document, latest,
             published, upstream_latest, content_changed)
      """;

  /** The name of the threads that prepare replacements. */
  static final String READ_THREAD = "waggle-sync-read";

  private final Jdbi jdbi;
  private final PgCatalogChanges changes;
  private final Duration retention;
  private final DocumentHandOver handOver;

  /**
   * Prepares begun replacements, one thread each: a bounded pool could queue the read of one
   * replacement behind another's that waits for the first's lock. Syncs are few, so threads are.
   */
  private final ExecutorService reads =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, READ_THREAD);
            thread.setDaemon(true);
            return thread;
          });

  JdbiEntryStore(Jdbi jdbi, PgCatalogChanges changes, Duration retention) {
    this(jdbi, changes, retention, new DocumentHandOver());
  }

  /**
   * @param handOver where this replica's {@link JdbiServedCatalogStore} finds the documents each
   *     write just committed
   */
  JdbiEntryStore(
      Jdbi jdbi, PgCatalogChanges changes, Duration retention, DocumentHandOver handOver) {
    this.jdbi = jdbi;
    this.changes = changes;
    this.retention = retention;
    this.handOver = Objects.requireNonNull(handOver, "'handOver' must not be null");
  }

  @Override
  public void replaceSourceContents(SourceName source, List<ServerManifest> servers) {
    replaceSourceContents(source, servers, List.of());
  }

  @Override
  public void replaceSourceContents(
      SourceName source, List<ServerManifest> servers, List<ExtensionEntry> extensions) {
    // The same steps as a replacement begun ahead, only with the read on this thread.
    PgReplacement replacement = new PgReplacement(source, "read");
    replacement.preparation.run();
    try (replacement) {
      replacement.complete(servers, extensions);
    }
  }

  /**
   * Opens the transaction, locks the source and reads what it holds on the store's read thread,
   * while the caller goes on (parsing the contents to write); {@link Replacement#complete} writes
   * in that transaction once the read is in.
   */
  @Override
  public Replacement beginReplacement(SourceName source) {
    Objects.requireNonNull(source, "'source' must not be null");
    PgReplacement replacement = new PgReplacement(source, "read on " + READ_THREAD);
    reads.execute(replacement.preparation);
    return replacement;
  }

  /** The versions to write by name, then by version. */
  private static Map<String, Map<String, ServerManifest>> byName(List<ServerManifest> servers) {
    Map<String, Map<String, ServerManifest>> byName = new LinkedHashMap<>();
    for (ServerManifest server : servers) {
      // The first copy of a (name, version) wins; a source that repeats itself is not an error.
      byName
          .computeIfAbsent(server.name().value(), name -> new LinkedHashMap<>())
          .putIfAbsent(server.version().value(), server);
    }
    return byName;
  }

  private void complete(
      SourceName source,
      Prepared prepared,
      Map<String, Map<String, ServerManifest>> byName,
      List<ExtensionEntry> extensions,
      StepTimes steps) {
    DocumentHandOver.Written moved =
        inTransaction(
            prepared,
            handle -> {
              DocumentHandOver.Written names =
                  replace(handle, prepared.rows(), byName, retention, steps);
              JdbiExtensionWriter.replace(handle, source, extensions);
              steps.mark("extensions");
              return names;
            });
    steps.mark("commit");
    // After the commit: this replica serves its own write before the call returns, and re-reads
    // it without the documents it holds already.
    handOver.during(moved, () -> changes.committed(moved.registries()));
    steps.mark("snapshot");
    LOG.debug("source {}: stored in steps: {}", source, steps);
  }

  /**
   * Runs {@code work} in the prepared transaction and commits it; on failure rolls it back. Either
   * way the connection goes back to the pool.
   */
  private static <T> T inTransaction(Prepared prepared, Function<Handle, T> work) {
    Handle handle = prepared.handle();
    T result;
    try {
      result = work.apply(handle);
      handle.commit();
    } catch (RuntimeException | Error e) {
      discard(handle, e);
      throw e;
    }
    handle.close();
    return result;
  }

  /**
   * On the read thread (or the caller's, for a plain replace): takes a connection, begins the
   * transaction, locks the source and reads its rows. On failure nothing stays open.
   */
  private Prepared prepare(SourceName source) {
    StepTimes steps = new StepTimes();
    Handle handle = jdbi.open();
    try {
      handle.begin();
      steps.mark("connect");
      StoredRows rows = readStored(handle, source, retention, steps);
      return new Prepared(handle, rows, steps);
    } catch (RuntimeException | Error e) {
      discard(handle, e);
      throw e;
    }
  }

  /**
   * Rolls back whatever the handle's transaction did and returns its connection to the pool; a
   * failure to do either (the database gone) is attached to {@code cause}, or logged without one.
   */
  private static void discard(Handle handle, Throwable cause) {
    try {
      if (handle.isInTransaction()) {
        handle.rollback();
      }
    } catch (RuntimeException e) {
      undone(cause, e);
    } finally {
      try {
        handle.close();
      } catch (RuntimeException e) {
        undone(cause, e);
      }
    }
  }

  private static void undone(Throwable cause, RuntimeException failure) {
    if (cause != null) {
      cause.addSuppressed(failure);
    } else {
      // The pool rolls back and drops a connection it cannot reset; nothing here was written.
      LOG.warn("cannot roll back an abandoned replacement: {}", failure.getMessage());
    }
  }

  /**
   * Locking the source row serializes writers of one source; readers keep reading the old rows.
   * Everything a write decides from the existing rows comes from this one read.
   */
  private static StoredRows readStored(
      Handle handle, SourceName source, Duration retention, StepTimes steps) {
    Locked locked =
        handle
            .createQuery("SELECT id, now() AS now FROM source WHERE name = :name FOR UPDATE")
            .bind("name", source.value())
            .map((rs, ctx) -> new Locked(rs.getLong("id"), PostgresStorage.instant(rs, "now")))
            .findOne()
            .orElseThrow(() -> new SourceNotFoundException(source));
    steps.mark("lock");
    long sourceId = locked.sourceId();
    Map<String, List<StoredVersion>> stored = new HashMap<>();
    Map<String, StoredEntry> entries = new HashMap<>();
    Map<String, Claims> claimsByText = new HashMap<>();
    List<StoredVersion> expired = new ArrayList<>();
    handle
        .createQuery(
            """
            SELECT v.id, v.entry_id, v.name, v.version, v.status, v.published_at, v.is_latest,
                   v.upstream_latest, v.title, v.description, e.claims::text AS claims, e.live,
                   sha256(convert_to(v.document_text, 'UTF8')) AS digest,
                   v.status = 'deleted'
                     AND v.status_changed_at < now() - CAST(:retention AS interval) AS expired
            FROM server_version v JOIN server_entry e ON e.id = v.entry_id
            WHERE e.source_id = :source
            """)
        .bind("source", sourceId)
        .bind("retention", retention.toString())
        .map(
            (rs, ctx) -> {
              String name = rs.getString("name");
              if (!entries.containsKey(name)) {
                entries.put(
                    name,
                    new StoredEntry(
                        rs.getLong("entry_id"),
                        claimsByText.computeIfAbsent(rs.getString("claims"), JsonColumns::claims),
                        rs.getBoolean("live")));
              }
              return new StoredVersion(
                  rs.getLong("id"),
                  rs.getLong("entry_id"),
                  rs.getString("name"),
                  rs.getString("version"),
                  ServerStatus.fromWire("status", rs.getString("status")),
                  PostgresStorage.instant(rs, "published_at"),
                  rs.getBoolean("is_latest"),
                  rs.getObject("upstream_latest", Boolean.class),
                  rs.getString("title"),
                  rs.getString("description"),
                  rs.getBytes("digest"),
                  rs.getBoolean("expired"));
            })
        .forEach(
            v -> {
              if (v.expired()) {
                expired.add(v);
              } else {
                stored.computeIfAbsent(v.name(), name -> new ArrayList<>()).add(v);
              }
            });
    steps.mark("read stored");
    return new StoredRows(sourceId, locked.now(), stored, entries, expired);
  }

  /**
   * Everything that depends on the existing rows is decided here, from {@code rows}, and written by
   * id: statements that join the payload against the table would depend on the planner guessing the
   * payload's size, which it cannot do for a cached plan.
   */
  private static DocumentHandOver.Written replace(
      Handle handle,
      StoredRows rows,
      Map<String, Map<String, ServerManifest>> byName,
      Duration retention,
      StepTimes steps) {
    long sourceId = rows.sourceId();
    Instant now = rows.now();
    Map<String, List<StoredVersion>> stored = rows.versions();
    Map<String, StoredEntry> entries = rows.entries();
    List<StoredVersion> expired = rows.expired();
    // Every name whose rows change below, so that replicas re-read only those.
    Set<String> touched = new HashSet<>();
    expired.forEach(v -> touched.add(v.name()));
    // Tombstones past the retention go first, and everything below decides as if they never
    // were: the catalog must not grow with every removal forever.
    int changed =
        byId(
            handle,
            "DELETE FROM server_version WHERE id = ANY(:ids)",
            expired.stream().map(StoredVersion::id).toList());

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
                m.version(),
                m.upstream().publishedAt().orElse(old == null ? now : old.publishedAt()),
                m.status(),
                m.upstream().latest()));
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
                  touched.add(v.name());
                }
                boolean inPayload =
                    byName.getOrDefault(v.name(), Map.of()).containsKey(v.version());
                if (!inPayload && (v.status() != ServerStatus.DELETED || (latest && !v.latest()))) {
                  tombstones.add(v.id());
                  tombstonesLatest.add(latest);
                  touched.add(v.name());
                }
              }
            });

    // Cleared before anything sets the new ones: a unique index allows one latest per name. A flip
    // moves updated_at either way, so that updated_since reports it.
    changed +=
        byId(
            handle,
            "UPDATE server_version SET is_latest = false, updated_at = now() WHERE id = ANY(:ids)",
            noLongerLatest);
    if (!tombstones.isEmpty()) {
      // An already deleted tombstone only comes here to become latest: its status times stay.
      changed +=
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
          // Only a name that was live changes here; one gone before stays as it is.
          if (!byName.containsKey(name) && entries.get(name).live()) {
            goneEntries.add(versions.get(0).entryId());
            touched.add(name);
          }
        });
    changed +=
        byId(
            handle,
            "UPDATE server_entry SET live = false WHERE id = ANY(:ids) AND live",
            goneEntries);
    steps.mark("tombstones");
    if (!byName.isEmpty()) {
      changed += upsert(handle, sourceId, byName, latestByName, stored, entries, touched, steps);
    }
    if (!expired.isEmpty()) {
      // A name whose every version has expired leaves the source, and so the served catalog.
      changed +=
          handle
              .createUpdate(
                  """
                  DELETE FROM server_entry e
                  WHERE e.source_id = :source
                    AND NOT EXISTS (SELECT 1 FROM server_version v WHERE v.entry_id = e.id)
                  """)
              .bind("source", sourceId)
              .execute();
    }
    List<Long> registries = ServedCatalogWriter.registriesOf(handle, sourceId);
    ServedCatalogWriter.Moved moved =
        ServedCatalogWriter.moved(
            handle, registries, changed > 0 ? registries : List.of(), touched);
    ServedCatalogWriter.purgeNameChanges(handle, registries, retention);
    steps.mark("served catalog");
    return new DocumentHandOver.Written(sourceId, byName, moved.registries(), moved.generations());
  }

  /** Writes the payload's entries and versions; returns how many rows changed. */
  private static int upsert(
      Handle handle,
      long sourceId,
      Map<String, Map<String, ServerManifest>> byName,
      Map<String, String> latestByName,
      Map<String, List<StoredVersion>> stored,
      Map<String, StoredEntry> storedEntries,
      Set<String> touched,
      StepTimes steps) {
    int changed = 0;
    // live says whether the entry holds a version that is not deleted; precedence reads it, and
    // this method, the only writer of versions, keeps it true to them.
    List<String> entryNames = new ArrayList<>();
    List<String> entryClaims = new ArrayList<>();
    List<Boolean> entryLive = new ArrayList<>();
    // Only entries that are new or whose claims or liveness moved go to the database.
    Map<String, Long> entryIds = new HashMap<>();
    List<String> entriesChanged = new ArrayList<>();
    byName.forEach(
        (name, versions) -> {
          Claims claims = versions.values().iterator().next().claims();
          boolean live =
              Precedence.live(versions.values().stream().map(ServerManifest::status).toList());
          StoredEntry before = storedEntries.get(name);
          if (before != null && before.live() == live && before.claims().equals(claims)) {
            entryIds.put(name, before.id());
            return;
          }
          entryNames.add(name);
          entryClaims.add(JsonColumns.claims(claims));
          entryLive.add(live);
        });
    if (!entryNames.isEmpty()) {
      handle
          .createQuery(
              """
              INSERT INTO server_entry AS e (source_id, name, claims, live)
              SELECT :source, i.name, CAST(i.claims AS jsonb), i.live
              FROM unnest(:names, :claims, :live) AS i(name, claims, live)
              ON CONFLICT (source_id, name) DO UPDATE SET
                claims = EXCLUDED.claims,
                live = EXCLUDED.live
              WHERE (e.claims, e.live) IS DISTINCT FROM (EXCLUDED.claims, EXCLUDED.live)
              RETURNING e.id, e.name
              """)
          .bind("source", sourceId)
          .bindArray("names", String.class, entryNames)
          .bindArray("claims", String.class, entryClaims)
          .bindArray("live", Boolean.class, entryLive)
          .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getLong("id")))
          .forEach(
              entry -> {
                entryIds.put(entry.getKey(), entry.getValue());
                touched.add(entry.getKey());
                entriesChanged.add(entry.getKey());
              });
      changed += entriesChanged.size();
      // An entry that holds no version (so was not read above) and did not change returns no row.
      List<String> unseen = entryNames.stream().filter(n -> !entryIds.containsKey(n)).toList();
      if (!unseen.isEmpty()) {
        handle
            .createQuery(
                "SELECT id, name FROM server_entry WHERE source_id = :source AND name = ANY(:names)")
            .bind("source", sourceId)
            .bindArray("names", String.class, unseen)
            .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getLong("id")))
            .forEach(entry -> entryIds.put(entry.getKey(), entry.getValue()));
      }
    }

    steps.mark("entries");
    // Only rows that would change go to the statement: the database would compare and skip the
    // others anyway, but only after it had received every document.
    Rows rows = new Rows();
    MessageDigest sha256 = sha256();
    Utf8Scratch utf8 = new Utf8Scratch();
    // Rows whose text moved: whether their content did too needs the stored text.
    Map<Long, Integer> textMoved = new HashMap<>();
    byName.forEach(
        (name, versions) -> {
          Map<String, StoredVersion> before = new HashMap<>();
          stored.getOrDefault(name, List.of()).forEach(v -> before.put(v.version(), v));
          versions
              .values()
              .forEach(
                  m -> {
                    boolean latest = m.version().value().equals(latestByName.get(name));
                    StoredVersion old = before.get(m.version().value());
                    boolean sameText = old != null && old.sameText(m, sha256, utf8);
                    if (old == null || !sameText || !old.sameAs(m, latest)) {
                      // A version already stored keeps its publish time unless an upstream says
                      // otherwise; a new one without an upstream time gets the database's now().
                      Instant published =
                          m.upstream().publishedAt().orElse(old == null ? null : old.publishedAt());
                      if (!sameText) {
                        // jsonb did this check before: nothing that is not JSON is stored.
                        DocumentContent.check(m.document(), describe(m));
                      }
                      int row = rows.size();
                      rows.add(
                          old == null ? null : old.id(), entryIds.get(name), m, latest, published);
                      if (old != null && !sameText) {
                        if (old.sameFields(m)) {
                          textMoved.put(old.id(), row);
                        } else {
                          // Title and description are read from the document: it moved too.
                          rows.contentChanged.set(row, true);
                        }
                      }
                      touched.add(name);
                    }
                  });
        });
    steps.mark("compare");
    if (rows.entryIds.isEmpty()) {
      return changed;
    }
    if (!textMoved.isEmpty()) {
      handle
          .createQuery("SELECT id, document_text FROM server_version WHERE id = ANY(:ids)")
          .bindArray("ids", Long.class, List.copyOf(textMoved.keySet()))
          .map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getString("document_text")))
          .forEach(
              old -> {
                int row = textMoved.get(old.getKey());
                String written = rows.documents.get(row);
                String what = describe(rows.names.get(row), rows.versions.get(row));
                rows.contentChanged.set(row, !DocumentContent.same(old.getValue(), written, what));
              });
      steps.mark("content " + textMoved.size());
    }
    if (mayCreateTempTables(handle)) {
      // COPY is PostgreSQL's bulk path: no array to build here and to parse there.
      handle.execute(
          "CREATE TEMP TABLE version_payload (id bigint, entry_id bigint, name text,"
              + " version text, title text, description text, status text, document text,"
              + " latest boolean, published text, upstream_latest boolean,"
              + " content_changed boolean) ON COMMIT DROP");
      copy(handle, "version_payload", rows);
      steps.mark("copy " + rows.entryIds.size());
      changed += handle.execute(UPDATE_VERSIONS.replace("{payload}", "version_payload AS i"));
      changed += handle.execute(INSERT_VERSIONS.replace("{payload}", "version_payload AS i"));
      steps.mark("write");
      return changed;
    }
    for (String statement : List.of(UPDATE_VERSIONS, INSERT_VERSIONS)) {
      changed +=
          handle
              .createUpdate(statement.replace("{payload}", UNNEST_PAYLOAD.strip()))
              .bindArray("ids", Long.class, rows.ids)
              .bindArray("entryIds", Long.class, rows.entryIds)
              .bindArray("names", String.class, rows.names)
              .bindArray("versions", String.class, rows.versions)
              .bindArray("titles", String.class, rows.titles)
              .bindArray("descriptions", String.class, rows.descriptions)
              .bindArray("statuses", String.class, rows.statuses)
              .bindArray("documents", String.class, rows.documents)
              .bindArray("latest", Boolean.class, rows.latest)
              .bindArray("published", String.class, rows.published)
              .bindArray("upstreamLatest", Boolean.class, rows.upstreamLatest)
              .bindArray("contentChanged", Boolean.class, rows.contentChanged)
              .execute();
    }
    return changed;
  }

  private static String describe(ServerManifest manifest) {
    return describe(manifest.name().value(), manifest.version().value());
  }

  /** A version as messages name it: its server's name, a space, its version. */
  private static String describe(String name, String version) {
    return name + " " + version;
  }

  /**
   * Whether this session may create temporary tables: PUBLIC may, unless a DBA revoked it, and then
   * the rows go as arrays instead.
   */
  private static boolean mayCreateTempTables(Handle handle) {
    return handle
        .createQuery("SELECT has_database_privilege(current_database(), 'TEMP')")
        .mapTo(Boolean.class)
        .one();
  }

  /** Streams the rows into {@code table} with COPY's text format. */
  private static void copy(Handle handle, String table, Rows rows) {
    try {
      PGConnection pg = handle.getConnection().unwrap(PGConnection.class);
      try (PGCopyOutputStream out =
          new PGCopyOutputStream(pg, "COPY " + table + " FROM STDIN", 1 << 16)) {
        StringBuilder line = new StringBuilder(4096);
        // Each row is encoded into one reused buffer: no String of the row, no second char copy.
        Utf8Scratch utf8 = new Utf8Scratch();
        for (int i = 0; i < rows.entryIds.size(); i++) {
          line.setLength(0);
          Long id = rows.ids.get(i);
          // Ids as longs: the builder writes their digits itself, with no String for each.
          if (id == null) {
            line.append("\\N");
          } else {
            line.append(id.longValue());
          }
          line.append('\t').append(rows.entryIds.get(i).longValue()).append('\t');
          copyField(line, rows.names.get(i)).append('\t');
          copyField(line, rows.versions.get(i)).append('\t');
          copyField(line, rows.titles.get(i)).append('\t');
          copyField(line, rows.descriptions.get(i)).append('\t');
          copyField(line, rows.statuses.get(i)).append('\t');
          copyField(line, rows.documents.get(i)).append('\t');
          line.append(rows.latest.get(i) ? 't' : 'f').append('\t');
          copyField(line, rows.published.get(i)).append('\t');
          Boolean upstreamLatest = rows.upstreamLatest.get(i);
          line.append(upstreamLatest == null ? "\\N" : upstreamLatest ? "t" : "f").append('\t');
          line.append(rows.contentChanged.get(i) ? 't' : 'f').append('\n');
          utf8.encode(line);
          out.write(utf8.bytes(), 0, utf8.length());
        }
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(
          "cannot copy " + rows.entryIds.size() + " versions to the database: " + e.getMessage(),
          e);
    }
  }

  /**
   * Appends a value in COPY's text format: {@code \N} for null, the four special characters
   * escaped.
   */
  private static StringBuilder copyField(StringBuilder line, String value) {
    if (value == null) {
      return line.append("\\N");
    }
    if (!needsEscape(value)) {
      // Most documents hold none of the four: appended whole, not a character at a time.
      return line.append(value);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> line.append(c);
      }
    }
    return line;
  }

  private static boolean needsEscape(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == '\n' || c == '\r' || c == '\t') {
        return true;
      }
    }
    return false;
  }

  private static int byId(Handle handle, String sql, List<Long> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    return handle.createUpdate(sql).bindArray("ids", Long.class, ids).execute();
  }

  /** How many live (not deleted) versions a source holds now; for tests and diagnostics. */
  int countVersions(SourceName source) {
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

  private record Locked(long sourceId, Instant now) {}

  /** What a source holds, as read under its lock, by name; expired tombstones apart. */
  private record StoredRows(
      long sourceId,
      Instant now,
      Map<String, List<StoredVersion>> versions,
      Map<String, StoredEntry> entries,
      List<StoredVersion> expired) {}

  /** A replacement's open transaction, the rows it read and how long getting them took. */
  private record Prepared(Handle handle, StoredRows rows, StepTimes steps) {}

  /**
   * A replacement whose preparation may still be running on the read thread: completing waits for
   * it, closing without completing waits for it too (a statement in flight cannot be taken back)
   * and then rolls back, so that no transaction, lock or connection outlives the replacement.
   */
  private final class PgReplacement implements Replacement {
    private final SourceName source;

    /** Names the preparation's steps in the DEBUG line: where they ran. */
    private final String preparedBy;

    /**
     * Set by whichever comes first, the preparation starting or a close before it did; so that a
     * preparation that never started never opens anything, and one that did is always waited for.
     * (A {@link FutureTask}'s own cancel would let a running preparation go on unowned.)
     */
    private final AtomicBoolean claimed = new AtomicBoolean();

    final FutureTask<Prepared> preparation;
    private boolean completing;

    /** Whether the prepared transaction is no longer this replacement's to end. */
    private boolean ended;

    PgReplacement(SourceName source, String preparedBy) {
      this.source = source;
      this.preparedBy = preparedBy;
      this.preparation =
          new FutureTask<>(() -> claimed.compareAndSet(false, true) ? prepare(source) : null);
    }

    @Override
    public void complete(List<ServerManifest> servers, List<ExtensionEntry> extensions) {
      if (completing || ended) {
        throw new IllegalStateException(
            "the replacement of source " + source + " is already complete or closed");
      }
      completing = true;
      StepTimes steps = new StepTimes();
      Map<String, Map<String, ServerManifest>> byName = byName(servers);
      steps.mark("group");
      Prepared ready;
      try {
        ready = preparation.get();
      } catch (InterruptedException e) {
        // The read goes on; close() waits for it and rolls back.
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while reading the stored versions of source " + source, e);
      } catch (ExecutionException e) {
        // The read failed and left nothing open: its failure is this write's, as it was before.
        ended = true;
        throw rethrown(e.getCause());
      }
      ended = true;
      steps.mark("wait for read");
      steps.prepend(preparedBy, ready.steps());
      JdbiEntryStore.this.complete(source, ready, byName, extensions, steps);
    }

    @Override
    public void close() {
      if (ended) {
        return;
      }
      ended = true;
      if (claimed.compareAndSet(false, true)) {
        // The preparation had not started, and now never will.
        return;
      }
      boolean interrupted = false;
      try {
        while (true) {
          try {
            discard(preparation.get().handle(), null);
            return;
          } catch (InterruptedException e) {
            interrupted = true;
          } catch (ExecutionException e) {
            // Failed on its own, and let go of everything it held.
            return;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static RuntimeException rethrown(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(failure.getMessage(), failure);
  }

  /** A stored entry as far as a write compares it. */
  private record StoredEntry(long id, Claims claims, boolean live) {}

  private record StoredVersion(
      long id,
      long entryId,
      String name,
      String version,
      ServerStatus status,
      Instant publishedAt,
      boolean latest,
      Boolean upstreamLatest,
      String title,
      String description,
      byte[] digest,
      boolean expired) {

    /** Whether {@code manifest}'s document is this row's text, byte for byte. */
    boolean sameText(ServerManifest manifest, MessageDigest sha256, Utf8Scratch utf8) {
      utf8.encode(manifest.document());
      sha256.update(utf8.bytes(), 0, utf8.length());
      return Arrays.equals(digest, sha256.digest());
    }

    /**
     * Whether writing {@code manifest} over this row would leave every compared column but the
     * document as is.
     */
    boolean sameAs(ServerManifest manifest, boolean isLatest) {
      return latest == isLatest
          && status == manifest.status()
          && manifest.upstream().publishedAt().map(t -> publishedAt.equals(micros(t))).orElse(true)
          && Objects.equals(upstreamLatest, manifest.upstream().latest().orElse(null))
          && sameFields(manifest);
    }

    /** Whether {@code manifest}'s title and description, read from its document, are this row's. */
    boolean sameFields(ServerManifest manifest) {
      return Objects.equals(title, manifest.title())
          && Objects.equals(description, manifest.description());
    }
  }

  /** A time as a timestamptz column keeps it; PostgreSQL would round what it cannot hold. */
  private static Instant micros(Instant time) {
    return time.truncatedTo(ChronoUnit.MICROS);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The version rows of one write, column by column, as unnest() takes them. */
  private static final class Rows {
    /** The stored version a row writes over; null for a new version. */
    final List<Long> ids = new ArrayList<>();

    final List<Long> entryIds = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    final List<String> versions = new ArrayList<>();
    final List<String> titles = new ArrayList<>();
    final List<String> descriptions = new ArrayList<>();
    final List<String> statuses = new ArrayList<>();
    final List<String> documents = new ArrayList<>();
    final List<Boolean> latest = new ArrayList<>();
    final List<String> published = new ArrayList<>();
    final List<Boolean> upstreamLatest = new ArrayList<>();

    /** Whether a row's document content moves; true until its stored text says otherwise. */
    final List<Boolean> contentChanged = new ArrayList<>();

    int size() {
      return entryIds.size();
    }

    /**
     * @param publishedAt the version's publish time to write; null for a new version that gets the
     *     database's clock
     */
    void add(
        Long id, long entryId, ServerManifest manifest, boolean isLatest, Instant publishedAt) {
      ids.add(id);
      entryIds.add(entryId);
      names.add(manifest.name().value());
      versions.add(manifest.version().value());
      titles.add(manifest.title());
      descriptions.add(manifest.description());
      statuses.add(manifest.status().wireName());
      documents.add(manifest.document());
      latest.add(isLatest);
      published.add(publishedAt == null ? null : micros(publishedAt).toString());
      upstreamLatest.add(manifest.upstream().latest().orElse(null));
      // An unchanged text is unchanged content; a moved one is compared once the stored text is in.
      contentChanged.add(id == null);
    }
  }
}
