package dev.waggle.adapters.k8s.dependent;

import dev.waggle.adapters.k8s.crd.McpRegistry;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Kubernetes adapter: the Deployment {@code <name>-api} running the registry server. Its pod
 * template is rendered in full on every pass and re-applied when the rendering changed (its hash is
 * kept on the Deployment) or when the live template differs from it by more than the API server's
 * defaults — a field changed, removed or added by hand; the replica count is set only at creation,
 * and {@code kubectl rollout restart} survives.
 */
public final class DeploymentDependentResource extends OwnedResource<Deployment> {
  public static final String CONFIG_HASH_ANNOTATION = "toolhive.stacklok.dev/config-hash";
  public static final String POD_TEMPLATE_HASH_ANNOTATION =
      "toolhive.stacklok.io/podtemplatespec-hash";
  public static final String RENDERED_TEMPLATE_HASH_ANNOTATION =
      "waggle.dev/rendered-template-hash";
  public static final String RESTART_ANNOTATION = "toolhive.stacklok.dev/restart";
  public static final String KUBECTL_RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
  public static final String LEADER_ELECTION_ID_ENV = "THV_REGISTRY_LEADER_ELECTION_ID";
  public static final String WATCH_NAMESPACE_ENV = "THV_REGISTRY_WATCH_NAMESPACE";
  public static final String WAGGLE_HOME_ENV = "WAGGLE_HOME";
  public static final String WAGGLE_HOME = "/tmp/waggle";
  public static final String JAVA_TOOL_OPTIONS_ENV = "JAVA_TOOL_OPTIONS";

  /**
   * The JVM's memory settings in the registry pod. Left alone, the JVM takes a quarter of what it
   * sees for its heap and keeps what it once used. A fixed share of the container's limit leaves
   * room for the embedded PostgreSQL, metaspace and thread stacks in the same container; the serial
   * collector is what the JVM picks for one CPU anyway, and it gives unused heap back after a full
   * collection once more than 30% is free; an out-of-memory error ends the process so that
   * Kubernetes restarts it, rather than leaving a pod that passes its probes but cannot serve.
   */
  public static final String MEMORY_OPTIONS =
      "-XX:MaxRAMPercentage=40 -XX:+UseSerialGC -XX:MinHeapFreeRatio=10"
          + " -XX:MaxHeapFreeRatio=30 -XX:+ExitOnOutOfMemoryError";

  public static final String PGPASS_PATH = "/home/appuser/.pgpass";
  public static final String CONFIG_VOLUME = "registry-server-config";
  public static final String PGPASS_SECRET_VOLUME = "pgpass-secret";
  public static final String PGPASS_VOLUME = "pgpass";
  public static final String PGPASS_INIT_CONTAINER = "setup-pgpass";

  public DeploymentDependentResource(KubernetesClient client) {
    super(client, Deployment.class);
  }

  @Override
  public Deployment desired(RegistryBlueprint blueprint) {
    McpRegistry registry = blueprint.registry();
    String name = RegistryNames.api(registry);
    Deployment deployment = Templates.load("deployment.yaml", Deployment.class);
    deployment.setMetadata(ownedMetadata(registry, name));
    deployment.getSpec().getSelector().setMatchLabels(RegistryNames.selector(registry));
    PodTemplateSpec defaults = deployment.getSpec().getTemplate();
    defaults.setMetadata(podMetadata(registry, name));
    PodSpec pod = defaults.getSpec();
    pod.setServiceAccountName(RegistryNames.rbac(registry));
    Container api = pod.getContainers().get(0);
    api.setImage(blueprint.image());
    List<EnvVar> env = new ArrayList<>();
    env.add(
        new EnvVar(
            LEADER_ELECTION_ID_ENV,
            registry.getMetadata().getNamespace() + "-" + registry.getMetadata().getName(),
            null));
    env.add(new EnvVar(WATCH_NAMESPACE_ENV, registry.getMetadata().getNamespace(), null));
    // The root filesystem is read-only: without a database block the server keeps its embedded
    // PostgreSQL under WAGGLE_HOME, which must therefore live on the writable /tmp.
    env.add(new EnvVar(WAGGLE_HOME_ENV, WAGGLE_HOME, null));
    // A podTemplateSpec env entry of the same name replaces these, as for every default.
    env.add(new EnvVar(JAVA_TOOL_OPTIONS_ENV, MEMORY_OPTIONS, null));
    api.setEnv(env);
    for (Volume volume : pod.getVolumes()) {
      if (CONFIG_VOLUME.equals(volume.getName())) {
        volume.getConfigMap().setName(RegistryNames.configMap(registry));
      }
    }
    List<VolumeMount> mounts = new ArrayList<>(api.getVolumeMounts());
    mounts.addAll(blueprint.volumeMounts());
    List<Volume> volumes = new ArrayList<>(pod.getVolumes());
    volumes.addAll(blueprint.volumes());
    blueprint
        .pgpass()
        .ifPresent(
            ref -> {
              volumes.addAll(pgpassVolumes(ref));
              pod.setInitContainers(
                  new ArrayList<>(
                      List.of(Templates.load("pgpass-init-container.yaml", Container.class))));
              mounts.add(
                  new VolumeMountBuilder()
                      .withName(PGPASS_VOLUME)
                      .withMountPath(PGPASS_PATH)
                      .withSubPath(".pgpass")
                      .withReadOnly(true)
                      .build());
              env.add(new EnvVar("PGPASSFILE", PGPASS_PATH, null));
            });
    api.setVolumeMounts(mounts);
    pod.setVolumes(firstOfEachName(volumes));
    List<LocalObjectReference> pullSecrets = blueprint.mergedPullSecrets();
    pod.setImagePullSecrets(pullSecrets.isEmpty() ? null : pullSecrets);
    PodTemplateSpec merged =
        PodTemplateMerger.merge(defaults, blueprint.podTemplate().orElse(null));
    deployment.getSpec().setTemplate(merged);
    Map<String, String> annotations = new LinkedHashMap<>();
    if (blueprint.podTemplate().isPresent()) {
      annotations.put(
          POD_TEMPLATE_HASH_ANNOTATION,
          Hashes.sha256(Hashes.canonicalJson(registry.getSpec().getPodTemplateSpec())));
    }
    annotations.put(RENDERED_TEMPLATE_HASH_ANNOTATION, Hashes.sha256(Hashes.canonicalJson(merged)));
    deployment.getMetadata().setAnnotations(annotations);
    return deployment;
  }

