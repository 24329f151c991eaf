package dev.waggle.adapters.postgres;

import dev.waggle.application.port.in.ConflictException;
import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.out.ManagedEntryStore;
import dev.waggle.application.port.out.ManagedEntryStore.StoredVersion;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.EntryType;
import dev.waggle.domain.catalog.Precedence;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.catalog.VersionOrder;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionVersions;
import dev.waggle.domain.source.SourceName;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Persistence adapter: {@link ManagedEntryStore} on PostgreSQL — one version at a time into the
 * managed source, each write in one transaction that holds the source's row lock (so writers of the
 * source take turns and a check sees what the write will change) and re-ranks the served catalog of
 * every registry over the source, moving their generations.
 */
final class JdbiManagedEntryStore implements ManagedEntryStore {
  private static final String UNIQUE_VIOLATION = "23505";

  private final Jdbi jdbi;
  private final PgCatalogChanges changes;

  JdbiManagedEntryStore(Jdbi jdbi, PgCatalogChanges changes) {
    this.jdbi = jdbi;
    this.changes = changes;
  }

  @Override
  public StoredVersion publishServer(
      SourceName source, ServerManifest server, Consumer<Claims> check) {
    String name = server.name().value();
    String version = server.version().value();
    try {
      return write(
          handle -> {
            long sourceId = lock(handle, source);
            Optional<ServerEntryRow> entry = serverEntry(handle, sourceId, name);
            List<ServerVersionRow> versions =
                entry.map(e -> serverVersions(handle, e.id())).orElse(List.of());
            if (!versions.isEmpty()) {
              check.accept(entry.get().claims());
            }
            if (versions.stream().anyMatch(v -> v.version().equals(version))) {
              throw ConflictException.versionExists(name, version);
            }
            Instant now = handle.createQuery("SELECT now()").mapTo(Instant.class).one();
            List<VersionOrder.Candidate> candidates = candidates(versions);
            candidates.add(new VersionOrder.Candidate(server.version(), now, server.status()));
            boolean latest = VersionOrder.latest(candidates).orElseThrow().equals(server.version());
            List<ServerStatus> statuses = new ArrayList<>();
            versions.forEach(v -> statuses.add(v.status()));
            statuses.add(server.status());
            boolean live = Precedence.live(statuses);
            long entryId =
                handle
                    .createQuery(
                        """
                        INSERT INTO server_entry AS e (source_id, name, claims, live)
                        VALUES (:source, :name, CAST(:claims AS jsonb), :live)
                        ON CONFLICT (source_id, name) DO UPDATE SET
                          claims = EXCLUDED.claims, live = EXCLUDED.live
                        RETURNING e.id
                        """)
                    .bind("source", sourceId)
                    .bind("name", name)
                    // The check made sure the claims are those the entry has, if it has versions.
                    .bind("claims", JsonColumns.claims(server.claims()))
                    .bind("live", live)
                    .mapTo(Long.class)
                    .one();
            if (latest) {
              handle
                  .createUpdate(
                      "UPDATE server_version SET is_latest = false, updated_at = now()"
                          + " WHERE entry_id = :entry AND is_latest")
                  .bind("entry", entryId)
                  .execute();
            }
            StoredVersion published =
                handle
                    .createQuery(
                        """
                        INSERT INTO server_version (entry_id, name, version, title, description,
                            status, document_text, published_at, updated_at, status_changed_at,
                            is_latest)
                        VALUES (:entry, :name, :version, :title, :description, :status,
                            :document, now(), now(), now(), :latest)
                        RETURNING id, published_at, updated_at
                        """)
                    .bind("entry", entryId)
                    .bind("name", name)
                    .bind("version", version)
                    .bind("title", server.title())
                    .bind("description", server.description())
                    .bind("status", server.status().wireName())
                    .bind("document", server.document())
                    .bind("latest", latest)
                    .map(
                        (rs, ctx) ->
                            new StoredVersion(
                                Long.toString(rs.getLong("id")),
                                latest,
                                PostgresStorage.instant(rs, "published_at"),
                                PostgresStorage.instant(rs, "updated_at")))
                    .one();
            return new Written<>(published, serve(handle, sourceId, name));
          });
    } catch (StatementException e) {
      // The row lock makes this rare; the unique constraint is the last word on duplicates.
      throw duplicateOr(e, name, version);
    }
  }

