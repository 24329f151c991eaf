package dev.waggle.adapters.k8s.reconciler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waggle.adapters.k8s.crd.McpRegistry;
import dev.waggle.adapters.k8s.crd.McpRegistrySpec;
import dev.waggle.adapters.k8s.crd.RawVolume;
import dev.waggle.adapters.k8s.crd.RawVolumeMount;
import dev.waggle.adapters.k8s.dependent.DeploymentDependentResource;
import dev.waggle.adapters.k8s.dependent.RegistryNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kubernetes adapter: the reconciler's validate step — parses the raw parts of an {@code
 * MCPRegistry} spec and rejects what would make a broken or clashing pod, before anything is
 * written.
 */
public final class SpecValidator {
  static final String TMP_VOLUME = "waggle-tmp";
  static final String CONFIG_MOUNT_PATH = "/config";
  static final String TMP_MOUNT_PATH = "/tmp";

  // fabric8's own serialisation files ill-typed fields away as extra properties; plain Jackson
  // fails on them, which is what a validator needs.
  private static final ObjectMapper STRICT = new ObjectMapper();

  /** What validation concluded. */
  public sealed interface Outcome permits Valid, InvalidPodTemplate, Invalid {}

  /** The spec is usable; its raw parts come parsed. */
  public record Valid(
      List<Volume> volumes, List<VolumeMount> volumeMounts, Optional<PodTemplateSpec> podTemplate)
      implements Outcome {
    public Valid {
      volumes = List.copyOf(volumes);
      volumeMounts = List.copyOf(volumeMounts);
    }
  }

  /** The {@code podTemplateSpec} is not a pod template. */
  public record InvalidPodTemplate(String message) implements Outcome {}

  /** Another rule is broken. */
  public record Invalid(String message) implements Outcome {}

  public Outcome validate(McpRegistry registry) {
    McpRegistrySpec spec = registry.getSpec();
    if (spec == null || spec.getConfigYaml() == null || spec.getConfigYaml().isEmpty()) {
      return new Invalid("configYAML must not be empty");
    }
    Optional<PodTemplateSpec> template;
    try {
      template = parsePodTemplate(spec.getPodTemplateSpec());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return new InvalidPodTemplate(firstLine(e.getMessage()));
    }
    SecretKeySelector pgpass = spec.getPgpassSecretRef();
    if (pgpass != null && (isBlank(pgpass.getName()) || isBlank(pgpass.getKey()))) {
      return new Invalid("pgpassSecretRef requires both name and key");
    }
    boolean withPgpass = pgpass != null;
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    try {
      List<RawVolume> rawVolumes = spec.getVolumes() == null ? List.of() : spec.getVolumes();
      for (int i = 0; i < rawVolumes.size(); i++) {
        volumes.add(parse("volumes[" + i + "]", rawVolumes.get(i).asMap(), Volume.class));
      }
      List<RawVolumeMount> rawMounts =
          spec.getVolumeMounts() == null ? List.of() : spec.getVolumeMounts();
      for (int i = 0; i < rawMounts.size(); i++) {
        mounts.add(parse("volumeMounts[" + i + "]", rawMounts.get(i).asMap(), VolumeMount.class));
      }
    } catch (IllegalArgumentException e) {
      return new Invalid(e.getMessage());
    }
    Optional<String> problem =
        reservedVolume(volumes, withPgpass, "volumes")
            .or(
                () ->
                    template.flatMap(
                        t ->
                            reservedVolume(
                                t.getSpec() == null ? List.of() : t.getSpec().getVolumes(),
                                withPgpass,
                                "podTemplateSpec volumes")))
            .or(() -> template.flatMap(t -> pgpassInitContainerClash(t, withPgpass)))
            .or(() -> template.flatMap(t -> reservedMountName(t, withPgpass)))
            .or(() -> mountPathClash(mounts, template, withPgpass));
    if (problem.isPresent()) {
      return new Invalid(problem.get());
    }
    return new Valid(volumes, mounts, template);
  }

  private static Optional<PodTemplateSpec> parsePodTemplate(JsonNode raw)
      throws JsonProcessingException {
    if (raw == null || raw.isNull()) {
      return Optional.empty();
    }
    if (!raw.isObject()) {
      throw new IllegalArgumentException("podTemplateSpec must be an object");
    }
    return Optional.of(STRICT.treeToValue(raw, PodTemplateSpec.class));
  }

