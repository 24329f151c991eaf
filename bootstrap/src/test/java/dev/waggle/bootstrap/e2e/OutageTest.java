package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.WaggleConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault tests of the assembled server: the database stops under it, its embedded postmaster is
 * killed, or more requests arrive than can be served. The catalog keeps being read from this
 * replica's snapshot; what needs the database is a fast 503 with {@code Retry-After}, never a 500,
 * and Waggle recovers without being restarted.
 */
class OutageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  /** One answer with what these tests look at. */
  record Answer(int status, String contentType, String retryAfter, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  static Answer get(URI base, String pathAndQuery) {
    return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET());
  }

  static Answer post(URI base, String path) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          CLIENT.send(
              request.timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("content-type").orElse(""),
          response.headers().firstValue("retry-after").orElse(null),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private WaggleConfig config(String databaseBlock, Map<String, String> env, String interval) {
    return new ConfigLoader(env, dir, dir)
        .parse(
            """
            sources:
              - {name: local, file: {path: catalog.json}, syncPolicy: {interval: %s}}
            registries:
              - {name: default, sources: [local]}
            auth: {mode: anonymous}
            %s
            """
                .formatted(interval, databaseBlock))
        .orElseThrow();
  }

  private Launcher.Options options() {
    return LoopbackLaunch.options(dir.resolve("home"));
  }

  private static List<String> names(Answer answer) {
    List<String> names = new ArrayList<>();
    answer.json().path("servers").forEach(s -> names.add(s.path("server").path("name").asText()));
    return names;
  }

  @Test
  void givenADatabaseThatStopsAndComesBack_whenServing_thenTheCatalogStaysServedAndSyncs503()
      throws Exception {
    registry()
        .server("io.example/before", "1.0.0", "Synced before the outage")
        .writeTo(dir.resolve("catalog.json"));
    Path data = dir.resolve("external-pg");
    EmbeddedPostgres database =
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .start();
    int port = database.getPort();
    String block =
        """
        database: {host: localhost, port: %d, database: postgres, user: postgres, \
        sslMode: disable}
        """
            .formatted(port);
    try (Launcher waggle = Launcher.start(config(block, Map.of(), "1s"), options())) {
      URI api = waggle.publicUrl();
      URI internal = waggle.internalUrl();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> names(get(api, "/v0.1/servers")).contains("io.example/before"));

      database.close();
      // Reads come from this replica's snapshot: the last synced catalog stays served.
      Answer read = get(api, "/v0.1/servers");
      assertThat(read.status()).isEqualTo(200);
      assertThat(names(read)).contains("io.example/before");
      long start = System.nanoTime();
      Answer down = post(api, "/v1/sources/local/sync");
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(down.status()).isEqualTo(503);
      assertThat(down.retryAfter()).isNotBlank();
      assertThat(down.contentType()).isEqualTo("application/problem+json");
      assertThat(down.json().path("status").asInt()).isEqualTo(503);
      // The pool's wait for a connection (1 s), not its former 10 s.
      assertThat(took).isLessThan(Duration.ofSeconds(5));
      assertThat(get(internal, "/readiness").status()).isEqualTo(503);
      assertThat(get(internal, "/health").status()).isEqualTo(200);

      // Changed while the database is down: only a sync after the recovery can serve it.
      registry()
          .server("io.example/before", "1.0.0", "Synced before the outage")
          .server("io.example/after", "1.0.0", "Synced after the outage")
          .writeTo(dir.resolve("catalog.json"));
      database =
          EmbeddedPostgres.builder()
              .setDataDirectory(data)
              .setCleanDataDirectory(false)
              .setRegisterShutdownHook(false)
              .setPort(port)
              .start();

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> names(get(api, "/v0.1/servers")).contains("io.example/after"));
      assertThat(get(internal, "/readiness").status()).isEqualTo(200);
    } finally {
      database.close();
    }
  }

  @Test
  void givenTheEmbeddedPostmasterIsKilled_whenServing_thenWaggleRestartsItAndServesAgain()
      throws Exception {
    registry()
        .server("io.example/kept", "1.0.0", "Kept across the crash")
        .writeTo(dir.resolve("catalog.json"));
    try (Launcher waggle = Launcher.start(config("", Map.of(), "1h"), options())) {
      URI api = waggle.publicUrl();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> names(get(api, "/v0.1/servers")).contains("io.example/kept"));
      Path pidFile = dir.resolve("home/pg/postmaster.pid");
      String pid = Files.readAllLines(pidFile).get(0).strip();

      Process kill = new ProcessBuilder("kill", "-KILL", pid).start();
      assertThat(kill.waitFor()).isZero();

      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () -> {
                Answer answer = get(api, "/v0.1/servers");
                // While it is down: a 503 to retry, never a 500 (the snapshot answers 200).
                assertThat(answer.status()).isIn(200, 503);
                assertThat(names(answer)).contains("io.example/kept");
                // Reads do not need the database; readiness does, so it says when it is back.
                assertThat(get(waggle.internalUrl(), "/readiness").status()).isEqualTo(200);
                assertThat(Files.readAllLines(pidFile).get(0).strip()).isNotEqualTo(pid);
              });
      assertThat(Files.readAllLines(pidFile).get(0).strip()).isNotEqualTo(pid);
      assertThat(get(waggle.internalUrl(), "/health").status()).isEqualTo(200);
      assertThat(get(waggle.internalUrl(), "/readiness").status()).isEqualTo(200);
    }
  }

  @Test
  @SuppressWarnings("try") // the squatter only has to hold the port while Waggle fails
  void givenTheEmbeddedPostmasterCannotBeStartedAgain_whenItDies_thenWaggleStopsSayingWhy()
      throws Exception {
    registry()
        .server("io.example/kept", "1.0.0", "Served until the database is gone for good")
        .writeTo(dir.resolve("catalog.json"));
    Launcher waggle = Launcher.start(config("", Map.of(), "1h"), options());
    try {
      URI api = waggle.publicUrl();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> names(get(api, "/v0.1/servers")).contains("io.example/kept"));
      List<String> pidFile = Files.readAllLines(dir.resolve("home/pg/postmaster.pid"));
      int port = Integer.parseInt(pidFile.get(3).strip());

      Process kill = new ProcessBuilder("kill", "-KILL", pidFile.get(0).strip()).start();
      assertThat(kill.waitFor()).isZero();
      // Another process takes the port the moment the server is gone: no restart can succeed.
      try (ServerSocket squatter = bindWhenFree(port)) {
        CompletableFuture<Void> stopped =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    waggle.awaitStop();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });

        // Not a live process that can no longer serve: it stops, and serve exits 1 with this.
        stopped.get(120, TimeUnit.SECONDS);
        assertThat(waggle.failure())
            .hasValueSatisfying(reason -> assertThat(reason).contains("could not be restarted"));
      }
    } finally {
      waggle.close();
    }
  }

  private static ServerSocket bindWhenFree(int port) throws Exception {
    for (int i = 0; i < 500; i++) {
      try {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        return socket;
      } catch (IOException stillBound) {
        Thread.sleep(10);
      }
    }
    throw new IllegalStateException("port " + port + " never became free");
  }

  @Test
  void givenManyHeavyRequestsAtOnce_whenTheyExceedTheDatabasePool_thenEveryOneIsServedFromMemory()
      throws Exception {
    RegistryFiles catalog = registry();
    for (int i = 0; i < 1500; i++) {
      catalog.server("io.example/server-" + i, "1.0.0", "Server number " + i);
    }
    catalog.writeTo(dir.resolve("catalog.json"));
    DatabaseBlock database = DatabaseBlock.fresh();
    try (Launcher waggle =
        Launcher.start(config(database.yaml(), database.env(), "1h"), options())) {
      URI api = waggle.publicUrl();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> names(get(api, "/v0.1/servers?limit=5")).size() == 5);

      List<CompletableFuture<Answer>> heavy =
          IntStream.range(0, 150)
              .mapToObj(
                  i -> CompletableFuture.supplyAsync(() -> get(api, "/v0.1/servers?limit=1000")))
              .toList();
      List<Answer> answers = heavy.stream().map(CompletableFuture::join).toList();

      // Far more than the pool's four connections, and none of them needs one: pages come from
      // the snapshot, so none is shed and none fails.
      assertThat(answers).extracting(Answer::status).containsOnly(200);
      assertThat(answers).allSatisfy(answer -> assertThat(names(answer)).hasSize(1000));
      assertThat(get(api, "/v0.1/servers?limit=5").status()).isEqualTo(200);
    }
  }
}
