package dev.waggle.adapters.k8s.reconciler;

import dev.waggle.adapters.k8s.crd.McpRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes adapter: turns a new value of the {@code toolhive.stacklok.dev/manual-sync} (or the
 * older {@code sync-trigger}) annotation into sync requests to the running registry — what ToolHive
 * documents but never did.
 */
public final class ManualSync {
  public static final String MANUAL_SYNC_ANNOTATION = "toolhive.stacklok.dev/manual-sync";
  public static final String SYNC_TRIGGER_ANNOTATION = "toolhive.stacklok.dev/sync-trigger";
  private static final Logger LOG = LoggerFactory.getLogger(ManualSync.class);

  private final RegistryApiClient api;

  public ManualSync(RegistryApiClient api) {
    this.api = Objects.requireNonNull(api, "'api' must not be null");
  }

  /** What handling the annotation came to. */
  sealed interface Outcome permits Idle, Waiting, Done, Retry, Rejected {}

  /** No trigger, or its value was handled before. */
  record Idle() implements Outcome {}

  /** A new trigger waits for the registry to become Ready. */
  record Waiting(String trigger) implements Outcome {}

  /** Every synced source was asked to sync. */
  record Done(String trigger, List<String> sources) implements Outcome {}

  /** The registry could not be reached or failed; the trigger is tried again later. */
  record Retry(String trigger, String message) implements Outcome {}

  /** The registry refused the request; retrying would not help. */
  record Rejected(String trigger, String message) implements Outcome {}

  Outcome handle(McpRegistry registry, String lastHandled, boolean ready) {
    Optional<String> trigger = trigger(registry);
    if (trigger.isEmpty() || trigger.get().equals(lastHandled)) {
      return new Idle();
    }
    String value = trigger.get();
    if (!ready) {
      return new Waiting(value);
    }
    List<String> sources;
    try {
      sources = ConfigYamlSources.syncedSources(registry.getSpec().getConfigYaml());
    } catch (IllegalArgumentException e) {
      return new Rejected(value, e.getMessage());
    }
    for (String source : sources) {
      int status;
      try {
        status = api.triggerSync(registry, source);
      } catch (IOException e) {
        return new Retry(value, "cannot reach the registry to sync " + source + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Retry(value, "interrupted while syncing " + source);
      }
      LOG.info(
          "Manual sync {} of source {} in MCPRegistry {}/{}: HTTP {}",
          value,
          source,
          registry.getMetadata().getNamespace(),
          registry.getMetadata().getName(),
          status);
      // 409 means a sync of that source is already running, which is what was asked for.
      if (status >= 500) {
        return new Retry(value, "the registry failed to sync " + source + " (HTTP " + status + ")");
      }
      if (status >= 300 && status != 409) {
        return new Rejected(
            value, "the registry refused to sync " + source + " (HTTP " + status + ")");
      }
    }
    return new Done(value, sources);
  }

  private static Optional<String> trigger(McpRegistry registry) {
    Map<String, String> annotations = registry.getMetadata().getAnnotations();
    if (annotations == null) {
      return Optional.empty();
    }
    String value = annotations.get(MANUAL_SYNC_ANNOTATION);
    if (value == null || value.isBlank()) {
      value = annotations.get(SYNC_TRIGGER_ANNOTATION);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
