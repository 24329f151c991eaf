package dev.waggle.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Configuration: the shape of {@code config.yaml} as Jackson binds it (every key optional, null
 * when absent). A rule about one key that no domain value owns is a constraint on that key here;
 * messages are literal and {@link ConfigValidation} adds the rejected value as {@code (got ...)},
 * or puts it where a message says {@value ConfigValidation#GOT}.
 */
final class ConfigFile {
  static final String REQUIRED = "is required";
  private static final String POSITIVE = "must be greater than zero";
  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

  private ConfigFile() {}

  /** The whole file. */
  record Root(
      List<@Valid Source> sources,
      List<@Valid Registry> registries,
      String defaultRegistry,
      @Valid Database database,
      @Valid Auth auth,
      @Valid Audit audit,
      @Valid Telemetry telemetry,
      Retention retention) {}

  /** One item of {@code sources}; its kind is whichever of the five blocks is written. */
  record Source(
      @NotBlank(message = REQUIRED) String name,
      @Valid Git git,
      @Valid Api api,
      FileBlock file,
      JsonNode managed,
      @Valid Kubernetes kubernetes,
      SyncPolicy syncPolicy,
      @Valid Filter filter,
      Map<String, Object> claims,
      Boolean strict) {}

  record FileBlock(String path, String url, Duration timeout, JsonNode data) {}

  record Git(
      @NotBlank(message = REQUIRED) String repository,
      String branch,
      String tag,
      String commit,
      String path,
      GitAuth auth) {}

  record GitAuth(String username, String passwordFile) {}

  record Api(@NotBlank(message = REQUIRED) String endpoint, Duration timeout) {}

  record Kubernetes(
      List<
              @Pattern(regexp = DNS_LABEL, message = "must be a valid namespace name, a DNS label")
              String>
          namespaces) {}

  record SyncPolicy(Duration interval) {}

  record Filter(@Valid Globs names, @Valid Tags tags) {}

  record Globs(List<String> include, List<String> exclude) {}

  record Tags(
      List<@NotBlank(message = "a tag must not be empty") String> include,
      List<@NotBlank(message = "a tag must not be empty") String> exclude) {}

  record Registry(
      @NotBlank(message = REQUIRED) String name,
      List<String> sources,
      Map<String, Object> claims) {}

  record Database(
      @NotBlank(message = REQUIRED)
          @Pattern(
              regexp = "[^@/?#\\s]*",
              message = "must be a host name or address without '@', '/', '?', '#' or spaces")
          String host,
      @NotNull(message = REQUIRED)
          @Min(value = 1, message = "must be between 1 and 65535")
          @Max(value = 65535, message = "must be between 1 and 65535")
          Integer port,
      @NotBlank(message = REQUIRED) String user,
      @NotBlank(message = REQUIRED)
          @Pattern(
              regexp = "[^?#/\\s]*",
              message = "must be a database name without '?', '#', '/' or spaces")
          String database,
      String migrationUser,
      String password,
      String migrationPassword,
      @Pattern(
              regexp = "disable|require|verify-ca|verify-full",
              message = "must be one of disable, require, verify-ca, verify-full")
          String sslMode,
      @Min(value = 1, message = POSITIVE) Integer maxOpenConns,
      @Min(value = 0, message = "must not be negative") Integer maxIdleConns,
      @DurationMin(seconds = 30, message = "must be at least 30s") Duration connMaxLifetime,
      @Min(value = 1, message = POSITIVE) Integer maxMetaSize,
      JsonNode dynamicAuth) {}

  /**
   * {@code auth}: anonymous or OAuth; {@code authz} is read by {@link AuthzReader}, which names
   * every mistake.
   */
  record Auth(
      @NotBlank(message = "is required: set anonymous or oauth")
          @Pattern(regexp = "\\s*(anonymous|oauth)\\s*", message = "must be anonymous or oauth")
          String mode,
      List<@Pattern(regexp = "/.*", message = "must be a path starting with '/'") String>
          publicPaths,
      @Valid @NotNull(message = "is required when auth.mode is oauth", groups = OAuthMode.class)
          OAuth oauth,
      JsonNode authz) {}

  record OAuth(
      String resourceUrl,
      String realm,
      @NotEmpty(
              message = "at least one provider is required when auth.mode is oauth",
              groups = OAuthMode.class)
          List<@Valid Provider> providers) {}

  /**
   * Constraints checked only in {@code auth.mode: oauth}: as in ToolHive, an oauth block is a
   * leftover or a draft in anonymous mode and must not stop the server from starting.
   */
  interface OAuthMode {}

  record Provider(
      @NotBlank(message = REQUIRED, groups = OAuthMode.class) String name,
      @NotBlank(message = REQUIRED, groups = OAuthMode.class) String issuerUrl,
      @NotBlank(message = REQUIRED, groups = OAuthMode.class) String audience,
      String jwksUrl,
      String caCertPath,
      String authTokenFile,
      Boolean allowPrivateIP,
      String introspectionUrl,
      String clientId,
      String clientSecretFile) {}

  /** {@code audit}: ToolHive's keys; the event type names are checked against the known ones. */
  record Audit(
      Boolean enabled,
      List<String> eventTypes,
      List<String> excludeEventTypes,
      Boolean includeRequestData,
      @Min(value = 0, message = "must not be negative")
          @Max(value = 1_048_576, message = "must not exceed 1048576 bytes")
          Integer maxDataSize,
      String logFile) {}

  /**
   * Metrics served for scraping and pushed over OTLP/HTTP to {@code endpoint}, traces exported
   * there; the sampling ratio is checked even while tracing is off, so a file written for later is
   * right.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Telemetry(
      Boolean enabled,
      String serviceName,
      String serviceVersion,
      String endpoint,
      Boolean insecure,
      @Valid Tracing tracing,
      Metrics metrics) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Metrics(Boolean enabled) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Tracing(
      Boolean enabled,
      @DecimalMin(value = "0", inclusive = false, message = SAMPLING)
          @DecimalMax(value = "1", message = SAMPLING)
          BigDecimal sampling) {}

  private static final String SAMPLING =
      "must be greater than 0 and at most 1 (got "
          + ConfigValidation.GOT
          + "); use tracing.enabled: false to turn tracing off";

  /** Waggle's own: ToolHive keeps removed versions forever. */
  record Retention(Duration deletedVersions) {}
}
