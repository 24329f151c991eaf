package dev.waggle.bootstrap.config;

import dev.waggle.adapters.http.AuditSettings;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.source.SourceName;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration: a loaded, valid {@code config.yaml} — the catalog layout as domain objects and the
 * typed settings bootstrap hands to the adapters.
 *
 * @param database empty when the file has no {@code database} block: serve then runs an embedded
 *     PostgreSQL
 * @param watchedFiles the {@code file.path} sources written without {@code syncPolicy}: synced when
 *     their file changes, and checked now and then in case a change went unnoticed
 * @param retention how long removed versions are kept as tombstones
 * @param audit what the audit trail records, and where
 */
public record WaggleConfig(
    CatalogLayout layout,
    Optional<DatabaseConfig> database,
    AuthConfig auth,
    TelemetryConfig telemetry,
    AuditSettings audit,
    Set<SourceName> watchedFiles,
    RetentionConfig retention) {
  public WaggleConfig {
    Objects.requireNonNull(layout, "'layout' must not be null");
    Objects.requireNonNull(database, "'database' must not be null");
    Objects.requireNonNull(auth, "'auth' must not be null");
    Objects.requireNonNull(telemetry, "'telemetry' must not be null");
    Objects.requireNonNull(audit, "'audit' must not be null");
    Objects.requireNonNull(retention, "'retention' must not be null");
    watchedFiles = Set.copyOf(watchedFiles);
  }
}
