package dev.waggle.adapters.k8s.dependent;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * Kubernetes adapter: tells whether a live object still holds what the operator wants, ignoring
 * what the API server adds on its own (defaults, status, foreign annotations).
 *
 * <p>A desired tree is covered when every field it sets is present with an equal value; lists must
 * have the same length and cover element by element, so an added or removed list entry counts as
 * drift while a defaulted field inside an entry does not.
 */
public final class Drift {
  private Drift() {}

  public static boolean covers(JsonNode actual, JsonNode desired) {
    return covers(actual, desired, false);
  }

  private static boolean covers(JsonNode actual, JsonNode desired, boolean quantities) {
    if (desired == null || desired.isNull() || desired.isMissingNode()) {
      return true;
    }
    boolean actualAbsent = actual == null || actual.isNull() || actual.isMissingNode();
    if (desired.isArray() && desired.isEmpty()) {
      return actualAbsent || (actual.isArray() && actual.isEmpty());
    }
    if (actualAbsent) {
      return false;
    }
    if (desired.isObject()) {
      if (!actual.isObject()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> field : desired.properties()) {
        boolean inResources = quantities || field.getKey().equals("resources");
        if (!covers(actual.get(field.getKey()), field.getValue(), inResources)) {
          return false;
        }
      }
      return true;
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
    if (quantities && actual.isValueNode()) {
      return sameQuantity(actual.asText(), desired.asText());
    }
    if (desired.isNumber() && actual.isNumber()) {
      return desired.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    return desired.equals(actual);
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
}
