package dev.waggle.application.port.out;

import dev.waggle.domain.source.EntryRejection;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about a source's syncing.
 *
 * @param contentHash hash of the source data last applied; empty before the first success
 * @param filterFingerprint the filter last applied, so a filter edit forces a re-apply
 * @param attemptCount failed attempts in a row, for backoff; 0 after a success
 * @param rejections the entries the data still served left out, in full; the log shows only changes
 *     to this list
 */
public record SyncState(
    Phase phase,
    Optional<String> contentHash,
    Optional<String> filterFingerprint,
    Optional<Instant> lastAttempt,
    Optional<Instant> lastSuccess,
    int attemptCount,
    Instant nextAttempt,
    int serverCount,
    String message,
    List<EntryRejection> rejections) {

  public SyncState {
    rejections = List.copyOf(Objects.requireNonNull(rejections, "'rejections' must not be null"));
  }

  /** A state whose data left no entry out, or that has no data yet. */
  public SyncState(
      Phase phase,
      Optional<String> contentHash,
      Optional<String> filterFingerprint,
      Optional<Instant> lastAttempt,
      Optional<Instant> lastSuccess,
      int attemptCount,
      Instant nextAttempt,
      int serverCount,
      String message) {
    this(
        phase,
        contentHash,
        filterFingerprint,
        lastAttempt,
        lastSuccess,
        attemptCount,
        nextAttempt,
        serverCount,
        message,
        List.of());
  }

  /** Where a source's sync stands. */
  public enum Phase {
    PENDING,
    SYNCING,
    COMPLETE,
    FAILED
  }
}