  @Override
  protected boolean mustRecreate(Deployment actual, Deployment desired) {
    return !Objects.equals(
        actual.getSpec().getSelector().getMatchLabels(),
        desired.getSpec().getSelector().getMatchLabels());
  }

  @Override
  protected Optional<Deployment> corrected(Deployment actual, Deployment desired) {
    String renderedBefore = annotation(actual, RENDERED_TEMPLATE_HASH_ANNOTATION);
    boolean changed = mergeLabelsAndAnnotations(actual, desired);
    boolean wantsTemplateHash =
        desired.getMetadata().getAnnotations() != null
            && desired.getMetadata().getAnnotations().containsKey(POD_TEMPLATE_HASH_ANNOTATION);
    Map<String, String> annotations = actual.getMetadata().getAnnotations();
    if (!wantsTemplateHash
        && annotations != null
        && annotations.containsKey(POD_TEMPLATE_HASH_ANNOTATION)) {
      Map<String, String> pruned = new HashMap<>(annotations);
      pruned.remove(POD_TEMPLATE_HASH_ANNOTATION);
      actual.getMetadata().setAnnotations(pruned);
      changed = true;
    }
    PodTemplateSpec template = desired.getSpec().getTemplate();
    keepRolloutRestart(actual.getSpec().getTemplate(), template);
    boolean rerendered =
        !Objects.equals(renderedBefore, annotation(desired, RENDERED_TEMPLATE_HASH_ANNOTATION));
    if (rerendered
        || !Drift.matches(
            json(actual.getSpec().getTemplate()), json(template), PodTemplateDefaults.ALLOWANCE)) {
      actual.getSpec().setTemplate(template);
      changed = true;
    }
    return changed ? Optional.of(actual) : Optional.empty();
  }

  private static String annotation(Deployment deployment, String key) {
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private static ObjectMeta podMetadata(McpRegistry registry, String name) {
    ObjectMeta meta = new ObjectMeta();
    meta.setLabels(RegistryNames.labels(registry, name));
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(
        CONFIG_HASH_ANNOTATION, Hashes.fnv32a(Hashes.canonicalJson(registry.getSpec())));
    Map<String, String> crAnnotations = registry.getMetadata().getAnnotations();
    if (crAnnotations != null && crAnnotations.get(RESTART_ANNOTATION) != null) {
      annotations.put(RESTART_ANNOTATION, crAnnotations.get(RESTART_ANNOTATION));
    }
    meta.setAnnotations(annotations);
    return meta;
  }

  private static List<Volume> pgpassVolumes(SecretKeySelector ref) {
    SecretVolumeSource secret = new SecretVolumeSource();
    secret.setSecretName(ref.getName());
    secret.setItems(List.of(new KeyToPath(ref.getKey(), null, ".pgpass")));
    return List.of(
        new VolumeBuilder().withName(PGPASS_SECRET_VOLUME).withSecret(secret).build(),
        new VolumeBuilder().withName(PGPASS_VOLUME).withNewEmptyDir().endEmptyDir().build());
  }

  /** A later volume with a name already taken is dropped, as ToolHive's builder does. */
  private static List<Volume> firstOfEachName(List<Volume> volumes) {
    Set<String> seen = new HashSet<>();
    List<Volume> unique = new ArrayList<>();
    for (Volume volume : volumes) {
      if (seen.add(volume.getName())) {
        unique.add(volume);
      }
    }
    return unique;
  }

  private static void keepRolloutRestart(PodTemplateSpec live, PodTemplateSpec wanted) {
    Map<String, String> liveAnnotations =
        live == null || live.getMetadata() == null ? null : live.getMetadata().getAnnotations();
    if (liveAnnotations == null || !liveAnnotations.containsKey(KUBECTL_RESTARTED_AT)) {
      return;
    }
    Map<String, String> annotations = new LinkedHashMap<>(wanted.getMetadata().getAnnotations());
    annotations.put(KUBECTL_RESTARTED_AT, liveAnnotations.get(KUBECTL_RESTARTED_AT));
    wanted.getMetadata().setAnnotations(annotations);
  }
}
