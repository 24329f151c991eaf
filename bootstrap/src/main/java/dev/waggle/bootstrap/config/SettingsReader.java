package dev.waggle.bootstrap.config;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.Claims;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Configuration: reads the {@code database}, {@code auth}, {@code audit} and {@code telemetry}
 * blocks. Features later versions will run are checked now, then refused by name.
 */
final class SettingsReader {
  private static final Pattern BAD_HOST = Pattern.compile(".*[@/?#\\s].*");
  private static final Pattern BAD_DATABASE = Pattern.compile(".*[?#/\\s].*");
  private static final Set<String> LOOPBACK_HOSTS =
      Set.of("localhost", "127.0.0.1", "::1", "[::1]");
  private static final Duration MIN_CONNECTION_LIFETIME = Duration.ofSeconds(30);
  private static final List<String> ROLES =
      List.of("superAdmin", "manageSources", "manageRegistries", "manageEntries");

  private static final String OAUTH_REFUSED =
      "oauth is not supported yet by this version of Waggle; use anonymous";

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

  Optional<DatabaseConfig> database(ConfigNode root) {
    Optional<ConfigNode> section = root.section("database");
    if (section.isEmpty()) {
      return Optional.empty();
    }
    ConfigNode db = section.get();
    Optional<String> host = db.requiredText("host");
    host.filter(h -> BAD_HOST.matcher(h).matches())
        .ifPresent(
            h ->
                report.error(
                    db.pathOf("host"),
                    "must be a host name or address without '@', '/', '?', '#' or spaces (got \""
                        + h
                        + "\")"));
    Optional<Integer> port = db.integer("port");
    if (port.isEmpty() && !report.hasErrorAt(db.pathOf("port"))) {
      report.error(db.pathOf("port"), "is required");
    }
    port.filter(p -> p < 1 || p > 65535)
        .ifPresent(
            p -> report.error(db.pathOf("port"), "must be between 1 and 65535 (got " + p + ")"));
    Optional<String> user = db.requiredText("user");
    Optional<String> database = db.requiredText("database");
    database
        .filter(d -> BAD_DATABASE.matcher(d).matches())
        .ifPresent(
            d ->
                report.error(
                    db.pathOf("database"),
                    "must be a database name without '?', '#', '/' or spaces (got \"" + d + "\")"));
    Optional<String> migrationUser = db.text("migrationUser");
    Optional<String> password = db.string("password").filter(p -> !p.isEmpty());
    Optional<String> migrationPassword = db.string("migrationPassword").filter(p -> !p.isEmpty());

    SslMode sslMode = SslMode.REQUIRE;
    Optional<String> sslText = db.text("sslMode");
    if (sslText.isPresent()) {
      Optional<SslMode> parsed = SslMode.parse(sslText.get());
      if (parsed.isEmpty()) {
        report.error(
            db.pathOf("sslMode"),
            "must be one of disable, require, verify-ca, verify-full (got \""
                + sslText.get()
                + "\")");
      } else {
        sslMode = parsed.get();
      }
    }
    OptionalInt maxOpen = atLeast(db, "maxOpenConns", 1);
    OptionalInt maxIdle = atLeast(db, "maxIdleConns", 0);
    if (maxOpen.isPresent() && maxIdle.isPresent() && maxIdle.getAsInt() > maxOpen.getAsInt()) {
      report.error(
          db.pathOf("maxIdleConns"),
          "must not exceed database.maxOpenConns ("
              + maxIdle.getAsInt()
              + " > "
              + maxOpen.getAsInt()
              + ")");
    }
    Optional<Duration> lifetime = db.duration("connMaxLifetime");
    if (lifetime.isPresent() && lifetime.get().compareTo(MIN_CONNECTION_LIFETIME) < 0) {
      // The connection pool ignores shorter lifetimes; say so instead of silently changing it.
      report.error(
          db.pathOf("connMaxLifetime"),
          "must be at least 30s (got " + GoDuration.format(lifetime.get()) + ")");
    }
    OptionalInt maxMeta = atLeast(db, "maxMetaSize", 1);

    Optional<ConfigNode> dynamicAuth = db.section("dynamicAuth");
    if (dynamicAuth.isPresent()) {
      if (password.isPresent() || migrationPassword.isPresent()) {
        report.error(
            dynamicAuth.get().path(),
            "cannot be combined with database.password or database.migrationPassword");
      }
      Optional<ConfigNode> rds = dynamicAuth.get().section("awsRdsIam");
      rds.ifPresent(r -> r.requiredText("region"));
      report.unsupported(
          dynamicAuth.get().path(),
          "dynamic database authentication (AWS RDS IAM) is not supported yet by this version of"
              + " Waggle");
    }

    if (host.isEmpty() || port.isEmpty() || user.isEmpty() || database.isEmpty()) {
      return Optional.empty();
    }
    String migrator = migrationUser.orElse(user.get());
    Path passFile = PgPass.location(env, userHome);
    try {
      if (password.isEmpty() && dynamicAuth.isEmpty()) {
        password = PgPass.lookup(passFile, host.get(), port.get(), database.get(), user.get());
      }
      if (migrationPassword.isEmpty() && dynamicAuth.isEmpty()) {
        migrationPassword =
            migrator.equals(user.get())
                ? password
                : PgPass.lookup(passFile, host.get(), port.get(), database.get(), migrator);
      }
    } catch (UncheckedIOException e) {
      report.error(db.path(), e.getMessage());
    }
    return Optional.of(
        new DatabaseConfig(
            host.get(),
            port.get(),
            user.get(),
            database.get(),
            migrator,
            password,
            migrationPassword,
            sslMode,
            maxOpen,
            maxIdle,
            lifetime,
            maxMeta.orElse(DatabaseConfig.DEFAULT_MAX_META_SIZE)));
  }

