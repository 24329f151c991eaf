package dev.waggle.adapters.k8s.dependent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.adapters.k8s.crd.McpRegistry;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes adapter: one kind of object an {@code MCPRegistry} owns. Subclasses say what the
 * object should be ({@link #desired}) and how to bring a drifted live object back ({@link
 * #corrected}); this class creates, corrects and re-owns it with optimistic locking.
 */
public abstract class OwnedResource<R extends HasMetadata> {
  protected final KubernetesClient client;
  private final Class<R> type;

  protected OwnedResource(KubernetesClient client, Class<R> type) {
    this.client = Objects.requireNonNull(client, "'client' must not be null");
    this.type = Objects.requireNonNull(type, "'type' must not be null");
  }

  /** The object as the registry wants it, names, labels and owner reference included. */
  public abstract R desired(RegistryBlueprint blueprint);

  /**
   * The live object changed in place so that it again holds {@code desired}, keeping what others
   * added; empty when it already does.
   */
  protected abstract Optional<R> corrected(R actual, R desired);

  /** Whether the live object differs in a field the API server will not let us change. */
  protected boolean mustRecreate(R actual, R desired) {
    return false;
  }

  /** Creates the object or corrects its drift, and returns it as the API server now holds it. */
  public R reconcile(RegistryBlueprint blueprint) {
    R desired = desired(blueprint);
    McpRegistry registry = blueprint.registry();
    R actual =
        client
            .resources(type)
            .inNamespace(registry.getMetadata().getNamespace())
            .withName(desired.getMetadata().getName())
            .get();
    if (actual == null) {
      return client.resource(desired).create();
    }
    requireNotControlledByOthers(actual, registry);
    if (mustRecreate(actual, desired)) {
      client.resource(actual).delete();
      return client.resource(desired).create();
    }
    boolean reowned = ensureOwner(actual, registry);
    Optional<R> fixed = corrected(actual, desired);
    if (fixed.isEmpty() && !reowned) {
      return actual;
    }
    return client.resource(fixed.orElse(actual)).update();
  }

  /** Fresh metadata for a desired object: name, namespace, labels and the controller reference. */
  protected static ObjectMeta ownedMetadata(McpRegistry registry, String name) {
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setNamespace(registry.getMetadata().getNamespace());
    meta.setLabels(RegistryNames.labels(registry, name));
    meta.setOwnerReferences(new ArrayList<>(List.of(RegistryNames.controllerReference(registry))));
    return meta;
  }

  /**
   * Adds the desired labels and annotations to the live object, keeping foreign ones; true when
   * something changed.
   */
  protected static boolean mergeLabelsAndAnnotations(HasMetadata actual, HasMetadata desired) {
    boolean changed = false;
    ObjectMeta live = actual.getMetadata();
    Map<String, String> wantedLabels = desired.getMetadata().getLabels();
    if (wantedLabels != null && !containsAll(live.getLabels(), wantedLabels)) {
      Map<String, String> labels = new HashMap<>(nullToEmpty(live.getLabels()));
      labels.putAll(wantedLabels);
      live.setLabels(labels);
      changed = true;
    }
    Map<String, String> wantedAnnotations = desired.getMetadata().getAnnotations();
    if (wantedAnnotations != null && !containsAll(live.getAnnotations(), wantedAnnotations)) {
      Map<String, String> annotations = new HashMap<>(nullToEmpty(live.getAnnotations()));
      annotations.putAll(wantedAnnotations);
      live.setAnnotations(annotations);
      changed = true;
    }
    return changed;
  }

  protected JsonNode json(Object value) {
    return Templates.SERIALIZATION.convertValue(value, JsonNode.class);
  }

  protected boolean covers(Object actual, Object desired) {
    return Drift.covers(json(actual), json(desired));
  }

  private static boolean containsAll(Map<String, String> live, Map<String, String> wanted) {
    Map<String, String> present = nullToEmpty(live);
    return wanted.entrySet().stream()
        .allMatch(e -> Objects.equals(present.get(e.getKey()), e.getValue()));
  }

  private static Map<String, String> nullToEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }

  private static void requireNotControlledByOthers(HasMetadata actual, McpRegistry registry) {
    for (OwnerReference ref : actual.getMetadata().getOwnerReferences()) {
      if (Boolean.TRUE.equals(ref.getController())
          && !Objects.equals(ref.getUid(), registry.getMetadata().getUid())) {
        throw new IllegalStateException(
            actual.getKind()
                + " "
                + actual.getMetadata().getName()
                + " already exists and is controlled by "
                + ref.getKind()
                + " "
                + ref.getName());
      }
    }
  }

  private static boolean ensureOwner(HasMetadata actual, McpRegistry registry) {
    String uid = registry.getMetadata().getUid();
    boolean owned =
        actual.getMetadata().getOwnerReferences().stream()
            .anyMatch(ref -> Objects.equals(ref.getUid(), uid));
    if (owned) {
      return false;
    }
    List<OwnerReference> refs = new ArrayList<>(actual.getMetadata().getOwnerReferences());
    refs.add(RegistryNames.controllerReference(registry));
    actual.getMetadata().setOwnerReferences(refs);
    return true;
  }
}
