package dev.waggle.adapters.k8s.dependent;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes adapter: tells whether a live object still is what the operator wants, ignoring what
 * the API server adds on its own (defaults, status, foreign annotations).
 *
 * <p>{@link #covers} is one-way: every field the desired tree sets is present with an equal value,
 * lists have the same length and cover element by element, and an empty desired list means none.
 * {@link #matches} is two-way: on top of that, the live tree holds nothing the desired one does
 * not, except what an {@link Allowance} names as the API server's defaults. In both, an absent
 * field, {@code null}, {@code {}} and {@code []} are the same thing, and quantities compare by
 * amount ({@code 0.5} is {@code 500m}).
 */
public final class Drift {
  /**
   * Fields Go serialises with {@code omitempty} as plain values: the API server drops them when
   * they hold their zero value, so a desired {@code false}, {@code 0} or {@code ""} there is kept
   * as "absent". Pointer fields ({@code allowPrivilegeEscalation}, {@code runAsNonRoot}...) keep a
   * zero value and are not listed, so removing one of them by hand is still drift.
   */
  private static final Set<String> OMITTED_WHEN_ZERO =
      Set.of(
          "value",
          "readOnly",
          "subPath",
          "subPathExpr",
          "workingDir",
          "hostPort",
          "hostIP",
          "stdin",
          "stdinOnce",
          "tty",
          "hostNetwork",
          "hostPID",
          "hostIPC",
          "initialDelaySeconds",
          "nodeName",
          "hostname",
          "subdomain",
          "priorityClassName",
          "serviceAccountName",
          "serviceAccount",
          "key",
          "operator",
          "effect",
          "medium");

  /** Fields holding Kubernetes quantities, which the API server may respell. */
  private static final Set<String> QUANTITIES = Set.of("resources", "sizeLimit");

  private Drift() {}

  /** Whether every field {@code desired} sets is present in {@code actual} with an equal value. */
  public static boolean covers(JsonNode actual, JsonNode desired) {
    return covers(actual, desired, false);
  }

  /**
   * Whether {@code actual} is {@code desired} plus, at most, what {@code defaults} lets the API
   * server add.
   */
  public static boolean matches(JsonNode actual, JsonNode desired, Allowance defaults) {
    return matches(actual, desired, new ArrayList<>(), false, defaults);
  }

  private static boolean covers(JsonNode actual, JsonNode desired, boolean quantities) {
    if (desired != null && desired.isArray() && desired.isEmpty()) {
      // An explicit empty list means none at all.
      return absent(actual);
    }
    if (absent(desired)) {
      return true;
    }
    if (desired.isObject()) {
      // An absent object holds whatever needs nothing present, such as an empty list.
      if (!absent(actual) && !actual.isObject()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> field : desired.properties()) {
        boolean inQuantity = quantities || QUANTITIES.contains(field.getKey());
        if (!covers(child(actual, field.getKey()), field.getValue(), inQuantity)) {
          return false;
        }
      }
      return true;
    }
    if (absent(actual)) {
      return false;
    }
    if (desired.isArray()) {
      if (!actual.isArray() || actual.size() != desired.size()) {
        return false;
      }
      for (int i = 0; i < desired.size(); i++) {
        if (!covers(actual.get(i), desired.get(i), quantities)) {
          return false;
        }
      }
      return true;
    }
    return sameValue(actual, desired, quantities);
  }

  private static boolean matches(
      JsonNode actual,
      JsonNode desired,
      List<String> path,
      boolean quantities,
      Allowance defaults) {
    boolean actualAbsent = absent(actual);
    if (absent(desired)) {
      return actualAbsent || defaults.permits(path, actual);
    }
    if (desired.isObject()) {
      if (!actualAbsent && !actual.isObject()) {
        return false;
      }
      Set<String> keys = new LinkedHashSet<>();
      desired.properties().forEach(field -> keys.add(field.getKey()));
      if (!actualAbsent) {
        actual.properties().forEach(field -> keys.add(field.getKey()));
      }
      for (String key : keys) {
        path.add(key);
        boolean same =
            matches(
                child(actual, key),
                desired.get(key),
                path,
                quantities || QUANTITIES.contains(key),
                defaults);
        path.remove(path.size() - 1);
        if (!same) {
          return false;
        }
      }
      return true;
    }
    if (actualAbsent) {
      return isZero(desired) && OMITTED_WHEN_ZERO.contains(last(path));
    }
    if (desired.isArray()) {
      if (!actual.isArray() || actual.size() != desired.size()) {
        return false;
      }
      path.add("*");
      try {
        for (int i = 0; i < desired.size(); i++) {
          if (!matches(actual.get(i), desired.get(i), path, quantities, defaults)) {
            return false;
          }
        }
      } finally {
        path.remove(path.size() - 1);
      }
      return true;
    }
    return sameValue(actual, desired, quantities);
  }

  private static boolean sameValue(JsonNode actual, JsonNode desired, boolean quantities) {
    if (quantities && actual.isValueNode()) {
      return sameQuantity(actual.asText(), desired.asText());
    }
    if (desired.isNumber() && actual.isNumber()) {
      return desired.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    return desired.equals(actual);
  }

  /** Absent, null, or an empty object or list: what Go's {@code omitempty} leaves out. */
  private static boolean absent(JsonNode node) {
    return node == null
        || node.isNull()
        || node.isMissingNode()
        || (node.isContainerNode() && node.isEmpty());
  }

  private static JsonNode child(JsonNode parent, String key) {
    return parent == null ? null : parent.get(key);
  }

  private static boolean isZero(JsonNode node) {
    return (node.isBoolean() && !node.booleanValue())
        || (node.isNumber() && node.decimalValue().signum() == 0)
        || (node.isTextual() && node.textValue().isEmpty());
  }

  private static String last(List<String> path) {
    return path.isEmpty() ? "" : path.get(path.size() - 1);
  }

  private static boolean sameQuantity(String actual, String desired) {
    if (actual.equals(desired)) {
      return true;
    }
    try {
      return Quantity.getAmountInBytes(new Quantity(actual))
              .compareTo(Quantity.getAmountInBytes(new Quantity(desired)))
          == 0;
    } catch (IllegalArgumentException | ArithmeticException e) {
      return false;
    }
  }

  /**
   * Fields the API server may add to what the operator wrote, each with the values it may hold.
   * Paths are dot-separated field names where {@code *} stands for one list element or field and
   * {@code **} for any number of them.
   */
  public static final class Allowance {
    private final Map<List<String>, Set<JsonNode>> allowed;

    private Allowance(Map<List<String>, Set<JsonNode>> allowed) {
      this.allowed = Map.copyOf(allowed);
    }

    /** Nothing may be added. */
    public static Allowance none() {
      return new Allowance(Map.of());
    }

    /**
     * @param allowed each path with the values the API server may put there
     */
    public static Allowance of(Map<String, Set<JsonNode>> allowed) {
      Map<List<String>, Set<JsonNode>> parsed = new HashMap<>();
      allowed.forEach((path, values) -> parsed.put(List.of(path.split("\\.")), Set.copyOf(values)));
      return new Allowance(parsed);
    }

    /** Whether {@code added}, found at {@code path} where nothing was wanted, is only defaults. */
    boolean permits(List<String> path, JsonNode added) {
      if (absent(added)) {
        return true;
      }
      for (Map.Entry<List<String>, Set<JsonNode>> entry : allowed.entrySet()) {
        if (glob(entry.getKey(), 0, path, 0)) {
          return entry.getValue().stream().anyMatch(value -> sameValue(added, value, false));
        }
      }
      List<String> deeper = new ArrayList<>(path);
      if (added.isObject()) {
        for (Map.Entry<String, JsonNode> field : added.properties()) {
          deeper.add(field.getKey());
          boolean ok = permits(deeper, field.getValue());
          deeper.remove(deeper.size() - 1);
          if (!ok) {
            return false;
          }
        }
        return true;
      }
      if (added.isArray()) {
        deeper.add("*");
        for (JsonNode element : added) {
          if (!permits(deeper, element)) {
            return false;
          }
        }
        return true;
      }
      return false;
    }

    private static boolean glob(List<String> pattern, int p, List<String> path, int i) {
      if (p == pattern.size()) {
        return i == path.size();
      }
      String segment = pattern.get(p);
      if (segment.equals("**")) {
        for (int skip = i; skip <= path.size(); skip++) {
          if (glob(pattern, p + 1, path, skip)) {
            return true;
          }
        }
        return false;
      }
      return i < path.size()
          && (segment.equals("*") || segment.equals(path.get(i)))
          && glob(pattern, p + 1, path, i + 1);
    }
  }
}