  @Override
  public StoredVersion publishExtension(
      SourceName source, ExtensionEntry entry, Consumer<Claims> check) {
    String name = entry.id().name();
    String version = entry.version().value();
    String kind = JdbiExtensionWriter.kind(entry.kind());
    try {
      return write(
          handle -> {
            long sourceId = lock(handle, source);
            List<ExtensionRow> rows = extensionRows(handle, sourceId, entry.kind(), name);
            Optional<ExtensionRow> elsewhere =
                rows.stream()
                    .filter(r -> !r.namespace().equals(entry.id().namespace()))
                    .findFirst();
            if (elsewhere.isPresent()) {
              // The admin paths name a skill or plugin by its bare name, as ToolHive's do: two
              // namespaces under one name could not be told apart there.
              throw new ConflictException(
                  kind
                      + " name '"
                      + name
                      + "' is already published under namespace '"
                      + elsewhere.get().namespace()
                      + "'");
            }
            if (!rows.isEmpty()) {
              check.accept(rows.get(0).claims());
            }
            if (rows.stream().anyMatch(r -> r.version().equals(version))) {
              throw ConflictException.versionExists(name, version);
            }
            List<Version> versions = new ArrayList<>();
            rows.forEach(r -> versions.add(Version.of(r.version())));
            versions.add(entry.version());
            boolean latest =
                ExtensionVersions.latest(versions).orElseThrow().equals(entry.version());
            if (latest) {
              handle
                  .createUpdate(
                      """
                      UPDATE extension_version SET is_latest = false, updated_at = now()
                      WHERE source_id = :source AND kind = :kind AND name = :name AND is_latest
                      """)
                  .bind("source", sourceId)
                  .bind("kind", kind)
                  .bind("name", name)
                  .execute();
            }
            StoredVersion published =
                handle
                    .createQuery(
                        """
                        INSERT INTO extension_version (source_id, kind, namespace, name, version,
                            status, title, description, document, claims, is_latest)
                        VALUES (:source, :kind, :namespace, :name, :version, :status, :title,
                            :description, :document, CAST(:claims AS jsonb), :latest)
                        RETURNING id, created_at, updated_at
                        """)
                    .bind("source", sourceId)
                    .bind("kind", kind)
                    .bind("namespace", entry.id().namespace())
                    .bind("name", name)
                    .bind("version", version)
                    .bind("status", entry.status().wireName())
                    .bind("title", entry.title())
                    .bind("description", entry.description())
                    .bind("document", entry.document())
                    .bind("claims", JsonColumns.claims(entry.claims()))
                    .bind("latest", latest)
                    .map(
                        (rs, ctx) ->
                            new StoredVersion(
                                Long.toString(rs.getLong("id")),
                                latest,
                                PostgresStorage.instant(rs, "created_at"),
                                PostgresStorage.instant(rs, "updated_at")))
                    .one();
            // Skills and plugins are read where they are stored: no served catalog to move.
            return new Written<>(published, Set.of());
          });
    } catch (StatementException e) {
      throw duplicateOr(e, name, version);
    }
  }

