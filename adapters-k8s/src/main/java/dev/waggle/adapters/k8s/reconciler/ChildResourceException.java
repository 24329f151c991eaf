package dev.waggle.adapters.k8s.reconciler;

/**
 * Kubernetes adapter: an owned object could not be written; the reason is the {@code Ready}
 * condition reason ToolHive uses for that object ({@code ConfigMapFailed}, {@code RBACFailed},
 * {@code DeploymentFailed}, {@code ServiceFailed}).
 */
public final class ChildResourceException extends RuntimeException {
  private final String reason;

  ChildResourceException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
