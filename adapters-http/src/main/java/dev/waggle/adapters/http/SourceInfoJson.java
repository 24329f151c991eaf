package dev.waggle.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.waggle.application.port.in.SourceStatus;
import dev.waggle.application.port.out.SyncState;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.GlobPattern;
import dev.waggle.domain.source.SourceDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * HTTP adapter DTO: a source in ToolHive's {@code SourceInfo} shape, with Waggle's additions to its
 * sync status. {@code sourceConfig} is left out: it names the deployment's paths, hosts and
 * repositories, and these routes have no authentication yet.
 */
@JsonPropertyOrder({
  "name",
  "type",
  "creationType",
  "sourceType",
  "filterConfig",
  "syncSchedule",
  "claims",
  "strict",
  "syncStatus",
  "createdAt",
  "updatedAt"
})
@JsonInclude(JsonInclude.Include.NON_NULL)
record SourceInfoJson(
    String name,
    String type,
    String creationType,
    String sourceType,
    Map<String, Object> filterConfig,
    String syncSchedule,
    Map<String, List<String>> claims,
    boolean strict,
    SyncStatusJson syncStatus,
    String createdAt,
    String updatedAt) {

  /** How {@code SyncService} begins the message of each failing step whose cause names places. */
  private static final List<String> HIDDEN_STEPS = List.of("Fetch failed", "Storage failed");

  static SourceInfoJson fromDomain(SourceStatus status) {
    SourceDefinition source = status.definition();
    String kind = source.kind().typeName();
    return new SourceInfoJson(
        source.name().value(),
        kind,
        status.creationType().name(),
        kind,
        filter(source.filter()),
        source.syncInterval().map(SourceInfoJson::goDuration).orElse(null),
        new TreeMap<>(source.claims().values()),
        source.strict(),
        status.sync().map(state -> SyncStatusJson.fromDomain(source, state)).orElse(null),
        time(status.createdAt()),
        time(status.updatedAt()));
  }

  private static Map<String, Object> filter(EntryFilter filter) {
    if (filter.isEmpty()) {
      return null;
    }
    Map<String, Object> names = new LinkedHashMap<>();
    names.put("include", filter.includeNames().stream().map(GlobPattern::glob).toList());
    names.put("exclude", filter.excludeNames().stream().map(GlobPattern::glob).toList());
    Map<String, Object> tags = new LinkedHashMap<>();
    tags.put("include", filter.includeTags().stream().sorted().toList());
    tags.put("exclude", filter.excludeTags().stream().sorted().toList());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("names", names);
    json.put("tags", tags);
    return json;
  }

  /** A duration as Go prints it ({@code 30m0s}, {@code 1h0m0s}, {@code 45s}), as ToolHive does. */
  static String goDuration(Duration duration) {
    if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
      return duration.toMillis() + "ms";
    }
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    String seconds =
        java.math.BigDecimal.valueOf(duration.toSecondsPart())
            .add(java.math.BigDecimal.valueOf(duration.toNanosPart(), 9))
            .stripTrailingZeros()
            .toPlainString();
    if (hours > 0) {
      return hours + "h" + minutes + "m" + seconds + "s";
    }
    return minutes > 0 ? minutes + "m" + seconds + "s" : seconds + "s";
  }

  private static String time(Optional<Instant> instant) {
    return instant.map(Rfc3339::format).orElse(null);
  }

  /**
   * HTTP adapter DTO: ToolHive's {@code syncStatus} fields, plus what Waggle records of every
   * check: what the last one came to ({@code lastResult}: {@code updated}, {@code unchanged} or
   * {@code failed}), the last success, the next attempt and the rejected entries.
   */
  @JsonPropertyOrder({
    "phase",
    "lastResult",
    "lastSyncTime",
    "lastAttempt",
    "lastSuccess",
    "nextAttempt",
    "attemptCount",
    "serverCount",
    "skillCount",
    "pluginCount",
    "rejectedCount",
    "message",
    "rejections"
  })
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SyncStatusJson(
      String phase,
      String lastResult,
      String lastSyncTime,
      String lastAttempt,
      String lastSuccess,
      String nextAttempt,
      int attemptCount,
      int serverCount,
      int skillCount,
      int pluginCount,
      int rejectedCount,
      String message,
      List<RejectionJson> rejections) {

    static SyncStatusJson fromDomain(SourceDefinition source, SyncState state) {
      return new SyncStatusJson(
          state.phase().name().toLowerCase(Locale.ROOT),
          state.lastOutcome().map(o -> o.name().toLowerCase(Locale.ROOT)).orElse(null),
          time(state.lastEnded()),
          time(state.lastAttempt()),
          time(state.lastSuccess()),
          Rfc3339.format(state.nextAttempt()),
          state.attemptCount(),
          state.serverCount(),
          state.skillCount(),
          state.pluginCount(),
          state.rejections().size(),
          shown(source, state),
          state.rejections().stream().map(RejectionJson::fromDomain).toList());
    }

    /**
     * The message, unless it is a failure whose cause names this deployment's files, hosts or paths
     * — the same protection the sync route always had: the server log has the cause, an anonymous
     * caller only learns which step failed. A validation failure names entries of the data, which
     * is kept.
     */
    private static String shown(SourceDefinition source, SyncState state) {
      String message = state.message();
      if (state.lastOutcome().orElse(null) != SyncState.Outcome.FAILED || message == null) {
        return message;
      }
      if (message.startsWith("Validation failed:")) {
        return message;
      }
      String step =
          HIDDEN_STEPS.stream()
              .filter(s -> message.startsWith(s + ":"))
              .findFirst()
              .map(s -> s.toLowerCase(Locale.ROOT))
              .orElse("sync failed");
      return step
          + "; the last good data stays served. The server log has the cause (source "
          + source.name().value()
          + ").";
    }
  }

  /** HTTP adapter DTO: one entry a sync left out, and why. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RejectionJson(int index, String entry, String field, String value, String reason) {
    static RejectionJson fromDomain(EntryRejection rejection) {
      return new RejectionJson(
          rejection.index(),
          rejection.entryName(),
          rejection.field(),
          rejection.value(),
          rejection.reason());
    }
  }
}
