package dev.waggle.domain.source;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.Claims;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Entity: a configured source — its name, kind, how often it syncs, which entries it keeps, and the
 * claims stamped on what it delivers.
 */
public record SourceDefinition(
    SourceName name,
    SourceKind kind,
    Optional<Duration> syncInterval,
    EntryFilter filter,
    Claims claims) {

  public SourceDefinition {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(kind, "'kind' must not be null");
    Objects.requireNonNull(syncInterval, "'syncInterval' must not be null");
    filter = filter == null ? EntryFilter.NONE : filter;
    claims = claims == null ? Claims.NONE : claims;
    if (kind.synced() && syncInterval.isEmpty()) {
      throw new ValidationException(
          "syncPolicy.interval", null, "is required for " + kind.typeName() + " sources");
    }
    syncInterval.ifPresent(
        interval -> {
          if (interval.isNegative() || interval.isZero()) {
            throw new ValidationException(
                "syncPolicy.interval", interval, "must be greater than zero");
          }
        });
  }
}
