package dev.waggle.adapters.k8s.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.adapters.k8s.crd.McpRegistry;
import dev.waggle.adapters.k8s.crd.McpRegistryStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes adapter: the reconciler's record-status step. Writes an {@code MCPRegistry}'s status
 * through the status subresource with optimistic locking, and not at all when nothing changed — an
 * unchanged write would only wake the operator again.
 */
public final class StatusRecorder {
  private static final int ATTEMPTS = 4;
  private final KubernetesClient client;

  public StatusRecorder(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "'client' must not be null");
  }

  /** The registry as the API server holds it now; empty when it is gone. */
  public Optional<McpRegistry> latest(McpRegistry registry) {
    return Optional.ofNullable(
        client
            .resources(McpRegistry.class)
            .inNamespace(registry.getMetadata().getNamespace())
            .withName(registry.getMetadata().getName())
            .get());
  }

  /** Stores {@code status} on the registry; quietly does nothing when the registry is gone. */
  public void record(McpRegistry registry, McpRegistryStatus status) {
    for (int attempt = 1; ; attempt++) {
      McpRegistry latest = latest(registry).orElse(null);
      if (latest == null) {
        return;
      }
      if (same(latest.getStatus(), status)) {
        registry.setStatus(latest.getStatus());
        return;
      }
      latest.setStatus(status);
      try {
        McpRegistry stored = client.resource(latest).lockResourceVersion().updateStatus();
        registry.setStatus(stored.getStatus());
        return;
      } catch (KubernetesClientException e) {
        // Someone wrote the registry between our read and our write: read again and retry.
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private boolean same(McpRegistryStatus stored, McpRegistryStatus wanted) {
    JsonNode a = client.getKubernetesSerialization().convertValue(stored, JsonNode.class);
    JsonNode b = client.getKubernetesSerialization().convertValue(wanted, JsonNode.class);
    return Objects.equals(a, b);
  }
}
