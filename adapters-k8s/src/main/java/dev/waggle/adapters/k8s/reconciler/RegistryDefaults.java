package dev.waggle.adapters.k8s.reconciler;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.util.List;
import java.util.Objects;

/**
 * Kubernetes adapter: operator-wide settings every registry is rendered with.
 *
 * @param image the registry server image of the {@code registry-api} container
 * @param pullSecrets pull secrets added to every registry after its own
 */
public record RegistryDefaults(String image, List<LocalObjectReference> pullSecrets) {
  public RegistryDefaults {
    Objects.requireNonNull(image, "'image' must not be null");
    if (image.isBlank()) {
      throw new IllegalArgumentException("'image' must not be blank");
    }
    pullSecrets = List.copyOf(pullSecrets);
  }
}