  private OptionalInt atLeast(ConfigNode node, String key, int minimum) {
    Optional<Integer> value = node.integer(key);
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    if (value.get() < minimum) {
      report.error(
          node.pathOf(key),
          (minimum == 0 ? "must not be negative" : "must be greater than zero")
              + " (got "
              + value.get()
              + ")");
      return OptionalInt.empty();
    }
    return OptionalInt.of(value.get());
  }

  AuthConfig auth(ConfigNode root) {
    Optional<ConfigNode> section = root.section("auth");
    if (section.isEmpty()) {
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
    ConfigNode auth = section.get();
    Optional<AuthConfig.Mode> mode = Optional.empty();
    Optional<String> modeText = auth.text("mode");
    if (modeText.isEmpty()) {
      // A block without a mode may be an OAuth setup with the line forgotten: never open it up.
      if (!report.hasErrorAt(auth.pathOf("mode"))) {
        report.error(auth.pathOf("mode"), "is required: set anonymous or oauth");
      }
    } else if (modeText.get().equals("anonymous")) {
      mode = Optional.of(AuthConfig.Mode.ANONYMOUS);
    } else if (modeText.get().equals("oauth")) {
      mode = Optional.of(AuthConfig.Mode.OAUTH);
    } else {
      report.error(
          auth.pathOf("mode"), "must be anonymous or oauth (got \"" + modeText.get() + "\")");
    }

    List<String> publicPaths = auth.strings("publicPaths");
    for (int i = 0; i < publicPaths.size(); i++) {
      if (!publicPaths.get(i).startsWith("/")) {
        report.error(
            auth.pathOf("publicPaths") + "[" + i + "]",
            "must be a path starting with '/' (got \"" + publicPaths.get(i) + "\")");
      }
    }

    boolean anonymous = mode.equals(Optional.of(AuthConfig.Mode.ANONYMOUS));
    // As in ToolHive, an oauth block is only read in oauth mode: in anonymous mode it is a
    // leftover or a draft, and it must not stop the server from starting.
    Optional<AuthConfig.OAuth> oauth =
        anonymous ? Optional.empty() : auth.section("oauth").map(this::oauth);
    // As in ToolHive, --auth-mode replaces the mode after the file's auth block was checked as
    // written.
    Optional<AuthConfig.Mode> effective = authModeOverride.isPresent() ? authModeOverride : mode;
    if (mode.equals(Optional.of(AuthConfig.Mode.OAUTH))) {
      if (auth.section("oauth").isEmpty()) {
        report.error(auth.pathOf("oauth"), "is required when auth.mode is oauth");
      } else if (auth.section("oauth").get().size("providers") == 0) {
        ConfigNode oauthNode = auth.section("oauth").get();
        if (!report.hasErrorAt(oauthNode.pathOf("providers"))) {
          report.error(
              oauthNode.pathOf("providers"),
              "at least one provider is required when auth.mode is oauth");
        }
      }
    } else if (anonymous && auth.section("oauth").isPresent()) {
      report.warning(auth.pathOf("oauth"), "ignored because auth.mode is anonymous");
    }
    if (effective.equals(Optional.of(AuthConfig.Mode.OAUTH))) {
      report.unsupported(
          auth.pathOf("mode"),
          OAUTH_REFUSED + (authModeOverride.isPresent() ? " (set by --auth-mode)" : ""));
    }
    if (mode.isPresent() && authModeOverride.isPresent() && !mode.equals(authModeOverride)) {
      report.warning(
          auth.pathOf("mode"),
          "--auth-mode "
              + authModeOverride.get().name().toLowerCase(Locale.ROOT)
              + " replaces "
              + mode.get().name().toLowerCase(Locale.ROOT)
              + " from the file");
    }

    Optional<AuthConfig.Authz> authz = auth.section("authz").map(this::authz);
    if (authz.isPresent()) {
      report.unsupported(
          auth.pathOf("authz"),
          "role-based authorization is not supported yet by this version of Waggle");
    }
    AuthConfig.Mode running = effective.orElse(AuthConfig.Mode.ANONYMOUS);
    return new AuthConfig(
        running, publicPaths, running == AuthConfig.Mode.OAUTH ? oauth : Optional.empty(), authz);
  }

  private AuthConfig.OAuth oauth(ConfigNode node) {
    Optional<URI> resourceUrl = node.httpUrl("resourceUrl");
    String realm = node.text("realm").orElse(AuthConfig.OAuth.DEFAULT_REALM);
    boolean insecureAllowed =
        Boolean.parseBoolean(env.getOrDefault("THV_REGISTRY_INSECURE_URL", "false").strip());
    List<AuthConfig.Provider> providers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigNode provider : node.sections("providers")) {
      Optional<String> name = provider.requiredText("name");
      name.filter(n -> !names.add(n))
          .ifPresent(
              n -> report.error(provider.pathOf("name"), "duplicate provider name \"" + n + "\""));
      Optional<URI> issuer = Optional.empty();
      if (provider.requiredText("issuerUrl").isPresent()) {
        issuer = provider.httpUrl("issuerUrl");
        issuer
            .filter(
                u ->
                    u.getScheme().equalsIgnoreCase("http")
                        && !LOOPBACK_HOSTS.contains(u.getHost().toLowerCase(Locale.ROOT))
                        && !insecureAllowed)
            .ifPresent(
                u ->
                    report.error(
                        provider.pathOf("issuerUrl"),
                        "must use HTTPS (set THV_REGISTRY_INSECURE_URL=true to allow HTTP)"));
      }
      Optional<String> audience = provider.requiredText("audience");
      Optional<URI> jwks = provider.httpUrl("jwksUrl");
      Optional<URI> introspection = provider.httpUrl("introspectionUrl");
      Optional<String> clientSecretFile =
          provider.absoluteFile("clientSecretFile").map(Path::toString);
      boolean allowPrivateIp = provider.flag("allowPrivateIP");
      if (name.isPresent() && issuer.isPresent() && audience.isPresent()) {
        providers.add(
            new AuthConfig.Provider(
                name.get(),
                issuer.get(),
                audience.get(),
                jwks,
                provider.text("clientId"),
                clientSecretFile,
                provider.text("caCertPath"),
                provider.text("authTokenFile"),
                introspection,
                allowPrivateIp));
      }
    }
    return new AuthConfig.OAuth(resourceUrl, realm, providers);
  }

