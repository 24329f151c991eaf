package dev.waggle.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.waggle.adapters.k8s.crd.McpRegistry;
import dev.waggle.adapters.k8s.crd.RawVolumeMount;
import dev.waggle.adapters.k8s.dependent.DeploymentDependentResource;
import dev.waggle.adapters.k8s.reconciler.SpecValidator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The manifests shipped in deploy/: they parse, they fit together, and the examples are valid. */
class DeployManifestsTest {
  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static {
    SERIALIZATION.registerKubernetesResource(McpRegistry.class);
  }

  static Stream<Path> examples() throws IOException {
    return list(DEPLOY.resolve("examples"));
  }

  @Test
  void theSixToolHiveExamplesAreShippedForWaggle() throws IOException {
    assertThat(examples().map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder(
            "mcpregistry-configyaml-minimal.yaml",
            "mcpregistry-configyaml-configmap.yaml",
            "mcpregistry-configyaml-git-auth.yaml",
            "mcpregistry-configyaml-api.yaml",
            "mcpregistry-configyaml-oauth.yaml",
            "mcpregistry-configyaml-pgpass.yaml");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void eachExampleHoldsOneValidV1beta1Registry(Path example) throws IOException {
    McpRegistry registry = onlyRegistry(example);

    assertThat(registry.getApiVersion()).isEqualTo("toolhive.stacklok.dev/v1beta1");
    assertThat(new SpecValidator().validate(registry)).isInstanceOf(SpecValidator.Valid.class);
    JsonNode config = YAML.readTree(registry.getSpec().getConfigYaml());
    assertThat(config.fieldNames())
        .toIterable()
        .contains("sources", "registries", "database", "auth");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyFileAnExampleConfigNamesIsMounted(Path example) throws IOException {
    McpRegistry registry = onlyRegistry(example);
    // Kubernetes mounts the pod's service-account files there: registry pods keep automount on.
    List<String> mountPaths =
        new ArrayList<>(List.of("/config", "/var/run/secrets/kubernetes.io/serviceaccount"));
    if (registry.getSpec().getVolumeMounts() != null) {
      registry.getSpec().getVolumeMounts().stream()
          .map(RawVolumeMount::getMountPath)
          .forEach(mountPaths::add);
    }
    List<String> files = new ArrayList<>();
    collectFiles(YAML.readTree(registry.getSpec().getConfigYaml()), files);

    for (String file : files) {
      assertThat(mountPaths)
          .as("%s names %s", example.getFileName(), file)
          .anySatisfy(mount -> assertThat(file).startsWith(mount + "/"));
    }
  }

  @Test
  void theOperatorHoldsEveryPermissionItGrantsToRegistryPods() throws IOException {
    ClusterRole operator = load(DEPLOY.resolve("operator/clusterrole.yaml"), ClusterRole.class);
    Role registryRole;
    try (InputStream in =
        getClass().getResourceAsStream("/dev/waggle/adapters/k8s/dependent/role.yaml")) {
      registryRole = SERIALIZATION.unmarshal(in, Role.class);
    }

    for (PolicyRule granted : registryRole.getRules()) {
      for (String group : granted.getApiGroups()) {
        for (String resource : granted.getResources()) {
          for (String verb : granted.getVerbs()) {
            assertThat(allows(operator, group, resource, verb))
                .as("operator may %s %s/%s", verb, group, resource)
                .isTrue();
          }
        }
      }
    }
  }

  @Test
  void theOperatorMayDoWhatItDoes() throws IOException {
    ClusterRole operator = load(DEPLOY.resolve("operator/clusterrole.yaml"), ClusterRole.class);
    List<String[]> needs =
        List.of(
            new String[] {"toolhive.stacklok.dev", "mcpregistries", "watch"},
            new String[] {"toolhive.stacklok.dev", "mcpregistries", "patch"},
            new String[] {"toolhive.stacklok.dev", "mcpregistries/status", "update"},
            new String[] {"toolhive.stacklok.dev", "mcpregistries/finalizers", "update"},
            new String[] {"", "configmaps", "create"},
            new String[] {"", "serviceaccounts", "update"},
            new String[] {"", "services", "watch"},
            new String[] {"", "pods", "list"},
            new String[] {"apps", "deployments", "update"},
            new String[] {"rbac.authorization.k8s.io", "rolebindings", "delete"},
            new String[] {"coordination.k8s.io", "leases", "update"});
    for (String[] need : needs) {
      assertThat(allows(operator, need[0], need[1], need[2]))
          .as("operator may %s %s/%s", need[2], need[0], need[1])
          .isTrue();
    }
  }

  @Test
  void theBindingsAndTheDeploymentNameTheSameServiceAccount() throws IOException {
    Deployment deployment = load(DEPLOY.resolve("operator/deployment.yaml"), Deployment.class);
    ClusterRoleBinding cluster =
        load(DEPLOY.resolve("operator/rbac-cluster.yaml"), ClusterRoleBinding.class);
    List<HasMetadata> namespaced = loadAll(DEPLOY.resolve("operator/rbac-namespaced.yaml"));

    String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
    assertThat(cluster.getSubjects())
        .singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo(account));
    assertThat(namespaced)
        .filteredOn(RoleBinding.class::isInstance)
        .hasSize(2)
        .allSatisfy(
            b ->
                assertThat(((RoleBinding) b).getSubjects())
                    .singleElement()
                    .satisfies(s -> assertThat(s.getName()).isEqualTo(account)));
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("operator");
  }

  @Test
  void theOperatorsOwnJvmGetsTheSameBoundedMemoryDefaultsAsItsRegistryPods() throws IOException {
    Deployment deployment = load(DEPLOY.resolve("operator/deployment.yaml"), Deployment.class);

    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .filteredOn(e -> e.getName().equals(DeploymentDependentResource.JAVA_TOOL_OPTIONS_ENV))
        .singleElement()
        .satisfies(
            e -> assertThat(e.getValue()).isEqualTo(DeploymentDependentResource.MEMORY_OPTIONS));
  }

  @Test
  void theKustomizationListsFilesThatExist() throws IOException {
    JsonNode kustomization = YAML.readTree(DEPLOY.resolve("kustomization.yaml").toFile());

    for (JsonNode resource : kustomization.get("resources")) {
      assertThat(DEPLOY.resolve(resource.asText())).exists();
      assertThat(loadAll(DEPLOY.resolve(resource.asText()))).isNotEmpty();
    }
  }

  private static boolean allows(ClusterRole role, String group, String resource, String verb) {
    return role.getRules().stream()
        .anyMatch(
            rule ->
                rule.getApiGroups().contains(group)
                    && rule.getResources().contains(resource)
                    && (rule.getVerbs().contains(verb) || rule.getVerbs().contains("*")));
  }

  private static void collectFiles(JsonNode node, List<String> files) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              field -> {
                if (List.of(
                            "path",
                            "passwordFile",
                            "clientSecretFile",
                            "caCertPath",
                            "authTokenFile")
                        .contains(field.getKey())
                    && field.getValue().asText().startsWith("/")) {
                  files.add(field.getValue().asText());
                }
                collectFiles(field.getValue(), files);
              });
    } else if (node.isArray()) {
      node.forEach(child -> collectFiles(child, files));
    }
  }

  private static McpRegistry onlyRegistry(Path file) throws IOException {
    List<HasMetadata> registries =
        loadAll(file).stream().filter(McpRegistry.class::isInstance).toList();
    assertThat(registries).as(file.toString()).hasSize(1);
    return (McpRegistry) registries.get(0);
  }

  private static <T> T load(Path file, Class<T> type) throws IOException {
    return SERIALIZATION.unmarshal(Files.readString(file), type);
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

  private static Stream<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }
}
