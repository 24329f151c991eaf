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
}
