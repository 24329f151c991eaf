package dev.waggle.bootstrap.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.waggle.adapters.http.AuditSettings;
import dev.waggle.domain.registry.CatalogLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration: reads a ToolHive Registry Server {@code config.yaml} (plus Waggle's own keys),
 * lays {@code THV_REGISTRY_*} environment overrides over it, binds it ({@link ConfigBinding}),
 * validates it ({@link ConfigValidation}) and builds the domain objects — reporting all problems at
 * once, each with its key path.
 *
 * <p>Relative {@code file.path} values resolve against the process working directory, as ToolHive
 * resolves them, not against the config file's directory.
 */
public final class ConfigLoader {
  private static final YAMLMapper YAML = new YAMLMapper();

  private final Map<String, String> env;
  private final Path workingDirectory;
  private final Path userHome;
  private final Optional<AuthConfig.Mode> authModeOverride;

  /**
   * @param env the environment to read overrides, {@code PGPASSFILE} and {@code
   *     THV_REGISTRY_INSECURE_URL} from
   * @param workingDirectory what relative {@code file.path} values are relative to
   * @param userHome where {@code ~/.pgpass} lives
   */
  public ConfigLoader(Map<String, String> env, Path workingDirectory, Path userHome) {
    this(env, workingDirectory, userHome, Optional.empty());
  }

  private ConfigLoader(
      Map<String, String> env,
      Path workingDirectory,
      Path userHome,
      Optional<AuthConfig.Mode> authModeOverride) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "'env' must not be null"));
    this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    this.userHome = Objects.requireNonNull(userHome, "'userHome' must not be null");
    this.authModeOverride = authModeOverride;
  }

  /** A loader for this process: its environment, working directory and home directory. */
  public static ConfigLoader forProcess() {
    return new ConfigLoader(
        System.getenv(), Path.of(""), Path.of(System.getProperty("user.home", ".")));
  }

  /** A loader like this one whose relative paths resolve against {@code directory}. */
  public ConfigLoader relativeTo(Path directory) {
    return new ConfigLoader(env, directory, userHome, authModeOverride);
  }

  /**
   * A loader like this one that runs in {@code mode} whatever {@code auth.mode} says, as {@code
   * serve --auth-mode} does: the file's {@code auth} block is still checked as written.
   */
  public ConfigLoader withAuthMode(AuthConfig.Mode mode) {
    return new ConfigLoader(
        env,
        workingDirectory,
        userHome,
        Optional.of(Objects.requireNonNull(mode, "'mode' must not be null")));
  }

  public ConfigResult load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      ConfigReport report = new ConfigReport();
      report.error("", "cannot read the config file " + file + ": " + describe(e));
      return new ConfigResult(Optional.empty(), report.errors(), report.warnings());
    }
    return parse(text);
  }

  public ConfigResult parse(String yaml) {
    ConfigReport report = new ConfigReport();
    JsonNode document;
    try {
      document = yaml.isBlank() ? null : YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      report.error(
          "",
          "not valid YAML"
              + (where == null
                  ? ""
                  : " at line " + where.getLineNr() + ", column " + where.getColumnNr())
              + ": "
              + e.getOriginalMessage());
      return new ConfigResult(Optional.empty(), report.errors(), report.warnings());
    }
    if (document != null && !document.isObject() && !document.isNull()) {
      report.error("", "the configuration must be a YAML mapping of keys (sources, registries...)");
      return new ConfigResult(Optional.empty(), report.errors(), report.warnings());
    }
    ObjectNode tree =
        document instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
    boolean fileHasDatabase = field(tree, "database").filter(d -> !d.isNull()).isPresent();
    ConfigBinding.applyEnvironment(tree, env, report);
    if (!fileHasDatabase) {
      keepEmbeddedDespitePasswordVariables(tree, report);
    }
    ConfigFile.Root file = ConfigBinding.bind(tree, report);
    ConfigValidation.validate(file, report);

    CatalogReader catalog = new CatalogReader(report, workingDirectory);
    Optional<CatalogLayout> layout = catalog.layout(file);
    SettingsReader settings = new SettingsReader(report, env, userHome, authModeOverride);
    Optional<DatabaseConfig> database = settings.database(file.database());
    AuthConfig auth = settings.auth(file.auth());
    AuditSettings audit = settings.audit(file.audit());
    TelemetryConfig telemetry = settings.telemetry(file.telemetry());
    RetentionConfig retention = settings.retention(file.retention());

    if (report.hasErrors() || layout.isEmpty()) {
      return new ConfigResult(Optional.empty(), report.errors(), report.warnings());
    }
    return new ConfigResult(
        Optional.of(
            new WaggleConfig(
                layout.get(), database, auth, telemetry, audit, catalog.watchedFiles(), retention)),
        report.errors(),
        report.warnings());
  }

  /** A top-level key, matched case-insensitively as Viper matches keys. */
  private static Optional<JsonNode> field(ObjectNode tree, String name) {
    return Optional.ofNullable(tree.get(ConfigBinding.spelling(tree, name)));
  }

  /**
   * Deployments often set {@code THV_REGISTRY_DATABASE_PASSWORD} globally; alone it must not turn a
   * file without a {@code database} block (embedded PostgreSQL) into a half-configured external
   * one.
   */
  private static void keepEmbeddedDespitePasswordVariables(ObjectNode tree, ConfigReport report) {
    JsonNode database = field(tree, "database").orElse(null);
    if (database == null || !database.isObject()) {
      return;
    }
    Set<String> passwordKeys = Set.of("password", "migrationpassword");
    boolean onlyPasswords = true;
    for (var it = database.fieldNames(); it.hasNext(); ) {
      onlyPasswords &= passwordKeys.contains(it.next().toLowerCase(Locale.ROOT));
    }
    if (onlyPasswords) {
      tree.remove(ConfigBinding.spelling(tree, "database"));
      report.warning(
          "database",
          "only a password is set (from the environment) and the file has no database block;"
              + " ignoring it and using the embedded PostgreSQL");
    }
  }

  private static String describe(IOException e) {
    return e instanceof java.nio.file.NoSuchFileException
        ? "no such file"
        : e.getClass().getSimpleName() + " " + Objects.toString(e.getMessage(), "");
  }
}
