package dev.waggle.adapters.k8s.reconciler;

import dev.waggle.adapters.k8s.dependent.ConfigMapDependentResource;
import dev.waggle.adapters.k8s.dependent.DeploymentDependentResource;
import dev.waggle.adapters.k8s.dependent.OwnedResource;
import dev.waggle.adapters.k8s.dependent.RegistryBlueprint;
import dev.waggle.adapters.k8s.dependent.RoleBindingDependentResource;
import dev.waggle.adapters.k8s.dependent.RoleDependentResource;
import dev.waggle.adapters.k8s.dependent.ServiceAccountDependentResource;
import dev.waggle.adapters.k8s.dependent.ServiceDependentResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * Kubernetes adapter: the reconciler's reconcile step — brings every object a registry owns in
 * line, in ToolHive's order (ConfigMap, RBAC, Deployment, Service), stopping at the first failure.
 */
public final class RegistryResources {
  private final List<Step> steps;

  public RegistryResources(KubernetesClient client) {
    this.steps =
        List.of(
            new Step("ConfigMapFailed", new ConfigMapDependentResource(client)),
            new Step("RBACFailed", new ServiceAccountDependentResource(client)),
            new Step("RBACFailed", new RoleDependentResource(client)),
            new Step("RBACFailed", new RoleBindingDependentResource(client)),
            new Step("DeploymentFailed", new DeploymentDependentResource(client)),
            new Step("ServiceFailed", new ServiceDependentResource(client)));
  }

  /**
   * @throws ChildResourceException naming the first object that could not be written
   */
  void reconcile(RegistryBlueprint blueprint) {
    for (Step step : steps) {
      try {
        step.resource().reconcile(blueprint);
      } catch (RuntimeException e) {
        throw new ChildResourceException(
            step.failureReason(),
            "failed to reconcile "
                + step.resource().getClass().getSimpleName().replace("DependentResource", "")
                + ": "
                + e.getMessage(),
            e);
      }
    }
  }

  private record Step(String failureReason, OwnedResource<?> resource) {}
}
