package dev.waggle.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waggle.adapters.k8s.OperatorSettings;
import dev.waggle.adapters.k8s.TestRegistries;
import dev.waggle.adapters.k8s.WithCrudApiServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code operator} command: reconciles registries of the cluster until it is stopped. */
@WithCrudApiServer
class OperatorCommandTest {
  KubernetesClient client;

  @Test
  void givenARegistry_whenTheOperatorCommandRuns_thenItsDeploymentUsesTheImageFromTheFlag()
      throws Exception {
    TestRegistries.installCrd(client);
    CliEnvironment environment =
        new CliEnvironment(
            Map.of("WAGGLE_OPERATOR_LEADER_ELECTION", "false"),
            Path.of("."),
            Path.of("."),
            false,
            new StringReader(""));
    CountDownLatch stop = new CountDownLatch(1);
    CommandLine cli = new CommandLine(new OperatorCommand(environment, () -> client, stop));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                cli.execute(
                    "--image", "ghcr.io/acme/waggle:test", "--watch-namespace", "registries"));

    TestRegistries.create(client, TestRegistries.defaultRegistry("registries", "team"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Deployment deployment =
                  client.apps().deployments().inNamespace("registries").withName("team-api").get();
              assertThat(deployment).isNotNull();
              assertThat(
                      deployment
                          .getSpec()
                          .getTemplate()
                          .getSpec()
                          .getContainers()
                          .get(0)
                          .getImage())
                  .isEqualTo("ghcr.io/acme/waggle:test");
            });
    stop.countDown();
    assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(Main.OK);
  }

  @Test
  void theLeaderElectFlagOverridesTheEnvironmentEitherWay() {
    Map<String, String> electionOff = Map.of("WAGGLE_OPERATOR_LEADER_ELECTION", "false");

    assertThat(parsed(electionOff, "--leader-elect").settings().leaderElection()).isTrue();
    assertThat(parsed(electionOff, "--leader-elect=true").settings().leaderElection()).isTrue();
    assertThat(parsed(Map.of(), "--leader-elect=false").settings().leaderElection()).isFalse();
    assertThat(parsed(electionOff).settings().leaderElection())
        .as("without the flag the environment decides")
        .isFalse();
    assertThat(parsed(Map.of()).settings().leaderElection()).isTrue();
  }

  @Test
  void givenToolHiveChartVariables_thenTheOperatorUsesTheirImageAndPullSecrets() {
    OperatorSettings settings =
        parsed(
                Map.of(
                    "TOOLHIVE_REGISTRY_API_IMAGE", "ghcr.io/acme/registry:1.0.0",
                    "TOOLHIVE_DEFAULT_IMAGE_PULL_SECRETS", "acme-pull"))
            .settings();

    assertThat(settings.image()).isEqualTo("ghcr.io/acme/registry:1.0.0");
    assertThat(settings.defaultImagePullSecrets()).containsExactly("acme-pull");
  }

  private static OperatorCommand parsed(Map<String, String> env, String... args) {
    CliEnvironment environment =
        new CliEnvironment(env, Path.of("."), Path.of("."), false, new StringReader(""));
    OperatorCommand command =
        new OperatorCommand(
            environment,
            () -> {
              throw new AssertionError("parsing flags needs no cluster");
            },
            new CountDownLatch(1));
    new CommandLine(command).parseArgs(args);
    return command;
  }
}
