package dev.waggle.adapters.postgres;

import dev.waggle.domain.catalog.ServerManifest;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Persistence adapter helper: the documents one replica's sync just committed, handed from {@link
 * JdbiEntryStore} to {@link JdbiServedCatalogStore} for the refresh that follows the commit, so
 * that re-reading the served catalog does not transfer again the texts this replica holds already.
 * Only a load of exactly the generation that commit set may use them: at any other generation the
 * rows may no longer be what the commit wrote.
 */
final class DocumentHandOver {
  private final Set<Written> open = ConcurrentHashMap.newKeySet();

  /**
   * What one commit left in one source: for every version of it that is not deleted, its stored
   * text is its manifest's document, byte for byte (changed ones were written from it, unchanged
   * ones matched by digest). Compared by identity: its maps are far too big to hash.
   */
  static final class Written {
    private final long sourceId;
    private final Map<String, Map<String, ServerManifest>> documents;
    private final Set<String> registries;
    private final Map<Long, Long> generations;

    /**
     * @param sourceId the source written
     * @param documents the manifests written, by server name and then version
     * @param registries the names of the registries the commit moved
     * @param generations the generation the commit set, by registry id, in each of them
     */
    Written(
        long sourceId,
        Map<String, Map<String, ServerManifest>> documents,
        Set<String> registries,
        Map<Long, Long> generations) {
      this.sourceId = sourceId;
      this.documents = Objects.requireNonNull(documents, "'documents' must not be null");
      this.registries =
          Set.copyOf(Objects.requireNonNull(registries, "'registries' must not be null"));
      this.generations =
          Map.copyOf(Objects.requireNonNull(generations, "'generations' must not be null"));
    }

    long sourceId() {
      return sourceId;
    }

    Set<String> registries() {
      return registries;
    }

    Map<Long, Long> generations() {
      return generations;
    }

    /** The document of one version, or null when the commit did not write it. */
    String document(String name, String version) {
      Map<String, ServerManifest> versions = documents.get(name);
      ServerManifest manifest = versions == null ? null : versions.get(version);
      return manifest == null ? null : manifest.document();
    }
  }

  /**
   * Offers {@code written} while {@code refresh} runs — the refresh this replica makes right after
   * the commit — and forgets it afterwards, so that nothing is held beyond it.
   */
  void during(Written written, Runnable refresh) {
    if (written.generations().isEmpty()) {
      // Nothing moved: no load can be of a generation this commit set.
      refresh.run();
      return;
    }
    open.add(written);
    try {
      refresh.run();
    } finally {
      open.remove(written);
    }
  }

  /** The documents a load of {@code registryId} at {@code generation} may take, or null. */
  Written at(long registryId, long generation) {
    for (Written written : open) {
      Long set = written.generations().get(registryId);
      if (set != null && set == generation) {
        return written;
      }
    }
    return null;
  }
}
