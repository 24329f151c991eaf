package dev.waggle.adapters.k8s.dependent;

import dev.waggle.adapters.k8s.crd.McpRegistry;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes adapter: everything the owned objects are rendered from — a registry whose spec passed
 * validation, its volumes and pod template already parsed, plus the operator-wide image and pull
 * secrets.
 *
 * @param podTemplate the parsed {@code podTemplateSpec}, when the registry has one
 * @param defaultPullSecrets pull secrets the operator adds to every registry
 */
public record RegistryBlueprint(
    McpRegistry registry,
    List<Volume> volumes,
    List<VolumeMount> volumeMounts,
    Optional<PodTemplateSpec> podTemplate,
    String image,
    List<LocalObjectReference> defaultPullSecrets) {

  public RegistryBlueprint {
    Objects.requireNonNull(registry, "'registry' must not be null");
    volumes = List.copyOf(volumes);
    volumeMounts = List.copyOf(volumeMounts);
    Objects.requireNonNull(podTemplate, "'podTemplate' must not be null");
    Objects.requireNonNull(image, "'image' must not be null");
    defaultPullSecrets = List.copyOf(defaultPullSecrets);
  }

  /** The pgpass Secret key, when both its name and key are set. */
  public Optional<SecretKeySelector> pgpass() {
    SecretKeySelector ref = registry.getSpec().getPgpassSecretRef();
    if (ref == null || isBlank(ref.getName()) || isBlank(ref.getKey())) {
      return Optional.empty();
    }
    return Optional.of(ref);
  }

  /**
   * The registry's own pull secrets followed by the operator's defaults, without repeats; empty
   * when there are none.
   */
  public List<LocalObjectReference> mergedPullSecrets() {
    Map<String, LocalObjectReference> byName = new LinkedHashMap<>();
    List<LocalObjectReference> own = registry.getSpec().getImagePullSecrets();
    for (LocalObjectReference ref : own == null ? List.<LocalObjectReference>of() : own) {
      if (ref != null && !isBlank(ref.getName())) {
        byName.putIfAbsent(ref.getName(), new LocalObjectReference(ref.getName()));
      }
    }
    for (LocalObjectReference ref : defaultPullSecrets) {
      byName.putIfAbsent(ref.getName(), new LocalObjectReference(ref.getName()));
    }
    return new ArrayList<>(byName.values());
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
