package dev.waggle.adapters.k8s.reconciler;

import dev.waggle.adapters.k8s.crd.McpRegistry;
import java.io.IOException;

/** Kubernetes adapter: how the operator reaches a running registry server's API. */
public interface RegistryApiClient {

  /**
   * Asks the registry to sync one source now ({@code POST /v1/sources/{name}/sync}) and returns the
   * HTTP status it answered with.
   *
   * @throws IOException when the registry cannot be reached
   */
  int triggerSync(McpRegistry registry, String source) throws IOException, InterruptedException;
}
