package dev.waggle.application.port.in;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.paging.Cursor;
import dev.waggle.domain.registry.RegistryName;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Query: one page of a registry's server listing. A built query is always valid: the limit is in
 * range and {@code updated_since} implies deleted versions are included, as incremental sync needs.
 *
 * @param version empty for every version, {@link VersionSelector#LATEST} or one exact version
 * @param search case-insensitive substring of name, title or description
 */
public record ListServersQuery(
    RegistryName registry,
    Optional<Cursor> cursor,
    int limit,
    Optional<String> search,
    Optional<Instant> updatedSince,
    Optional<VersionSelector> version,
    boolean includeDeleted,
    Caller caller) {
  public static final int DEFAULT_LIMIT = 30;
  public static final int MAX_LIMIT = 1000;

  public ListServersQuery {
    Objects.requireNonNull(registry, "'registry' must not be null");
    Objects.requireNonNull(cursor, "'cursor' must not be null");
    Objects.requireNonNull(search, "'search' must not be null");
    Objects.requireNonNull(updatedSince, "'updatedSince' must not be null");
    Objects.requireNonNull(version, "'version' must not be null");
    Objects.requireNonNull(caller, "'caller' must not be null");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ValidationException("limit", limit, "must be between 1 and " + MAX_LIMIT);
    }
    search = search.filter(s -> !s.isEmpty());
    includeDeleted = includeDeleted || updatedSince.isPresent();
  }

  /** The first page of everything in a registry, as an anonymous caller would see it. */
  public static ListServersQuery firstPage(RegistryName registry, int limit) {
    return new ListServersQuery(
        registry,
        Optional.empty(),
        limit,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        Caller.anonymous());
  }

  public ListServersQuery after(Cursor next) {
    return new ListServersQuery(
        registry, Optional.of(next), limit, search, updatedSince, version, includeDeleted, caller);
  }

  /** The same listing as {@code asker} sees it. */
  public ListServersQuery askedBy(Caller asker) {
    return new ListServersQuery(
        registry, cursor, limit, search, updatedSince, version, includeDeleted, asker);
  }
}
