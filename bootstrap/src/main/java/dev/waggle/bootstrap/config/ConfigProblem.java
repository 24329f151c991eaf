package dev.waggle.bootstrap.config;

import java.util.Objects;

/**
 * Configuration: one thing wrong with (or worth knowing about) a config file, located by its key
 * path ({@code sources[2].file.url}) so the reader can go straight to it.
 *
 * @param unsupported true when the value is valid but names a feature this version cannot run yet
 */
public record ConfigProblem(String path, String message, boolean unsupported) {
  public ConfigProblem {
    Objects.requireNonNull(path, "'path' must not be null");
    Objects.requireNonNull(message, "'message' must not be null");
  }

  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
