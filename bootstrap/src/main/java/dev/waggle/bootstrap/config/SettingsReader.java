package dev.waggle.bootstrap.config;

import dev.waggle.domain.ValidationException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Configuration: the {@code database}, {@code auth}, {@code audit}, {@code telemetry} and {@code
 * retention} settings from their bound (and already validated) blocks, with the rules that tie two
 * keys together. Features later versions will run are refused here by name.
 */
final class SettingsReader {
  private static final Set<String> LOOPBACK_HOSTS =
      Set.of("localhost", "127.0.0.1", "::1", "[::1]");
  private static final String NOT_YET = " is not supported yet by this version of Waggle";
  private static final String OAUTH_REFUSED = "oauth" + NOT_YET + "; use anonymous";

  private final ConfigReport report;
  private final Map<String, String> env;
  private final Path userHome;
  private final Optional<AuthConfig.Mode> authModeOverride;

  SettingsReader(
      ConfigReport report,
      Map<String, String> env,
      Path userHome,
      Optional<AuthConfig.Mode> authModeOverride) {
    this.report = report;
    this.env = env;
    this.userHome = userHome;
    this.authModeOverride = authModeOverride;
  }

  Optional<DatabaseConfig> database(ConfigFile.Database db) {
    if (db == null) {
      return Optional.empty();
    }
    if (db.maxOpenConns() != null
        && db.maxIdleConns() != null
        && db.maxIdleConns() > db.maxOpenConns()
        && db.maxOpenConns() >= 1) {
      report.error(
          "database.maxIdleConns",
          "must not exceed database.maxOpenConns (%d > %d)"
              .formatted(db.maxIdleConns(), db.maxOpenConns()));
    }
    Optional<String> password = Optional.ofNullable(db.password()).filter(p -> !p.isEmpty());
    Optional<String> migrationPassword =
        Optional.ofNullable(db.migrationPassword()).filter(p -> !p.isEmpty());
    if (db.dynamicAuth() != null && !db.dynamicAuth().isNull()) {
      if (password.isPresent() || migrationPassword.isPresent()) {
        report.error(
            "database.dynamicAuth",
            "cannot be combined with database.password or database.migrationPassword");
      }
      report.unsupported(
          "database.dynamicAuth", "dynamic database authentication (AWS RDS IAM)" + NOT_YET);
      return Optional.empty();
    }
    if (report.hasErrors()) {
      return Optional.empty();
    }
    String host = db.host().strip();
    String user = db.user().strip();
    String database = db.database().strip();
    String migrator = Optional.ofNullable(db.migrationUser()).map(String::strip).orElse(user);
    Path passFile = PgPass.location(env, userHome);
    try {
      if (password.isEmpty()) {
        password = PgPass.lookup(passFile, host, db.port(), database, user);
      }
      if (migrationPassword.isEmpty()) {
        migrationPassword =
            migrator.equals(user)
                ? password
                : PgPass.lookup(passFile, host, db.port(), database, migrator);
      }
    } catch (UncheckedIOException e) {
      report.error("database", e.getMessage());
    }
    return Optional.of(
        new DatabaseConfig(
            host,
            db.port(),
            user,
            database,
            migrator,
            password,
            migrationPassword,
            db.sslMode() == null
                ? SslMode.REQUIRE
                : SslMode.valueOf(db.sslMode().toUpperCase(Locale.ROOT).replace('-', '_')),
            db.maxOpenConns() == null ? OptionalInt.empty() : OptionalInt.of(db.maxOpenConns()),
            db.maxIdleConns() == null ? OptionalInt.empty() : OptionalInt.of(db.maxIdleConns()),
            Optional.ofNullable(db.connMaxLifetime()),
            Objects.requireNonNullElse(db.maxMetaSize(), DatabaseConfig.DEFAULT_MAX_META_SIZE)));
  }

