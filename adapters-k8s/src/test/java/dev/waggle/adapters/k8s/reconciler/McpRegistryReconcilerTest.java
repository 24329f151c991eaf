package dev.waggle.adapters.k8s.reconciler;

import static dev.waggle.adapters.k8s.TestRegistries.POD_NAME_FROM_FIELD;
import static dev.waggle.adapters.k8s.TestRegistries.RESTARTED_AT;
import static dev.waggle.adapters.k8s.TestRegistries.RESTART_TIME;
import static dev.waggle.adapters.k8s.TestRegistries.create;
import static dev.waggle.adapters.k8s.TestRegistries.defaultRegistry;
import static dev.waggle.adapters.k8s.TestRegistries.registryApiTemplate;
import static dev.waggle.adapters.k8s.TestRegistries.reload;
import static dev.waggle.adapters.k8s.TestRegistries.restartRollout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waggle.adapters.k8s.ApiServerDefaults;
import dev.waggle.adapters.k8s.RegistryApiStandIn;
import dev.waggle.adapters.k8s.TestRegistries;
import dev.waggle.adapters.k8s.WithCrudApiServer;
import dev.waggle.adapters.k8s.crd.McpRegistry;
import dev.waggle.adapters.k8s.crd.McpRegistryPhase;
import dev.waggle.adapters.k8s.crd.McpRegistrySpec;
import dev.waggle.adapters.k8s.crd.McpRegistryStatus;
import dev.waggle.adapters.k8s.dependent.DeploymentDependentResource;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The reconciler driven one pass at a time against fabric8's mock API server in CRUD mode: the
 * scenarios of ToolHive's controller tests that still apply, and where Waggle does better.
 */
@WithCrudApiServer
class McpRegistryReconcilerTest {
  private static final String NS = "toolhive-system";
  private static final String IMAGE = "ghcr.io/waggle-dev/waggle:test";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a manual sync asks of the registry API with TestRegistries.SYNCED_CONFIG. */
  private static final List<String> SYNCS_OF_THE_SYNCED_SOURCES =
      List.of(
          "POST /v1/sources/upstream/sync",
          "POST /v1/sources/catalog/sync",
          "POST /v1/sources/local/sync");

  static KubernetesClient client;
  static KubernetesMockServer server;
  private RegistryApiStandIn api;
  private McpRegistryReconciler reconciler;

  @BeforeAll
  static void installCrd() {
    TestRegistries.installCrd(client);
  }