  private AuthConfig.Authz authz(ConfigNode node) {
    ConfigNode roles = node.sectionOrEmpty("roles");
    Map<String, List<Claims>> granted = new LinkedHashMap<>();
    for (String role : ROLES) {
      List<Claims> claimSets = new ArrayList<>();
      for (var item : roles.untypedMaps(role)) {
        try {
          claimSets.add(Claims.fromUntyped(item.getKey(), item.getValue()));
        } catch (ValidationException e) {
          report.error(e.field(), e.reason());
        }
      }
      granted.put(role, claimSets);
    }
    return new AuthConfig.Authz(granted);
  }

  AuditConfig audit(ConfigNode root) {
    Optional<ConfigNode> section = root.section("audit");
    if (section.isEmpty()) {
      return AuditConfig.DISABLED;
    }
    ConfigNode audit = section.get();
    boolean enabled = audit.flag("enabled");
    Optional<Path> logFile = audit.text("logFile").map(Path::of);
    logFile
        .map(file -> file.toAbsolutePath().getParent())
        .filter(dir -> !Files.isDirectory(dir))
        .ifPresent(
            dir ->
                report.error(audit.pathOf("logFile"), "the directory " + dir + " does not exist"));
    int maxDataSize = audit.integer("maxDataSize").orElse(AuditConfig.DEFAULT_MAX_DATA_SIZE);
    if (maxDataSize < 0) {
      report.error(audit.pathOf("maxDataSize"), "must not be negative (got " + maxDataSize + ")");
    } else if (maxDataSize > AuditConfig.MAX_DATA_SIZE_LIMIT) {
      report.error(
          audit.pathOf("maxDataSize"),
          "must not exceed "
              + AuditConfig.MAX_DATA_SIZE_LIMIT
              + " bytes (got "
              + maxDataSize
              + ")");
    }
    AuditConfig config =
        new AuditConfig(
            enabled,
            logFile,
            audit.strings("eventTypes"),
            audit.strings("excludeEventTypes"),
            audit.flag("includeRequestData"),
            maxDataSize);
    if (enabled) {
      report.unsupported(
          audit.pathOf("enabled"), "audit logging is not supported yet by this version of Waggle");
    }
    return config;
  }

