package dev.waggle.adapters.http;

import java.util.List;
import java.util.Map;

/** Test helper: reads series out of a Prometheus text scrape. */
record Scrape(String text) {
  /** Lines of samples, comments left out. */
  List<String> samples() {
    return text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }

  /**
   * The value of the one series {@code name} whose labels include {@code labels}, or 0 when there
   * is none (as Prometheus reads a counter that has not started).
   */
  double value(String name, Map<String, String> labels) {
    List<String> matching =
        samples().stream()
            .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
            .filter(l -> labels.entrySet().stream().allMatch(e -> l.contains(label(e))))
            .toList();
    if (matching.isEmpty()) {
      return 0;
    }
    if (matching.size() > 1) {
      throw new AssertionError(name + " " + labels + " matches more than one series: " + matching);
    }
    String line = matching.get(0);
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  private static String label(Map.Entry<String, String> e) {
    return e.getKey() + "=\"" + e.getValue() + "\"";
  }
}
