package dev.waggle.application.port.out;

import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.registry.RegistryName;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
