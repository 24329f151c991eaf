package dev.waggle.adapters.k8s;

import dev.waggle.adapters.k8s.reconciler.HttpRegistryApiClient;
import dev.waggle.adapters.k8s.reconciler.ManualSync;
import dev.waggle.adapters.k8s.reconciler.McpRegistryReconciler;
import dev.waggle.adapters.k8s.reconciler.RegistryApiClient;
import dev.waggle.adapters.k8s.reconciler.RegistryDefaults;
import dev.waggle.adapters.k8s.reconciler.RegistryResources;
import dev.waggle.adapters.k8s.reconciler.RolloutObserver;
import dev.waggle.adapters.k8s.reconciler.SpecValidator;
import dev.waggle.adapters.k8s.reconciler.StatusRecorder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes adapter (driving side): the {@code MCPRegistry} operator — informers on registries and
 * everything they own, a retrying work queue and, optionally, leader election — as one object to
 * start and close.
 */
public final class McpRegistryOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(McpRegistryOperator.class);

  private final Operator operator;
  private final AtomicBoolean closing;

  private McpRegistryOperator(Operator operator, AtomicBoolean closing) {
    this.operator = operator;
    this.closing = closing;
  }

  /**
   * Starts the operator against the cluster {@code client} talks to and returns once its informers
   * run (or, with leader election, once it competes for the lease). Losing the lease later ends the
   * process, so that a fresh replica takes over with clean caches.
   */
  public static McpRegistryOperator start(KubernetesClient client, OperatorSettings settings) {
    return start(
        client,
        settings,
        HttpRegistryApiClient.inCluster(),
        Clock.systemUTC(),
        () -> {
          LOG.error("Lost the operator lease; exiting so that another replica takes over");
          System.exit(1);
        });
  }

  static McpRegistryOperator start(
      KubernetesClient client,
      OperatorSettings settings,
      RegistryApiClient registryApi,
      Clock clock,
      Runnable onLeadershipLost) {
    Objects.requireNonNull(client, "'client' must not be null");
    Objects.requireNonNull(settings, "'settings' must not be null");
    AtomicBoolean closing = new AtomicBoolean();
    McpRegistryReconciler reconciler =
        new McpRegistryReconciler(
            new RolloutObserver(client),
            new SpecValidator(),
            new RegistryResources(client),
            new ManualSync(registryApi, settings.syncCredentials()),
            new StatusRecorder(client),
            new RegistryDefaults(
                settings.image(),
                settings.defaultImagePullSecrets().stream()
                    .map(LocalObjectReference::new)
                    .toList()),
            clock);
    Operator operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  // The status is written by StatusRecorder with optimistic locking; server-side
                  // apply is also what fabric8's mock server cannot do.
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false);
              if (settings.leaderElection()) {
                overrider.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        OperatorSettings.LEASE_NAME,
                        settings.leaderElectionNamespace(),
                        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                        null,
                        new LeaderCallbacks(
                            () -> LOG.info("Leading; reconciling MCPRegistry objects"),
                            () -> {
                              if (!closing.get()) {
                                onLeadershipLost.run();
                              }
                            },
                            leader -> LOG.info("The operator leader is {}", leader)),
                        false));
              }
            });
    operator.register(
        reconciler,
        configuration -> {
          configuration.withRetry(
              new GenericRetry()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setIntervalMultiplier(2)
                  .setMaxInterval(Duration.ofMinutes(5).toMillis())
                  .withoutMaxAttempts());
          if (settings.watchNamespaces().isEmpty()) {
            configuration.watchingAllNamespaces();
          } else {
            configuration.settingNamespaces(new HashSet<>(settings.watchNamespaces()));
          }
        });
    operator.start();
    LOG.info(
        "MCPRegistry operator started; image {}, namespaces {}",
        settings.image(),
        settings.watchNamespaces().isEmpty() ? "all" : settings.watchNamespaces());
    return new McpRegistryOperator(operator, closing);
  }

  @Override
  public void close() {
    closing.set(true);
    operator.stop();
  }
}
