package dev.waggle.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.adapters.http.AuditSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code audit} block as the HTTP adapter receives it, and its mistakes named by key. */
class AuditConfigTest {
  private static final String HEAD =
      """
      sources:
        - {name: local, file: {path: catalog.json}, syncPolicy: {interval: 5m}}
      registries:
        - {name: default, sources: [local]}
      auth: {mode: anonymous}
      """;

  @TempDir Path dir;

  private ConfigResult load(String audit) {
    return new ConfigLoader(Map.of(), dir, dir.resolve("home")).parse(HEAD + audit);
  }

  private static List<String> errors(ConfigResult result) {
    return result.errors().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void everyToolHiveKeyReachesTheHttpAdapter() {
    ConfigResult result =
        load(
            """
            audit:
              enabled: true
              eventTypes: [source.create, source.update, auth.unauthenticated]
              excludeEventTypes: [server.list]
              includeRequestData: true
              maxDataSize: 4096
              logFile: %s
            """
                .formatted(dir.resolve("audit.log")));

    assertThat(errors(result)).isEmpty();
    assertThat(result.orElseThrow().audit())
        .isEqualTo(
            new AuditSettings(
                true,
                Set.of("source.create", "source.update", "auth.unauthenticated"),
                Set.of("server.list"),
                true,
                4096,
                Optional.of(dir.resolve("audit.log"))));
  }

  @Test
  void withoutABlockOrWithOnlyEnabledTheDefaultsOfToolHiveApply() {
    assertThat(load("").orElseThrow().audit()).isEqualTo(AuditSettings.DISABLED);
    AuditSettings enabled = load("audit: {enabled: true}").orElseThrow().audit();
    assertThat(enabled.enabled()).isTrue();
    assertThat(enabled.maxDataSize()).isEqualTo(1024);
    assertThat(enabled.includeRequestData()).isFalse();
    assertThat(enabled.logFile()).isEmpty();
  }

  @Test
  void anUnknownEventTypeIsAnErrorNamingItAndTheNameMeant() {
    ConfigResult result =
        load(
            "audit: {enabled: true, eventTypes: [server.list, sourse.create], excludeEventTypes: [everything]}");

    assertThat(errors(result))
        .containsExactly(
            "audit.eventTypes[1]: unknown event type \"sourse.create\"; did you mean"
                + " \"source.create\"?",
            "audit.excludeEventTypes[0]: unknown event type \"everything\"; the event types are "
                + String.join(", ", new java.util.TreeSet<>(AuditSettings.EVENT_TYPES)));
  }

  @Test
  void aLogFileInADirectoryThatDoesNotExistIsRefused() {
    ConfigResult result =
        load("audit: {enabled: true, logFile: " + dir.resolve("missing/audit.log") + "}");

    assertThat(errors(result))
        .containsExactly(
            "audit.logFile: its directory "
                + dir.resolve("missing")
                + " does not exist (got \""
                + dir.resolve("missing/audit.log")
                + "\")");
  }

  @Test
  void aMaxDataSizeOverOneMebibyteOrAMisspeltKeyIsNamed() {
    ConfigResult result = load("audit: {enabled: true, maxDataSize: 2000000, logfile2: x}");

    assertThat(errors(result))
        .containsExactlyInAnyOrder(
            "audit.maxDataSize: must not exceed 1048576 bytes (got 2000000)",
            "audit.logfile2: unknown key; did you mean 'logFile'?");
  }
}
