package dev.waggle.bootstrap.config;

import dev.waggle.domain.GoDuration;
import dev.waggle.domain.ValidationException;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration: Waggle's own {@code retention} block — how long a version a source removed stays
 * served as a deleted tombstone (so incremental readers learn of the removal) before a sync purges
 * it.
 */
public record RetentionConfig(Duration deletedVersions) {
  public static final Duration DEFAULT_DELETED_VERSIONS = Duration.ofDays(30);
  public static final RetentionConfig DEFAULT = new RetentionConfig(DEFAULT_DELETED_VERSIONS);

  public RetentionConfig {
    Objects.requireNonNull(deletedVersions, "'deletedVersions' must not be null");
    if (deletedVersions.isNegative() || deletedVersions.isZero()) {
      throw new ValidationException(
          "retention.deletedVersions",
          null,
          "must be greater than 0 (got "
              + GoDuration.format(deletedVersions)
              + "): tombstones are how incremental readers learn of removals");
    }
  }
}
