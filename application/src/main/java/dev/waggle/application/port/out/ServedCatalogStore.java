package dev.waggle.application.port.out;

import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Outgoing port: the served catalog of each registry as sync stored it — for every server name its
 * candidate entries already ranked by precedence, each with its claims and versions — and the
 * generation that moves whenever any of it changes.
 */
public interface ServedCatalogStore {

  /** The current generation of every registry; cheap enough to ask every few seconds. */
  Map<RegistryName, Long> generations();

  /**
   * Streams one registry's served catalog to {@code rows}, read consistently with the generation
   * returned.
   *
   * @return empty when no such registry exists
   */
  Optional<StoredRegistry> load(RegistryName registry, Consumer<ServedRow> rows);

  /**
   * Streams to {@code rows} only what changed in one registry after generation {@code since}: every
   * row of each name that changed, read consistently with the generation returned. A name listed in
   * the answer without rows is no longer served.
   *
   * @return empty when the store cannot tell what changed (the registry's layout changed, or it is
   *     gone), and nothing was streamed: load the whole registry instead
   */
  default Optional<StoredChanges> loadChanges(
      RegistryName registry, long since, Consumer<ServedRow> rows) {
    return Optional.empty();
  }

  /**
   * What each synced source serves, as its last sync recorded it: one small read, made when the
   * catalog changed rather than whenever someone asks.
   */
  Map<SourceName, SourceSize> sourceSizes();

  /** The versions one source serves, of each kind. */
  record SourceSize(int servers, int skills, int plugins) {
    public SourceSize {
      if (servers < 0 || skills < 0 || plugins < 0) {
        throw new IllegalArgumentException(
            "source sizes must not be negative: servers="
                + servers
                + ", skills="
                + skills
                + ", plugins="
                + plugins);
      }
    }
  }

  /** The names a registry's catalog changed in, and the registry as of the new generation. */
  record StoredChanges(StoredRegistry registry, Set<ServerName> names) {
    public StoredChanges {
      Objects.requireNonNull(registry, "'registry' must not be null");
      names = Set.copyOf(Objects.requireNonNull(names, "'names' must not be null"));
    }
  }

  /** A registry's own facts, as of the generation its rows were read at. */
  record StoredRegistry(RegistryName name, long generation, Claims claims) {
    public StoredRegistry {
      Objects.requireNonNull(name, "'name' must not be null");
      Objects.requireNonNull(claims, "'claims' must not be null");
    }
  }

  /**
   * One version of one candidate entry.
   *
   * @param rank the candidate's place in precedence for its name, 0 best
   * @param claims who may see the candidate entry (all its versions)
   * @param title the version's title, searched, may be null
   * @param description the version's description, searched, may be null
   */
  record ServedRow(
      ServerName name,
      int rank,
      Claims claims,
      ServerListing listing,
      String title,
      String description) {
    public ServedRow {
      Objects.requireNonNull(name, "'name' must not be null");
      Objects.requireNonNull(claims, "'claims' must not be null");
      Objects.requireNonNull(listing, "'listing' must not be null");
    }
  }
}
