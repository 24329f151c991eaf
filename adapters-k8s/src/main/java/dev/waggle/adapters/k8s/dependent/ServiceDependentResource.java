package dev.waggle.adapters.k8s.dependent;

import dev.waggle.adapters.k8s.crd.McpRegistry;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes adapter: the ClusterIP Service {@code <name>-api} in front of the registry pods; type,
 * selector and ports are restored when they drift, the assigned cluster IP is kept.
 */
public final class ServiceDependentResource extends OwnedResource<Service> {

  public ServiceDependentResource(KubernetesClient client) {
    super(client, Service.class);
  }

  @Override
  public Service desired(RegistryBlueprint blueprint) {
    McpRegistry registry = blueprint.registry();
    Service service = Templates.load("service.yaml", Service.class);
    service.setMetadata(ownedMetadata(registry, RegistryNames.api(registry)));
    service.getSpec().setSelector(RegistryNames.selector(registry));
    return service;
  }

  @Override
  protected Optional<Service> corrected(Service actual, Service desired) {
    boolean changed = mergeLabelsAndAnnotations(actual, desired);
    if (!Objects.equals(actual.getSpec().getType(), desired.getSpec().getType())
        || !Objects.equals(actual.getSpec().getSelector(), desired.getSpec().getSelector())
        || !covers(actual.getSpec().getPorts(), desired.getSpec().getPorts())) {
      actual.getSpec().setType(desired.getSpec().getType());
      actual.getSpec().setSelector(desired.getSpec().getSelector());
      actual.getSpec().setPorts(desired.getSpec().getPorts());
      changed = true;
    }
    return changed ? Optional.of(actual) : Optional.empty();
  }
}
