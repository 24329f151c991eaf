package dev.waggle.adapters.k8s.reconciler;

import dev.waggle.adapters.k8s.crd.McpRegistry;
import dev.waggle.adapters.k8s.crd.McpRegistryPhase;
import dev.waggle.adapters.k8s.crd.McpRegistryStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Kubernetes adapter: the status an {@code MCPRegistry} will get at the end of a pass, started from
 * the one it has so that a condition keeps its transition time while its state holds.
 */
final class StatusDraft {
  static final String READY = "Ready";
  static final String POD_TEMPLATE_VALID = "PodTemplateValid";
  static final String PROGRESSING = "Progressing";
  static final String MANUAL_SYNC = "ManualSync";

  private final McpRegistry registry;
  private final McpRegistryStatus status = new McpRegistryStatus();
  private final Clock clock;

  private StatusDraft(McpRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    McpRegistryStatus previous = registry.getStatus();
    if (previous != null) {
      status.setPhase(previous.getPhase());
      status.setMessage(previous.getMessage());
      status.setUrl(previous.getUrl());
      status.setReadyReplicas(previous.getReadyReplicas());
      status.setLastManualSyncTrigger(previous.getLastManualSyncTrigger());
      status.setObservedGeneration(previous.getObservedGeneration());
      List<Condition> conditions = new ArrayList<>();
      for (Condition c : previous.getConditions()) {
        conditions.add(copy(c));
      }
      status.setConditions(conditions);
    }
  }

  static StatusDraft from(McpRegistry registry, Clock clock) {
    return new StatusDraft(registry, clock);
  }

  /**
   * Marks the current generation as acted upon; left out when the spec was refused before any
   * object was touched, so {@code observedGeneration} keeps naming the last spec in effect.
   */
  StatusDraft observed() {
    status.setObservedGeneration(registry.getMetadata().getGeneration());
    return this;
  }

  StatusDraft phase(McpRegistryPhase phase, String message) {
    status.setPhase(phase);
    status.setMessage(message);
    return this;
  }

  StatusDraft url(String url) {
    status.setUrl(url);
    return this;
  }

  StatusDraft readyReplicas(int replicas) {
    status.setReadyReplicas(replicas);
    return this;
  }

  StatusDraft lastManualSyncTrigger(String trigger) {
    status.setLastManualSyncTrigger(trigger);
    return this;
  }

  String lastManualSyncTrigger() {
    return status.getLastManualSyncTrigger();
  }

  StatusDraft condition(String type, boolean holds, String reason, String message) {
    String state = holds ? "True" : "False";
    Long generation = registry.getMetadata().getGeneration();
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    Condition existing =
        conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    String transition =
        existing != null && state.equals(existing.getStatus())
            ? existing.getLastTransitionTime()
            : clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    Condition updated = new Condition(transition, message, generation, reason, state, type);
    if (existing == null) {
      conditions.add(updated);
    } else {
      conditions.set(conditions.indexOf(existing), updated);
    }
    status.setConditions(conditions);
    return this;
  }

  StatusDraft withoutCondition(String type) {
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    conditions.removeIf(c -> Objects.equals(type, c.getType()));
    status.setConditions(conditions);
    return this;
  }

  McpRegistryStatus build() {
    return status;
  }

  private static Condition copy(Condition c) {
    return new Condition(
        c.getLastTransitionTime(),
        c.getMessage(),
        c.getObservedGeneration(),
        c.getReason(),
        c.getStatus(),
        c.getType());
  }
}
