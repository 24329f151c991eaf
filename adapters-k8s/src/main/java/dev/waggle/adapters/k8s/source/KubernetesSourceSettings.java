package dev.waggle.adapters.k8s.source;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Configuration shared by every kubernetes source of one registry server process.
 *
 * @param leaderElectionId the lease name prefix; each source's lease is {@code <id>-<source>}
 * @param defaultNamespaces namespaces for sources that list none; empty means the whole cluster
 * @param leaseNamespace where the leases live; null means the client's namespace
 * @param identity this replica's name in the lease
 * @param leaderElection false lets every replica write (one replica, or tests)
 * @param settleDelay how long a burst of changes may grow before the entries are written
 */
public record KubernetesSourceSettings(
    String leaderElectionId,
    List<String> defaultNamespaces,
    String leaseNamespace,
    String identity,
    boolean leaderElection,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    Duration settleDelay) {
  public static final String LEADER_ELECTION_ID_ENV = "THV_REGISTRY_LEADER_ELECTION_ID";
  public static final String WATCH_NAMESPACE_ENV = "THV_REGISTRY_WATCH_NAMESPACE";
  public static final String DEFAULT_LEADER_ELECTION_ID =
      "toolhive-registry-server-leader-election";

  public KubernetesSourceSettings {
    leaderElectionId =
        leaderElectionId == null || leaderElectionId.isBlank()
            ? DEFAULT_LEADER_ELECTION_ID
            : leaderElectionId.trim();
    defaultNamespaces =
        defaultNamespaces == null
            ? List.of()
            : defaultNamespaces.stream()
                .map(String::trim)
                .filter(n -> !n.isEmpty())
                .distinct()
                .toList();
    leaseNamespace = leaseNamespace == null || leaseNamespace.isBlank() ? null : leaseNamespace;
    identity = identity == null || identity.isBlank() ? UUID.randomUUID().toString() : identity;
    Objects.requireNonNull(leaseDuration, "'leaseDuration' must not be null");
    Objects.requireNonNull(renewDeadline, "'renewDeadline' must not be null");
    Objects.requireNonNull(retryPeriod, "'retryPeriod' must not be null");
    Objects.requireNonNull(settleDelay, "'settleDelay' must not be null");
  }

  /**
   * Settings from the process environment: {@value #LEADER_ELECTION_ID_ENV}, {@value
   * #WATCH_NAMESPACE_ENV} (comma-separated), {@code POD_NAMESPACE} for the leases and {@code
   * POD_NAME}/{@code HOSTNAME} for the identity; leader election is on with controller-runtime's
   * timings (15 s lease, 10 s renew, 2 s retry).
   */
  public static KubernetesSourceSettings fromEnvironment(Map<String, String> env) {
    String watch = env.get(WATCH_NAMESPACE_ENV);
    String host = env.getOrDefault("POD_NAME", env.get("HOSTNAME"));
    return new KubernetesSourceSettings(
        env.get(LEADER_ELECTION_ID_ENV),
        watch == null ? List.of() : Arrays.asList(watch.split(",")),
        env.get("POD_NAMESPACE"),
        host == null ? null : host + "-" + UUID.randomUUID().toString().substring(0, 8),
        true,
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        Duration.ofMillis(250));
  }

  public String leaseName(String source) {
    return leaderElectionId + "-" + source;
  }
}
