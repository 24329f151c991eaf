package dev.waggle.adapters.k8s;

import static dev.waggle.adapters.k8s.TestRegistries.create;
import static dev.waggle.adapters.k8s.TestRegistries.defaultRegistry;
import static dev.waggle.adapters.k8s.TestRegistries.reload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waggle.adapters.k8s.crd.McpRegistry;
import dev.waggle.adapters.k8s.crd.McpRegistryPhase;
import dev.waggle.adapters.k8s.crd.McpRegistryStatus;
import dev.waggle.adapters.k8s.reconciler.HttpRegistryApiClient;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole operator — JOSDK's informers, work queue and leader election — running against the mock
 * API server, with a test standing in for the kubelet that makes the Deployment ready.
 */
@WithCrudApiServer
class McpRegistryOperatorTest {
  private static final String NS = "registries";
  private static final Duration WAIT = Duration.ofSeconds(20);

  KubernetesClient client;
  KubernetesMockServer server;
  private McpRegistryOperator operator;
  private final AtomicInteger leadershipLost = new AtomicInteger();

  @BeforeEach
  void startOperator() {
    TestRegistries.installCrd(client);
    // The mock has no RBAC; JOSDK asks before it competes for the lease.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .withResourceRules(
                    new ResourceRuleBuilder()
                        .withApiGroups("coordination.k8s.io")
                        .withResources("leases")
                        .withVerbs("*")
                        .build())
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
    operator =
        McpRegistryOperator.start(
            client,
            new OperatorSettings("ghcr.io/waggle-dev/waggle:it", List.of(NS), true, "operators"),
            HttpRegistryApiClient.inCluster(),
            Clock.systemUTC(),
            leadershipLost::incrementAndGet);
  }

  @AfterEach
  void stopOperator() {
    operator.close();
  }

  @Test
  void aRegistryGoesFromCreatedToReadyToDeleted() {
    McpRegistry registry = create(client, defaultRegistry(NS, "lifecycle"));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              McpRegistry live = reload(client, registry);
              assertThat(live.getMetadata().getFinalizers())
                  .contains("mcpregistry.toolhive.stacklok.dev/finalizer");
              assertThat(live.getStatus()).isNotNull();
              assertThat(live.getStatus().getPhase()).isEqualTo(McpRegistryPhase.PENDING);
            });
    Deployment deployment = deployment("lifecycle");
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/waggle-dev/waggle:it");
    assertThat(client.leases().inNamespace("operators").withName(OperatorSettings.LEASE_NAME).get())
        .as("the operator holds its lease")
        .isNotNull();

    deployment.setStatus(
        new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
    client.resource(deployment).updateStatus();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              McpRegistry live = reload(client, registry);
              assertThat(live.getStatus().getPhase()).isEqualTo(McpRegistryPhase.READY);
              assertThat(live.getStatus().getUrl())
                  .isEqualTo("http://lifecycle-api.registries:8080");
            });

    client.resource(reload(client, registry)).delete();

    await().atMost(WAIT).until(() -> reload(client, registry) == null);
    assertThat(leadershipLost).hasValue(0);
  }

  @Test
  void aRegistryWithAnInvalidPodTemplateCanStillBeDeleted() {
    McpRegistry broken = defaultRegistry(NS, "broken");
    broken
        .getSpec()
        .setPodTemplateSpec(
            new ObjectMapper().valueToTree(Map.of("spec", Map.of("containers", 42))));
    McpRegistry registry = create(client, broken);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(reload(client, registry).getStatus())
                    .isNotNull()
                    .extracting(McpRegistryStatus::getPhase)
                    .isEqualTo(McpRegistryPhase.FAILED));

    client.resource(reload(client, registry)).delete();

    await().atMost(WAIT).until(() -> reload(client, registry) == null);
  }

  @Test
  void aRegistryOutsideTheWatchedNamespacesIsLeftAlone() {
    McpRegistry watched = create(client, defaultRegistry(NS, "watched"));
    McpRegistry elsewhere = create(client, defaultRegistry("other-team", "elsewhere"));

    await().atMost(WAIT).until(() -> reload(client, watched).getStatus() != null);

    McpRegistry untouched = reload(client, elsewhere);
    assertThat(untouched.getStatus()).isNull();
    assertThat(untouched.getMetadata().getFinalizers()).isEmpty();
    assertThat(client.apps().deployments().inNamespace("other-team").list().getItems()).isEmpty();
  }

  private Deployment deployment(String registry) {
    return client.apps().deployments().inNamespace(NS).withName(registry + "-api").get();
  }
}
