package dev.waggle.domain.access;

import dev.waggle.domain.ValidationException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Value object: a set of claims — each key holds one or more string values — carried by a caller's
 * token or attached to a registry, source or entry to say who may see it.
 */
public record Claims(Map<String, List<String>> values) {
  public static final Claims NONE = new Claims(Map.of());

  public Claims {
    Objects.requireNonNull(values, "'values' must not be null");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    values.forEach(
        (key, list) -> {
          if (key == null || key.isBlank()) {
            throw new ValidationException("claims", key, "claim keys must not be blank");
          }
          copy.put(key, List.copyOf(list));
        });
    values = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Builds claims from loosely typed data (YAML, JSON, a token): each value must be a string or a
   * list of strings; anything else is rejected with the claim's key path.
   */
  public static Claims fromUntyped(String field, Map<String, ?> raw) {
    if (raw == null || raw.isEmpty()) {
      return NONE;
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    raw.forEach(
        (key, value) -> {
          String path = field + "." + key;
          if (value instanceof String s) {
            values.put(key, List.of(s));
          } else if (value instanceof Collection<?> list
              && list.stream().allMatch(String.class::isInstance)) {
            values.put(key, list.stream().map(String.class::cast).toList());
          } else {
            throw new ValidationException(
                path, value, "claim value must be a string or a list of strings");
          }
        });
    return new Claims(values);
  }

  /**
   * The claims a token holds, read leniently: a string value, or the strings of a list value,
   * count; any other value (a number, a boolean, an object) is left out, so that it never matches a
   * rule or a resource. Keys that could not name a claim are left out too.
   */
  public static Claims heldIn(Map<String, ?> token) {
    if (token == null || token.isEmpty()) {
      return NONE;
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    token.forEach(
        (key, value) -> {
          if (key == null || key.isBlank()) {
            return;
          }
          if (value instanceof String s) {
            values.put(key, List.of(s));
          } else if (value instanceof Collection<?> list) {
            List<String> strings =
                list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
            if (!strings.isEmpty()) {
              values.put(key, strings);
            }
          }
        });
    return new Claims(values);
  }

  public static Claims of(String key, String... values) {
    return new Claims(Map.of(key, List.of(values)));
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /**
   * Visibility: every key of {@code resource} must be held here, and for each key one of the
   * resource's values is enough (an empty value list asks only for the key). A resource without
   * claims is never visible this way — default deny.
   */
  public boolean canSee(Claims resource) {
    if (resource.isEmpty()) {
      return false;
    }
    return resource.values.entrySet().stream()
        .allMatch(
            required -> {
              List<String> held = values.get(required.getKey());
              return held != null
                  && (required.getValue().isEmpty()
                      || required.getValue().stream().anyMatch(held::contains));
            });
  }

  /**
   * Ownership: whether these claims are exactly {@code other}, whatever the order of keys and
   * values — each covers the other — or both are empty. A later version of a published entry must
   * carry the claims its first version set.
   */
  public boolean sameAs(Claims other) {
    if (isEmpty() || other.isEmpty()) {
      return isEmpty() && other.isEmpty();
    }
    return values.keySet().equals(other.values.keySet()) && covers(other) && other.covers(this);
  }

  /**
   * Subset: every value of every key of {@code resource} must be held here, so that a writer can
   * never grant more visibility than it has.
   */
  public boolean covers(Claims resource) {
    if (resource.isEmpty()) {
      return false;
    }
    return resource.values.entrySet().stream()
        .allMatch(
            required -> {
              List<String> held = values.get(required.getKey());
              return held != null && held.containsAll(required.getValue());
            });
  }
}
