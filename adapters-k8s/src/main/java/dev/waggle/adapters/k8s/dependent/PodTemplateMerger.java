package dev.waggle.adapters.k8s.dependent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Kubernetes adapter: lays a user's partial pod template over the operator's defaults with
 * ToolHive's rules — the user wins, defaults fill the gaps, lists of named things merge by name
 * with the user's entries first.
 */
public final class PodTemplateMerger {
  private PodTemplateMerger() {}

  public static PodTemplateSpec merge(PodTemplateSpec defaults, PodTemplateSpec user) {
    if (user == null) {
      return Templates.SERIALIZATION.clone(defaults);
    }
    PodTemplateSpec merged = Templates.SERIALIZATION.clone(user);
    PodTemplateSpec base = Templates.SERIALIZATION.clone(defaults);
    ObjectMeta meta = merged.getMetadata() == null ? new ObjectMeta() : merged.getMetadata();
    ObjectMeta baseMeta = base.getMetadata() == null ? new ObjectMeta() : base.getMetadata();
    meta.setLabels(union(baseMeta.getLabels(), meta.getLabels()));
    meta.setAnnotations(union(baseMeta.getAnnotations(), meta.getAnnotations()));
    merged.setMetadata(meta);

    PodSpec spec = merged.getSpec() == null ? new PodSpec() : merged.getSpec();
    PodSpec baseSpec = base.getSpec() == null ? new PodSpec() : base.getSpec();
    if (isBlank(spec.getServiceAccountName())) {
      spec.setServiceAccountName(baseSpec.getServiceAccountName());
    }
    spec.setContainers(mergeContainers(spec.getContainers(), baseSpec.getContainers()));
    spec.setInitContainers(mergeContainers(spec.getInitContainers(), baseSpec.getInitContainers()));
    spec.setVolumes(byName(spec.getVolumes(), baseSpec.getVolumes(), Volume::getName));
    if (isEmpty(spec.getImagePullSecrets())) {
      spec.setImagePullSecrets(baseSpec.getImagePullSecrets());
    }
    if (spec.getSecurityContext() == null) {
      spec.setSecurityContext(baseSpec.getSecurityContext());
    }
    merged.setSpec(spec);
    return merged;
  }

  private static List<Container> mergeContainers(List<Container> user, List<Container> defaults) {
    List<Container> merged = new ArrayList<>();
    Map<String, Container> defaultsByName = indexByName(defaults, Container::getName);
    for (Container container : nullToEmpty(user)) {
      Container fallback = defaultsByName.get(container.getName());
      merged.add(fallback == null ? container : fillContainer(container, fallback));
    }
    Set<String> named =
        nullToEmpty(user).stream().map(Container::getName).collect(Collectors.toSet());
    for (Container container : nullToEmpty(defaults)) {
      if (!named.contains(container.getName())) {
        merged.add(container);
      }
    }
    return merged;
  }

  private static Container fillContainer(Container user, Container fallback) {
    if (isBlank(user.getImage())) {
      user.setImage(fallback.getImage());
    }
    if (isEmpty(user.getCommand())) {
      user.setCommand(fallback.getCommand());
    }
    if (isEmpty(user.getArgs())) {
      user.setArgs(fallback.getArgs());
    }
    if (isBlank(user.getWorkingDir())) {
      user.setWorkingDir(fallback.getWorkingDir());
    }
    if (isEmpty(user.getResources())) {
      user.setResources(fallback.getResources());
    }
    if (user.getLivenessProbe() == null) {
      user.setLivenessProbe(fallback.getLivenessProbe());
    }
    if (user.getReadinessProbe() == null) {
      user.setReadinessProbe(fallback.getReadinessProbe());
    }
    if (user.getStartupProbe() == null) {
      user.setStartupProbe(fallback.getStartupProbe());
    }
    if (user.getSecurityContext() == null) {
      user.setSecurityContext(fallback.getSecurityContext());
    }
    if (isBlank(user.getImagePullPolicy())) {
      user.setImagePullPolicy(fallback.getImagePullPolicy());
    }
    user.setPorts(mergePorts(user.getPorts(), fallback.getPorts()));
    user.setEnv(byName(user.getEnv(), fallback.getEnv(), EnvVar::getName));
    user.setVolumeMounts(
        byName(user.getVolumeMounts(), fallback.getVolumeMounts(), VolumeMount::getName));
    return user;
  }

  /** A default port is dropped when the user already has one with its name or number. */
  private static List<ContainerPort> mergePorts(
      List<ContainerPort> user, List<ContainerPort> defaults) {
    List<ContainerPort> merged = new ArrayList<>(nullToEmpty(user));
    for (ContainerPort port : nullToEmpty(defaults)) {
      boolean clash =
          merged.stream()
              .anyMatch(
                  p ->
                      (port.getName() != null && Objects.equals(p.getName(), port.getName()))
                          || Objects.equals(p.getContainerPort(), port.getContainerPort()));
      if (!clash) {
        merged.add(port);
      }
    }
    return merged;
  }

  private static <T> List<T> byName(List<T> user, List<T> defaults, Function<T, String> name) {
    List<T> merged = new ArrayList<>(nullToEmpty(user));
    Set<String> named = merged.stream().map(name).collect(Collectors.toSet());
    for (T item : nullToEmpty(defaults)) {
      if (named.add(name.apply(item))) {
        merged.add(item);
      }
    }
    return merged;
  }

  private static <T> Map<String, T> indexByName(List<T> items, Function<T, String> name) {
    Map<String, T> index = new LinkedHashMap<>();
    for (T item : nullToEmpty(items)) {
      index.putIfAbsent(name.apply(item), item);
    }
    return index;
  }

  private static Map<String, String> union(Map<String, String> base, Map<String, String> user) {
    Map<String, String> merged = new LinkedHashMap<>();
    if (base != null) {
      merged.putAll(base);
    }
    if (user != null) {
      merged.putAll(user);
    }
    return merged;
  }

  private static boolean isEmpty(ResourceRequirements resources) {
    return resources == null
        || ((resources.getRequests() == null || resources.getRequests().isEmpty())
            && (resources.getLimits() == null || resources.getLimits().isEmpty()));
  }

  private static boolean isEmpty(List<?> list) {
    return list == null || list.isEmpty();
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
