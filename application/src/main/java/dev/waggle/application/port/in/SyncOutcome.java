package dev.waggle.application.port.in;

import dev.waggle.domain.source.SourceName;

/**
 * Result: what one sync attempt did.
 *
 * @param result whether data was written, found unchanged, or the attempt failed
 * @param serverCount servers stored (for {@code UPDATED}) or still stored
 * @param message what an operator should read: the error, or the rejected entries
 */
public record SyncOutcome(
    SourceName source, Result result, int serverCount, int rejectedCount, String message) {

  /** What a sync attempt ended with. */
  public enum Result {
    UPDATED,
    UNCHANGED,
    FAILED,
    SKIPPED
  }
}
