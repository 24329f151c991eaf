package dev.waggle.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/server: the registry server without the operator. The manifests as written are checked
 * always; what kustomize makes of the base and the example overlay is checked by rendering them
 * with {@code kubectl kustomize}, which these tests skip, saying so, where kubectl is missing.
 */
class ServerManifestsTest {
  private static final Path SERVER = Path.of("..", "deploy", "server");
  private static final Path BASE = SERVER.resolve("base");
  private static final Path OVERLAY = SERVER.resolve("overlays").resolve("production");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Test
  void theServerRunsTheOperatorsDefaultImageWithItsConfigFromTheConfigMap() throws IOException {
    Container container = container(baseDeployment());

    assertThat(container.getImage()).isEqualTo(OperatorSettings.defaultImage());
    assertThat(container.getArgs()).containsExactly("serve", "--config=/config/config.yaml");
    assertThat(mount(container, "/config")).isPresent();
    assertThat(volume(baseDeployment(), mount(container, "/config").get().getName()))
        .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("waggle-config"));
    assertThat(BASE.resolve("config.yaml")).isRegularFile();
  }

  @Test
  void probesAskTheInternalPortForHealthAndReadiness() throws IOException {
    Container container = container(baseDeployment());

    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readiness");
    for (Probe probe :
        List.of(
            container.getLivenessProbe(),
            container.getStartupProbe(),
            container.getReadinessProbe())) {
      assertThat(portNumber(container, probe.getHttpGet().getPort())).isEqualTo(8081);
    }
  }

  @Test
  void thePodRunsNonRootOnAReadOnlyRootWithAWritableTmpAndBoundedResources() throws IOException {
    Deployment deployment = baseDeployment();
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container container = container(deployment);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(volume(deployment, mount(container, "/tmp").orElseThrow().getName()).getEmptyDir())
        .isNotNull();
    assertThat(env(container, "WAGGLE_HOME")).startsWith("/tmp/");
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
  }

  @Test
  void theDatabasePasswordsComeFromThePgpassSecretThatPgpassfileNames() throws IOException {
    Deployment deployment = baseDeployment();
    Container container = container(deployment);
    Path pgpass = Path.of(env(container, "PGPASSFILE"));

    VolumeMount mount = mount(container, pgpass.getParent().toString()).orElseThrow();
    Volume volume = volume(deployment, mount.getName());
    assertThat(volume.getSecret().getSecretName()).isEqualTo("waggle-pgpass");
    assertThat(volume.getSecret().getItems())
        .singleElement()
        .satisfies(item -> assertThat(item.getPath()).isEqualTo(pgpass.getFileName().toString()));
  }

  @Test
  void theServicesReachThePodsPortsByName() throws IOException {
    Deployment deployment = baseDeployment();
    Container container = container(deployment);
    List<Service> services =
        loadAll(BASE.resolve("service.yaml")).stream().map(Service.class::cast).toList();

    assertThat(services).extracting(s -> s.getMetadata().getName()).contains("waggle");
    for (Service service : services) {
      assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(service.getSpec().getSelector());
      for (ServicePort port : service.getSpec().getPorts()) {
        assertThat(container.getPorts())
            .extracting(ContainerPort::getName)
            .contains(port.getTargetPort().getStrVal());
      }
    }
    Service publicService =
        services.stream().filter(s -> s.getMetadata().getName().equals("waggle")).findFirst().get();
    assertThat(publicService.getSpec().getPorts())
        .extracting(ServicePort::getPort)
        .containsExactly(8080);
  }

  @Test
  void kustomizeRendersTheBaseWithTheGeneratedConfigMapWiredIn() throws Exception {
    List<HasMetadata> rendered = kustomize(BASE);

    ConfigMap config = only(rendered, ConfigMap.class);
    assertThat(config.getMetadata().getName()).startsWith("waggle-config-");
    assertThat(config.getData().get("config.yaml"))
        .isEqualTo(Files.readString(BASE.resolve("config.yaml")));
    Deployment deployment = only(rendered, Deployment.class);
    assertThat(volume(deployment, "config").getConfigMap().getName())
        .isEqualTo(config.getMetadata().getName());
    assertThat(rendered).filteredOn(Service.class::isInstance).hasSize(2);
  }

  @Test
  void kustomizeRendersTheOverlayInItsNamespaceWithItsConfigImageReplicasAndResources()
      throws Exception {
    List<HasMetadata> rendered = kustomize(OVERLAY);

    assertThat(only(rendered, Namespace.class).getMetadata().getName()).isEqualTo("mcp-registries");
    assertThat(rendered)
        .filteredOn(o -> !(o instanceof Namespace))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("mcp-registries"));
    ConfigMap config = only(rendered, ConfigMap.class);
    assertThat(config.getData().get("config.yaml"))
        .isEqualTo(Files.readString(OVERLAY.resolve("config.yaml")));
    Deployment deployment = only(rendered, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(volume(deployment, "config").getConfigMap().getName())
        .isEqualTo(config.getMetadata().getName());
    Container container = container(deployment);
    assertThat(container.getImage()).startsWith(OperatorSettings.IMAGE_REPOSITORY + ":");
    assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
    // The patch adds to the base's container rather than replacing it.
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readiness");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
  }

  private static Deployment baseDeployment() throws IOException {
    return SERIALIZATION.unmarshal(
        Files.readString(BASE.resolve("deployment.yaml")), Deployment.class);
  }

  private static Container container(Deployment deployment) {
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static Optional<VolumeMount> mount(Container container, String path) {
    return container.getVolumeMounts().stream()
        .filter(m -> m.getMountPath().equals(path))
        .findFirst();
  }

  private static Volume volume(Deployment deployment, String name) {
    return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static String env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name));
  }

  private static int portNumber(Container container, IntOrString port) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return container.getPorts().stream()
        .filter(p -> p.getName().equals(port.getStrVal()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port " + port.getStrVal()));
  }

  private static <T> T only(List<HasMetadata> objects, Class<T> type) {
    List<HasMetadata> matching = objects.stream().filter(type::isInstance).toList();
    assertThat(matching).as(type.getSimpleName()).hasSize(1);
    return type.cast(matching.get(0));
  }

  /** {@code kubectl kustomize dir}, parsed; skips the calling test when kubectl is missing. */
  private static List<HasMetadata> kustomize(Path dir) throws Exception {
    Optional<Path> kubectl = kubectl();
    assumeTrue(
        kubectl.isPresent(),
        "kubectl is not on the PATH (nor set with -Dwaggle.kubectl): install kubectl 1.21 or newer"
            + " to render deploy/server with kustomize");
    Path output = Files.createTempFile("kustomize", ".yaml");
    try {
      Process process =
          new ProcessBuilder(kubectl.get().toString(), "kustomize", dir.toString())
              .redirectOutput(output.toFile())
              .redirectError(ProcessBuilder.Redirect.PIPE)
              .start();
      String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("kubectl kustomize finished").isTrue();
      assertThat(process.exitValue()).as("kubectl kustomize %s: %s", dir, errors).isZero();
      assertThat(errors).as("kubectl kustomize %s warned", dir).isBlank();
      return loadAll(output);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static Optional<Path> kubectl() {
    String configured = System.getProperty("waggle.kubectl");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured));
    }
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, "kubectl"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static List<HasMetadata> loadAll(Path file) throws IOException {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
        continue;
      }
      KubernetesResource parsed = SERIALIZATION.unmarshal(document);
      objects.add((HasMetadata) parsed);
    }
    return objects;
  }
}
