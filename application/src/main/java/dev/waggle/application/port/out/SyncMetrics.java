package dev.waggle.application.port.out;

import dev.waggle.domain.source.SourceName;
import java.time.Duration;

/**
 * Port: where the sync service reports each finished sync — how long it took, how it ended, and the
 * size of the source it left served — so that an operator's dashboard can show them without asking
 * the database on every scrape.
 */
public interface SyncMetrics {
  /** Reports nothing: for a server that runs without metrics. */
  SyncMetrics NONE =
      new SyncMetrics() {
        @Override
        public void succeeded(
            SourceName source, Duration took, int servers, int skills, int plugins) {}

        @Override
        public void failed(SourceName source, Duration took, Failure failure) {}
      };

  /**
   * A sync that stored new data or found it unchanged.
   *
   * @param servers server versions the source now serves
   * @param skills skill versions the source now serves
   * @param plugins plugin versions the source now serves
   */
  void succeeded(SourceName source, Duration took, int servers, int skills, int plugins);

  /** A sync that failed; the data served before it stays served. */
  void failed(SourceName source, Duration took, Failure failure);

  /** Why a sync failed, in the words of the source's status message. */
  enum Failure {
    /** No reader for the source's kind in this version. */
    NO_READER,
    /** The source could not be fetched or parsed. */
    FETCH,
    /** Its entries broke the validation rules (strict source, or all rejected). */
    VALIDATION,
    /** The database refused the write. */
    STORAGE
  }
}