  TelemetryConfig telemetry(ConfigNode root) {
    Optional<ConfigNode> section = root.section("telemetry");
    if (section.isEmpty()) {
      return TelemetryConfig.DISABLED;
    }
    ConfigNode telemetry = section.get();
    TelemetryConfig defaults = TelemetryConfig.DISABLED;
    ConfigNode tracing = telemetry.sectionOrEmpty("tracing");
    double sampling = defaults.tracingSampling();
    Optional<BigDecimal> samplingValue = tracing.decimal("sampling");
    if (samplingValue.isPresent()) {
      BigDecimal value = samplingValue.get();
      if (value.signum() <= 0 || value.compareTo(BigDecimal.ONE) > 0) {
        report.error(
            tracing.pathOf("sampling"),
            "must be greater than 0 and at most 1 (got "
                + value.toPlainString()
                + "); use tracing.enabled: false to turn tracing off");
      } else {
        sampling = value.doubleValue();
      }
    }
    boolean enabled = telemetry.flag("enabled");
    TelemetryConfig config =
        new TelemetryConfig(
            enabled,
            telemetry.text("serviceName").orElse(defaults.serviceName()),
            telemetry.text("serviceVersion").orElse(defaults.serviceVersion()),
            telemetry.text("endpoint").orElse(defaults.endpoint()),
            telemetry.flag("insecure"),
            tracing.flag("enabled"),
            sampling,
            telemetry.sectionOrEmpty("metrics").flag("enabled"));
    if (enabled) {
      report.unsupported(
          telemetry.pathOf("enabled"),
          "OpenTelemetry export is not supported yet by this version of Waggle");
    }
    return config;
  }

  RetentionConfig retention(ConfigNode root) {
    ConfigNode retention = root.sectionOrEmpty("retention");
    Optional<Duration> deletedVersions = retention.duration("deletedVersions");
    if (deletedVersions.isEmpty()) {
      return RetentionConfig.DEFAULT;
    }
    if (deletedVersions.get().isNegative() || deletedVersions.get().isZero()) {
      report.error(
          retention.pathOf("deletedVersions"),
          "must be greater than 0 (got "
              + retention.text("deletedVersions").orElse("")
              + "): tombstones are how incremental readers learn of removals");
      return RetentionConfig.DEFAULT;
    }
    return new RetentionConfig(deletedVersions.get());
  }
}
