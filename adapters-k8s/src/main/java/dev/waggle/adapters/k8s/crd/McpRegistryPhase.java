package dev.waggle.adapters.k8s.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kubernetes adapter: the lifecycle phase an {@code MCPRegistry} reports in its status. */
public enum McpRegistryPhase {
  @JsonProperty("Pending")
  PENDING,
  @JsonProperty("Ready")
  READY,
  @JsonProperty("Failed")
  FAILED,
  @JsonProperty("Terminating")
  TERMINATING
}
