package dev.waggle.adapters.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kubernetes adapter: the observed state of an {@code MCPRegistry} — its phase, the {@code Ready},
 * {@code PodTemplateValid}, {@code Progressing} and {@code ManualSync} conditions, and where it is
 * served.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "phase",
  "message",
  "url",
  "readyReplicas",
  "observedGeneration",
  "lastManualSyncTrigger",
  "conditions"
})
public class McpRegistryStatus {
  @JsonPropertyDescription("Pending, Ready, Failed or Terminating.")
  private McpRegistryPhase phase;

  @JsonPropertyDescription("What the phase means right now, for people.")
  private String message;

  @JsonPropertyDescription(
      "The in-cluster URL of the registry API, set only while the registry is Ready.")
  private String url;

  @JsonPropertyDescription("Ready pods of the registry-api Deployment.")
  private Integer readyReplicas;

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "The last value of the toolhive.stacklok.dev/manual-sync (or sync-trigger) annotation that"
          + " was handled.")
  private String lastManualSyncTrigger;

  @JsonPropertyDescription("Ready, PodTemplateValid, Progressing and ManualSync.")
  private List<Condition> conditions = new ArrayList<>();

  public McpRegistryPhase getPhase() {
    return phase;
  }

  public void setPhase(McpRegistryPhase phase) {
    this.phase = phase;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getLastManualSyncTrigger() {
    return lastManualSyncTrigger;
  }

  public void setLastManualSyncTrigger(String lastManualSyncTrigger) {
    this.lastManualSyncTrigger = lastManualSyncTrigger;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
