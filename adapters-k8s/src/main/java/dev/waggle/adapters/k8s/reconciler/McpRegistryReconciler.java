package dev.waggle.adapters.k8s.reconciler;

import dev.waggle.adapters.k8s.crd.McpRegistry;
import dev.waggle.adapters.k8s.crd.McpRegistryPhase;
import dev.waggle.adapters.k8s.dependent.RegistryBlueprint;
import dev.waggle.adapters.k8s.dependent.RegistryNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes adapter: reconciles one {@code MCPRegistry} into a running registry server — observe
 * the Deployment, validate the spec, reconcile the owned objects, record the status. Deletion is
 * the {@link Cleaner}'s business, so an invalid spec can never block it.
 */
@ControllerConfiguration(
    name = McpRegistryReconciler.NAME,
    finalizerName = McpRegistryReconciler.FINALIZER,
    // Annotations (manual sync, restart) change no generation but must still be reconciled.
    generationAwareEventProcessing = false)
public final class McpRegistryReconciler implements Reconciler<McpRegistry>, Cleaner<McpRegistry> {
  public static final String NAME = "mcpregistry";
  public static final String FINALIZER = "mcpregistry.toolhive.stacklok.dev/finalizer";
  public static final Duration PENDING_REQUEUE = Duration.ofSeconds(30);

  /** How often a running manual sync's status is read again. */
  public static final Duration SYNC_POLL = Duration.ofSeconds(2);

  /** What a manual sync needs next. */
  private enum ManualSyncNext {
    NOTHING,
    POLL,
    RETRY
  }

  private static final Logger LOG = LoggerFactory.getLogger(McpRegistryReconciler.class);

  private final RolloutObserver observer;
  private final SpecValidator validator;
  private final RegistryResources resources;
  private final ManualSync manualSync;
  private final StatusRecorder recorder;
  private final RegistryDefaults defaults;
  private final Clock clock;

  public McpRegistryReconciler(
      RolloutObserver observer,
      SpecValidator validator,
      RegistryResources resources,
      ManualSync manualSync,
      StatusRecorder recorder,
      RegistryDefaults defaults,
      Clock clock) {
    this.observer = Objects.requireNonNull(observer, "'observer' must not be null");
    this.validator = Objects.requireNonNull(validator, "'validator' must not be null");
    this.resources = Objects.requireNonNull(resources, "'resources' must not be null");
    this.manualSync = Objects.requireNonNull(manualSync, "'manualSync' must not be null");
    this.recorder = Objects.requireNonNull(recorder, "'recorder' must not be null");
    this.defaults = Objects.requireNonNull(defaults, "'defaults' must not be null");
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
  }

