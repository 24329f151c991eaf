package dev.waggle.application.port.out;

import dev.waggle.domain.access.Claims;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry a source holds — a server, skill or plugin by name — with its claims and every version
 * it has there.
 */
public record SourceEntry(EntryType type, String name, Claims claims, List<Version> versions) {
  public SourceEntry {
    Objects.requireNonNull(type, "'type' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(claims, "'claims' must not be null");
    versions = List.copyOf(versions);
  }

  /** What kind of entry, as ToolHive's admin API names it. */
  public enum EntryType {
    MCP,
    SKILL,
    PLUGIN
  }

  /**
   * One version of the entry; skills and plugins keep no times.
   *
   * @param title may be null
   * @param description may be null
   */
  public record Version(
      String version,
      String title,
      String description,
      Optional<Instant> createdAt,
      Optional<Instant> updatedAt) {
    public Version {
      Objects.requireNonNull(version, "'version' must not be null");
      Objects.requireNonNull(createdAt, "'createdAt' must not be null");
      Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
    }
  }
}
