package dev.waggle.application.port.out;

import dev.waggle.domain.registry.CreationType;
import dev.waggle.domain.source.SourceDefinition;
import java.time.Instant;
import java.util.Objects;

/** A stored source: its definition, who made it, and when it was created and last changed. */
public record SourceRecord(
    SourceDefinition definition, CreationType creationType, Instant createdAt, Instant updatedAt) {
  public SourceRecord {
    Objects.requireNonNull(definition, "'definition' must not be null");
    Objects.requireNonNull(creationType, "'creationType' must not be null");
    Objects.requireNonNull(createdAt, "'createdAt' must not be null");
    Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
  }
}
