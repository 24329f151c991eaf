package dev.waggle.bootstrap.config;

import dev.waggle.domain.registry.CatalogLayout;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration: a loaded, valid {@code config.yaml} — the catalog layout as domain objects and the
 * typed settings bootstrap hands to the adapters.
 *
 * @param database empty when the file has no {@code database} block: serve then runs an embedded
 *     PostgreSQL
 * @param retention how long removed versions are kept as tombstones
 */
public record WaggleConfig(
    CatalogLayout layout,
    Optional<DatabaseConfig> database,
    AuthConfig auth,
    AuditConfig audit,
    TelemetryConfig telemetry,
    RetentionConfig retention) {
  public WaggleConfig {
    Objects.requireNonNull(retention, "'retention' must not be null");
    Objects.requireNonNull(layout, "'layout' must not be null");
    Objects.requireNonNull(database, "'database' must not be null");
    Objects.requireNonNull(auth, "'auth' must not be null");
    Objects.requireNonNull(audit, "'audit' must not be null");
    Objects.requireNonNull(telemetry, "'telemetry' must not be null");
  }

  /** A configuration with the default retention. */
  public WaggleConfig(
      CatalogLayout layout,
      Optional<DatabaseConfig> database,
      AuthConfig auth,
      AuditConfig audit,
      TelemetryConfig telemetry) {
    this(layout, database, auth, audit, telemetry, RetentionConfig.DEFAULT);
  }
}