  @Override
  public UpdateControl<McpRegistry> reconcile(McpRegistry cached, Context<McpRegistry> context) {
    // JOSDK's copy may predate this operator's own last status write; deciding on it would redo
    // what that write recorded, a manual sync among them. A registry already being deleted is left
    // to cleanup, which JOSDK calls next.
    Optional<McpRegistry> latest = recorder.latest(cached);
    if (latest.isEmpty() || latest.get().isMarkedForDeletion()) {
      return UpdateControl.noUpdate();
    }
    McpRegistry registry = latest.get();
    Rollout rollout = observer.observe(registry);
    StatusDraft draft = StatusDraft.from(registry, clock);
    SpecValidator.Outcome validation = validator.validate(registry);
    if (validation instanceof SpecValidator.InvalidPodTemplate invalid) {
      String message = "Invalid PodTemplateSpec: " + invalid.message();
      draft
          .phase(McpRegistryPhase.FAILED, message)
          .url(null)
          .readyReplicas(rollout.readyReplicas())
          .condition(
              StatusDraft.POD_TEMPLATE_VALID,
              false,
              "InvalidPodTemplateSpec",
              message + ". Deployment blocked until fixed.");
      recorder.record(registry, draft.build());
      return UpdateControl.noUpdate();
    }
    if (validation instanceof SpecValidator.Invalid invalid) {
      String message = "Spec validation failed: " + invalid.message();
      draft
          .phase(McpRegistryPhase.FAILED, message)
          .url(null)
          .readyReplicas(rollout.readyReplicas())
          .condition(StatusDraft.READY, false, "ValidationFailed", message);
      recorder.record(registry, draft.build());
      return UpdateControl.noUpdate();
    }
    SpecValidator.Valid valid = (SpecValidator.Valid) validation;
    draft.observed();
    if (valid.podTemplate().isPresent()) {
      draft.condition(
          StatusDraft.POD_TEMPLATE_VALID, true, "ValidPodTemplateSpec", "PodTemplateSpec is valid");
    } else {
      draft.withoutCondition(StatusDraft.POD_TEMPLATE_VALID);
    }

    RegistryBlueprint blueprint =
        new RegistryBlueprint(
            registry,
            valid.volumes(),
            valid.volumeMounts(),
            valid.podTemplate(),
            defaults.image(),
            defaults.pullSecrets());
    try {
      resources.reconcile(blueprint);
    } catch (ChildResourceException e) {
      draft
          .phase(McpRegistryPhase.FAILED, e.getMessage())
          .url(null)
          .readyReplicas(0)
          .condition(StatusDraft.READY, false, e.reason(), e.getMessage());
      recorder.record(registry, draft.build());
      throw e;
    }

    boolean requeue = describeRollout(registry, rollout, draft);
    ManualSyncNext manual = describeManualSync(registry, rollout.ready(), draft);
    recorder.record(registry, draft.build());
    UpdateControl<McpRegistry> control = UpdateControl.noUpdate();
    if (manual == ManualSyncNext.POLL) {
      return control.rescheduleAfter(SYNC_POLL);
    }
    return requeue || manual == ManualSyncNext.RETRY
        ? control.rescheduleAfter(PENDING_REQUEUE)
        : control;
  }

  @Override
  public DeleteControl cleanup(McpRegistry registry, Context<McpRegistry> context) {
    String message = "MCPRegistry is being terminated";
    StatusDraft draft =
        StatusDraft.from(registry, clock)
            .observed()
            .phase(McpRegistryPhase.TERMINATING, message)
            .url(null)
            .condition(StatusDraft.READY, false, "NotReady", message);
    try {
      recorder.record(registry, draft.build());
    } catch (KubernetesClientException e) {
      // The status is a courtesy; it must never keep the finalizer in place.
      LOG.warn(
          "Cannot record Terminating for MCPRegistry {}/{}: {}",
          registry.getMetadata().getNamespace(),
          registry.getMetadata().getName(),
          e.getMessage());
    }
    return DeleteControl.defaultDelete();
  }

