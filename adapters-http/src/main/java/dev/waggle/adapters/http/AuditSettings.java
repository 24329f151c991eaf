package dev.waggle.adapters.http;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings value for the audit trail ({@code audit} in config.yaml): whether events are written,
 * which event types pass ({@code eventTypes} an allow-list when not empty, {@code
 * excludeEventTypes} always dropping), whether mutation bodies are kept and up to how many bytes,
 * and the file the JSON lines go to (standard output when empty).
 */
public record AuditSettings(
    boolean enabled,
    Set<String> eventTypes,
    Set<String> excludeEventTypes,
    boolean includeRequestData,
    int maxDataSize,
    Optional<Path> logFile) {
  /** ToolHive's default for {@code maxDataSize}. */
  public static final int DEFAULT_MAX_DATA_SIZE = 1024;

  /** ToolHive's ceiling for {@code maxDataSize}: 1 MiB. */
  public static final int MAX_DATA_SIZE = 1_048_576;

  /**
   * The stable event type names, as ToolHive writes them; {@code eventTypes} may name only these.
   */
  public static final Set<String> EVENT_TYPES = AuditRoutes.eventTypes();

  public static final AuditSettings DISABLED =
      new AuditSettings(false, Set.of(), Set.of(), false, DEFAULT_MAX_DATA_SIZE, Optional.empty());

  /** Rejects an unknown event type or an out-of-range size, naming the key and the value. */
  public AuditSettings {
    eventTypes = Set.copyOf(eventTypes);
    excludeEventTypes = Set.copyOf(excludeEventTypes);
    Objects.requireNonNull(logFile, "'logFile' must not be null");
    requireKnown("audit.eventTypes", eventTypes);
    requireKnown("audit.excludeEventTypes", excludeEventTypes);
    if (maxDataSize < 0 || maxDataSize > MAX_DATA_SIZE) {
      throw new IllegalArgumentException(
          "audit.maxDataSize must be between 0 and " + MAX_DATA_SIZE + ", not " + maxDataSize);
    }
  }

  /** Whether an event of {@code type} is written: excluded never, else allowed when listed. */
  boolean allows(String type) {
    return !excludeEventTypes.contains(type) && (eventTypes.isEmpty() || eventTypes.contains(type));
  }

  private static void requireKnown(String key, Set<String> names) {
    for (String name : names) {
      if (!EVENT_TYPES.contains(name)) {
        throw new IllegalArgumentException(
            key + " names an unknown event type \"" + name + "\"; known: " + known());
      }
    }
  }

  static String known() {
    return String.join(", ", new TreeSet<>(EVENT_TYPES));
  }
}
