package dev.waggle.bootstrap.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration: the outcome of loading a config file — the config when it is usable, and every
 * error and warning found on the way.
 */
public record ConfigResult(
    Optional<WaggleConfig> config, List<ConfigProblem> errors, List<ConfigProblem> warnings) {
  public ConfigResult {
    Objects.requireNonNull(config, "'config' must not be null");
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    if (config.isPresent() == !errors.isEmpty()) {
      throw new IllegalArgumentException("a config is present exactly when there are no errors");
    }
  }

  public boolean isValid() {
    return errors.isEmpty();
  }

  /**
   * @throws InvalidConfigException listing every error when the config is not usable
   */
  public WaggleConfig orElseThrow() {
    return config.orElseThrow(() -> new InvalidConfigException(errors));
  }
}
