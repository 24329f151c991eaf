package dev.waggle.application.port.out;

import dev.waggle.domain.catalog.ServerManifest;
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
}
