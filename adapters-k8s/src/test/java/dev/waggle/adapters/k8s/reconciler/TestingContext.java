package dev.waggle.adapters.k8s.reconciler;

import dev.waggle.adapters.k8s.crd.McpRegistry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Test double of JOSDK's reconcile context: the reconciler reads nothing from it, so it carries
 * only the client and the primary resource.
 */
final class TestingContext implements Context<McpRegistry> {
  private final KubernetesClient client;
  private final McpRegistry primary;

  TestingContext(KubernetesClient client, McpRegistry primary) {
    this.client = client;
    this.primary = primary;
  }

  @Override
  public Optional<RetryInfo> getRetryInfo() {
    return Optional.empty();
  }

  @Override
  public <R> Set<R> getSecondaryResources(Class<R> expectedType) {
    return Set.of();
  }

  @Override
  public <R> Optional<R> getSecondaryResource(Class<R> expectedType, String eventSourceName) {
    return Optional.empty();
  }

  @Override
  public ControllerConfiguration<McpRegistry> getControllerConfiguration() {
    throw new UnsupportedOperationException("not used by the reconciler");
  }

  @Override
  public ManagedWorkflowAndDependentResourceContext managedWorkflowAndDependentResourceContext() {
    throw new UnsupportedOperationException("not used by the reconciler");
  }

  @Override
  public EventSourceRetriever<McpRegistry> eventSourceRetriever() {
    throw new UnsupportedOperationException("not used by the reconciler");
  }

  @Override
  public KubernetesClient getClient() {
    return client;
  }

  @Override
  public ExecutorService getWorkflowExecutorService() {
    throw new UnsupportedOperationException("not used by the reconciler");
  }

  @Override
  public McpRegistry getPrimaryResource() {
    return primary;
  }

  @Override
  public IndexedResourceCache<McpRegistry> getPrimaryCache() {
    throw new UnsupportedOperationException("not used by the reconciler");
  }

  @Override
  public boolean isNextReconciliationImminent() {
    return false;
  }

  @Override
  public boolean isPrimaryResourceDeleted() {
    return false;
  }

  @Override
  public boolean isPrimaryResourceFinalStateUnknown() {
    return false;
  }
}
