package dev.waggle.application.port.in;

import dev.waggle.application.port.out.SyncState;
import dev.waggle.domain.source.SourceDefinition;
import java.util.Objects;
import java.util.Optional;

/**
 * Result: a source as configured and where its syncing stands.
 *
 * @param sync empty for a source that is not synced on a schedule (managed, kubernetes) and has no
 *     sync state
 */
public record SourceStatus(SourceDefinition definition, Optional<SyncState> sync) {
  public SourceStatus {
    Objects.requireNonNull(definition, "'definition' must not be null");
    Objects.requireNonNull(sync, "'sync' must not be null");
  }
}
