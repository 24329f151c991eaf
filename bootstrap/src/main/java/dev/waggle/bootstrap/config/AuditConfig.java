package dev.waggle.bootstrap.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Configuration: the {@code audit} block; parsed and checked, not run yet by this version. */
public record AuditConfig(
    boolean enabled,
    Optional<Path> logFile,
    List<String> eventTypes,
    List<String> excludeEventTypes,
    boolean includeRequestData,
    int maxDataSize) {
  public static final int DEFAULT_MAX_DATA_SIZE = 1024;
  public static final int MAX_DATA_SIZE_LIMIT = 1_048_576;
  public static final AuditConfig DISABLED =
      new AuditConfig(false, Optional.empty(), List.of(), List.of(), false, DEFAULT_MAX_DATA_SIZE);

  public AuditConfig {
    eventTypes = List.copyOf(eventTypes);
    excludeEventTypes = List.copyOf(excludeEventTypes);
  }
}
