package dev.waggle.bootstrap.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  /** In the order of the file: section by section, list item by list item. */
  List<ConfigProblem> errors() {
    return errors.stream()
        .sorted(
            Comparator.comparingInt((ConfigProblem p) -> SECTIONS.indexOf(section(p.path())))
                .thenComparingInt(p -> item(p.path())))
        .toList();
  }

  private static final List<String> SECTIONS =
      List.of(
          "",
          "sources",
          "registries",
          "defaultRegistry",
          "database",
          "auth",
          "audit",
          "telemetry",
          "retention");

  private static String section(String path) {
    Matcher m = TOP.matcher(path);
    String top = m.lookingAt() ? m.group(1) : "";
    return SECTIONS.contains(top) ? top : "";
  }

  private static int item(String path) {
    Matcher m = TOP.matcher(path);
    return m.lookingAt() && m.group(2) != null ? Integer.parseInt(m.group(2)) : -1;
  }

  private static final Pattern TOP = Pattern.compile("(\\w*)(?:\\[(\\d+)\\])?");

  List<ConfigProblem> warnings() {
    return List.copyOf(warnings);
  }

  private String origin(String path) {
    String variable = setFromEnvironment.get(path);
    return variable == null ? "" : " (set by environment variable " + variable + ")";
  }
}
