package dev.waggle.application.port.in;

import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.source.SourceName;
import java.util.List;

/**
 * Use case: a source that Waggle does not sync but that tells Waggle what it holds (a kubernetes
 * source watching the cluster) replaces its contents.
 */
public interface PushSourceContents {

  /**
   * Replaces everything the source holds with {@code servers}, atomically, and brings the served
   * catalog of every registry over it up to date.
   *
   * @throws SourceNotFoundException when no source has that name
   * @throws IllegalArgumentException when the source is one Waggle syncs itself
   */
  void replace(SourceName source, List<ServerManifest> servers);
}
