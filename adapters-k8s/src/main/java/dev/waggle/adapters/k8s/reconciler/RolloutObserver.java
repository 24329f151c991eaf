package dev.waggle.adapters.k8s.reconciler;

import dev.waggle.adapters.k8s.crd.McpRegistry;
import dev.waggle.adapters.k8s.dependent.RegistryNames;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Kubernetes adapter: the reconciler's observe step. Reads the registry Deployment and its pods and
 * names what blocks the rollout — an image that cannot be pulled, a container in a crash loop, a
 * Deployment past its progress deadline — which ToolHive only logs.
 */
public final class RolloutObserver {
  private static final Set<String> IMAGE_PULL_FAILURES =
      Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull");

  private final KubernetesClient client;

  public RolloutObserver(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "'client' must not be null");
  }

  Rollout observe(McpRegistry registry) {
    String namespace = registry.getMetadata().getNamespace();
    Deployment deployment =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName(RegistryNames.api(registry))
            .get();
    if (deployment == null) {
      return Rollout.absent();
    }
    int ready =
        deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null
            ? 0
            : deployment.getStatus().getReadyReplicas();
    Optional<Rollout.Problem> problem =
        podProblem(namespace, registry).or(() -> deploymentProblem(deployment));
    return new Rollout(true, ready, problem);
  }

  private Optional<Rollout.Problem> podProblem(String namespace, McpRegistry registry) {
    List<Pod> pods =
        client
            .pods()
            .inNamespace(namespace)
            .withLabels(RegistryNames.selector(registry))
            .list()
            .getItems();
    for (Pod pod : pods) {
      if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
        continue;
      }
      List<ContainerStatus> statuses = new ArrayList<>();
      statuses.addAll(nullToEmpty(pod.getStatus().getInitContainerStatuses()));
      statuses.addAll(nullToEmpty(pod.getStatus().getContainerStatuses()));
      for (ContainerStatus status : statuses) {
        ContainerStateWaiting waiting =
            status.getState() == null ? null : status.getState().getWaiting();
        if (waiting == null || waiting.getReason() == null) {
          continue;
        }
        String detail = waiting.getMessage() == null ? "" : ": " + waiting.getMessage();
        if (IMAGE_PULL_FAILURES.contains(waiting.getReason())) {
          return Optional.of(
              new Rollout.Problem(
                  "ImagePullBackOff",
                  "container "
                      + status.getName()
                      + " cannot pull image "
                      + status.getImage()
                      + detail));
        }
        if ("CrashLoopBackOff".equals(waiting.getReason())) {
          return Optional.of(
              new Rollout.Problem(
                  "CrashLoopBackOff",
                  "container "
                      + status.getName()
                      + " keeps crashing ("
                      + status.getRestartCount()
                      + " restarts)"
                      + detail));
        }
        if ("CreateContainerConfigError".equals(waiting.getReason())) {
          return Optional.of(
              new Rollout.Problem(
                  "CreateContainerConfigError",
                  "container " + status.getName() + " cannot be created" + detail));
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Rollout.Problem> deploymentProblem(Deployment deployment) {
    if (deployment.getStatus() == null) {
      return Optional.empty();
    }
    for (DeploymentCondition condition : nullToEmpty(deployment.getStatus().getConditions())) {
      if ("Progressing".equals(condition.getType()) && "False".equals(condition.getStatus())) {
        return Optional.of(
            new Rollout.Problem(
                condition.getReason() == null ? "ProgressDeadlineExceeded" : condition.getReason(),
                "the Deployment stopped progressing: " + condition.getMessage()));
      }
      if ("ReplicaFailure".equals(condition.getType()) && "True".equals(condition.getStatus())) {
        return Optional.of(
            new Rollout.Problem(
                "ReplicaFailure", "the Deployment cannot create pods: " + condition.getMessage()));
      }
    }
    return Optional.empty();
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