  AuthConfig auth(ConfigFile.Auth auth) {
    if (auth == null) {
      if (authModeOverride.isEmpty()) {
        report.warning(
            "auth",
            "not set; serving anonymously. ToolHive requires this block: add `auth: {mode:"
                + " anonymous}` to make the choice explicit");
      } else if (authModeOverride.get() == AuthConfig.Mode.OAUTH) {
        report.unsupported("auth.mode", OAUTH_REFUSED + " (set by --auth-mode)");
      }
      return AuthConfig.ANONYMOUS;
    }
    // Checked as a constraint on auth.mode; a block without a valid mode never opens anything up.
    Optional<AuthConfig.Mode> mode =
        report.hasErrorAt("auth.mode")
            ? Optional.empty()
            : Optional.of(AuthConfig.Mode.valueOf(auth.mode().strip().toUpperCase(Locale.ROOT)));
    if (mode.equals(Optional.of(AuthConfig.Mode.OAUTH))) {
      oauth(auth.oauth());
    } else if (mode.isPresent() && auth.oauth() != null) {
      // As in ToolHive: in anonymous mode an oauth block is a leftover or a draft, and it must not
      // stop the server from starting.
      report.warning("auth.oauth", "ignored because auth.mode is anonymous");
    }
    // As in ToolHive, --auth-mode replaces the mode after the file's block was checked as written.
    Optional<AuthConfig.Mode> effective = authModeOverride.isPresent() ? authModeOverride : mode;
    if (effective.equals(Optional.of(AuthConfig.Mode.OAUTH))) {
      report.unsupported(
          "auth.mode",
          OAUTH_REFUSED + (authModeOverride.isPresent() ? " (set by --auth-mode)" : ""));
    }
    if (mode.isPresent() && authModeOverride.isPresent() && !mode.equals(authModeOverride)) {
      report.warning(
          "auth.mode",
          "--auth-mode "
              + authModeOverride.get().name().toLowerCase(Locale.ROOT)
              + " replaces "
              + mode.get().name().toLowerCase(Locale.ROOT)
              + " from the file");
    }
    if (auth.authz() != null && !auth.authz().isNull()) {
      report.unsupported("auth.authz", "role-based authorization" + NOT_YET);
    }
    // Whatever the file asks for, only anonymous runs: anything else was refused above.
    return new AuthConfig(
        AuthConfig.Mode.ANONYMOUS, auth.publicPaths() == null ? List.of() : auth.publicPaths());
  }

  /** The issuer rule that needs the environment; the block's other rules are constraints. */
  private void oauth(ConfigFile.OAuth oauth) {
    List<ConfigFile.Provider> providers =
        oauth == null || oauth.providers() == null ? List.of() : oauth.providers();
    boolean insecureAllowed =
        Boolean.parseBoolean(env.getOrDefault("THV_REGISTRY_INSECURE_URL", "false").strip());
    for (int i = 0; i < providers.size(); i++) {
      String issuer = providers.get(i) == null ? null : providers.get(i).issuerUrl();
      if (issuer == null || insecureAllowed) {
        continue;
      }
      try {
        URI uri = new URI(issuer.strip());
        if ("http".equalsIgnoreCase(uri.getScheme())
            && uri.getHost() != null
            && !LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
          report.error(
              "auth.oauth.providers[" + i + "].issuerUrl",
              "must use HTTPS (set THV_REGISTRY_INSECURE_URL=true to allow HTTP)");
        }
      } catch (URISyntaxException e) {
        report.error(
            "auth.oauth.providers[" + i + "].issuerUrl",
            "is not a valid URL: " + e.getReason() + " (got \"" + issuer + "\")");
      }
    }
  }

  void audit(ConfigFile.Audit audit) {
    if (audit != null && Boolean.TRUE.equals(audit.enabled())) {
      report.unsupported("audit.enabled", "audit logging" + NOT_YET);
    }
  }

  TelemetryConfig telemetry(ConfigFile.Telemetry telemetry) {
    if (telemetry == null) {
      return TelemetryConfig.DISABLED;
    }
    boolean enabled = Boolean.TRUE.equals(telemetry.enabled());
    if (enabled) {
      report.unsupported("telemetry.enabled", "OpenTelemetry export" + NOT_YET);
    }
    return new TelemetryConfig(
        enabled,
        Optional.ofNullable(telemetry.tracing())
            .map(ConfigFile.Tracing::sampling)
            .map(BigDecimal::doubleValue)
            .orElse(TelemetryConfig.DISABLED.tracingSampling()));
  }

  RetentionConfig retention(ConfigFile.Retention retention) {
    if (retention == null || retention.deletedVersions() == null) {
      return RetentionConfig.DEFAULT;
    }
    try {
      return new RetentionConfig(retention.deletedVersions());
    } catch (ValidationException e) {
      report.error(e.field(), e.reason());
      return RetentionConfig.DEFAULT;
    }
  }
}
