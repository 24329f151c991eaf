package dev.waggle.domain.access;

import dev.waggle.domain.ValidationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Value object: one rule of an {@code auth.authz} role — claim keys each with the values any one of
 * which a token must carry. A token meets the rule when it meets every key (AND across keys, OR
 * within a key's values). A rule is never empty, nor is any of its value lists, because such a rule
 * would grant a role to nobody while reading as if it granted it to everybody.
 */
public record ClaimRule(Map<String, List<String>> required) {
  public ClaimRule {
    Objects.requireNonNull(required, "'required' must not be null");
    if (required.isEmpty()) {
      throw new ValidationException("rule", required, "a claim rule needs at least one claim");
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    required.forEach(
        (key, values) -> {
          if (key == null || key.isBlank()) {
            throw new ValidationException("rule", key, "claim keys must not be blank");
          }
          if (values == null || values.isEmpty()) {
            throw new ValidationException(key, values, "a claim needs at least one value to match");
          }
          copy.put(key, List.copyOf(values));
        });
    required = Collections.unmodifiableMap(copy);
  }

  /** Whether a caller holding {@code held} meets this rule. */
  public boolean matches(Claims held) {
    return required.entrySet().stream()
        .allMatch(
            claim -> {
              List<String> values = held.values().get(claim.getKey());
              return values != null && claim.getValue().stream().anyMatch(values::contains);
            });
  }
}
