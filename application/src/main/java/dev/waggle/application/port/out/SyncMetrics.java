package dev.waggle.application.port.out;

import dev.waggle.domain.source.SourceName;
import java.time.Duration;

/**
 * Port: where the sync service reports each finished sync — how long it took and how it ended. What
 * a source serves is reported by every replica's served catalogs ({@link CatalogMetrics#sources}),
 * not here: only the replica holding a source's lease syncs it.
 */
public interface SyncMetrics {
  /** Reports nothing: for a server that runs without metrics. */
  SyncMetrics NONE =
      new SyncMetrics() {
        @Override
        public void succeeded(SourceName source, Duration took) {}

        @Override
        public void failed(SourceName source, Duration took, Failure failure) {}
      };

  /** A sync that stored new data or found it unchanged. */
  void succeeded(SourceName source, Duration took);

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
