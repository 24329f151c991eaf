package dev.waggle.adapters.postgres;

import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionId;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionVersions;
import dev.waggle.domain.source.SourceName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Persistence adapter step: replaces the skills and plugins a source holds, inside the transaction
 * that replaces its servers, and marks each entry's latest version.
 */
final class JdbiExtensionWriter {
  private JdbiExtensionWriter() {}

  /**
   * Replaces the source's rows with {@code extensions}; the first copy of a repeated (kind,
   * namespace, name, version) wins. The caller holds the source's row lock.
   */
  static void replace(Handle handle, SourceName source, List<ExtensionEntry> extensions) {
    long sourceId =
        handle
            .createQuery("SELECT id FROM source WHERE name = :name")
            .bind("name", source.value())
            .mapTo(Long.class)
            .one();
    handle
        .createUpdate("DELETE FROM extension_version WHERE source_id = :source")
        .bind("source", sourceId)
        .execute();
    if (extensions.isEmpty()) {
      return;
    }
    Map<List<Object>, Map<Version, ExtensionEntry>> byEntry = new LinkedHashMap<>();
    for (ExtensionEntry entry : extensions) {
      byEntry
          .computeIfAbsent(List.of(entry.kind(), entry.id()), key -> new LinkedHashMap<>())
          .putIfAbsent(entry.version(), entry);
    }
    Rows rows = new Rows();
    byEntry.forEach(
        (key, versions) -> {
          Version latest =
              ExtensionVersions.latest(new ArrayList<>(versions.keySet())).orElseThrow();
          versions.values().forEach(entry -> rows.add(entry, entry.version().equals(latest)));
        });
    handle
        .createUpdate(
            """
            INSERT INTO extension_version (source_id, kind, namespace, name, version, status,
                title, description, document, claims, is_latest)
            SELECT :source, i.kind, i.namespace, i.name, i.version, i.status, i.title,
                i.description, i.document, CAST(i.claims AS jsonb), i.latest
            FROM unnest(:kinds, :namespaces, :names, :versions, :statuses, :titles,
                        :descriptions, :documents, :claims, :latest)
              AS i(kind, namespace, name, version, status, title, description, document, claims,
                   latest)
            """)
        .bind("source", sourceId)
        .bindArray("kinds", String.class, rows.kinds)
        .bindArray("namespaces", String.class, rows.namespaces)
        .bindArray("names", String.class, rows.names)
        .bindArray("versions", String.class, rows.versions)
        .bindArray("statuses", String.class, rows.statuses)
        .bindArray("titles", String.class, rows.titles)
        .bindArray("descriptions", String.class, rows.descriptions)
        .bindArray("documents", String.class, rows.documents)
        .bindArray("claims", String.class, rows.claims)
        .bindArray("latest", Boolean.class, rows.latest)
        .execute();
  }

  /** The payload as parallel columns, for one {@code unnest} insert. */
  private static final class Rows {
    final List<String> kinds = new ArrayList<>();
    final List<String> namespaces = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    final List<String> versions = new ArrayList<>();
    final List<String> statuses = new ArrayList<>();
    final List<String> titles = new ArrayList<>();
    final List<String> descriptions = new ArrayList<>();
    final List<String> documents = new ArrayList<>();
    final List<String> claims = new ArrayList<>();
    final List<Boolean> latest = new ArrayList<>();

    void add(ExtensionEntry entry, boolean isLatest) {
      ExtensionId id = entry.id();
      kinds.add(kind(entry.kind()));
      namespaces.add(id.namespace());
      names.add(id.name());
      versions.add(entry.version().value());
      statuses.add(entry.status().wireName());
      titles.add(entry.title());
      descriptions.add(entry.description());
      documents.add(entry.document());
      claims.add(JsonColumns.claims(entry.claims()));
      latest.add(isLatest);
    }
  }

  static String kind(ExtensionKind kind) {
    return kind.singular();
  }
}
