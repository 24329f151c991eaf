package dev.waggle.application.port.in;

import dev.waggle.domain.registry.CreationType;
import dev.waggle.domain.registry.RegistryDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Result: a registry as configured, who made it and when, with the status of each of its sources in
 * order.
 */
public record RegistryStatus(
    RegistryDefinition definition,
    List<SourceStatus> sources,
    CreationType creationType,
    Optional<Instant> createdAt,
    Optional<Instant> updatedAt) {
  public RegistryStatus {
    Objects.requireNonNull(definition, "'definition' must not be null");
    sources = List.copyOf(Objects.requireNonNull(sources, "'sources' must not be null"));
    Objects.requireNonNull(creationType, "'creationType' must not be null");
    Objects.requireNonNull(createdAt, "'createdAt' must not be null");
    Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
  }

  /** A registry from the configuration file, with no times known. */
  public RegistryStatus(RegistryDefinition definition, List<SourceStatus> sources) {
    this(definition, sources, CreationType.CONFIG, Optional.empty(), Optional.empty());
  }
}