  @Override
  public boolean deleteVersion(
      SourceName source, EntryType type, String name, String version, Consumer<Claims> check) {
    return write(
        handle -> {
          long sourceId = lock(handle, source);
          if (type.extension().isPresent()) {
            return new Written<>(
                deleteExtension(handle, sourceId, type.extension().get(), name, version, check),
                Set.of());
          }
          Optional<ServerEntryRow> entry = serverEntry(handle, sourceId, name);
          List<ServerVersionRow> versions =
              entry.map(e -> serverVersions(handle, e.id())).orElse(List.of());
          Optional<ServerVersionRow> target =
              versions.stream().filter(v -> v.version().equals(version)).findFirst();
          if (target.isEmpty()) {
            return new Written<>(false, Set.of());
          }
          check.accept(entry.get().claims());
          handle
              .createUpdate("DELETE FROM server_version WHERE id = :id")
              .bind("id", target.get().id())
              .execute();
          List<ServerVersionRow> remaining =
              versions.stream().filter(v -> v.id() != target.get().id()).toList();
          if (remaining.isEmpty()) {
            handle
                .createUpdate("DELETE FROM server_entry WHERE id = :id")
                .bind("id", entry.get().id())
                .execute();
          } else {
            if (target.get().latest()) {
              Version next = VersionOrder.latest(candidates(remaining)).orElseThrow();
              handle
                  .createUpdate(
                      "UPDATE server_version SET is_latest = true, updated_at = now()"
                          + " WHERE entry_id = :entry AND version = :version")
                  .bind("entry", entry.get().id())
                  .bind("version", next.value())
                  .execute();
            }
            handle
                .createUpdate("UPDATE server_entry SET live = :live WHERE id = :id")
                .bind("id", entry.get().id())
                .bind(
                    "live",
                    Precedence.live(remaining.stream().map(ServerVersionRow::status).toList()))
                .execute();
          }
          return new Written<>(true, serve(handle, sourceId, name));
        });
  }

  private static boolean deleteExtension(
      Handle handle,
      long sourceId,
      ExtensionKind kind,
      String name,
      String version,
      Consumer<Claims> check) {
    List<ExtensionRow> rows = extensionRows(handle, sourceId, kind, name);
    List<ExtensionRow> targets = rows.stream().filter(r -> r.version().equals(version)).toList();
    if (targets.isEmpty()) {
      return false;
    }
    check.accept(targets.get(0).claims());
    handle
        .createUpdate("DELETE FROM extension_version WHERE id = ANY(:ids)")
        .bindArray("ids", Long.class, targets.stream().map(ExtensionRow::id).toList())
        .execute();
    List<ExtensionRow> remaining = rows.stream().filter(r -> !targets.contains(r)).toList();
    if (!remaining.isEmpty() && targets.stream().anyMatch(ExtensionRow::latest)) {
      Version next =
          ExtensionVersions.latest(remaining.stream().map(r -> Version.of(r.version())).toList())
              .orElseThrow();
      handle
          .createUpdate(
              "UPDATE extension_version SET is_latest = true, updated_at = now() WHERE id = ANY(:ids)")
          .bindArray(
              "ids",
              Long.class,
              remaining.stream()
                  .filter(r -> r.version().equals(next.value()))
                  .map(ExtensionRow::id)
                  .toList())
          .execute();
    }
    return true;
  }

  @Override
  public Optional<Claims> claims(SourceName source, EntryType type, String name) {
    return jdbi.withHandle(
        handle -> {
          long sourceId = sourceId(handle, source, false);
          if (type.extension().isPresent()) {
            return extensionRows(handle, sourceId, type.extension().get(), name).stream()
                .findFirst()
                .map(ExtensionRow::claims);
          }
          return serverEntry(handle, sourceId, name)
              .filter(e -> !serverVersions(handle, e.id()).isEmpty())
              .map(ServerEntryRow::claims);
        });
  }

  @Override
  public boolean replaceClaims(
      SourceName source, EntryType type, String name, Claims claims, Consumer<Claims> check) {
    return write(
        handle -> {
          long sourceId = lock(handle, source);
          if (type.extension().isPresent()) {
            String kind = JdbiExtensionWriter.kind(type.extension().get());
            List<ExtensionRow> rows = extensionRows(handle, sourceId, type.extension().get(), name);
            if (rows.isEmpty()) {
              return new Written<>(false, Set.of());
            }
            check.accept(rows.get(0).claims());
            handle
                .createUpdate(
                    """
                    UPDATE extension_version SET claims = CAST(:claims AS jsonb), updated_at = now()
                    WHERE source_id = :source AND kind = :kind AND name = :name
                    """)
                .bind("claims", JsonColumns.claims(claims))
                .bind("source", sourceId)
                .bind("kind", kind)
                .bind("name", name)
                .execute();
            return new Written<>(true, Set.of());
          }
          Optional<ServerEntryRow> entry = serverEntry(handle, sourceId, name);
          if (entry.isEmpty() || serverVersions(handle, entry.get().id()).isEmpty()) {
            return new Written<>(false, Set.of());
          }
          check.accept(entry.get().claims());
          handle
              .createUpdate(
                  "UPDATE server_entry SET claims = CAST(:claims AS jsonb) WHERE id = :id")
              .bind("claims", JsonColumns.claims(claims))
              .bind("id", entry.get().id())
              .execute();
          return new Written<>(true, serve(handle, sourceId, name));
        });
  }