  private static <T> T parse(String field, Object raw, Class<T> type) {
    try {
      return STRICT.convertValue(raw, type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid " + field + ": " + firstLine(e.getMessage()), e);
    }
  }

  private static Optional<String> reservedVolume(
      List<Volume> volumes, boolean withPgpass, String where) {
    Set<String> reserved =
        new HashSet<>(Set.of(DeploymentDependentResource.CONFIG_VOLUME, TMP_VOLUME));
    if (withPgpass) {
      reserved.add(DeploymentDependentResource.PGPASS_SECRET_VOLUME);
      reserved.add(DeploymentDependentResource.PGPASS_VOLUME);
    }
    for (Volume volume : volumes == null ? List.<Volume>of() : volumes) {
      if (reserved.contains(volume.getName())) {
        return Optional.of(
            "volume name " + volume.getName() + " in " + where + " is reserved by the operator");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> pgpassInitContainerClash(
      PodTemplateSpec template, boolean withPgpass) {
    if (!withPgpass || template.getSpec() == null) {
      return Optional.empty();
    }
    List<Container> init = template.getSpec().getInitContainers();
    boolean clash =
        init != null
            && init.stream()
                .anyMatch(
                    c -> DeploymentDependentResource.PGPASS_INIT_CONTAINER.equals(c.getName()));
    return clash
        ? Optional.of(
            "init container name "
                + DeploymentDependentResource.PGPASS_INIT_CONTAINER
                + " is reserved when pgpassSecretRef is set")
        : Optional.empty();
  }

  /**
   * Mounts of the {@code registry-api} container merge by name, user first, so a mount named like
   * one of the operator's would silently replace it — {@code /config} would vanish.
   */
  private static Optional<String> reservedMountName(PodTemplateSpec template, boolean withPgpass) {
    Map<String, String> reserved = new LinkedHashMap<>();
    reserved.put(DeploymentDependentResource.CONFIG_VOLUME, CONFIG_MOUNT_PATH);
    reserved.put(TMP_VOLUME, TMP_MOUNT_PATH);
    if (withPgpass) {
      reserved.put(
          DeploymentDependentResource.PGPASS_VOLUME, DeploymentDependentResource.PGPASS_PATH);
    }
    for (VolumeMount mount : registryApiMounts(Optional.of(template))) {
      String path = reserved.get(mount.getName());
      if (path != null) {
        return Optional.of(
            "volume mount name "
                + mount.getName()
                + " on the "
                + RegistryNames.CONTAINER
                + " container of podTemplateSpec is reserved by the operator, which mounts it at "
                + path
                + "; give the mount another name");
      }
    }
    return Optional.empty();
  }

  private static List<VolumeMount> registryApiMounts(Optional<PodTemplateSpec> template) {
    List<VolumeMount> mounts = new ArrayList<>();
    template
        .map(PodTemplateSpec::getSpec)
        .map(spec -> spec.getContainers())
        .orElse(List.of())
        .stream()
        .filter(c -> RegistryNames.CONTAINER.equals(c.getName()))
        .forEach(c -> mounts.addAll(c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts()));
    return mounts;
  }

  private static Optional<String> mountPathClash(
      List<VolumeMount> mounts, Optional<PodTemplateSpec> template, boolean withPgpass) {
    Set<String> used = new HashSet<>(Set.of(CONFIG_MOUNT_PATH, TMP_MOUNT_PATH));
    if (withPgpass) {
      used.add(DeploymentDependentResource.PGPASS_PATH);
    }
    List<VolumeMount> all = new ArrayList<>(mounts);
    all.addAll(registryApiMounts(template));
    for (VolumeMount mount : all) {
      if (!used.add(mount.getMountPath())) {
        return Optional.of(
            "mount path "
                + mount.getMountPath()
                + " is used more than once (the operator reserves "
                + CONFIG_MOUNT_PATH
                + ", "
                + TMP_MOUNT_PATH
                + (withPgpass ? " and " + DeploymentDependentResource.PGPASS_PATH : "")
                + ")");
      }
    }
    return Optional.empty();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
