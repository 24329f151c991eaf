package dev.waggle.application.port.out;

import dev.waggle.domain.source.EntryRejection;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about a source's syncing: every check is recorded, whether it wrote data, found it
 * unchanged, or failed.
 *
 * @param lastOutcome what the last finished check came to; empty before the first one
 * @param contentHash hash of the source data last applied; empty before the first success
 * @param definitionFingerprint {@link dev.waggle.domain.source.SourceDefinition#syncFingerprint()}
 *     of the definition last applied — kind, location, filter, claims — so that a changed
 *     definition re-applies unchanged data, and is synced right after start
 * @param lastAttempt when the last check started
 * @param lastEnded when the last check ended, successful or not (ToolHive's {@code lastSyncTime})
 * @param lastSuccess when the last check that did not fail ended; an unchanged check counts
 * @param attemptCount failed attempts in a row, for backoff; 0 after a success
 * @param rejections the entries the data still served left out, in full; the log shows only changes
 *     to this list
 */
public record SyncState(
    Phase phase,
    Optional<Outcome> lastOutcome,
    Optional<String> contentHash,
    Optional<String> definitionFingerprint,
    Optional<Instant> lastAttempt,
    Optional<Instant> lastEnded,
    Optional<Instant> lastSuccess,
    int attemptCount,
    Instant nextAttempt,
    int serverCount,
    int skillCount,
    int pluginCount,
    String message,
    List<EntryRejection> rejections) {

  public SyncState {
    Objects.requireNonNull(phase, "'phase' must not be null");
    Objects.requireNonNull(lastOutcome, "'lastOutcome' must not be null");
    Objects.requireNonNull(contentHash, "'contentHash' must not be null");
    Objects.requireNonNull(definitionFingerprint, "'definitionFingerprint' must not be null");
    Objects.requireNonNull(lastAttempt, "'lastAttempt' must not be null");
    Objects.requireNonNull(lastEnded, "'lastEnded' must not be null");
    Objects.requireNonNull(lastSuccess, "'lastSuccess' must not be null");
    Objects.requireNonNull(nextAttempt, "'nextAttempt' must not be null");
    if (attemptCount < 0 || serverCount < 0 || skillCount < 0 || pluginCount < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    rejections = List.copyOf(Objects.requireNonNull(rejections, "'rejections' must not be null"));
  }

  /**
   * A state recorded without the outcome, end time and skill and plugin counts: the shape it had
   * before those were kept.
   */
  public SyncState(
      Phase phase,
      Optional<String> contentHash,
      Optional<String> definitionFingerprint,
      Optional<Instant> lastAttempt,
      Optional<Instant> lastSuccess,
      int attemptCount,
      Instant nextAttempt,
      int serverCount,
      String message,
      List<EntryRejection> rejections) {
    this(
        phase,
        Optional.empty(),
        contentHash,
        definitionFingerprint,
        lastAttempt,
        Optional.empty(),
        lastSuccess,
        attemptCount,
        nextAttempt,
        serverCount,
        0,
        0,
        message,
        rejections);
  }

  /** A state whose data left no entry out, or that has no data yet. */
  public SyncState(
      Phase phase,
      Optional<String> contentHash,
      Optional<String> definitionFingerprint,
      Optional<Instant> lastAttempt,
      Optional<Instant> lastSuccess,
      int attemptCount,
      Instant nextAttempt,
      int serverCount,
      String message) {
    this(
        phase,
        contentHash,
        definitionFingerprint,
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

  /** What a finished check came to. */
  public enum Outcome {
    /** New data or a new definition was applied. */
    UPDATED,
    /** Neither the data nor the definition changed; nothing was written. */
    UNCHANGED,
    /** The source could not be read, validated or stored; the last good data stays served. */
    FAILED
  }
}
