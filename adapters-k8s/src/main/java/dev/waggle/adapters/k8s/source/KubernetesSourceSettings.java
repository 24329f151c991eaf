package dev.waggle.adapters.k8s.source;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration shared by every kubernetes source of one registry server process.
 *
 * @param defaultNamespaces namespaces for sources that list none; empty means the whole cluster
 * @param settleDelay how long a burst of changes may grow before the source is synced
 * @param listWait how long a sync waits for the watch to have listed what exists, before it fails
 *     saying so (right after start, or while the API server is unreachable)
 */
public record KubernetesSourceSettings(
    List<String> defaultNamespaces, Duration settleDelay, Duration listWait) {
  public static final String WATCH_NAMESPACE_ENV = "THV_REGISTRY_WATCH_NAMESPACE";

  public KubernetesSourceSettings {
    defaultNamespaces =
        defaultNamespaces == null
            ? List.of()
            : defaultNamespaces.stream()
                .map(String::trim)
                .filter(n -> !n.isEmpty())
                .distinct()
                .toList();
    Objects.requireNonNull(settleDelay, "'settleDelay' must not be null");
    Objects.requireNonNull(listWait, "'listWait' must not be null");
  }

  /**
   * Settings from the process environment: {@value #WATCH_NAMESPACE_ENV} (comma-separated).
   * ToolHive's {@code THV_REGISTRY_LEADER_ELECTION_ID} is not needed: the sync engine's lease in
   * the database already lets one replica at a time sync a source.
   */
  public static KubernetesSourceSettings fromEnvironment(Map<String, String> env) {
    String watch = env.get(WATCH_NAMESPACE_ENV);
    return new KubernetesSourceSettings(
        watch == null ? List.of() : Arrays.asList(watch.split(",")),
        Duration.ofMillis(250),
        Duration.ofSeconds(30));
  }
}