  /** Runs one write and, once it committed, tells this replica which registries moved. */
  private <T> T write(HandleCallback<Written<T>, RuntimeException> body) {
    Written<T> written = jdbi.inTransaction(body);
    changes.committed(written.moved());
    return written.result();
  }

  private static long lock(Handle handle, SourceName source) {
    return sourceId(handle, source, true);
  }

  private static long sourceId(Handle handle, SourceName source, boolean forUpdate) {
    return handle
        .createQuery("SELECT id FROM source WHERE name = :name" + (forUpdate ? " FOR UPDATE" : ""))
        .bind("name", source.value())
        .mapTo(Long.class)
        .findOne()
        .orElseThrow(() -> new SourceNotFoundException(source));
  }

  /**
   * Re-ranks {@code name} in every registry over the source and moves their generations, naming the
   * one name that changed so other replicas re-read only it.
   */
  private static Set<String> serve(Handle handle, long sourceId, String name) {
    List<Long> registries = ServedCatalogWriter.registriesOf(handle, sourceId);
    return ServedCatalogWriter.update(handle, registries, registries, Set.of(name));
  }

  private static Optional<ServerEntryRow> serverEntry(Handle handle, long sourceId, String name) {
    return handle
        .createQuery(
            "SELECT id, claims::text AS claims FROM server_entry"
                + " WHERE source_id = :source AND name = :name")
        .bind("source", sourceId)
        .bind("name", name)
        .map(
            (rs, ctx) ->
                new ServerEntryRow(rs.getLong("id"), JsonColumns.claims(rs.getString("claims"))))
        .findOne();
  }

  private static List<ServerVersionRow> serverVersions(Handle handle, long entryId) {
    return handle
        .createQuery(
            "SELECT id, version, status, published_at, is_latest FROM server_version"
                + " WHERE entry_id = :entry ORDER BY id")
        .bind("entry", entryId)
        .map(
            (rs, ctx) ->
                new ServerVersionRow(
                    rs.getLong("id"),
                    rs.getString("version"),
                    ServerStatus.fromWire("status", rs.getString("status")),
                    PostgresStorage.instant(rs, "published_at"),
                    rs.getBoolean("is_latest")))
        .list();
  }

  private static List<VersionOrder.Candidate> candidates(List<ServerVersionRow> versions) {
    List<VersionOrder.Candidate> candidates = new ArrayList<>();
    versions.forEach(
        v ->
            candidates.add(
                new VersionOrder.Candidate(Version.of(v.version()), v.publishedAt(), v.status())));
    return candidates;
  }

  private static List<ExtensionRow> extensionRows(
      Handle handle, long sourceId, ExtensionKind kind, String name) {
    return handle
        .createQuery(
            """
            SELECT id, namespace, version, claims::text AS claims, is_latest
            FROM extension_version
            WHERE source_id = :source AND kind = :kind AND name = :name
            ORDER BY id
            """)
        .bind("source", sourceId)
        .bind("kind", JdbiExtensionWriter.kind(kind))
        .bind("name", name)
        .map(
            (rs, ctx) ->
                new ExtensionRow(
                    rs.getLong("id"),
                    rs.getString("namespace"),
                    rs.getString("version"),
                    JsonColumns.claims(rs.getString("claims")),
                    rs.getBoolean("is_latest")))
        .list();
  }

  private static RuntimeException duplicateOr(StatementException e, String name, String version) {
    if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
      return ConflictException.versionExists(name, version);
    }
    return e;
  }

  /** What a write returns, and the registries whose generation it moved. */
  private record Written<T>(T result, Set<String> moved) {}

  private record ServerEntryRow(long id, Claims claims) {}

  private record ServerVersionRow(
      long id, String version, ServerStatus status, Instant publishedAt, boolean latest) {}

  private record ExtensionRow(
      long id, String namespace, String version, Claims claims, boolean latest) {}
}