  @Override
  public List<EventSource<?, McpRegistry>> prepareEventSources(
      EventSourceContext<McpRegistry> context) {
    List<EventSource<?, McpRegistry>> sources = new ArrayList<>();
    for (Class<? extends HasMetadata> owned :
        List.of(
            ConfigMap.class,
            ServiceAccount.class,
            Role.class,
            RoleBinding.class,
            Deployment.class,
            Service.class)) {
      sources.add(ownedSource(owned, context));
    }
    // Pods are owned by ReplicaSets, so they lead back to their registry through its label.
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, McpRegistry.class)
                .withName("registry-pods")
                .withLabelSelector(RegistryNames.LABEL_REGISTRY_NAME)
                .withSecondaryToPrimaryMapper(
                    pod ->
                        Set.of(
                            new ResourceID(
                                pod.getMetadata()
                                    .getLabels()
                                    .get(RegistryNames.LABEL_REGISTRY_NAME),
                                pod.getMetadata().getNamespace())))
                .build(),
            context));
    return sources;
  }

  private static <R extends HasMetadata> EventSource<?, McpRegistry> ownedSource(
      Class<R> type, EventSourceContext<McpRegistry> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, McpRegistry.class)
            .withName("owned-" + type.getSimpleName().toLowerCase(java.util.Locale.ROOT))
            .withLabelSelector(RegistryNames.LABEL_REGISTRY_NAME)
            .withSecondaryToPrimaryMapper(Mappers.<R>fromOwnerReferences(McpRegistry.class))
            .build(),
        context);
  }

  /** Fills phase, Ready, Progressing, url and replicas; true when the registry must be polled. */
  private static boolean describeRollout(McpRegistry registry, Rollout rollout, StatusDraft draft) {
    draft.readyReplicas(rollout.readyReplicas());
    rollout
        .problem()
        .ifPresentOrElse(
            problem ->
                draft.condition(
                    StatusDraft.PROGRESSING, false, problem.reason(), problem.message()),
            () -> {
              if (rollout.exists()) {
                draft.condition(
                    StatusDraft.PROGRESSING, true, "RolloutHealthy", "No rollout problem seen");
              }
            });
    if (rollout.ready()) {
      String message = "Registry API is ready and serving requests";
      draft
          .phase(McpRegistryPhase.READY, message)
          .url(RegistryNames.url(registry))
          .condition(StatusDraft.READY, true, "Ready", message);
      return false;
    }
    draft.url(null);
    if (rollout.problem().isPresent()) {
      Rollout.Problem problem = rollout.problem().get();
      String message = "Registry API deployment cannot become ready: " + problem.message();
      draft
          .phase(McpRegistryPhase.FAILED, message)
          .condition(StatusDraft.READY, false, problem.reason(), message);
    } else {
      String message = "Registry API deployment is not ready yet";
      draft
          .phase(McpRegistryPhase.PENDING, message)
          .condition(StatusDraft.READY, false, "NotReady", message);
    }
    return true;
  }

  /** Handles a manual-sync trigger, and says when it must be looked at again. */
  private ManualSyncNext describeManualSync(
      McpRegistry registry, boolean ready, StatusDraft draft) {
    ManualSync.Outcome outcome = manualSync.handle(registry, draft.lastManualSyncTrigger(), ready);
    if (outcome instanceof ManualSync.Waiting waiting) {
      draft.condition(
          StatusDraft.MANUAL_SYNC,
          false,
          "WaitingForRegistry",
          "manual sync " + waiting.trigger() + " waits until the registry is Ready");
      return ManualSyncNext.RETRY;
    }
    if (outcome instanceof ManualSync.InProgress running) {
      draft.condition(
          StatusDraft.MANUAL_SYNC,
          false,
          "SyncInProgress",
          "manual sync "
              + running.trigger()
              + ": still syncing "
              + String.join(", ", running.syncing()));
      return ManualSyncNext.POLL;
    }
    if (outcome instanceof ManualSync.Done done) {
      String results =
          done.results().entrySet().stream()
              .map(e -> e.getKey() + " " + e.getValue())
              .collect(java.util.stream.Collectors.joining(", "));
      draft
          .lastManualSyncTrigger(done.trigger())
          .condition(
              StatusDraft.MANUAL_SYNC,
              !done.anyFailed(),
              done.anyFailed() ? "SyncFailed" : "SyncCompleted",
              done.sources().isEmpty()
                  ? "manual sync " + done.trigger() + ": configYAML has no git, api or file source"
                  : "manual sync " + done.trigger() + ": " + results);
      return ManualSyncNext.NOTHING;
    }
    if (outcome instanceof ManualSync.Retry retry) {
      draft.condition(StatusDraft.MANUAL_SYNC, false, "SyncRequestFailed", retry.message());
      return ManualSyncNext.RETRY;
    }
    if (outcome instanceof ManualSync.Rejected rejected) {
      draft
          .lastManualSyncTrigger(rejected.trigger())
          .condition(StatusDraft.MANUAL_SYNC, false, rejected.reason(), rejected.message());
    }
    return ManualSyncNext.NOTHING;
  }
}
