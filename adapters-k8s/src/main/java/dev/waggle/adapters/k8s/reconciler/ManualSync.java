package dev.waggle.adapters.k8s.reconciler;

import dev.waggle.adapters.k8s.crd.McpRegistry;
import dev.waggle.adapters.k8s.reconciler.RegistryApiClient.SyncAnswer;
import dev.waggle.adapters.k8s.reconciler.RegistryApiClient.SyncProgress;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes adapter: turns a new value of the {@code toolhive.stacklok.dev/manual-sync} (or the
 * older {@code sync-trigger}) annotation into sync requests to the running registry — what ToolHive
 * documents but never did — and follows each sync's status until it is over, one short request per
 * reconcile, instead of holding a request open while a sync runs (a git clone can take minutes). A
 * registry in {@code auth.mode: oauth} is sent the operator's token ({@link SyncCredentials}); when
 * there is none, or the registry refuses it, the status says why.
 */
public final class ManualSync {
  public static final String MANUAL_SYNC_ANNOTATION = "toolhive.stacklok.dev/manual-sync";
  public static final String SYNC_TRIGGER_ANNOTATION = "toolhive.stacklok.dev/sync-trigger";
  private static final Logger LOG = LoggerFactory.getLogger(ManualSync.class);

  private final RegistryApiClient api;
  private final SyncCredentials credentials;

  /**
   * The syncs asked for and not yet over, per registry. Only in memory: an operator that restarts
   * meanwhile asks again, which joins the syncs still running rather than starting new ones.
   */
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  /** Sends a token projected at {@link SyncCredentials#PROJECTED_TOKEN} when there is one. */
  public ManualSync(RegistryApiClient api) {
    this(api, SyncCredentials.projectedOnly());
  }

  public ManualSync(RegistryApiClient api, SyncCredentials credentials) {
    this.api = Objects.requireNonNull(api, "'api' must not be null");
    this.credentials = Objects.requireNonNull(credentials, "'credentials' must not be null");
  }

  /** What handling the annotation came to. */
  sealed interface Outcome permits Idle, Waiting, InProgress, Done, Retry, Rejected {}

  /** No trigger, or its value was handled before. */
  record Idle() implements Outcome {}

  /** A new trigger waits for the registry to become Ready. */
  record Waiting(String trigger) implements Outcome {}

  /** The syncs were asked for; these sources are still syncing. */
  record InProgress(String trigger, List<String> syncing) implements Outcome {}

  /**
   * Every synced source was synced.
   *
   * @param results each source's result ({@code updated}, {@code unchanged}, {@code failed: ...}),
   *     in the order of the configuration
   */
  record Done(String trigger, List<String> sources, Map<String, String> results)
      implements Outcome {
    boolean anyFailed() {
      return results.values().stream().anyMatch(r -> r.startsWith("failed"));
    }
  }

  /** The registry could not be reached or failed; the trigger is tried again later. */
  record Retry(String trigger, String message) implements Outcome {}

  /**
   * The registry refused the request, or it cannot be made; asking again would not help until
   * someone acts, so the trigger counts as handled.
   *
   * @param reason the {@code ManualSync} condition's reason
   */
  record Rejected(String trigger, String reason, String message) implements Outcome {
    static final String REFUSED = "SyncRejected";
    static final String NO_CREDENTIALS = "SyncCredentialsMissing";
    static final String UNAUTHORIZED = "SyncUnauthorized";
    static final String FORBIDDEN = "SyncForbidden";
  }

  /** The syncs of one trigger: where each is followed, and the results of those that are over. */
  private record Pending(
      String trigger,
      boolean oauth,
      List<String> sources,
      Map<String, String> locations,
      Map<String, String> results) {}

