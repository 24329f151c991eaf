package dev.waggle.adapters.k8s.source;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Kubernetes adapter: the three ToolHive resource kinds the kubernetes source reads, in the order
 * their entries win when two kinds share a name.
 */
enum ExportedKind {
  MCP_SERVER("MCPServer", "mcpservers"),
  VIRTUAL_MCP_SERVER("VirtualMCPServer", "virtualmcpservers"),
  MCP_REMOTE_PROXY("MCPRemoteProxy", "mcpremoteproxies");

  static final String GROUP = "toolhive.stacklok.dev";
  static final String VERSION = "v1beta1";

  private final String kind;
  private final String plural;

  ExportedKind(String kind, String plural) {
    this.kind = kind;
    this.plural = plural;
  }

  String kind() {
    return kind;
  }

  ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(GROUP)
        .withVersion(VERSION)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
