package dev.waggle.bootstrap.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Configuration: collects every error and warning found while loading, so a user fixes a config in
 * one pass instead of one message at a time.
 */
final class ConfigReport {
  private final List<ConfigProblem> errors = new ArrayList<>();
  private final List<ConfigProblem> warnings = new ArrayList<>();
  private final Set<String> pathsWithErrors = new HashSet<>();
  private final Map<String, String> setFromEnvironment = new HashMap<>();

  void error(String path, String message) {
    pathsWithErrors.add(path);
    errors.add(new ConfigProblem(path, message + origin(path), false));
  }

  void unsupported(String path, String message) {
    pathsWithErrors.add(path);
    errors.add(new ConfigProblem(path, message, true));
  }

  void warning(String path, String message) {
    warnings.add(new ConfigProblem(path, message + origin(path), false));
  }

  /**
   * Whether {@code path} already has an error, so a follow-up "is required" would only repeat it.
   */
  boolean hasErrorAt(String path) {
    return pathsWithErrors.contains(path);
  }

  /** Records that a problem at {@code path} was already reported under another path. */
  void markReported(String path) {
    pathsWithErrors.add(path);
  }

  void markFromEnvironment(String path, String variable) {
    setFromEnvironment.put(path, variable);
  }

  int errorCount() {
    return errors.size();
  }

  boolean hasErrors() {
    return !errors.isEmpty();
  }

  List<ConfigProblem> errors() {
    return List.copyOf(errors);
  }

  List<ConfigProblem> warnings() {
    return List.copyOf(warnings);
  }

  private String origin(String path) {
    String variable = setFromEnvironment.get(path);
    return variable == null ? "" : " (set by environment variable " + variable + ")";
  }
}
