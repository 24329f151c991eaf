package dev.waggle.application.port.out;

import dev.waggle.domain.registry.CreationType;
import dev.waggle.domain.registry.RegistryDefinition;
import java.time.Instant;
import java.util.Objects;

/** A stored registry: its definition, who made it, and when it was created and last changed. */
public record RegistryRecord(
    RegistryDefinition definition,
    CreationType creationType,
    Instant createdAt,
    Instant updatedAt) {
  public RegistryRecord {
    Objects.requireNonNull(definition, "'definition' must not be null");
    Objects.requireNonNull(creationType, "'creationType' must not be null");
    Objects.requireNonNull(createdAt, "'createdAt' must not be null");
    Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
  }
}
