package dev.waggle.adapters.k8s.dependent;

import dev.waggle.adapters.k8s.crd.McpRegistry;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * Kubernetes adapter: the RoleBinding {@code <name>-registry-api} from the registry Role to the
 * registry ServiceAccount. Its {@code roleRef} cannot change, so a wrong one means a new binding.
 */
public final class RoleBindingDependentResource extends OwnedResource<RoleBinding> {

  public RoleBindingDependentResource(KubernetesClient client) {
    super(client, RoleBinding.class);
  }

  @Override
  public RoleBinding desired(RegistryBlueprint blueprint) {
    McpRegistry registry = blueprint.registry();
    String name = RegistryNames.rbac(registry);
    RoleBinding binding = Templates.load("rolebinding.yaml", RoleBinding.class);
    binding.setMetadata(ownedMetadata(registry, name));
    binding.getRoleRef().setName(name);
    binding.getSubjects().get(0).setName(name);
    binding.getSubjects().get(0).setNamespace(registry.getMetadata().getNamespace());
    return binding;
  }

  @Override
  protected boolean mustRecreate(RoleBinding actual, RoleBinding desired) {
    return !covers(actual.getRoleRef(), desired.getRoleRef());
  }

  @Override
  protected Optional<RoleBinding> corrected(RoleBinding actual, RoleBinding desired) {
    boolean changed = mergeLabelsAndAnnotations(actual, desired);
    if (!covers(actual.getSubjects(), desired.getSubjects())) {
      actual.setSubjects(desired.getSubjects());
      changed = true;
    }
    return changed ? Optional.of(actual) : Optional.empty();
  }
}
