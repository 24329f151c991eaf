package dev.waggle.application.port.in;

import dev.waggle.application.port.out.SyncState;
import dev.waggle.domain.registry.CreationType;
import dev.waggle.domain.source.SourceDefinition;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Result: a source as configured and where its syncing stands.
 *
 * @param sync empty for a source that is not synced on a schedule (managed, kubernetes) and has no
 *     sync state
 * @param createdAt empty when storage does not say
 * @param updatedAt empty when storage does not say
 */
public record SourceStatus(
    SourceDefinition definition,
    Optional<SyncState> sync,
    CreationType creationType,
    Optional<Instant> createdAt,
    Optional<Instant> updatedAt) {
  public SourceStatus {
    Objects.requireNonNull(definition, "'definition' must not be null");
    Objects.requireNonNull(sync, "'sync' must not be null");
    Objects.requireNonNull(creationType, "'creationType' must not be null");
    Objects.requireNonNull(createdAt, "'createdAt' must not be null");
    Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
  }

  /** A source from the configuration file, with no times known. */
  public SourceStatus(SourceDefinition definition, Optional<SyncState> sync) {
    this(definition, sync, CreationType.CONFIG, Optional.empty(), Optional.empty());
  }
}
