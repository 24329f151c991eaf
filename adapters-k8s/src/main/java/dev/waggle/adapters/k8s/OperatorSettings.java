package dev.waggle.adapters.k8s;

import dev.waggle.adapters.k8s.reconciler.SyncCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Configuration of the {@code MCPRegistry} operator.
 *
 * @param image the registry server image every registry runs, by default {@link #defaultImage()}
 * @param watchNamespaces the namespaces whose registries are reconciled; empty means all
 * @param leaderElection whether replicas elect one leader through the lease {@value #LEASE_NAME}
 * @param leaderElectionNamespace where that lease lives; null means the client's namespace
 * @param defaultImagePullSecrets pull secrets added to every registry after its own
 * @param syncTokenFile the bearer token a manual sync sends to a registry in {@code auth.mode:
 *     oauth}; when empty, a service-account token projected at {@link
 *     SyncCredentials#PROJECTED_TOKEN} is sent if there is one
 */
public record OperatorSettings(
    String image,
    List<String> watchNamespaces,
    boolean leaderElection,
    String leaderElectionNamespace,
    List<String> defaultImagePullSecrets,
    Optional<Path> syncTokenFile) {
  public static final String LEASE_NAME = "waggle-operator-leader-election";
  public static final String IMAGE_REPOSITORY = "ghcr.io/waggle-dev/waggle";
  public static final String IMAGE_ENV = "WAGGLE_OPERATOR_IMAGE";
  public static final String WATCH_NAMESPACE_ENV = "WATCH_NAMESPACE";
  public static final String LEADER_ELECTION_ENV = "WAGGLE_OPERATOR_LEADER_ELECTION";
  public static final String POD_NAMESPACE_ENV = "POD_NAMESPACE";
  public static final String DEFAULT_PULL_SECRETS_ENV = "WAGGLE_DEFAULT_IMAGE_PULL_SECRETS";

  /** ToolHive's operator chart renders {@code registryAPI.image} into this variable. */
  public static final String TOOLHIVE_IMAGE_ENV = "TOOLHIVE_REGISTRY_API_IMAGE";

  /** ToolHive's operator chart renders {@code operator.defaultImagePullSecrets} into this one. */
  public static final String TOOLHIVE_PULL_SECRETS_ENV = "TOOLHIVE_DEFAULT_IMAGE_PULL_SECRETS";

  public OperatorSettings {
    image = image == null || image.isBlank() ? defaultImage() : image;
    watchNamespaces =
        watchNamespaces == null
            ? List.of()
            : watchNamespaces.stream().map(String::trim).filter(ns -> !ns.isEmpty()).toList();
    leaderElectionNamespace =
        leaderElectionNamespace == null || leaderElectionNamespace.isBlank()
            ? null
            : leaderElectionNamespace;
    defaultImagePullSecrets =
        defaultImagePullSecrets == null
            ? List.of()
            : defaultImagePullSecrets.stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
    syncTokenFile = syncTokenFile == null ? Optional.empty() : syncTokenFile;
  }

  public OperatorSettings(
      String image,
      List<String> watchNamespaces,
      boolean leaderElection,
      String leaderElectionNamespace,
      List<String> defaultImagePullSecrets) {
    this(
        image,
        watchNamespaces,
        leaderElection,
        leaderElectionNamespace,
        defaultImagePullSecrets,
        Optional.empty());
  }

  public OperatorSettings(
      String image,
      List<String> watchNamespaces,
      boolean leaderElection,
      String leaderElectionNamespace) {
    this(image, watchNamespaces, leaderElection, leaderElectionNamespace, List.of());
  }

  /**
   * Settings from the process environment: {@value #IMAGE_ENV} (else ToolHive's {@value
   * #TOOLHIVE_IMAGE_ENV}), {@value #WATCH_NAMESPACE_ENV} (comma-separated; unset or empty watches
   * all namespaces), {@value #LEADER_ELECTION_ENV} (default true), {@value #POD_NAMESPACE_ENV} for
   * the lease and {@value #DEFAULT_PULL_SECRETS_ENV} (else ToolHive's {@value
   * #TOOLHIVE_PULL_SECRETS_ENV}; comma-separated) and {@value SyncCredentials#TOKEN_FILE_ENV}. A
   * Waggle variable set to a non-blank value wins over its ToolHive twin, so manifests written for
   * ToolHive's operator keep working unchanged.
   */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    Objects.requireNonNull(env, "'env' must not be null");
    return new OperatorSettings(
        firstSet(env, IMAGE_ENV, TOOLHIVE_IMAGE_ENV),
        split(env.get(WATCH_NAMESPACE_ENV)),
        !"false".equalsIgnoreCase(env.getOrDefault(LEADER_ELECTION_ENV, "true").trim()),
        env.get(POD_NAMESPACE_ENV),
        split(firstSet(env, DEFAULT_PULL_SECRETS_ENV, TOOLHIVE_PULL_SECRETS_ENV)),
        Optional.ofNullable(env.get(SyncCredentials.TOKEN_FILE_ENV))
            .map(String::strip)
            .filter(f -> !f.isEmpty())
            .map(Path::of));
  }

  /** The token a manual sync sends to a registry that wants one. */
  public SyncCredentials syncCredentials() {
    return new SyncCredentials(syncTokenFile, SyncCredentials.PROJECTED_TOKEN);
  }

  private static String firstSet(Map<String, String> env, String preferred, String fallback) {
    String value = env.get(preferred);
    return value != null && !value.isBlank() ? value : env.get(fallback);
  }

  /** {@value #IMAGE_REPOSITORY} tagged with this build's version. */
  public static String defaultImage() {
    return IMAGE_REPOSITORY + ":" + version();
  }

  private static String version() {
    try (InputStream in = OperatorSettings.class.getResourceAsStream("waggle-k8s.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "latest");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> split(String value) {
    return value == null ? List.of() : Arrays.asList(value.split(","));
  }
}
