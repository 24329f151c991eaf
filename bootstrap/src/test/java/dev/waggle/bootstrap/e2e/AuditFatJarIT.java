package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar with {@code audit.enabled: true} and a {@code logFile}: it starts, and the
 * requests it answers, an on-demand sync among them, reach the file as JSON lines, filtered as
 * configured, and the file is owner-only.
 */
class AuditFatJarIT {
  private static final Path JAR =
      Path.of(System.getProperty("waggle.jar", "target/waggle.jar")).toAbsolutePath();
  private static final Pattern PUBLIC_URL =
      Pattern.compile("serving the MCP Registry API on (http://[^/ ]+)/");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void givenAuditToALogFile_whenTheJarServes_thenItsEventsAreThereAndTheFileIsOwnerOnly()
      throws Exception {
    registry()
        .server("io.example.audit/one", "1.0.0", "First")
        .writeTo(dir.resolve("registry.json"));
    Path auditLog = dir.resolve("logs/audit.log");
    Files.createDirectories(auditLog.getParent());
    Path config = dir.resolve("config.yaml");
    Files.writeString(
        config,
        """
        sources:
          - name: catalog
            file: {path: registry.json}
            syncPolicy: {interval: 30m}
        registries:
          - {name: default, sources: [catalog]}
        auth: {mode: anonymous}
        audit:
          enabled: true
          excludeEventTypes: [source.read]
          logFile: %s
        """
            .formatted(auditLog));

    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "serve",
                "--config",
                config.toString(),
                "--address",
                "127.0.0.1:0",
                "--internal-address",
                "127.0.0.1:0")
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("stdout.txt").toFile());
    builder.environment().put("WAGGLE_HOME", dir.resolve("home").toString());
    builder.environment().keySet().removeIf(name -> name.startsWith("THV_REGISTRY_"));
    Process serve = builder.start();
    List<String> log = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> collect(serve, log), "waggle-stderr");
    reader.start();
    try {
      Api api = new Api(awaitUrl(log, serve));
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(api.ok("/v0.1/servers").get("servers").size()).isEqualTo(1));
      Api.Reply sync = api.post("/v1/sources/catalog/sync");
      assertThat(sync.status()).isEqualTo(202);
      assertThat(api.get("/v1/sources/catalog").status()).isEqualTo(200);

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(events(auditLog))
                      .extracting(e -> e.get("type").asText())
                      .contains("server.list", "source.sync"));
      List<JsonNode> events = events(auditLog);
      assertThat(events).allMatch(e -> e.get("level").asText().equals("AUDIT"));
      assertThat(events).noneMatch(e -> e.get("type").asText().equals("source.read"));
      JsonNode synced =
          events.stream()
              .filter(e -> e.get("type").asText().equals("source.sync"))
              .findFirst()
              .orElseThrow();
      assertThat(synced.get("outcome").asText()).isEqualTo("success");
      assertThat(synced.at("/target/resource_name").asText()).isEqualTo("catalog");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(auditLog)))
          .isEqualTo("rw-------");
    } finally {
      serve.toHandle().destroy();
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
      reader.join(5_000);
    }
    assertThat(serve.exitValue()).isZero();
    // The events went to the file, not to standard output.
    assertThat(Files.readString(dir.resolve("stdout.txt"))).doesNotContain("audit_event");
  }

  private static List<JsonNode> events(Path file) {
    List<JsonNode> events = new ArrayList<>();
    try {
      if (!Files.exists(file)) {
        return events;
      }
      for (String line : Files.readAllLines(file)) {
        events.add(JSON.readTree(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return events;
  }

  private static void collect(Process process, List<String> log) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        log.add(line);
      }
    } catch (IOException e) {
      log.add("(stderr closed: " + e.getMessage() + ")");
    }
  }

  private static URI awaitUrl(List<String> log, Process process) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      for (String line : log) {
        Matcher matcher = PUBLIC_URL.matcher(line);
        if (matcher.find()) {
          return URI.create(matcher.group(1));
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "waggle exited with " + process.exitValue() + ":\n" + String.join("\n", log));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("waggle did not start in time:\n" + String.join("\n", log));
  }
}
