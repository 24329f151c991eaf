package dev.waggle.bootstrap.config;

import dev.waggle.adapters.http.AuditSettings;
import dev.waggle.adapters.http.OAuthProvider;
import dev.waggle.adapters.http.OAuthSettings;
import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.RoleRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Configuration: the {@code database}, {@code auth}, {@code audit}, {@code telemetry} and {@code
 * retention} settings from their bound (and already validated) blocks, with the rules that tie two
 * keys together. Features later versions will run are refused here by name.
 */
final class SettingsReader {
  private static final Set<String> LOOPBACK_HOSTS =
      Set.of("localhost", "127.0.0.1", "::1", "[::1]");
  private static final String NOT_YET = " is not supported yet by this version of Waggle";

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
            "not set; serving reads anonymously and refusing the /v1 writes. ToolHive requires"
                + " this block: add `auth: {mode: anonymous}` to open everything, or set up"
                + " `auth.mode: oauth`");
        return AuthConfig.UNSET;
      }
      if (authModeOverride.get() == AuthConfig.Mode.OAUTH) {
        report.error("auth.oauth", "is required when auth.mode is oauth (set by --auth-mode)");
        return AuthConfig.UNSET;
      }
      return AuthConfig.ANONYMOUS;
    }
    // Checked as a constraint on auth.mode; a block without a valid mode never opens anything up.
    Optional<AuthConfig.Mode> mode =
        report.hasErrorAt("auth.mode")
            ? Optional.empty()
            : Optional.of(AuthConfig.Mode.valueOf(auth.mode().strip().toUpperCase(Locale.ROOT)));
    // As in ToolHive, --auth-mode replaces the mode after the file's block was checked as written.
    Optional<AuthConfig.Mode> effective = authModeOverride.isPresent() ? authModeOverride : mode;
    Optional<AuthConfig.Mode> oauthMode = Optional.of(AuthConfig.Mode.OAUTH);
    Optional<OAuthSettings> oauth = Optional.empty();
    if (mode.equals(oauthMode) || effective.equals(oauthMode)) {
      // Checked whenever the file or the flag asks for OAuth; used only when the flag agrees.
      oauth = oauth(auth.oauth()).filter(o -> effective.equals(oauthMode));
    } else if (mode.isPresent() && auth.oauth() != null) {
      // As in ToolHive: in anonymous mode an oauth block is a leftover or a draft, and it must not
      // stop the server from starting.
      report.warning("auth.oauth", "ignored because auth.mode is anonymous");
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
    Optional<RoleRules> authz = Optional.empty();
    if (auth.authz() != null && !auth.authz().isNull()) {
      authz = new AuthzReader(report).read(auth.authz());
      if (authz.isPresent() && !effective.equals(oauthMode)) {
        // As in ToolHive: nobody is asked for a token, so there are no claims to judge by.
        report.warning(
            "auth.authz",
            "ignored because auth.mode is anonymous: every caller may do and see everything");
        authz = Optional.empty();
      }
    }
    List<String> publicPaths = auth.publicPaths() == null ? List.of() : auth.publicPaths();
    if (effective.isEmpty() || report.hasErrors()) {
      // Nothing is served from a configuration with errors; this only keeps the types whole.
      return AuthConfig.UNSET;
    }
    return oauth.isPresent()
        ? new AuthConfig(AuthConfig.Mode.OAUTH, publicPaths, oauth, true, authz)
        : new AuthConfig(AuthConfig.Mode.ANONYMOUS, publicPaths, Optional.empty(), true);
  }

  /** The {@code auth.oauth} block as the HTTP adapter needs it, each rule naming its key. */
  private Optional<OAuthSettings> oauth(ConfigFile.OAuth oauth) {
    if (oauth == null) {
      if (!report.hasErrorAt("auth.oauth")) {
        report.error("auth.oauth", "is required when auth.mode is oauth");
      }
      return Optional.empty();
    }
    boolean insecureAllowed =
        Boolean.parseBoolean(env.getOrDefault("THV_REGISTRY_INSECURE_URL", "false").strip());
    Optional<URI> resourceUrl = Optional.empty();
    if (oauth.resourceUrl() != null && !oauth.resourceUrl().isBlank()) {
      resourceUrl = url("auth.oauth.resourceUrl", oauth.resourceUrl(), true);
    }
    String realm =
        oauth.realm() == null || oauth.realm().isBlank()
            ? OAuthSettings.DEFAULT_REALM
            : oauth.realm().strip();
    List<ConfigFile.Provider> items = oauth.providers() == null ? List.of() : oauth.providers();
    if (items.isEmpty() && !report.hasErrorAt("auth.oauth.providers")) {
      report.error(
          "auth.oauth.providers", "at least one provider is required when auth.mode is oauth");
    }
    List<OAuthProvider> providers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String at = "auth.oauth.providers[" + i + "]";
      ConfigFile.Provider item = items.get(i);
      if (item == null) {
        report.error(at, "must be a mapping of keys");
        continue;
      }
      String name = required(at + ".name", item.name());
      String audience = required(at + ".audience", item.audience());
      String issuer = required(at + ".issuerUrl", item.issuerUrl());
      if (name != null && !names.add(name)) {
        report.error(at + ".name", "another provider is already named \"" + name + "\"");
      }
      if (issuer != null && url(at + ".issuerUrl", issuer, insecureAllowed).isEmpty()) {
        issuer = null;
      }
      Optional<URI> jwks = optionalUrl(at + ".jwksUrl", item.jwksUrl(), insecureAllowed);
      Optional<URI> introspection =
          optionalUrl(at + ".introspectionUrl", item.introspectionUrl(), insecureAllowed);
      // Mounted files (a service account's CA and token) may appear after a config check on a
      // laptop: calls to this provider fail, and answer 503, until they are there.
      Optional<Path> caCert = mountedFile(at + ".caCertPath", item.caCertPath(), name);
      caCert
          .filter(Files::isRegularFile)
          .ifPresent(bundle -> checkCertificates(at + ".caCertPath", bundle));
      Optional<Path> tokenFile = mountedFile(at + ".authTokenFile", item.authTokenFile(), name);
      // Read once at start-up, as ToolHive does.
      Optional<Path> secretFile = file(at + ".clientSecretFile", item.clientSecretFile(), true);
      Optional<String> clientId =
          Optional.ofNullable(item.clientId()).map(String::strip).filter(c -> !c.isEmpty());
      if (introspection.isEmpty() && (clientId.isPresent() || secretFile.isPresent())) {
        report.warning(at, "clientId and clientSecretFile are only used with introspectionUrl");
      } else if (clientId.isPresent() != secretFile.isPresent()) {
        report.warning(
            at,
            "introspection calls carry no credentials unless both clientId and clientSecretFile"
                + " are set");
      }
      if (name == null || audience == null || issuer == null || report.hasErrors()) {
        continue;
      }
      providers.add(
          new OAuthProvider(
              name,
              issuer,
              audience,
              jwks,
              caCert,
              tokenFile,
              Boolean.TRUE.equals(item.allowPrivateIP()),
              introspection,
              clientId,
              secretFile));
    }
    if (report.hasErrors() || providers.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new OAuthSettings(resourceUrl, realm, providers, insecureAllowed));
  }

  private String required(String path, String value) {
    if (value == null || value.isBlank()) {
      // The constraint reported it when the file itself says oauth; --auth-mode oauth comes here.
      if (!report.hasErrorAt(path)) {
        report.error(path, "is required");
      }
      return null;
    }
    return value.strip();
  }

  private Optional<URI> optionalUrl(String path, String text, boolean insecureAllowed) {
    return text == null || text.isBlank() ? Optional.empty() : url(path, text, insecureAllowed);
  }

  /** An absolute URL with a host, over HTTPS unless loopback or insecure URLs are allowed. */
  private Optional<URI> url(String path, String text, boolean insecureAllowed) {
    try {
      URI uri = new URI(text.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
        report.error(path, "must be an absolute http(s) URL with a host (got \"" + text + "\")");
        return Optional.empty();
      }
      if (scheme.equals("http")
          && !insecureAllowed
          && !LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
        report.error(path, "must use HTTPS (set THV_REGISTRY_INSECURE_URL=true to allow HTTP)");
        return Optional.empty();
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      report.error(path, "is not a valid URL: " + e.getReason() + " (got \"" + text + "\")");
      return Optional.empty();
    }
  }

  /** A file that must be there now; ToolHive wants secret files as absolute paths. */
  private Optional<Path> file(String path, String text, boolean absolute) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    Path file = Path.of(text.strip());
    if (absolute && !file.isAbsolute()) {
      report.error(path, "must be an absolute path (got \"" + text + "\")");
      return Optional.empty();
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      report.error(path, "there is no readable file at " + text);
      return Optional.empty();
    }
    return Optional.of(file);
  }

  private Optional<Path> mountedFile(String path, String text, String provider) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    Path file = Path.of(text.strip());
    if (!Files.isRegularFile(file)) {
      report.warning(
          path,
          "there is no file at "
              + text
              + " now; calls to provider '"
              + provider
              + "' fail (tokens get 503) until there is one");
    }
    return Optional.of(file);
  }

  private void checkCertificates(String path, Path bundle) {
    try (InputStream in = Files.newInputStream(bundle)) {
      if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
        report.error(path, "holds no PEM certificate: " + bundle);
      }
    } catch (IOException | CertificateException e) {
      report.error(
          path, "is not a PEM certificate bundle: " + bundle + " (" + e.getMessage() + ")");
    }
  }

  /**
   * The audit trail's settings. An unknown name in {@code eventTypes} or {@code excludeEventTypes}
   * is an error, not a warning: ignoring a misspelt allow-list entry would silently stop recording
   * what someone meant to audit, and a misspelt exclusion would keep what they meant to drop.
   */
  AuditSettings audit(ConfigFile.Audit audit) {
    if (audit == null) {
      return AuditSettings.DISABLED;
    }
    Set<String> eventTypes = eventTypes("audit.eventTypes", audit.eventTypes());
    Set<String> excluded = eventTypes("audit.excludeEventTypes", audit.excludeEventTypes());
    boolean enabled = Boolean.TRUE.equals(audit.enabled());
    Optional<Path> logFile = Optional.empty();
    if (audit.logFile() != null && !audit.logFile().isBlank() && enabled) {
      logFile = auditFile(audit.logFile().strip());
    }
    if (report.hasErrors()) {
      return AuditSettings.DISABLED;
    }
    return new AuditSettings(
        enabled,
        eventTypes,
        excluded,
        Boolean.TRUE.equals(audit.includeRequestData()),
        Objects.requireNonNullElse(audit.maxDataSize(), AuditSettings.DEFAULT_MAX_DATA_SIZE),
        logFile);
  }

  private Set<String> eventTypes(String path, List<String> names) {
    if (names == null) {
      return Set.of();
    }
    Set<String> known = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i) == null ? "" : names.get(i).strip();
      if (AuditSettings.EVENT_TYPES.contains(name)) {
        known.add(name);
        continue;
      }
      String hint =
          KeySuggestion.closest(name, AuditSettings.EVENT_TYPES)
              .map(meant -> "; did you mean \"" + meant + "\"?")
              .orElse(
                  "; the event types are "
                      + String.join(", ", new TreeSet<>(AuditSettings.EVENT_TYPES)));
      report.error(path + "[" + i + "]", "unknown event type \"" + name + "\"" + hint);
    }
    return known;
  }

  /**
   * The log file, its symbolic links resolved as ToolHive resolves them; its directory must exist
   * now. Its mode is checked when it is opened at start-up.
   */
  private Optional<Path> auditFile(String text) {
    Path file = Path.of(text).toAbsolutePath().normalize();
    try {
      if (Files.isSymbolicLink(file)) {
        file = file.toRealPath();
      }
    } catch (IOException e) {
      report.error("audit.logFile", "is a symbolic link that leads nowhere: " + text);
      return Optional.empty();
    }
    if (Files.isDirectory(file)) {
      report.error("audit.logFile", "is a directory, not a file: " + text);
      return Optional.empty();
    }
    Path parent = file.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      report.error(
          "audit.logFile", "its directory " + parent + " does not exist (got \"" + text + "\")");
      return Optional.empty();
    }
    return Optional.of(file);
  }

  TelemetryConfig telemetry(ConfigFile.Telemetry telemetry) {
    if (telemetry == null) {
      return TelemetryConfig.DISABLED;
    }
    boolean tracing =
        telemetry.tracing() != null && Boolean.TRUE.equals(telemetry.tracing().enabled());
    boolean metrics =
        telemetry.metrics() != null && Boolean.TRUE.equals(telemetry.metrics().enabled());
    Optional<String> endpoint =
        Optional.ofNullable(telemetry.endpoint()).map(String::strip).filter(e -> !e.isEmpty());
    endpoint.ifPresent(this::checkEndpoint);
    return new TelemetryConfig(
        Boolean.TRUE.equals(telemetry.enabled()),
        Optional.ofNullable(telemetry.serviceName())
            .map(String::strip)
            .filter(n -> !n.isEmpty())
            .orElse(TelemetryConfig.DEFAULT_SERVICE_NAME),
        Optional.ofNullable(telemetry.serviceVersion())
            .map(String::strip)
            .filter(v -> !v.isEmpty()),
        endpoint,
        Boolean.TRUE.equals(telemetry.insecure()),
        metrics,
        tracing,
        Optional.ofNullable(telemetry.tracing())
            .map(ConfigFile.Tracing::sampling)
            .map(BigDecimal::doubleValue)
            .orElse(TelemetryConfig.DEFAULT_SAMPLING));
  }

  /**
   * ToolHive hands the endpoint to the OTLP/HTTP exporter as {@code host:port} and picks the scheme
   * from {@code insecure}; a URL with a scheme or path would be sent somewhere else than meant.
   */
  private void checkEndpoint(String endpoint) {
    String key = "telemetry.endpoint";
    String got = " (got " + ConfigValidation.describe(endpoint) + ")";
    if (endpoint.contains("://")) {
      report.error(
          key,
          "must be host:port without a scheme"
              + got
              + "; set telemetry.insecure: true for plain HTTP to the collector");
      return;
    }
    URI uri;
    try {
      uri = new URI("http://" + endpoint);
    } catch (URISyntaxException e) {
      report.error(key, "must be host:port" + got);
      return;
    }
    if (uri.getHost() == null
        || uri.getUserInfo() != null
        || !uri.getRawPath().isEmpty()
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      report.error(key, "must be host:port, with no path" + got);
    }
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
