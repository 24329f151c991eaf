package dev.waggle.bootstrap;

import dev.waggle.adapters.k8s.McpRegistryOperator;
import dev.waggle.adapters.k8s.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Bootstrap: {@code waggle operator} — reconciles MCPRegistry objects until SIGTERM or SIGINT. */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description = {
      "Run the MCPRegistry operator against the cluster in KUBECONFIG (or in-cluster).",
      "Environment: WAGGLE_OPERATOR_IMAGE (else TOOLHIVE_REGISTRY_API_IMAGE), WATCH_NAMESPACE"
          + " (comma-separated; empty = all), WAGGLE_OPERATOR_LEADER_ELECTION (default true),"
          + " POD_NAMESPACE (lease namespace), WAGGLE_DEFAULT_IMAGE_PULL_SECRETS (else"
          + " TOOLHIVE_DEFAULT_IMAGE_PULL_SECRETS)."
    })
final class OperatorCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorCommand.class);

  private final CliEnvironment environment;
  private final Supplier<KubernetesClient> clients;
  private final CountDownLatch stop;
  private final CountDownLatch stopped = new CountDownLatch(1);

  @Spec CommandSpec spec;

  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      description = "Registry server image for every registry (default: WAGGLE_OPERATOR_IMAGE).")
  String image;

  @Option(
      names = "--watch-namespace",
      paramLabel = "NS",
      split = ",",
      description = "Namespaces whose registries are reconciled (default: WATCH_NAMESPACE).")
  List<String> watchNamespaces;

  // ToolHive's operator takes --leader-elect, and its chart always passes it.
  @Option(
      names = "--leader-elect",
      paramLabel = "BOOL",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Elect one leader among replicas: --leader-elect, --leader-elect=false (default:"
              + " WAGGLE_OPERATOR_LEADER_ELECTION, else true).")
  Boolean leaderElect;

  OperatorCommand(CliEnvironment environment) {
    this(environment, () -> new KubernetesClientBuilder().build(), new CountDownLatch(1));
  }

  /** For tests: the cluster to talk to, and a latch that stands in for SIGTERM. */
  OperatorCommand(
      CliEnvironment environment, Supplier<KubernetesClient> clients, CountDownLatch stop) {
    this.environment = environment;
    this.clients = clients;
    this.stop = stop;
  }

  /** The environment's settings with the command-line flags laid over them. */
  OperatorSettings settings() {
    OperatorSettings fromEnv = OperatorSettings.fromEnvironment(environment.env());
    return new OperatorSettings(
        image != null ? image : fromEnv.image(),
        watchNamespaces != null ? watchNamespaces : fromEnv.watchNamespaces(),
        leaderElect != null ? leaderElect : fromEnv.leaderElection(),
        fromEnv.leaderElectionNamespace(),
        fromEnv.defaultImagePullSecrets(),
        fromEnv.syncTokenFile());
  }

  @Override
  public Integer call() throws InterruptedException {
    OperatorSettings settings = settings();
    KubernetesClient client = clients.get();
    McpRegistryOperator operator;
    try {
      operator = McpRegistryOperator.start(client, settings);
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      String reason =
          e.getMessage()
              + (root == e
                  ? ""
                  : ": "
                      + root.getClass().getSimpleName()
                      + (root.getMessage() == null ? "" : " " + root.getMessage()))
              + " (Kubernetes API server "
              + client.getMasterUrl()
              + ")";
      client.close();
      spec.commandLine().getErr().println("Waggle operator cannot start: " + reason);
      spec.commandLine().getErr().flush();
      return Main.FAILED;
    }
    LOG.info(
        "MCPRegistry operator running against {} (namespaces: {}, image: {}, leader election: {})",
        client.getMasterUrl(),
        settings.watchNamespaces().isEmpty() ? "all" : settings.watchNamespaces(),
        settings.image(),
        settings.leaderElection());
    Thread shutdown = new Thread(this::stopAndWait, "waggle-operator-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    try {
      stop.await();
    } finally {
      operator.close();
      client.close();
      LOG.info("MCPRegistry operator stopped");
      stopped.countDown();
    }
    return Main.OK;
  }

  /** On SIGTERM: let the main thread close the operator, and keep the JVM up until it has. */
  private void stopAndWait() {
    stop.countDown();
    try {
      stopped.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
