package dev.waggle.adapters.k8s.dependent;

import dev.waggle.adapters.k8s.crd.McpRegistry;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kubernetes adapter: the names, labels and owner reference of everything one {@code MCPRegistry}
 * owns, as ToolHive's operator spells them, so existing registries are taken over in place.
 */
public final class RegistryNames {
  public static final String COMPONENT = "registry-api";
  public static final String MANAGED_BY = "toolhive-operator";
  public static final String LABEL_NAME = "app.kubernetes.io/name";
  public static final String LABEL_COMPONENT = "app.kubernetes.io/component";
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
  // The registry-name label uses the .io domain while annotations use .dev: ToolHive's spelling.
  public static final String LABEL_REGISTRY_NAME = "toolhive.stacklok.io/registry-name";
  public static final String CONTAINER = "registry-api";
  public static final int HTTP_PORT = 8080;

  private RegistryNames() {}

  public static String configMap(McpRegistry registry) {
    return registry.getMetadata().getName() + "-registry-server-config";
  }

  /** The ServiceAccount, Role and RoleBinding of the registry pod. */
  public static String rbac(McpRegistry registry) {
    return registry.getMetadata().getName() + "-registry-api";
  }

  /** The Deployment and the Service. */
  public static String api(McpRegistry registry) {
    return registry.getMetadata().getName() + "-api";
  }

  public static String url(McpRegistry registry) {
    return "http://"
        + api(registry)
        + "."
        + registry.getMetadata().getNamespace()
        + ":"
        + HTTP_PORT;
  }

  public static Map<String, String> labels(McpRegistry registry, String resourceName) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_NAME, resourceName);
    labels.put(LABEL_COMPONENT, COMPONENT);
    labels.put(LABEL_MANAGED_BY, MANAGED_BY);
    labels.put(LABEL_REGISTRY_NAME, registry.getMetadata().getName());
    return labels;
  }

  public static Map<String, String> selector(McpRegistry registry) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(LABEL_NAME, api(registry));
    selector.put(LABEL_COMPONENT, COMPONENT);
    return selector;
  }

  public static OwnerReference controllerReference(McpRegistry registry) {
    return new OwnerReferenceBuilder()
        .withApiVersion(registry.getApiVersion())
        .withKind(registry.getKind())
        .withName(registry.getMetadata().getName())
        .withUid(registry.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
