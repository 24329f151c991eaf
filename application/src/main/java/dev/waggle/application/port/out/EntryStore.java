package dev.waggle.application.port.out;

import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.source.SourceName;
import java.util.List;

/**
 * Outgoing port: the entry pool every source writes into. What registries serve from it is read
 * through {@link ServedCatalogStore}.
 *
 * <p>A write also brings the served catalog of every registry over the source up to date, in the
 * same transaction, and moves those registries' generations (see {@link ServedCatalogStore}).
 */
public interface EntryStore {

  /**
   * Replaces everything a source holds with {@code servers}, atomically: on failure the previous
   * contents stay served. Keeps each version's publish time across replacements, moves its update
   * time only when its document changed, and recomputes which version of each name is latest. The
   * claims of a name are those of its first manifest.
   */
  void replaceSourceContents(SourceName source, List<ServerManifest> servers);

  /**
   * Replaces everything a source holds — its servers and its skills and plugins — in one
   * transaction, so that a registry never serves the servers of one sync with the skills of
   * another. A store that keeps no skills or plugins refuses any.
   */
  default void replaceSourceContents(
      SourceName source, List<ServerManifest> servers, List<ExtensionEntry> extensions) {
    if (!extensions.isEmpty()) {
      throw new UnsupportedOperationException(
          getClass().getSimpleName() + " keeps no skills or plugins");
    }
    replaceSourceContents(source, servers);
  }

  /**
   * Begins replacing what a source holds before the new contents are known, so that a store can
   * prepare (lock the source, read what it holds) while the caller still parses them. Nothing is
   * written until {@link Replacement#complete}; closing without completing leaves the source as it
   * was. A store that has nothing to prepare replaces everything on complete.
   */
  default Replacement beginReplacement(SourceName source) {
    return new Replacement() {
      private boolean completed;

      @Override
      public void complete(List<ServerManifest> servers, List<ExtensionEntry> extensions) {
        if (completed) {
          throw new IllegalStateException("the replacement of source " + source + " is complete");
        }
        completed = true;
        replaceSourceContents(source, servers, extensions);
      }

      @Override
      public void close() {
        // Nothing was prepared, so there is nothing to let go of.
      }
    };
  }

  /**
   * A replacement of one source's contents begun by {@link #beginReplacement}: completed at most
   * once, and always closed, which lets go of whatever the store held for it.
   */
  interface Replacement extends AutoCloseable {

    /**
     * Replaces everything the source holds, as {@link #replaceSourceContents(SourceName, List,
     * List)} does, with the same failures; once it returned or threw, closing does nothing more.
     */
    void complete(List<ServerManifest> servers, List<ExtensionEntry> extensions);

    /** Writes nothing unless completed; never fails, because nothing is left to undo. */
    @Override
    void close();
  }
}
