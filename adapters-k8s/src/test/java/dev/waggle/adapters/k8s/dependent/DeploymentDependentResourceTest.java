package dev.waggle.adapters.k8s.dependent;

import static dev.waggle.adapters.k8s.TestRegistries.POD_NAME_FROM_FIELD;
import static dev.waggle.adapters.k8s.TestRegistries.RESTARTED_AT;
import static dev.waggle.adapters.k8s.TestRegistries.RESTART_TIME;
import static dev.waggle.adapters.k8s.TestRegistries.registryApiTemplate;
import static dev.waggle.adapters.k8s.TestRegistries.restartRollout;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waggle.adapters.k8s.ApiServerDefaults;
import dev.waggle.adapters.k8s.TestRegistries;
import dev.waggle.adapters.k8s.crd.McpRegistry;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What the registry Deployment looks like, rendered without any API server. */
class DeploymentDependentResourceTest {
  private static final String IMAGE = "ghcr.io/waggle-dev/waggle:1.0.0";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesClient CLIENT =
      new KubernetesClientBuilder()
          .withConfig(
              new io.fabric8.kubernetes.client.ConfigBuilder()
                  .withMasterUrl("http://127.0.0.1:1")
                  .build())
          .build();
  private final DeploymentDependentResource deployments = new DeploymentDependentResource(CLIENT);
  private final ServiceAccountDependentResource accounts =
      new ServiceAccountDependentResource(CLIENT);

  @AfterAll
  static void closeClient() {
    CLIENT.close();
  }

