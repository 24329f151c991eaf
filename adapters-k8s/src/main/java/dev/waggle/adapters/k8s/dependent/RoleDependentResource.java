package dev.waggle.adapters.k8s.dependent;

import dev.waggle.adapters.k8s.crd.McpRegistry;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * Kubernetes adapter: the Role {@code <name>-registry-api}, what the registry pod may read and
 * write in its namespace; its rules are restored whenever they drift.
 */
public final class RoleDependentResource extends OwnedResource<Role> {

  public RoleDependentResource(KubernetesClient client) {
    super(client, Role.class);
  }

  @Override
  public Role desired(RegistryBlueprint blueprint) {
    McpRegistry registry = blueprint.registry();
    Role role = Templates.load("role.yaml", Role.class);
    role.setMetadata(ownedMetadata(registry, RegistryNames.rbac(registry)));
    return role;
  }

  @Override
  protected Optional<Role> corrected(Role actual, Role desired) {
    boolean changed = mergeLabelsAndAnnotations(actual, desired);
    if (!json(actual.getRules()).equals(json(desired.getRules()))) {
      actual.setRules(desired.getRules());
      changed = true;
    }
    return changed ? Optional.of(actual) : Optional.empty();
  }
}
