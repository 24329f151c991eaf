package dev.waggle.adapters.k8s.source;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test fixtures: ToolHive MCPServer-family objects as the kubernetes source sees them. */
final class TestMcpServers {
  private TestMcpServers() {}

  /** An exported MCPServer with the two required annotations and an image. */
  static GenericKubernetesResource exportedServer(String namespace, String name) {
    GenericKubernetesResource server = resource(ExportedKind.MCP_SERVER, namespace, name);
    server.getMetadata().setAnnotations(exportAnnotations(name));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("image", "ghcr.io/example/" + name + ":1.4.2");
    spec.put("transport", "stdio");
    server.setAdditionalProperty("spec", spec);
    return server;
  }

  static GenericKubernetesResource resource(ExportedKind kind, String namespace, String name) {
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion(ExportedKind.GROUP + "/" + ExportedKind.VERSION);
    resource.setKind(kind.kind());
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(namespace);
    meta.setName(name);
    meta.setUid("0b7e7a36-2b6c-4c59-9d64-" + String.format("%012d", Math.abs(name.hashCode())));
    resource.setMetadata(meta);
    return resource;
  }

  static Map<String, String> exportAnnotations(String name) {
    Map<String, String> annotations = new HashMap<>();
    annotations.put(ExportedEntries.EXPORT, "true");
    annotations.put(ExportedEntries.URL, "https://mcp.example.com/" + name);
    annotations.put(ExportedEntries.DESCRIPTION, "The " + name + " MCP server");
    return annotations;
  }
}