  Outcome handle(McpRegistry registry, String lastHandled, boolean ready) {
    String key = key(registry);
    Optional<String> trigger = trigger(registry);
    if (trigger.isEmpty() || trigger.get().equals(lastHandled)) {
      pending.remove(key);
      return new Idle();
    }
    String value = trigger.get();
    if (!ready) {
      return new Waiting(value);
    }
    Pending syncs = pending.get(key);
    if (syncs == null || !syncs.trigger().equals(value)) {
      Outcome started;
      try {
        started = start(registry, value);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Retry(value, "interrupted while asking the registry to sync");
      }
      if (!(started instanceof InProgress)) {
        pending.remove(key);
        return started;
      }
      syncs = pending.get(key);
    }
    Outcome followed;
    try {
      followed = follow(registry, syncs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Retry(value, "interrupted while following the syncs");
    }
    if (!(followed instanceof InProgress)) {
      pending.remove(key);
    }
    return followed;
  }

  /** Asks for a sync of every synced source; {@link InProgress} once all were accepted. */
  private Outcome start(McpRegistry registry, String value) throws InterruptedException {
    List<String> sources;
    boolean oauth;
    try {
      sources = ConfigYamlSources.syncedSources(registry.getSpec().getConfigYaml());
      oauth = ConfigYamlSources.oauthMode(registry.getSpec().getConfigYaml());
    } catch (IllegalArgumentException e) {
      return new Rejected(value, Rejected.REFUSED, e.getMessage());
    }
    Optional<String> bearer = Optional.empty();
    if (oauth && !sources.isEmpty()) {
      SyncCredentials.Token token = credentials.token();
      if (token instanceof SyncCredentials.Missing missing) {
        return new Rejected(
            value,
            Rejected.NO_CREDENTIALS,
            "the registry runs auth.mode oauth, so a sync request needs a token, and the operator"
                + " has none to send: "
                + missing.reason());
      }
      bearer = Optional.of(((SyncCredentials.Bearer) token).value());
    }
    Map<String, String> locations = new LinkedHashMap<>();
    for (String source : sources) {
      SyncAnswer answer;
      try {
        answer = api.triggerSync(registry, source, bearer);
      } catch (IOException e) {
        return new Retry(value, "cannot reach the registry to sync " + source + ": " + e);
      }
      int status = answer.status();
      LOG.info(
          "Manual sync {} of source {} in MCPRegistry {}/{}: HTTP {}",
          value,
          source,
          registry.getMetadata().getNamespace(),
          registry.getMetadata().getName(),
          status);
      if (status >= 500) {
        return new Retry(value, "the registry failed to sync " + source + " (HTTP " + status + ")");
      }
      if (status == 401) {
        return new Rejected(value, Rejected.UNAUTHORIZED, unauthorized(source, oauth, answer));
      }
      if (status == 403) {
        return new Rejected(
            value,
            Rejected.FORBIDDEN,
            "the registry refused the operator's request to sync "
                + source
                + " (HTTP 403): "
                + (oauth
                    ? "the identity of the operator's token needs the manageSources role in the"
                        + " registry's auth.authz"
                    : "its configYAML has no auth block, which keeps the /v1 writes closed; set"
                        + " auth.mode"));
      }
      // 409 is an older Waggle saying a sync of that source runs already: follow that one.
      if (status >= 300 && status != 409) {
        return new Rejected(
            value,
            Rejected.REFUSED,
            "the registry refused to sync " + source + " (HTTP " + status + ")");
      }
      locations.put(
          source,
          answer
              .location()
              .filter(l -> l.startsWith("/") && !l.startsWith("//"))
              .orElse("/v1/sources/" + URLEncoder.encode(source, StandardCharsets.UTF_8)));
    }
    pending.put(
        key(registry),
        new Pending(value, oauth, List.copyOf(sources), locations, new ConcurrentHashMap<>()));
    return new InProgress(value, List.copyOf(sources));
  }

  /** Reads the status of each sync not yet over; {@link Done} when none is left. */
  private Outcome follow(McpRegistry registry, Pending syncs) throws InterruptedException {
    Optional<String> bearer = Optional.empty();
    if (syncs.oauth()) {
      // Read again: a projected token may have been rotated since the syncs were asked for.
      SyncCredentials.Token token = credentials.token();
      if (token instanceof SyncCredentials.Missing missing) {
        return new Retry(
            syncs.trigger(), "cannot read the sync status without a token: " + missing.reason());
      }
      bearer = Optional.of(((SyncCredentials.Bearer) token).value());
    }
    for (Map.Entry<String, String> sync : syncs.locations().entrySet()) {
      String source = sync.getKey();
      if (syncs.results().containsKey(source)) {
        continue;
      }
      SyncProgress progress;
      try {
        progress = api.syncStatus(registry, sync.getValue(), bearer);
      } catch (IOException e) {
        // The syncs were asked for; what failed is reading how far they are. Ask again later.
        return new Retry(
            syncs.trigger(), "cannot read the sync status of " + source + ": " + e.getMessage());
      }
      if (progress.finished()) {
        syncs.results().put(source, result(progress));
      }
    }
    List<String> syncing =
        syncs.sources().stream().filter(s -> !syncs.results().containsKey(s)).toList();
    if (!syncing.isEmpty()) {
      return new InProgress(syncs.trigger(), syncing);
    }
    Map<String, String> results = new LinkedHashMap<>();
    syncs.sources().forEach(s -> results.put(s, syncs.results().get(s)));
    LOG.info(
        "Manual sync {} of MCPRegistry {}/{} is over: {}",
        syncs.trigger(),
        registry.getMetadata().getNamespace(),
        registry.getMetadata().getName(),
        results);
    return new Done(syncs.trigger(), syncs.sources(), results);
  }

  private static String unauthorized(String source, boolean oauth, SyncAnswer answer) {
    String why = answer.refusal().map(r -> ": " + r).orElse("");
    if (!oauth) {
      return "the registry asks for a token to sync "
          + source
          + " (HTTP 401"
          + why
          + "), but its configYAML does not say auth.mode: oauth, so the operator sent none";
    }
    return "the registry refused the operator's token for "
        + source
        + " (HTTP 401"
        + why
        + "): one of its auth.oauth.providers must accept it — the issuer and audience of the"
        + " operator's projected service-account token, or of the file "
        + SyncCredentials.TOKEN_FILE_ENV
        + " names";
  }

  private static String result(SyncProgress progress) {
    if (progress.status() != 200) {
      return "failed: its status could not be read (HTTP " + progress.status() + ")";
    }
    String phase = progress.phase().orElse("unknown");
    if (phase.equals("failed")) {
      return "failed: " + progress.message().orElse("no message");
    }
    return progress.lastResult().orElse(phase);
  }

  private static String key(McpRegistry registry) {
    return registry.getMetadata().getNamespace() + "/" + registry.getMetadata().getName();
  }

  private static Optional<String> trigger(McpRegistry registry) {
    Map<String, String> annotations = registry.getMetadata().getAnnotations();
    if (annotations == null) {
      return Optional.empty();
    }
    String value = annotations.get(MANUAL_SYNC_ANNOTATION);
    if (value == null || value.isBlank()) {
      value = annotations.get(SYNC_TRIGGER_ANNOTATION);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
