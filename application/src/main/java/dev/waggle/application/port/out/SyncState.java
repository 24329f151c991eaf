package dev.waggle.application.port.out;

import java.time.Instant;
import java.util.Optional;

/**
 * What is known about a source's syncing.
 *
 * @param contentHash hash of the source data last applied; empty before the first success
 * @param definitionFingerprint {@link dev.waggle.domain.source.SourceDefinition#syncFingerprint()}
 *     of the definition last applied — kind, location, filter, claims — so that a changed
 *     definition re-applies unchanged data, and is synced right after start
 * @param attemptCount failed attempts in a row, for backoff; 0 after a success
 */
public record SyncState(
    Phase phase,
    Optional<String> contentHash,
    Optional<String> definitionFingerprint,
    Optional<Instant> lastAttempt,
    Optional<Instant> lastSuccess,
    int attemptCount,
    Instant nextAttempt,
    int serverCount,
    String message) {

  /** Where a source's sync stands. */
  public enum Phase {
    PENDING,
    SYNCING,
    COMPLETE,
    FAILED
  }
}
