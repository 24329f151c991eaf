package dev.waggle.application.port.in;

import dev.waggle.domain.access.Caller;
import dev.waggle.domain.extension.ExtensionCursor;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionStatus;
import dev.waggle.domain.registry.RegistryName;
import java.util.Objects;
import java.util.Optional;

/**
 * Query: one page of a registry's skills or plugins.
 *
 * @param search a case-insensitive piece of the {@code namespace/name}, title or description
 * @param status only versions in this status; every status when empty
 */
public record ListExtensionsQuery(
    RegistryName registry,
    ExtensionKind kind,
    Optional<ExtensionCursor> cursor,
    int limit,
    Optional<String> search,
    Optional<ExtensionStatus> status,
    Caller caller) {
  /** ToolHive's default and bound for these lists. */
  public static final int DEFAULT_LIMIT = 50;

  public static final int MAX_LIMIT = 100;

  public ListExtensionsQuery {
    Objects.requireNonNull(registry, "'registry' must not be null");
    Objects.requireNonNull(kind, "'kind' must not be null");
    Objects.requireNonNull(cursor, "'cursor' must not be null");
    Objects.requireNonNull(search, "'search' must not be null");
    Objects.requireNonNull(status, "'status' must not be null");
    Objects.requireNonNull(caller, "'caller' must not be null");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("'limit' must be 1 to " + MAX_LIMIT + ", was " + limit);
    }
    search = search.filter(s -> !s.isEmpty());
  }
}
