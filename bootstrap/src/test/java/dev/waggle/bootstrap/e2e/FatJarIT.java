package dev.waggle.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waggle.adapters.http.testing.OtlpReceiver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped artefact: {@code java -jar bootstrap/target/waggle.jar}, run as a user would, in a
 * directory with nothing in it.
 */
class FatJarIT {
  private static final Path JAR =
      Path.of(System.getProperty("waggle.jar", "target/waggle.jar")).toAbsolutePath();
  private static final Pattern PUBLIC_URL =
      Pattern.compile("serving the MCP Registry API on (http://[^/ ]+)/");
  private static final Pattern INTERNAL_URL =
      Pattern.compile("Health, readiness and version on (http://[^/ ]+)/health");

  @TempDir Path dir;

  private Process java(List<String> arguments) throws IOException {
    return java(arguments, Map.of());
  }

  private Process java(List<String> arguments, Map<String, String> environment) throws IOException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString()));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("WAGGLE_HOME", dir.resolve("home").toString());
    builder.environment().keySet().removeIf(name -> name.startsWith("THV_REGISTRY_"));
    builder.environment().putAll(environment);
    return builder.start();
  }

  @Test
  void withoutAnyConfigServeStartsTheBundledCatalogOnAnEmbeddedDatabaseAndStopsOnSigterm()
      throws Exception {
    Process serve =
        java(List.of("serve", "--address", "127.0.0.1:0", "--internal-address", "127.0.0.1:0"));
    List<String> log = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> collect(serve, log), "waggle-stderr");
    reader.start();
    try {
      URI publicUrl = awaitUrl(log, PUBLIC_URL, serve);
      URI internalUrl = awaitUrl(log, INTERNAL_URL, serve);
      Api api = new Api(publicUrl);

      assertThat(new Api(internalUrl).ok("/readiness").path("status").asText()).isEqualTo("ready");
      // Both bundled files hold dev.waggle/weather; the default registry lists the curated one
      // first.
      JsonNode curated = api.ok("/v0.1/servers/dev.waggle%2Fweather/versions/latest");
      assertThat(curated.path("server").path("version").asText()).isEqualTo("2.0.1");
      JsonNode community =
          api.ok("/registry/community/v0.1/servers/dev.waggle%2Fweather/versions/latest");
      assertThat(community.path("server").path("version").asText()).isEqualTo("1.5.0");
      assertThat(dir.resolve("home/pg/PG_VERSION")).exists();
    } finally {
      // SIGTERM through the handle: Process.destroy() would also close the log stream we read.
      serve.toHandle().destroy();
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
      reader.join(5_000);
    }
    // Kubernetes and systemd read 143 (the JVM's own status after SIGTERM) as a failure.
    assertThat(serve.exitValue()).as("exit status after SIGTERM").isZero();
    assertThat(log).anyMatch(line -> line.contains("Waggle stopped"));
  }

  @Test
  void ctrlCStopsServeCleanlyWithExitStatusZero() throws Exception {
    Process serve =
        java(List.of("serve", "--address", "127.0.0.1:0", "--internal-address", "127.0.0.1:0"));
    List<String> log = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> collect(serve, log), "waggle-stderr");
    reader.start();
    try {
      awaitUrl(log, PUBLIC_URL, serve);
    } finally {
      // SIGINT is what Ctrl-C sends; Java has no portable call for it.
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(serve.pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
      reader.join(5_000);
    }
    assertThat(serve.exitValue()).as("exit status after SIGINT (the JVM's own: 130)").isZero();
    assertThat(log)
        .anyMatch(line -> line.contains("Embedded PostgreSQL stopped"))
        .anyMatch(line -> line.contains("Waggle stopped"));
  }

  @Test
  void givenAWaggleKilledWithSigkill_whenStartedAgain_thenThePostgresqlItLeftRunningIsStopped()
      throws Exception {
    Process first =
        java(List.of("serve", "--address", "127.0.0.1:0", "--internal-address", "127.0.0.1:0"));
    List<String> firstLog = new CopyOnWriteArrayList<>();
    Thread firstReader = new Thread(() -> collect(first, firstLog), "waggle-stderr-1");
    firstReader.start();
    awaitUrl(firstLog, PUBLIC_URL, first);
    long postmaster =
        Long.parseLong(Files.readAllLines(dir.resolve("home/pg/postmaster.pid")).get(0).strip());
    ProcessHandle orphan = ProcessHandle.of(postmaster).orElseThrow();
    try {
      // SIGKILL: no shutdown hook runs, so nothing stops the PostgreSQL server Waggle started.
      first.destroyForcibly();
      assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
      firstReader.join(5_000);
      assertThat(orphan.isAlive()).as("PostgreSQL outlives a killed JVM").isTrue();

      Process second =
          java(List.of("serve", "--address", "127.0.0.1:0", "--internal-address", "127.0.0.1:0"));
      List<String> log = new CopyOnWriteArrayList<>();
      Thread reader = new Thread(() -> collect(second, log), "waggle-stderr-2");
      reader.start();
      try {
        URI internalUrl = awaitUrl(log, INTERNAL_URL, second);

        assertThat(orphan.isAlive())
            .as("the orphan is stopped before a new server starts")
            .isFalse();
        assertThat(log)
            .anyMatch(
                line ->
                    line.contains("Stopping PostgreSQL (pid " + postmaster + ") left running")
                        && line.contains("by an earlier Waggle"));
        assertThat(new Api(internalUrl).ok("/readiness").path("status").asText())
            .isEqualTo("ready");
      } finally {
        second.toHandle().destroy();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        reader.join(5_000);
      }
      assertThat(second.exitValue()).isZero();
    } finally {
      // Whatever failed above, leave no PostgreSQL behind.
      orphan.destroy();
    }
  }

  @Test
  void aBusyPortStopsServeBeforeTheEmbeddedDatabaseStarts() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String busy = "127.0.0.1:" + taken.getLocalPort();
      Process serve =
          java(List.of("serve", "--address", "127.0.0.1:0", "--internal-address", busy));
      String err = new String(serve.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(serve.exitValue()).isEqualTo(1);
      assertThat(err).contains("--internal-address " + busy + ": the port is already in use");
      assertThat(dir.resolve("home/pg")).doesNotExist();
    }
  }

  @Test
  void versionPrintsJson() throws Exception {
    Process version = java(List.of("version", "--format", "json"));
    String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(version.exitValue()).isZero();
    assertThat(new ObjectMapper().readTree(out).path("version").asText()).isNotBlank();
  }

  @Test
  void validateConfigExitsOneForAnInvalidConfigNamingTheKeyAndTheValue() throws Exception {
    // Every example now runs; a collector written as a URL is the mistake ToolHive's users make.
    String observability =
        Files.readString(Path.of("..", "examples", "config-observability.yaml"))
            .replace(
                "endpoint: otel-collector.observability:4318",
                "endpoint: http://otel-collector.observability:4318");
    Path config = dir.resolve("observe.yaml");
    Files.writeString(config, observability);
    Process validate = java(List.of("validate-config", "--config", config.toString()));
    String out = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(validate.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(validate.exitValue()).isEqualTo(1);
    assertThat(out)
        .contains(
            "error: telemetry.endpoint: must be host:port without a scheme (got"
                + " \"http://otel-collector.observability:4318\")");
  }

  @Test
  void givenATelemetryEndpointAndJsonLogs_whenServing_thenTracesAndMetricsReachTheCollector()
      throws Exception {
    RegistryFiles.registry()
        .server("io.example.jar/traced", "1.0.0", "Traced")
        .writeTo(dir.resolve("registry.json"));
    String traceId = "5b8efff798038103d269b633813fc60c";
    try (OtlpReceiver collector = OtlpReceiver.start()) {
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
          telemetry:
            enabled: true
            serviceName: waggle-jar
            endpoint: "%s"
            insecure: true
            tracing: {enabled: true, sampling: 0.5}
            metrics: {enabled: true}
          """
              .formatted(collector.endpoint()));
      Process serve =
          java(
              List.of(
                  "serve",
                  "--config",
                  config.toString(),
                  "--address",
                  "127.0.0.1:0",
                  "--internal-address",
                  "127.0.0.1:0"),
              Map.of("WAGGLE_LOG_FORMAT", "json"));
      List<String> log = new CopyOnWriteArrayList<>();
      Thread reader = new Thread(() -> collect(serve, log), "waggle-stderr");
      reader.start();
      ObjectMapper json = new ObjectMapper();
      try {
        // JSON writes "/" as "\/": the URL is looked for in the decoded messages.
        List<String> messages = new java.util.ArrayList<>();
        URI publicUrl = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (publicUrl == null && System.nanoTime() < deadline && serve.isAlive()) {
          messages.clear();
          for (String line : log) {
            messages.add(json.readTree(line).path("formattedMessage").asText());
          }
          publicUrl = awaitUrlOrNull(messages, PUBLIC_URL);
          Thread.sleep(100);
        }
        assertThat(publicUrl).as("serving URL in %s", log).isNotNull();
        HttpResponse<String> listed =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(publicUrl.resolve("/v0.1/servers"))
                        .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
                        .timeout(java.time.Duration.ofSeconds(10))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).isEqualTo(200);
      } finally {
        serve.toHandle().destroy();
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
        reader.join(5_000);
      }

      assertThat(collector.spans())
          .anySatisfy(
              span -> {
                assertThat(span.getName()).isEqualTo("GET /v0.1/servers");
                assertThat(OtlpReceiver.hex(span.getTraceId())).isEqualTo(traceId);
              });
      assertThat(collector.traceResource()).containsEntry("service.name", "waggle-jar");
      assertThat(collector.metrics())
          .extracting(io.opentelemetry.proto.metrics.v1.Metric::getName)
          .contains("stacklok.registry.http.requests", "waggle.catalog.versions");
      // Every line on stderr is one JSON object, for a log pipeline to parse.
      assertThat(log)
          .isNotEmpty()
          .allSatisfy(
              line ->
                  assertThat(json.readTree(line).path("formattedMessage").isTextual()).isTrue());
    }
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

  private static URI awaitUrlOrNull(List<String> messages, Pattern pattern) {
    for (String message : messages) {
      Matcher matcher = pattern.matcher(message);
      if (matcher.find()) {
        return URI.create(matcher.group(1));
      }
    }
    return null;
  }

  private static URI awaitUrl(List<String> log, Pattern pattern, Process process)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      for (String line : log) {
        Matcher matcher = pattern.matcher(line);
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
