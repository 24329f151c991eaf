package dev.waggle.application.port.out;

import dev.waggle.domain.source.SourceName;
import java.util.Objects;

/**
 * One version of one entry of one of a registry's sources, with the source's position in the
 * registry: a row of the unshadowed listing, before precedence picks what is served.
 */
public record RegistryEntry(
    SourceEntry.EntryType type,
    String name,
    SourceEntry.Version version,
    SourceName source,
    int position) {
  public RegistryEntry {
    Objects.requireNonNull(type, "'type' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(version, "'version' must not be null");
    Objects.requireNonNull(source, "'source' must not be null");
  }
}
