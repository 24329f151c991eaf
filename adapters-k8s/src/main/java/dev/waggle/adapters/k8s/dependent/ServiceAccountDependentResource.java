package dev.waggle.adapters.k8s.dependent;

import dev.waggle.adapters.k8s.crd.McpRegistry;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes adapter: the ServiceAccount {@code <name>-registry-api}. It carries the merged pull
 * secrets when there are any; with none it leaves the account's own (OpenShift's dockercfg) alone.
 */
public final class ServiceAccountDependentResource extends OwnedResource<ServiceAccount> {

  public ServiceAccountDependentResource(KubernetesClient client) {
    super(client, ServiceAccount.class);
  }

  @Override
  public ServiceAccount desired(RegistryBlueprint blueprint) {
    McpRegistry registry = blueprint.registry();
    ServiceAccount account = Templates.load("serviceaccount.yaml", ServiceAccount.class);
    account.setMetadata(ownedMetadata(registry, RegistryNames.rbac(registry)));
    List<LocalObjectReference> pullSecrets = blueprint.mergedPullSecrets();
    account.setImagePullSecrets(pullSecrets.isEmpty() ? null : pullSecrets);
    return account;
  }

  @Override
  protected Optional<ServiceAccount> corrected(ServiceAccount actual, ServiceAccount desired) {
    boolean changed = mergeLabelsAndAnnotations(actual, desired);
    List<LocalObjectReference> wanted = desired.getImagePullSecrets();
    if (wanted != null
        && !wanted.isEmpty()
        && !Objects.equals(names(actual.getImagePullSecrets()), names(wanted))) {
      actual.setImagePullSecrets(wanted);
      changed = true;
    }
    return changed ? Optional.of(actual) : Optional.empty();
  }

  private static List<String> names(List<LocalObjectReference> refs) {
    return refs == null ? List.of() : refs.stream().map(LocalObjectReference::getName).toList();
  }
}