  @Test
  void theRegistryContainerIsToolHivesWithWaggleImageArgsPortsProbesAndResources() {
    Deployment deployment = render(registry(), List.of(), List.of(), Optional.empty());

    assertThat(deployment.getMetadata().getName()).isEqualTo("prod-api");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "app.kubernetes.io/name",
                "prod-api",
                "app.kubernetes.io/component",
                "registry-api"));
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("prod-registry-api");
    Container api = container(pod, "registry-api");
    assertThat(api.getImage()).isEqualTo(IMAGE);
    assertThat(api.getArgs()).containsExactly("serve", "--config=/config/config.yaml");
    assertThat(api.getCommand()).isEmpty();
    assertThat(api.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getContainerPort()).isEqualTo(8080);
            });
    assertThat(api.getResources().getRequests())
        .containsEntry("cpu", new Quantity("100m"))
        .containsEntry("memory", new Quantity("128Mi"));
    assertThat(api.getResources().getLimits())
        .containsEntry("cpu", new Quantity("500m"))
        .containsEntry("memory", new Quantity("512Mi"));
    assertThat(api.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(api.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8081);
    assertThat(api.getLivenessProbe().getInitialDelaySeconds()).isEqualTo(30);
    assertThat(api.getLivenessProbe().getPeriodSeconds()).isEqualTo(10);
    assertThat(api.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readiness");
    assertThat(api.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8081);
    assertThat(api.getReadinessProbe().getInitialDelaySeconds()).isEqualTo(5);
    assertThat(api.getReadinessProbe().getPeriodSeconds()).isEqualTo(5);
    assertThat(api.getVolumeMounts())
        .extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getReadOnly)
        .startsWith(org.assertj.core.groups.Tuple.tuple("registry-server-config", "/config", true));
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("registry-server-config"))
        .singleElement()
        .satisfies(
            v -> assertThat(v.getConfigMap().getName()).isEqualTo("prod-registry-server-config"));
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey("toolhive.stacklok.dev/config-hash");
  }

  @Test
  void thePodTellsTheRegistryItsOwnLeaseAndNamespace() {
    Container api = container(render(registry(), List.of(), List.of(), Optional.empty()));

    assertThat(api.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("THV_REGISTRY_LEADER_ELECTION_ID", "tenants-prod"),
            org.assertj.core.groups.Tuple.tuple("THV_REGISTRY_WATCH_NAMESPACE", "tenants"));
  }

  @Test
  void byDefaultThePodRunsRestricted() {
    Deployment deployment = render(registry(), List.of(), List.of(), Optional.empty());

    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container api = container(pod, "registry-api");
    assertThat(api.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(api.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(api.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(api.getVolumeMounts())
        .as("a read-only root still needs a writable /tmp")
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
  }

  @Test
  void aPodTemplateCanOverrideTheSecurityContexts() {
    PodTemplateSpec template =
        template(
            Map.of(
                "spec",
                Map.of(
                    "securityContext",
                    Map.of("runAsUser", 1000),
                    "containers",
                    List.of(
                        Map.of(
                            "name",
                            "registry-api",
                            "securityContext",
                            Map.of("readOnlyRootFilesystem", false))))));

    Deployment deployment = render(registry(), List.of(), List.of(), Optional.of(template));

    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(pod.getSecurityContext().getSeccompProfile()).isNull();
    assertThat(container(pod, "registry-api").getSecurityContext().getReadOnlyRootFilesystem())
        .isFalse();
  }

  @Test
  void userVolumesAndMountsAreAppendedAndALaterDuplicateVolumeIsDropped() {
    Volume first =
        new VolumeBuilder()
            .withName("catalog")
            .withNewConfigMap()
            .withName("a")
            .endConfigMap()
            .build();
    Volume duplicate =
        new VolumeBuilder()
            .withName("catalog")
            .withNewConfigMap()
            .withName("b")
            .endConfigMap()
            .build();
    VolumeMount mount =
        new VolumeMountBuilder().withName("catalog").withMountPath("/config/registry").build();

    PodSpec pod =
        render(registry(), List.of(first, duplicate), List.of(mount), Optional.empty())
            .getSpec()
            .getTemplate()
            .getSpec();

    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("catalog"))
        .singleElement()
        .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("a"));
    assertThat(container(pod, "registry-api").getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .contains("/config/registry");
  }

  @Test
  void aPgpassSecretIsCopiedByAnInitContainerAndMountedWithPgpassfile() {
    McpRegistry registry = registry();
    registry.getSpec().setPgpassSecretRef(new SecretKeySelector("pgpass", "db-credentials", null));

    PodSpec pod =
        render(registry, List.of(), List.of(), Optional.empty()).getSpec().getTemplate().getSpec();

    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("pgpass-secret"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getSecret().getSecretName()).isEqualTo("db-credentials");
              assertThat(v.getSecret().getItems())
                  .singleElement()
                  .satisfies(
                      item -> {
                        assertThat(item.getKey()).isEqualTo("pgpass");
                        assertThat(item.getPath()).isEqualTo(".pgpass");
                      });
            });
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("pgpass"))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    Container init = container(pod.getInitContainers(), "setup-pgpass");
    assertThat(init.getImage()).isEqualTo("cgr.dev/chainguard/busybox:latest");
    assertThat(init.getCommand())
        .containsExactly(
            "sh", "-c", "cp /secret/.pgpass /pgpass/.pgpass && chmod 0600 /pgpass/.pgpass");
    assertThat(init.getVolumeMounts())
        .extracting(VolumeMount::getName, VolumeMount::getMountPath)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("pgpass-secret", "/secret"),
            org.assertj.core.groups.Tuple.tuple("pgpass", "/pgpass"));
    assertThat(init.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(init.getResources().getLimits()).containsEntry("memory", new Quantity("32Mi"));
    Container api = container(pod, "registry-api");
    assertThat(api.getVolumeMounts())
        .filteredOn(m -> m.getName().equals("pgpass"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/home/appuser/.pgpass");
              assertThat(m.getSubPath()).isEqualTo(".pgpass");
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(api.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(org.assertj.core.groups.Tuple.tuple("PGPASSFILE", "/home/appuser/.pgpass"));
  }

  @Test
  void withoutPgpassThereIsNoInitContainerAndNoPgpassfile() {
    PodSpec pod =
        render(registry(), List.of(), List.of(), Optional.empty())
            .getSpec()
            .getTemplate()
            .getSpec();

    assertThat(pod.getInitContainers()).isEmpty();
    assertThat(container(pod, "registry-api").getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain("PGPASSFILE");
  }

  @Test
  void pullSecretsGoToThePodAndTheAccountTheRegistrysFirstThenTheOperatorDefaults() {
    McpRegistry registry = registry();
    registry.getSpec().setImagePullSecrets(List.of(new LocalObjectReference("team-ghcr")));
    RegistryBlueprint blueprint =
        blueprint(
            registry,
            List.of(),
            List.of(),
            Optional.empty(),
            List.of(new LocalObjectReference("org-ghcr"), new LocalObjectReference("team-ghcr")));

    Deployment deployment = deployments.desired(blueprint);
    ServiceAccount account = accounts.desired(blueprint);

    assertThat(deployment.getSpec().getTemplate().getSpec().getImagePullSecrets())
        .extracting(LocalObjectReference::getName)
        .containsExactly("team-ghcr", "org-ghcr");
    assertThat(account.getImagePullSecrets())
        .extracting(LocalObjectReference::getName)
        .containsExactly("team-ghcr", "org-ghcr");
  }

  @Test
  void podTemplatePullSecretsReplaceThePodsButNeverTheAccounts() {
    McpRegistry registry = registry();
    registry.getSpec().setImagePullSecrets(List.of(new LocalObjectReference("team-ghcr")));
    PodTemplateSpec template =
        template(Map.of("spec", Map.of("imagePullSecrets", List.of(Map.of("name", "mirror")))));
    RegistryBlueprint blueprint =
        blueprint(registry, List.of(), List.of(), Optional.of(template), List.of());

    assertThat(
            deployments.desired(blueprint).getSpec().getTemplate().getSpec().getImagePullSecrets())
        .extracting(LocalObjectReference::getName)
        .containsExactly("mirror");
    assertThat(accounts.desired(blueprint).getImagePullSecrets())
        .extracting(LocalObjectReference::getName)
        .containsExactly("team-ghcr");
  }

  @Test
  void aPodTemplateWithoutPullSecretsKeepsTheRegistrysAndNoneAtAllLeavesThemUnset() {
    McpRegistry withSecrets = registry();
    withSecrets.getSpec().setImagePullSecrets(List.of(new LocalObjectReference("team-ghcr")));
    PodTemplateSpec template = template(Map.of("metadata", Map.of("labels", Map.of("a", "b"))));

    assertThat(
            render(withSecrets, List.of(), List.of(), Optional.of(template))
                .getSpec()
                .getTemplate()
                .getSpec()
                .getImagePullSecrets())
        .extracting(LocalObjectReference::getName)
        .containsExactly("team-ghcr");
    assertThat(
            render(registry(), List.of(), List.of(), Optional.empty())
                .getSpec()
                .getTemplate()
                .getSpec()
                .getImagePullSecrets())
        .isNullOrEmpty();
    assertThat(
            accounts
                .desired(blueprint(registry(), List.of(), List.of(), Optional.empty(), List.of()))
                .getImagePullSecrets())
        .isNullOrEmpty();
  }

  @Test
  void thePodTemplateIsMergedUserFirstWithDefaultsFillingTheGaps() {
    PodTemplateSpec template =
        template(
            Map.of(
                "metadata",
                Map.of("labels", Map.of("team", "search", "app.kubernetes.io/name", "custom")),
                "spec",
                Map.of(
                    "serviceAccountName",
                    "custom-sa",
                    "tolerations",
                    List.of(Map.of("key", "gpu", "operator", "Exists")),
                    "containers",
                    List.of(
                        Map.of("name", "sidecar", "image", "envoy:1.30"),
                        Map.of(
                            "name",
                            "registry-api",
                            "env",
                            List.of(
                                Map.of("name", "THV_REGISTRY_WATCH_NAMESPACE", "value", "a,b"),
                                Map.of("name", "LOG_LEVEL", "value", "debug")),
                            "readinessProbe",
                            Map.of("tcpSocket", Map.of("port", 8080)))))));

    Deployment deployment = render(registry(), List.of(), List.of(), Optional.of(template));

    PodTemplateSpec merged = deployment.getSpec().getTemplate();
    assertThat(merged.getMetadata().getLabels())
        .containsEntry("team", "search")
        .containsEntry("app.kubernetes.io/name", "custom")
        .containsEntry("toolhive.stacklok.io/registry-name", "prod");
    PodSpec pod = merged.getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("custom-sa");
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("gpu"));
    assertThat(pod.getContainers())
        .extracting(Container::getName)
        .containsExactly("sidecar", "registry-api");
    Container api = container(pod, "registry-api");
    assertThat(api.getImage()).as("filled from the defaults").isEqualTo(IMAGE);
    assertThat(api.getArgs()).containsExactly("serve", "--config=/config/config.yaml");
    assertThat(api.getReadinessProbe().getTcpSocket()).isNotNull();
    assertThat(api.getReadinessProbe().getHttpGet()).isNull();
    assertThat(api.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(api.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("THV_REGISTRY_WATCH_NAMESPACE", "a,b"),
            org.assertj.core.groups.Tuple.tuple("LOG_LEVEL", "debug"),
            org.assertj.core.groups.Tuple.tuple("THV_REGISTRY_LEADER_ELECTION_ID", "tenants-prod"),
            org.assertj.core.groups.Tuple.tuple("WAGGLE_HOME", "/tmp/waggle"),
            org.assertj.core.groups.Tuple.tuple(
                "JAVA_TOOL_OPTIONS", DeploymentDependentResource.MEMORY_OPTIONS));
    assertThat(deployment.getMetadata().getAnnotations())
        .containsKey("toolhive.stacklok.io/podtemplatespec-hash");
  }

  @Test
  void userArgsReplaceTheServeArguments() {
    PodTemplateSpec template =
        template(
            registryApiTemplate(
                "args", List.of("serve", "--config=/config/config.yaml", "--debug")));

    Container api = container(render(registry(), List.of(), List.of(), Optional.of(template)));

    assertThat(api.getArgs()).containsExactly("serve", "--config=/config/config.yaml", "--debug");
  }

  @Test
  void theConfigHashFollowsTheWholeSpecAndThePodTemplateHashOnlyExistsWithATemplate() {
    McpRegistry registry = registry();
    String before = configHash(render(registry, List.of(), List.of(), Optional.empty()));
    registry.getSpec().setDisplayName("Renamed");
    Deployment after = render(registry, List.of(), List.of(), Optional.empty());

    assertThat(configHash(after)).isNotEqualTo(before);
    assertThat(after.getMetadata().getAnnotations())
        .doesNotContainKey("toolhive.stacklok.io/podtemplatespec-hash");
  }

  @Test
  void theEmbeddedDatabaseHomeIsOnTheWritableTmpUnlessThePodTemplateSaysOtherwise() {
    PodTemplateSpec template =
        template(
            registryApiTemplate(
                "env", List.of(Map.of("name", "WAGGLE_HOME", "value", "/data/waggle"))));

    Container byDefault = container(render(registry(), List.of(), List.of(), Optional.empty()));
    Container overridden =
        container(render(registry(), List.of(), List.of(), Optional.of(template)));

    assertThat(byDefault.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(org.assertj.core.groups.Tuple.tuple("WAGGLE_HOME", "/tmp/waggle"));
    assertThat(byDefault.getVolumeMounts())
        .as("WAGGLE_HOME lies under a writable mount")
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/tmp");
              assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE);
            });
    assertThat(overridden.getEnv())
        .filteredOn(e -> e.getName().equals("WAGGLE_HOME"))
        .singleElement()
        .satisfies(e -> assertThat(e.getValue()).isEqualTo("/data/waggle"));
  }

  @Test
  void theJvmGetsBoundedMemoryDefaultsThatAPodTemplateCanReplace() {
    PodTemplateSpec template =
        template(
            registryApiTemplate(
                "env", List.of(Map.of("name", "JAVA_TOOL_OPTIONS", "value", "-Xmx1g"))));

    Container byDefault = container(render(registry(), List.of(), List.of(), Optional.empty()));
    Container overridden =
        container(render(registry(), List.of(), List.of(), Optional.of(template)));

    // Without it the heap may grow to a quarter of whatever the JVM sees and is never returned.
    assertThat(byDefault.getEnv())
        .filteredOn(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValue().split(" "))
                    .contains(
                        "-XX:MaxRAMPercentage=40",
                        "-XX:+UseSerialGC",
                        "-XX:MaxHeapFreeRatio=30",
                        "-XX:+ExitOnOutOfMemoryError"));
    assertThat(byDefault.getResources().getLimits())
        .as("the percentage is of this limit")
        .containsEntry("memory", new Quantity("512Mi"));
    assertThat(overridden.getEnv())
        .filteredOn(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
        .singleElement()
        .satisfies(e -> assertThat(e.getValue()).isEqualTo("-Xmx1g"));
  }

  @Test
  void aLiveTemplateHoldingOnlyApiServerDefaultsIsLeftAlone() {
    Deployment desired = desiredWithPgpassAndFieldRef();
    Deployment live = ApiServerDefaults.apply(copy(desired));

    assertThat(deployments.corrected(live, desiredWithPgpassAndFieldRef())).isEmpty();
  }

  @Test
  void hostNetworkAddedByHandIsRemoved() {
    Deployment live = ApiServerDefaults.apply(copy(desiredWithPgpassAndFieldRef()));
    live.getSpec().getTemplate().getSpec().setHostNetwork(true);

    Deployment fixed = deployments.corrected(live, desiredWithPgpassAndFieldRef()).orElseThrow();

    assertThat(fixed.getSpec().getTemplate().getSpec().getHostNetwork()).isNull();
  }

  @Test
  void aCommandAddedByHandIsRemoved() {
    Deployment live = ApiServerDefaults.apply(copy(desiredWithPgpassAndFieldRef()));
    container(live).setCommand(List.of("sh", "-c", "sleep infinity"));

    Deployment fixed = deployments.corrected(live, desiredWithPgpassAndFieldRef()).orElseThrow();

    assertThat(container(fixed).getCommand()).isEmpty();
    assertThat(container(fixed).getArgs()).containsExactly("serve", "--config=/config/config.yaml");
  }

  @Test
  void privilegedAddedByHandIsRemovedWhileReplicasAndRolloutRestartStay() {
    Deployment live = ApiServerDefaults.apply(copy(desiredWithPgpassAndFieldRef()));
    container(live).getSecurityContext().setPrivileged(true);
    live.getSpec().setReplicas(3);
    restartRollout(live);

    Deployment fixed = deployments.corrected(live, desiredWithPgpassAndFieldRef()).orElseThrow();

    assertThat(container(fixed).getSecurityContext().getPrivileged()).isNull();
    assertThat(container(fixed).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(fixed.getSpec().getReplicas()).isEqualTo(3);
    assertThat(fixed.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(RESTARTED_AT, RESTART_TIME);
  }

  @Test
  void aRolloutRestartAloneIsNotDrift() {
    Deployment live = ApiServerDefaults.apply(copy(desiredWithPgpassAndFieldRef()));
    restartRollout(live);

    assertThat(deployments.corrected(live, desiredWithPgpassAndFieldRef())).isEmpty();
  }

  @Test
  void aTemplateRenderedDifferentlyBeforeIsReappliedEvenWhenTheLiveOneLooksFine() {
    Deployment live = ApiServerDefaults.apply(copy(desiredWithPgpassAndFieldRef()));
    live.getMetadata()
        .getAnnotations()
        .put("waggle.dev/rendered-template-hash", "rendered-by-an-older-operator");
    container(live).setImagePullPolicy("IfNotPresent");

    Deployment fixed = deployments.corrected(live, desiredWithPgpassAndFieldRef()).orElseThrow();

    assertThat(fixed.getMetadata().getAnnotations().get("waggle.dev/rendered-template-hash"))
        .isEqualTo(
            desiredWithPgpassAndFieldRef()
                .getMetadata()
                .getAnnotations()
                .get("waggle.dev/rendered-template-hash"));
    assertThat(container(fixed).getImagePullPolicy()).isNull();
  }

  /** A registry whose pod has an init container, a Secret volume and a downward-API variable. */
  private Deployment desiredWithPgpassAndFieldRef() {
    McpRegistry registry = registry();
    registry.getSpec().setPgpassSecretRef(new SecretKeySelector("pgpass", "db-credentials", null));
    PodTemplateSpec template = template(registryApiTemplate("env", List.of(POD_NAME_FROM_FIELD)));
    return render(registry, List.of(), List.of(), Optional.of(template));
  }

  private static Deployment copy(Deployment deployment) {
    return new KubernetesSerialization().clone(deployment);
  }

  private static String configHash(Deployment deployment) {
    return deployment
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("toolhive.stacklok.dev/config-hash");
  }

  private Deployment render(
      McpRegistry registry,
      List<Volume> volumes,
      List<VolumeMount> mounts,
      Optional<PodTemplateSpec> template) {
    return deployments.desired(blueprint(registry, volumes, mounts, template, List.of()));
  }

  private static RegistryBlueprint blueprint(
      McpRegistry registry,
      List<Volume> volumes,
      List<VolumeMount> mounts,
      Optional<PodTemplateSpec> template,
      List<LocalObjectReference> defaults) {
    template.ifPresent(t -> registry.getSpec().setPodTemplateSpec(JSON.valueToTree(t)));
    return new RegistryBlueprint(registry, volumes, mounts, template, IMAGE, defaults);
  }

  private static McpRegistry registry() {
    McpRegistry registry = TestRegistries.defaultRegistry("tenants", "prod");
    registry.getMetadata().setUid("6f1c1c1e-0000-4000-8000-000000000001");
    return registry;
  }

  private static PodTemplateSpec template(Map<String, Object> raw) {
    return new KubernetesSerialization().convertValue(raw, PodTemplateSpec.class);
  }

  private static Container container(Deployment deployment) {
    return container(deployment.getSpec().getTemplate().getSpec(), "registry-api");
  }

  private static Container container(PodSpec pod, String name) {
    return container(pod.getContainers(), name);
  }

  private static Container container(List<Container> containers, String name) {
    return containers.stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }
}