  @BeforeEach
  void setUp() throws IOException {
    api = RegistryApiStandIn.start();
    reconciler =
        new McpRegistryReconciler(
            new RolloutObserver(client),
            new SpecValidator(),
            new RegistryResources(client),
            new ManualSync(new HttpRegistryApiClient(registry -> api.uri())),
            new StatusRecorder(client),
            new RegistryDefaults(IMAGE, List.of()),
            Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void tearDown() {
    api.close();
  }

  @Nested
  class Lifecycle {
    @Test
    void givenANewRegistry_whenReconciled_thenItIsPendingAndPolledEvery30Seconds() {
      McpRegistry registry = create(client, defaultRegistry(NS, "fresh"));

      UpdateControl<McpRegistry> control = reconcile(registry);

      McpRegistryStatus status = status(registry);
      assertThat(status.getPhase()).isEqualTo(McpRegistryPhase.PENDING);
      assertThat(status.getMessage()).isEqualTo("Registry API deployment is not ready yet");
      assertThat(status.getUrl()).isNull();
      assertThat(status.getObservedGeneration()).isEqualTo(1L);
      assertCondition(status, "Ready", "False", "NotReady");
      assertThat(control.getScheduleDelay()).contains(30_000L);
    }

    @Test
    void givenANewRegistry_whenReconciled_thenItOwnsTheSixObjectsToolHiveNames() {
      McpRegistry registry = create(client, defaultRegistry(NS, "owner"));

      reconcile(registry);

      ConfigMap config = configMap("owner");
      assertThat(config.getData())
          .containsExactly(Map.entry("config.yaml", TestRegistries.MINIMAL_CONFIG));
      assertThat(config.getMetadata().getAnnotations())
          .containsKey("toolhive.stacklok.dev/content-checksum");
      assertThat(serviceAccount("owner")).isNotNull();
      assertThat(role("owner")).isNotNull();
      RoleBinding binding = roleBinding("owner");
      assertThat(binding.getRoleRef().getName()).isEqualTo("owner-registry-api");
      assertThat(binding.getSubjects())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.getKind()).isEqualTo("ServiceAccount");
                assertThat(s.getName()).isEqualTo("owner-registry-api");
                assertThat(s.getNamespace()).isEqualTo(NS);
              });
      assertThat(deployment("owner")).isNotNull();
      Service service = service("owner");
      assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
      assertThat(service.getSpec().getSelector())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "app.kubernetes.io/name", "owner-api",
                  "app.kubernetes.io/component", "registry-api"));
      assertThat(service.getSpec().getPorts())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getPort()).isEqualTo(8080);
                assertThat(p.getTargetPort().getIntVal()).isEqualTo(8080);
              });
      String uid = reload(client, registry).getMetadata().getUid();
      for (var owned :
          List.of(
              config,
              role("owner"),
              binding,
              deployment("owner"),
              service,
              serviceAccount("owner"))) {
        assertThat(owned.getMetadata().getOwnerReferences())
            .as(owned.getKind())
            .singleElement()
            .satisfies(
                ref -> {
                  assertThat(ref.getUid()).isEqualTo(uid);
                  assertThat(ref.getKind()).isEqualTo("MCPRegistry");
                  assertThat(ref.getController()).isTrue();
                  assertThat(ref.getBlockOwnerDeletion()).isTrue();
                });
        assertThat(owned.getMetadata().getLabels())
            .as(owned.getKind())
            .containsEntry("app.kubernetes.io/component", "registry-api")
            .containsEntry("app.kubernetes.io/managed-by", "toolhive-operator")
            .containsEntry("toolhive.stacklok.io/registry-name", "owner");
      }
    }

    @Test
    void givenTheDeploymentHasAReadyPod_whenReconciled_thenTheRegistryIsReadyWithItsUrl() {
      McpRegistry registry = createAndReconcile("ready");
      markReady("ready", 1);

      UpdateControl<McpRegistry> control = reconcile(registry);

      McpRegistryStatus status = status(registry);
      assertThat(status.getPhase()).isEqualTo(McpRegistryPhase.READY);
      assertThat(status.getMessage()).isEqualTo("Registry API is ready and serving requests");
      assertThat(status.getUrl()).isEqualTo("http://ready-api.toolhive-system:8080");
      assertThat(status.getReadyReplicas()).isEqualTo(1);
      assertCondition(status, "Ready", "True", "Ready");
      assertThat(control.getScheduleDelay()).isEmpty();
    }

    @Test
    void givenAReadyRegistryLosesItsPods_whenReconciled_thenTheUrlIsCleared() {
      McpRegistry registry = createAndReconcile("flaky");
      markReady("flaky", 1);
      reconcile(registry);
      markReady("flaky", 0);

      reconcile(registry);

      McpRegistryStatus status = status(registry);
      assertThat(status.getPhase()).isEqualTo(McpRegistryPhase.PENDING);
      assertThat(status.getUrl()).isNull();
      assertThat(status.getReadyReplicas()).isZero();
    }

    @Test
    void givenASpecChange_whenReconciled_thenStatusAndConditionsReportTheNewGeneration() {
      McpRegistry registry = createAndReconcile("generations");
      editSpec(registry, spec -> spec.setDisplayName("Production registry"));

      reconcile(registry);

      McpRegistryStatus status = status(registry);
      assertThat(status.getObservedGeneration()).isEqualTo(2L);
      assertThat(condition(status, "Ready").getObservedGeneration()).isEqualTo(2L);
    }

    @Test
    void givenNothingChanged_whenReconciledAgain_thenTheRegistryIsNotWrittenAgain() {
      McpRegistry registry = createAndReconcile("quiet");
      reconcile(registry);
      String version = reload(client, registry).getMetadata().getResourceVersion();
      String deploymentVersion = deployment("quiet").getMetadata().getResourceVersion();

      reconcile(registry);

      assertThat(reload(client, registry).getMetadata().getResourceVersion()).isEqualTo(version);
      assertThat(deployment("quiet").getMetadata().getResourceVersion())
          .isEqualTo(deploymentVersion);
    }

    @Test
    void givenTwoRegistriesInOneNamespace_whenReconciled_thenEachHasItsOwnObjectsAndLease() {
      McpRegistry first = create(client, defaultRegistry(NS, "alpha"));
      McpRegistry second = create(client, defaultRegistry(NS, "beta"));

      reconcile(first);
      reconcile(second);

      assertThat(env(deployment("alpha")))
          .containsEntry("THV_REGISTRY_LEADER_ELECTION_ID", NS + "-alpha");
      assertThat(env(deployment("beta")))
          .containsEntry("THV_REGISTRY_LEADER_ELECTION_ID", NS + "-beta");
      assertThat(configMap("alpha")).isNotNull();
      assertThat(configMap("beta")).isNotNull();
    }

    @Test
    void
        givenTwoRegistriesSharingOneUserConfigMap_whenReconciled_thenBothMountItAndNeitherOwnsIt() {
      ConfigMap catalog = new ConfigMap();
      catalog.setMetadata(metadata("shared-catalog"));
      catalog.setData(Map.of("registry.json", "{\"servers\":[]}"));
      client.resource(catalog).create();
      for (String name : List.of("team-a", "team-b")) {
        McpRegistry registry = defaultRegistry(NS, name);
        registry
            .getSpec()
            .addVolume(Map.of("name", "catalog", "configMap", Map.of("name", "shared-catalog")))
            .addVolumeMount(Map.of("name", "catalog", "mountPath", "/config/registry"));
        reconcile(create(client, registry));
      }

      for (String name : List.of("team-a", "team-b")) {
        assertThat(deployment(name).getSpec().getTemplate().getSpec().getVolumes())
            .as(name)
            .filteredOn(v -> v.getName().equals("catalog"))
            .singleElement()
            .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("shared-catalog"));
        assertThat(configMap(name).getData())
            .containsEntry("config.yaml", TestRegistries.MINIMAL_CONFIG);
      }
      ConfigMap shared = client.configMaps().inNamespace(NS).withName("shared-catalog").get();
      assertThat(shared.getMetadata().getOwnerReferences())
          .as("deleting one registry must not take the other's data with it")
          .isEmpty();
      assertThat(shared.getData()).containsExactly(Map.entry("registry.json", "{\"servers\":[]}"));
    }

    @Test
    void givenARegistryBeingDeleted_whenCleanedUp_thenItIsTerminatingAndTheFinalizerGoes() {
      McpRegistry registry = createAndReconcile("leaving");

      DeleteControl control = reconciler.cleanup(reload(client, registry), context(registry));

      assertThat(control.isRemoveFinalizer()).isTrue();
      McpRegistryStatus status = status(registry);
      assertThat(status.getPhase()).isEqualTo(McpRegistryPhase.TERMINATING);
      assertThat(status.getMessage()).isEqualTo("MCPRegistry is being terminated");
      assertThat(status.getUrl()).isNull();
      assertCondition(status, "Ready", "False", "NotReady");
    }

    @Test
    void givenAnInvalidSpec_whenDeleted_thenTheFinalizerIsStillReleased() {
      McpRegistry registry = defaultRegistry(NS, "broken-leaving");
      registry.getSpec().setPodTemplateSpec(JSON.valueToTree(Map.of("spec", "not a pod spec")));
      registry = create(client, registry);
      reconcile(registry);

      DeleteControl control = reconciler.cleanup(reload(client, registry), context(registry));

      assertThat(control.isRemoveFinalizer()).isTrue();
      assertThat(status(registry).getPhase()).isEqualTo(McpRegistryPhase.TERMINATING);
    }

    @Test
    void givenACachedCopyOfARegistryAlreadyBeingDeleted_whenReconciled_thenNothingIsCreated() {
      McpRegistry registry = defaultRegistry(NS, "going");
      registry.getMetadata().setFinalizers(List.of(McpRegistryReconciler.FINALIZER));
      McpRegistry cached = create(client, registry);
      client.resource(cached).delete();

      reconciler.reconcile(cached, context(cached));

      assertThat(reload(client, cached).getMetadata().getDeletionTimestamp()).isNotNull();
      assertThat(configMap("going")).isNull();
      assertThat(deployment("going")).isNull();
    }

    @Test
    void givenTheRegistryIsAlreadyGone_whenCleanedUp_thenTheFinalizerIsReleasedWithoutError() {
      McpRegistry registry = create(client, defaultRegistry(NS, "vanished"));
      McpRegistry stale = reload(client, registry);
      client.resource(stale).delete();

      DeleteControl control = reconciler.cleanup(stale, context(stale));

      assertThat(control.isRemoveFinalizer()).isTrue();
    }
  }

  @Nested
  class Validation {
    @Test
    void givenAnUnparsablePodTemplate_whenReconciled_thenTheDeploymentIsBlocked() {
      McpRegistry registry = defaultRegistry(NS, "bad-template");
      registry
          .getSpec()
          .setPodTemplateSpec(JSON.valueToTree(Map.of("spec", Map.of("containers", "sidecar"))));
      registry = create(client, registry);

      UpdateControl<McpRegistry> control = reconcile(registry);

      McpRegistryStatus status = status(registry);
      assertThat(status.getPhase()).isEqualTo(McpRegistryPhase.FAILED);
      assertThat(status.getMessage()).startsWith("Invalid PodTemplateSpec: ");
      assertThat(condition(status, "PodTemplateValid"))
          .satisfies(
              c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("InvalidPodTemplateSpec");
                assertThat(c.getMessage()).endsWith("Deployment blocked until fixed.");
              });
      assertThat(deployment("bad-template")).isNull();
      assertThat(control.getScheduleDelay()).isEmpty();
    }

    @Test
    void
        givenAReadyRegistryGetsAnUnparsablePodTemplate_whenReconciled_thenReadyAndObservedGenerationStay() {
      McpRegistry registry = createAndReconcile("was-ready");
      markReady("was-ready", 1);
      reconcile(registry);
      Condition readyBefore = condition(status(registry), "Ready");
      editSpec(
          registry,
          spec ->
              spec.setPodTemplateSpec(
                  JSON.valueToTree(Map.of("spec", Map.of("containers", "sidecar")))));

      reconcile(registry);

      McpRegistryStatus status = status(registry);
      assertThat(reload(client, registry).getMetadata().getGeneration()).isEqualTo(2L);
      assertThat(status.getObservedGeneration()).isEqualTo(1L);
      assertThat(status.getPhase()).isEqualTo(McpRegistryPhase.FAILED);
      assertThat(condition(status, "Ready")).usingRecursiveComparison().isEqualTo(readyBefore);
      assertCondition(status, "PodTemplateValid", "False", "InvalidPodTemplateSpec");
    }

    @Test
    void givenAWorkingRegistryGetsAnInvalidSpec_whenReconciled_thenObservedGenerationStays() {
      McpRegistry registry = createAndReconcile("was-valid");
      editSpec(
          registry, spec -> spec.addVolume(Map.of("name", "waggle-tmp", "emptyDir", Map.of())));

      reconcile(registry);

      McpRegistryStatus status = status(registry);
      assertThat(status.getObservedGeneration()).isEqualTo(1L);
      assertThat(status.getPhase()).isEqualTo(McpRegistryPhase.FAILED);
      assertCondition(status, "Ready", "False", "ValidationFailed");
    }

    @Test
    void givenAValidPodTemplate_whenReconciled_thenItIsMergedAndReportedValid() {
      McpRegistry registry = defaultRegistry(NS, "good-template");
      registry
          .getSpec()
          .setPodTemplateSpec(
              JSON.valueToTree(
                  Map.of(
                      "spec",
                      Map.of(
                          "tolerations",
                          List.of(Map.of("key", "dedicated", "operator", "Exists"))))));
      registry = create(client, registry);

      reconcile(registry);

      assertCondition(status(registry), "PodTemplateValid", "True", "ValidPodTemplateSpec");
      assertThat(deployment("good-template").getSpec().getTemplate().getSpec().getTolerations())
          .singleElement()
          .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
    }

    @Test
    void givenAReservedVolumeName_whenReconciled_thenValidationFailsAndNothingIsCreated() {
      McpRegistry registry = defaultRegistry(NS, "reserved");
      registry.getSpec().addVolume(Map.of("name", "registry-server-config", "emptyDir", Map.of()));
      registry = create(client, registry);

      UpdateControl<McpRegistry> control = reconcile(registry);

      McpRegistryStatus status = status(registry);
      assertThat(status.getPhase()).isEqualTo(McpRegistryPhase.FAILED);
      assertThat(status.getMessage())
          .startsWith("Spec validation failed: ")
          .contains("registry-server-config");
      assertCondition(status, "Ready", "False", "ValidationFailed");
      assertThat(configMap("reserved")).isNull();
      assertThat(deployment("reserved")).isNull();
      assertThat(control.getScheduleDelay()).isEmpty();
    }

    @Test
    void givenAFixedSpec_whenReconciled_thenTheFailureIsGone() {
      McpRegistry registry = defaultRegistry(NS, "fixed");
      registry.getSpec().addVolumeMount(Map.of("name", "data", "mountPath", "/config"));
      registry = create(client, registry);
      reconcile(registry);
      editSpec(registry, spec -> spec.setVolumeMounts(null));

      reconcile(registry);

      McpRegistryStatus status = status(registry);
      assertThat(status.getPhase()).isEqualTo(McpRegistryPhase.PENDING);
      assertThat(condition(status, "Ready").getReason()).isEqualTo("NotReady");
    }
  }

  @Nested
  class Failures {
    @Test
    void
        givenTheApiServerRejectsTheDeployment_whenReconciled_thenTheRegistryFailsWithDeploymentFailed() {
      rejectNextCreate("/apis/apps/v1/namespaces/" + NS + "/deployments", "denied by policy");
      McpRegistry registry = create(client, defaultRegistry(NS, "unlucky"));

      assertReconcileFailsWith(registry, "DeploymentFailed");

      McpRegistryStatus status = status(registry);
      assertThat(status.getPhase()).isEqualTo(McpRegistryPhase.FAILED);
      assertThat(status.getReadyReplicas()).isZero();
      assertCondition(status, "Ready", "False", "DeploymentFailed");
      assertThat(configMap("unlucky")).as("steps before the failure still ran").isNotNull();
      assertThat(service("unlucky")).as("steps after the failure did not").isNull();
    }

    @Test
    void
        givenAConfigMapControlledBySomethingElse_whenReconciled_thenTheRegistryFailsWithConfigMapFailed() {
      ConfigMap foreign = new ConfigMap();
      foreign.setMetadata(
          metadata(
              "hijacked-registry-server-config",
              new OwnerReference("v1", true, true, "ConfigMap", "other", "other-uid")));
      client.resource(foreign).create();
      McpRegistry registry = create(client, defaultRegistry(NS, "hijacked"));

      assertThatThrownBy(() -> reconcile(registry)).isInstanceOf(ChildResourceException.class);

      assertThat(condition(status(registry), "Ready").getReason()).isEqualTo("ConfigMapFailed");
      assertThat(status(registry).getMessage()).contains("controlled by ConfigMap other");
    }

    @Test
    void
        givenAServiceAccountControlledBySomethingElse_whenReconciled_thenTheRegistryFailsWithRbacFailed() {
      ServiceAccount foreign = new ServiceAccount();
      foreign.setMetadata(
          metadata(
              "taken-registry-api",
              new OwnerReference("apps/v1", true, true, "Deployment", "other", "other-uid")));
      client.resource(foreign).create();
      McpRegistry registry = create(client, defaultRegistry(NS, "taken"));

      assertReconcileFailsWith(registry, "RBACFailed");

      McpRegistryStatus status = status(registry);
      assertThat(status.getPhase()).isEqualTo(McpRegistryPhase.FAILED);
      assertCondition(status, "Ready", "False", "RBACFailed");
      assertThat(deployment("taken")).as("the Deployment waits for its RBAC").isNull();
    }

    @Test
    void givenTheApiServerRejectsTheService_whenReconciled_thenTheRegistryFailsWithServiceFailed() {
      rejectNextCreate("/api/v1/namespaces/" + NS + "/services", "quota exceeded");
      McpRegistry registry = create(client, defaultRegistry(NS, "no-service"));

      assertReconcileFailsWith(registry, "ServiceFailed");

      McpRegistryStatus status = status(registry);
      assertThat(status.getPhase()).isEqualTo(McpRegistryPhase.FAILED);
      assertThat(status.getMessage()).contains("quota exceeded");
      assertCondition(status, "Ready", "False", "ServiceFailed");
      assertThat(deployment("no-service")).as("steps before the failure still ran").isNotNull();
    }

    @Test
    void givenAPodThatCannotPullItsImage_whenReconciled_thenTheRegistryFailsWithImagePullBackOff() {
      McpRegistry registry = createAndReconcile("pull");
      createPod("pull", "ImagePullBackOff", "Back-off pulling image");

      UpdateControl<McpRegistry> control = reconcile(registry);

      McpRegistryStatus status = status(registry);
      assertThat(status.getPhase()).isEqualTo(McpRegistryPhase.FAILED);
      assertThat(status.getUrl()).isNull();
      assertCondition(status, "Ready", "False", "ImagePullBackOff");
      assertThat(condition(status, "Progressing").getMessage()).contains(IMAGE);
      assertThat(control.getScheduleDelay()).contains(30_000L);
    }

    @Test
    void givenAPodInACrashLoop_whenReconciled_thenTheRegistryFailsWithCrashLoopBackOff() {
      McpRegistry registry = createAndReconcile("crash");
      createPod("crash", "CrashLoopBackOff", "back-off 5m0s restarting failed container");

      reconcile(registry);

      assertCondition(status(registry), "Ready", "False", "CrashLoopBackOff");
    }

    @Test
    void givenADeploymentPastItsProgressDeadline_whenReconciled_thenTheReasonSaysSo() {
      McpRegistry registry = createAndReconcile("stuck");
      setDeploymentStatus(
          "stuck",
          new DeploymentStatusBuilder()
              .withReadyReplicas(0)
              .withConditions(
                  new DeploymentConditionBuilder()
                      .withType("Progressing")
                      .withStatus("False")
                      .withReason("ProgressDeadlineExceeded")
                      .withMessage("ReplicaSet \"stuck-api-5d\" has timed out progressing.")
                      .build())
              .build());

      reconcile(registry);

      McpRegistryStatus status = status(registry);
      assertThat(condition(status, "Ready").getReason()).isEqualTo("ProgressDeadlineExceeded");
      assertCondition(status, "Progressing", "False", "ProgressDeadlineExceeded");
    }

    @Test
    void
        givenAStuckRolloutWhileAnOldPodServes_whenReconciled_thenTheRegistryStaysReadyButNotProgressing() {
      McpRegistry registry = createAndReconcile("half");
      markReady("half", 1);
      createPod("half", "ErrImagePull", "manifest unknown");

      reconcile(registry);

      McpRegistryStatus status = status(registry);
      assertThat(status.getPhase()).isEqualTo(McpRegistryPhase.READY);
      assertThat(status.getUrl()).isNotNull();
      assertCondition(status, "Progressing", "False", "ImagePullBackOff");
    }
  }

  @Nested
  class Drift {
    @Test
    void givenSomeoneEditedTheDeployment_whenReconciled_thenTheRegistryPodIsRestored() {
      McpRegistry registry = createAndReconcile("edited");
      editDeployment(
          "edited",
          d -> {
            var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            container.setImage("evil/image:latest");
            container.getEnv().add(new EnvVar("DEBUG", "true", null));
          });

      reconcile(registry);

      var container = deployment("edited").getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(container.getImage()).isEqualTo(IMAGE);
      assertThat(container.getEnv()).extracting(EnvVar::getName).doesNotContain("DEBUG");
    }

    @Test
    void givenSomeoneRemovedTheJvmMemoryDefaults_whenReconciled_thenTheyAreBack() {
      McpRegistry registry = createAndReconcile("memory");
      var created = deployment("memory").getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(created.getEnv())
          .extracting(EnvVar::getName, EnvVar::getValue)
          .contains(
              org.assertj.core.groups.Tuple.tuple(
                  "JAVA_TOOL_OPTIONS", DeploymentDependentResource.MEMORY_OPTIONS));
      editDeployment(
          "memory",
          d ->
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getEnv()
                  .removeIf(e -> e.getName().equals("JAVA_TOOL_OPTIONS")));

      reconcile(registry);

      var container = deployment("memory").getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(container.getEnv()).extracting(EnvVar::getName).contains("JAVA_TOOL_OPTIONS");
    }

    @Test
    void givenTheApiServerFilledInItsDefaults_whenReconciledAgain_thenNothingIsWritten() {
      McpRegistry registry = defaultRegistry(NS, "defaulted");
      registry
          .getSpec()
          .setPgpassSecretRef(
              new io.fabric8.kubernetes.api.model.SecretKeySelector(".pgpass", "db", null));
      registry
          .getSpec()
          .setPodTemplateSpec(
              JSON.valueToTree(registryApiTemplate("env", List.of(POD_NAME_FROM_FIELD))));
      registry = create(client, registry);
      reconcile(registry);
      editDeployment(
          "defaulted",
          d -> {
            ApiServerDefaults.apply(d);
            d.getSpec().setReplicas(2);
            restartRollout(d);
          });
      String version = deployment("defaulted").getMetadata().getResourceVersion();

      reconcile(registry);

      assertThat(deployment("defaulted").getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void givenFieldsAddedToThePodTemplateByHand_whenReconciled_thenTheyAreRemoved() {
      McpRegistry registry = createAndReconcile("added");
      editDeployment(
          "added",
          d -> {
            ApiServerDefaults.apply(d);
            d.getSpec().getTemplate().getSpec().setHostNetwork(true);
            var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            container.setCommand(List.of("sh", "-c", "sleep infinity"));
            container.getSecurityContext().setPrivileged(true);
          });

      reconcile(registry);

      var pod = deployment("added").getSpec().getTemplate().getSpec();
      assertThat(pod.getHostNetwork()).isNull();
      assertThat(pod.getContainers().get(0).getCommand()).isEmpty();
      assertThat(pod.getContainers().get(0).getSecurityContext().getPrivileged()).isNull();
    }

    @Test
    void givenTheDeploymentWasScaledOrRestarted_whenReconciled_thenBothAreKept() {
      McpRegistry registry = createAndReconcile("scaled");
      editDeployment(
          "scaled",
          d -> {
            d.getSpec().setReplicas(3);
            restartRollout(d);
          });
      editSpec(registry, spec -> spec.setDisplayName("changed, so the template is rendered anew"));

      reconcile(registry);

      Deployment deployment = deployment("scaled");
      assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
      assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
          .containsEntry(RESTARTED_AT, RESTART_TIME);
    }

    @Test
    void givenAConfigChange_whenReconciled_thenTheConfigMapAndThePodConfigHashFollow() {
      McpRegistry registry = createAndReconcile("reconfigured");
      String hashBefore = configHash("reconfigured");
      editSpec(registry, spec -> spec.setConfigYaml(TestRegistries.SYNCED_CONFIG));

      reconcile(registry);

      assertThat(configMap("reconfigured").getData())
          .containsEntry("config.yaml", TestRegistries.SYNCED_CONFIG);
      assertThat(configHash("reconfigured")).isNotEqualTo(hashBefore);
    }

    @Test
    void givenSomeoneEditedTheServiceAndTheRole_whenReconciled_thenBothAreRestored() {
      McpRegistry registry = createAndReconcile("tampered");
      Service service = service("tampered");
      service.getSpec().setSelector(Map.of("app", "something-else"));
      client.resource(service).update();
      Role role = role("tampered");
      role.setRules(List.of());
      client.resource(role).update();

      reconcile(registry);

      assertThat(service("tampered").getSpec().getSelector())
          .containsEntry("app.kubernetes.io/name", "tampered-api")
          .doesNotContainKey("app");
      assertThat(role("tampered").getRules()).hasSize(6);
    }

    @Test
    void
        givenAForeignLabelAndAnEditOnTheConfigMap_whenReconciled_thenTheLabelStaysAndTheDataIsRestored() {
      McpRegistry registry = createAndReconcile("labelled");
      ConfigMap config = configMap("labelled");
      config.getMetadata().getLabels().put("team", "platform");
      config.setData(Map.of("config.yaml", "sources: []"));
      client.resource(config).update();

      reconcile(registry);

      ConfigMap restored = configMap("labelled");
      assertThat(restored.getMetadata().getLabels()).containsEntry("team", "platform");
      assertThat(restored.getData()).containsEntry("config.yaml", TestRegistries.MINIMAL_CONFIG);
    }

    @Test
    void givenAnUnlabelledConfigMapFromToolHive_whenReconciled_thenItIsTakenOverInPlace() {
      McpRegistry registry = create(client, defaultRegistry(NS, "legacy"));
      ConfigMap old = new ConfigMap();
      old.setMetadata(
          metadata(
              "legacy-registry-server-config",
              new OwnerReference(
                  "toolhive.stacklok.dev/v1beta1",
                  true,
                  true,
                  "MCPRegistry",
                  "legacy",
                  registry.getMetadata().getUid())));
      old.setData(Map.of("config.yaml", TestRegistries.MINIMAL_CONFIG));
      client.resource(old).create();

      reconcile(registry);

      assertThat(configMap("legacy").getMetadata().getLabels())
          .containsEntry("toolhive.stacklok.io/registry-name", "legacy");
    }

    @Test
    void givenARoleBindingPointingElsewhere_whenReconciled_thenItIsRecreatedWithTheRightRole() {
      McpRegistry registry = createAndReconcile("rebound");
      RoleBinding binding = roleBinding("rebound");
      binding.getRoleRef().setName("cluster-admin");
      binding.getRoleRef().setKind("ClusterRole");
      client.resource(binding).update();

      reconcile(registry);

      assertThat(roleBinding("rebound").getRoleRef())
          .satisfies(
              ref -> {
                assertThat(ref.getKind()).isEqualTo("Role");
                assertThat(ref.getName()).isEqualTo("rebound-registry-api");
              });
    }

    @Test
    void
        givenAPodTemplateAddedLaterAndRemovedAgain_whenReconciled_thenTheDeploymentFollowsBothWays() {
      McpRegistry registry = createAndReconcile("templated");
      editSpec(
          registry,
          spec ->
              spec.setPodTemplateSpec(
                  JSON.valueToTree(
                      Map.of(
                          "spec",
                          Map.of(
                              "imagePullSecrets",
                              List.of(Map.of("name", "mirror")),
                              "containers",
                              List.of(
                                  Map.of(
                                      "name",
                                      "registry-api",
                                      "env",
                                      List.of(Map.of("name", "LOG_LEVEL", "value", "debug")))))))));

      reconcile(registry);

      Deployment withTemplate = deployment("templated");
      assertThat(withTemplate.getMetadata().getAnnotations())
          .containsKey("toolhive.stacklok.io/podtemplatespec-hash");
      assertThat(withTemplate.getSpec().getTemplate().getSpec().getImagePullSecrets())
          .extracting(io.fabric8.kubernetes.api.model.LocalObjectReference::getName)
          .containsExactly("mirror");
      assertThat(env(withTemplate)).containsEntry("LOG_LEVEL", "debug");

      editSpec(registry, spec -> spec.setPodTemplateSpec(null));
      reconcile(registry);

      Deployment without = deployment("templated");
      assertThat(without.getMetadata().getAnnotations())
          .doesNotContainKey("toolhive.stacklok.io/podtemplatespec-hash");
      assertThat(env(without)).doesNotContainKey("LOG_LEVEL");
      assertThat(status(registry).condition("PodTemplateValid")).isEmpty();
    }

    @Test
    void givenChangedPullSecrets_whenReconciled_thenTheDeploymentAndTheServiceAccountGetThem() {
      McpRegistry registry = defaultRegistry(NS, "pulling");
      registry
          .getSpec()
          .setImagePullSecrets(
              List.of(new io.fabric8.kubernetes.api.model.LocalObjectReference("old")));
      registry = create(client, registry);
      reconcile(registry);
      editSpec(
          registry,
          spec ->
              spec.setImagePullSecrets(
                  List.of(new io.fabric8.kubernetes.api.model.LocalObjectReference("new"))));

      reconcile(registry);

      assertThat(deployment("pulling").getSpec().getTemplate().getSpec().getImagePullSecrets())
          .extracting(io.fabric8.kubernetes.api.model.LocalObjectReference::getName)
          .containsExactly("new");
      assertThat(serviceAccount("pulling").getImagePullSecrets())
          .extracting(io.fabric8.kubernetes.api.model.LocalObjectReference::getName)
          .containsExactly("new");
    }

    @Test
    void givenAServiceAccountWithItsOwnPullSecrets_whenTheRegistryHasNone_thenTheyAreLeftAlone() {
      ServiceAccount account = new ServiceAccount();
      account.setMetadata(metadata("openshift-registry-api"));
      account.setImagePullSecrets(
          List.of(new io.fabric8.kubernetes.api.model.LocalObjectReference("dockercfg-x1")));
      client.resource(account).create();
      McpRegistry registry = create(client, defaultRegistry(NS, "openshift"));

      reconcile(registry);

      assertThat(serviceAccount("openshift").getImagePullSecrets())
          .extracting(io.fabric8.kubernetes.api.model.LocalObjectReference::getName)
          .containsExactly("dockercfg-x1");
    }
  }

  @Nested
  class RestartAndManualSync {
    @Test
    void givenARestartAnnotation_whenReconciled_thenThePodTemplateChangesAndKeepsIt() {
      McpRegistry registry = createAndReconcile("restart");
      annotate(registry, "toolhive.stacklok.dev/restart", "2026-11-22T10:15:00Z");

      reconcile(registry);
      editSpec(registry, spec -> spec.setDisplayName("a later spec change"));
      reconcile(registry);

      assertThat(deployment("restart").getSpec().getTemplate().getMetadata().getAnnotations())
          .containsEntry("toolhive.stacklok.dev/restart", "2026-11-22T10:15:00Z");
    }

    @Test
    void givenANewManualSyncValue_whenTheRegistryIsReady_thenEachSyncedSourceIsAskedToSyncOnce() {
      McpRegistry registry = createSyncedAndReady("sync");
      annotate(registry, "toolhive.stacklok.dev/manual-sync", "1732270000");

      reconcile(registry);
      reconcile(registry);

      assertThat(api.syncRequests()).containsExactlyElementsOf(SYNCS_OF_THE_SYNCED_SOURCES);
      McpRegistryStatus status = status(registry);
      assertThat(status.getLastManualSyncTrigger()).isEqualTo("1732270000");
      assertCondition(status, "ManualSync", "True", "SyncCompleted");
      assertThat(condition(status, "ManualSync").getMessage())
          .contains("upstream updated", "catalog updated", "local updated");
    }

    @Test
    void givenSyncsThatRunAWhile_whenReconciled_thenTheOperatorPollsTheirStatusUntilTheyAreOver() {
      McpRegistry registry = createSyncedAndReady("slow-sync");
      api.syncingFor(2);
      annotate(registry, "toolhive.stacklok.dev/manual-sync", "slow");

      UpdateControl<McpRegistry> first = reconcile(registry);

      // Asked once each, answered 202 at once; still syncing, so looked at again shortly.
      assertThat(api.syncRequests()).containsExactlyElementsOf(SYNCS_OF_THE_SYNCED_SOURCES);
      assertThat(api.statusReads()).contains("GET /v1/sources/upstream");
      assertThat(first.getScheduleDelay()).contains(2_000L);
      McpRegistryStatus running = status(registry);
      assertThat(running.getLastManualSyncTrigger()).isNull();
      assertCondition(running, "ManualSync", "False", "SyncInProgress");

      reconcile(registry);
      UpdateControl<McpRegistry> last = reconcile(registry);

      assertThat(api.syncRequests()).as("no sync asked twice").hasSize(3);
      assertThat(api.statusReads()).hasSize(9);
      assertThat(last.getScheduleDelay()).isEmpty();
      McpRegistryStatus done = status(registry);
      assertThat(done.getLastManualSyncTrigger()).isEqualTo("slow");
      assertCondition(done, "ManualSync", "True", "SyncCompleted");
    }

    @Test
    void givenASyncThatFails_whenItIsOver_thenTheConditionSaysWhichSourceFailedAndWhy() {
      McpRegistry registry = createSyncedAndReady("failing-sync");
      api.failWith("fetch failed; the last good data stays served.");
      annotate(registry, "toolhive.stacklok.dev/manual-sync", "doomed");

      reconcile(registry);

      McpRegistryStatus status = status(registry);
      assertThat(status.getLastManualSyncTrigger()).isEqualTo("doomed");
      assertCondition(status, "ManualSync", "False", "SyncFailed");
      assertThat(condition(status, "ManualSync").getMessage())
          .contains("upstream failed: fetch failed; the last good data stays served.");
    }

    @Test
    void givenAStaleCopyFromBeforeTheSyncWasRecorded_whenReconciledAgain_thenNothingSyncsTwice() {
      McpRegistry registry = createSyncedAndReady("stale-sync");
      annotate(registry, "toolhive.stacklok.dev/manual-sync", "once-only");
      McpRegistry beforeTheWrite = reload(client, registry);

      for (int pass = 0; pass < 2; pass++) {
        McpRegistry cached = client.getKubernetesSerialization().clone(beforeTheWrite);
        reconciler.reconcile(cached, context(cached));
      }

      assertThat(api.syncRequests()).containsExactlyElementsOf(SYNCS_OF_THE_SYNCED_SOURCES);
      assertThat(status(registry).getLastManualSyncTrigger()).isEqualTo("once-only");
    }

    @Test
    void givenTheOlderSyncTriggerAnnotation_whenReconciled_thenItTriggersASyncToo() {
      McpRegistry registry = createSyncedAndReady("legacy-trigger");
      annotate(registry, "toolhive.stacklok.dev/sync-trigger", "once");

      reconcile(registry);

      assertThat(api.syncRequests()).hasSize(3);
      assertThat(status(registry).getLastManualSyncTrigger()).isEqualTo("once");
    }

    @Test
    void givenAManualSyncBeforeTheRegistryIsReady_whenReconciled_thenItWaitsAndHappensOnceReady() {
      McpRegistry registry = createSynced("early");
      annotate(registry, "toolhive.stacklok.dev/manual-sync", "first");

      reconcile(registry);
      assertThat(api.requests()).isEmpty();
      assertThat(condition(status(registry), "ManualSync").getReason())
          .isEqualTo("WaitingForRegistry");
      markReady("early", 1);
      reconcile(registry);

      assertThat(api.syncRequests()).hasSize(3);
      assertThat(status(registry).getLastManualSyncTrigger()).isEqualTo("first");
    }

    @Test
    void givenTheRegistryAnswers503_whenSyncing_thenTheTriggerIsRetriedLater() {
      McpRegistry registry = createSyncedAndReady("busy");
      annotate(registry, "toolhive.stacklok.dev/manual-sync", "retry-me");
      api.answerWith(503);

      UpdateControl<McpRegistry> control = reconcile(registry);

      assertThat(control.getScheduleDelay()).contains(30_000L);
      McpRegistryStatus status = status(registry);
      assertThat(status.getLastManualSyncTrigger()).isNull();
      assertThat(condition(status, "ManualSync").getReason()).isEqualTo("SyncRequestFailed");

      api.answerWith(202);
      reconcile(registry);
      assertThat(status(registry).getLastManualSyncTrigger()).isEqualTo("retry-me");
    }

    @Test
    void givenTheRegistryRefusesTheSync_whenSyncing_thenTheTriggerIsRecordedAsRejected() {
      McpRegistry registry = createSyncedAndReady("refused");
      annotate(registry, "toolhive.stacklok.dev/manual-sync", "nope");
      api.answerWith(404);

      UpdateControl<McpRegistry> control = reconcile(registry);
      reconcile(registry);

      assertThat(api.requests()).hasSize(1);
      assertThat(control.getScheduleDelay()).isEmpty();
      McpRegistryStatus status = status(registry);
      assertThat(status.getLastManualSyncTrigger()).isEqualTo("nope");
      assertCondition(status, "ManualSync", "False", "SyncRejected");
    }
  }

  private UpdateControl<McpRegistry> reconcile(McpRegistry registry) {
    McpRegistry live = reload(client, registry);
    return reconciler.reconcile(live, context(live));
  }

  /** Stores the default registry under the name and runs one reconcile pass over it. */
  private McpRegistry createAndReconcile(String name) {
    McpRegistry registry = create(client, defaultRegistry(NS, name));
    reconcile(registry);
    return registry;
  }

  /** Stores a registry whose config has the three synced sources of SYNCED_CONFIG. */
  private McpRegistry createSynced(String name) {
    McpRegistry registry = defaultRegistry(NS, name);
    registry.getSpec().setConfigYaml(TestRegistries.SYNCED_CONFIG);
    return create(client, registry);
  }

  /** Stores a registry with the synced sources, reconciles it once and marks its pod ready. */
  private McpRegistry createSyncedAndReady(String name) {
    McpRegistry registry = createSynced(name);
    reconcile(registry);
    markReady(name, 1);
    return registry;
  }

  /** Changes the spec of the stored registry, as a user editing it would. */
  private void editSpec(McpRegistry registry, Consumer<McpRegistrySpec> edit) {
    McpRegistry live = reload(client, registry);
    edit.accept(live.getSpec());
    client.resource(live).update();
  }

  private void assertReconcileFailsWith(McpRegistry registry, String reason) {
    assertThatThrownBy(() -> reconcile(registry))
        .isInstanceOf(ChildResourceException.class)
        .satisfies(e -> assertThat(((ChildResourceException) e).reason()).isEqualTo(reason));
  }

  private static void assertCondition(
      McpRegistryStatus status, String type, String expectedStatus, String expectedReason) {
    assertThat(condition(status, type))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly(expectedStatus, expectedReason);
  }

  /** Makes the mock API server refuse the next create in the collection with a 422. */
  private static void rejectNextCreate(String collectionPath, String message) {
    server
        .expect()
        .post()
        .withPath(collectionPath)
        .andReturn(422, "{\"kind\":\"Status\",\"message\":\"" + message + "\",\"code\":422}")
        .once();
  }

  private static ObjectMeta metadata(String name) {
    return new ObjectMetaBuilder().withName(name).withNamespace(NS).build();
  }

  private static ObjectMeta metadata(String name, OwnerReference owner) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(NS)
        .withOwnerReferences(owner)
        .build();
  }

  private TestingContext context(McpRegistry registry) {
    return new TestingContext(client, registry);
  }

  private McpRegistryStatus status(McpRegistry registry) {
    return reload(client, registry).getStatus();
  }

  private void annotate(McpRegistry registry, String key, String value) {
    McpRegistry live = reload(client, registry);
    Map<String, String> annotations =
        new HashMap<>(
            live.getMetadata().getAnnotations() == null
                ? Map.of()
                : live.getMetadata().getAnnotations());
    annotations.put(key, value);
    live.getMetadata().setAnnotations(annotations);
    client.resource(live).update();
  }

  private Deployment deployment(String registry) {
    return client.apps().deployments().inNamespace(NS).withName(registry + "-api").get();
  }

  private Service service(String registry) {
    return client.services().inNamespace(NS).withName(registry + "-api").get();
  }

  private ConfigMap configMap(String registry) {
    return client.configMaps().inNamespace(NS).withName(registry + "-registry-server-config").get();
  }

  private ServiceAccount serviceAccount(String registry) {
    return client.serviceAccounts().inNamespace(NS).withName(registry + "-registry-api").get();
  }

  private Role role(String registry) {
    return client.rbac().roles().inNamespace(NS).withName(registry + "-registry-api").get();
  }

  private RoleBinding roleBinding(String registry) {
    return client.rbac().roleBindings().inNamespace(NS).withName(registry + "-registry-api").get();
  }

  private String configHash(String registry) {
    return deployment(registry)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("toolhive.stacklok.dev/config-hash");
  }

  private static Map<String, String> env(Deployment deployment) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar var :
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      env.put(var.getName(), var.getValue());
    }
    return env;
  }

  private void editDeployment(String registry, Consumer<Deployment> edit) {
    Deployment deployment = deployment(registry);
    edit.accept(deployment);
    client.resource(deployment).update();
  }

  private void markReady(String registry, int replicas) {
    setDeploymentStatus(
        registry,
        new DeploymentStatusBuilder().withReadyReplicas(replicas).withReplicas(replicas).build());
  }

  private void setDeploymentStatus(
      String registry, io.fabric8.kubernetes.api.model.apps.DeploymentStatus status) {
    Deployment deployment = deployment(registry);
    deployment.setStatus(status);
    client.resource(deployment).updateStatus();
  }

  private void createPod(String registry, String waitingReason, String message) {
    Deployment deployment = deployment(registry);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(registry + "-api-7f9c-x2")
            .withNamespace(NS)
            .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels())
            .endMetadata()
            .withSpec(deployment.getSpec().getTemplate().getSpec())
            .withNewStatus()
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("registry-api")
                    .withImage(IMAGE)
                    .withRestartCount(4)
                    .withNewState()
                    .withNewWaiting()
                    .withReason(waitingReason)
                    .withMessage(message)
                    .endWaiting()
                    .endState()
                    .build())
            .endStatus()
            .build();
    client.resource(pod).create();
  }

  private static Condition condition(McpRegistryStatus status, String type) {
    return status
        .condition(type)
        .orElseThrow(() -> new AssertionError("no " + type + " condition"));
  }
}
