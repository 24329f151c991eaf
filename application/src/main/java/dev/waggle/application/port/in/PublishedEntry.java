package dev.waggle.application.port.in;

import dev.waggle.domain.catalog.EntryType;
import java.time.Instant;
import java.util.Objects;

/**
 * Result: one version as the publish API stored it.
 *
 * @param document the entry's JSON as stored and served: a server's {@code server.json} as its
 *     author wrote it, a skill's or plugin's document with its status filled in
 * @param id the stored row's identifier
 * @param latest whether this version is now the entry's latest
 */
public record PublishedEntry(
    EntryType type,
    String name,
    String version,
    String document,
    String id,
    boolean latest,
    Instant createdAt,
    Instant updatedAt) {
  public PublishedEntry {
    Objects.requireNonNull(type, "'type' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(version, "'version' must not be null");
    Objects.requireNonNull(document, "'document' must not be null");
    Objects.requireNonNull(id, "'id' must not be null");
    Objects.requireNonNull(createdAt, "'createdAt' must not be null");
    Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
  }
}
