package dev.waggle.adapters.k8s.reconciler;

import dev.waggle.adapters.k8s.crd.McpRegistry;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/** Kubernetes adapter: how the operator reaches a running registry server's API. */
public interface RegistryApiClient {

  /**
   * Asks the registry to sync one source ({@code POST /v1/sources/{name}/sync}); Waggle answers
   * {@code 202 Accepted} at once, with where to follow the sync in {@code Location}.
   *
   * @param bearer the token sent as {@code Authorization: Bearer}, when the registry wants one
   * @throws IOException when the registry cannot be reached
   */
  SyncAnswer triggerSync(McpRegistry registry, String source, Optional<String> bearer)
      throws IOException, InterruptedException;

  /**
   * Reads a source's sync status at {@code location}, a path on the registry's API ({@code
   * /v1/sources/{name}}).
   *
   * @param bearer the token sent as {@code Authorization: Bearer}, when the registry wants one
   * @throws IOException when the registry cannot be reached
   */
  SyncProgress syncStatus(McpRegistry registry, String location, Optional<String> bearer)
      throws IOException, InterruptedException;

  /**
   * The registry's answer to a sync request.
   *
   * @param location where the sync is followed; empty when the registry sent none
   * @param refusal why the registry refused the caller, from its {@code WWW-Authenticate} challenge
   *     ({@code error_description}) on a 401; empty otherwise
   */
  record SyncAnswer(int status, Optional<String> location, Optional<String> refusal) {
    public SyncAnswer {
      Objects.requireNonNull(location, "'location' must not be null");
      Objects.requireNonNull(refusal, "'refusal' must not be null");
    }

    public SyncAnswer(int status, Optional<String> location) {
      this(status, location, Optional.empty());
    }
  }

  /**
   * A source's sync status as read.
   *
   * @param status the HTTP status of the read
   * @param phase {@code syncing} while a sync runs, then {@code complete} or {@code failed}; empty
   *     when the answer had none
   * @param lastResult {@code updated}, {@code unchanged} or {@code failed}
   */
  record SyncProgress(
      int status, Optional<String> phase, Optional<String> lastResult, Optional<String> message) {
    public SyncProgress {
      Objects.requireNonNull(phase, "'phase' must not be null");
      Objects.requireNonNull(lastResult, "'lastResult' must not be null");
      Objects.requireNonNull(message, "'message' must not be null");
    }

    /** Whether the sync is over: the source is no longer syncing, or cannot be read any more. */
    public boolean finished() {
      return status != 200 || !phase.orElse("").equals("syncing");
    }
  }
}
