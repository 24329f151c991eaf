package dev.waggle.adapters.k8s.reconciler;

import java.util.Optional;

/**
 * Kubernetes adapter: what the observe step saw of the registry Deployment — whether it exists, how
 * many pods are ready, and what keeps a rollout from finishing.
 */
record Rollout(boolean exists, int readyReplicas, Optional<Problem> problem) {

  static Rollout absent() {
    return new Rollout(false, 0, Optional.empty());
  }

  boolean ready() {
    return readyReplicas > 0;
  }

  /** A rollout failure with its condition reason, such as {@code ImagePullBackOff}. */
  record Problem(String reason, String message) {}
}
