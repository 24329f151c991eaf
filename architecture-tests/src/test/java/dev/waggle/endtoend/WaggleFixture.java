package dev.waggle.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waggle.adapters.postgres.PostgresSettings;
import dev.waggle.adapters.postgres.testing.EmbeddedPostgresFixture;
import dev.waggle.bootstrap.BuildMetadata;
import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.ConfigResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test fixture: Waggle as its users run it — a {@code config.yaml} (its {@code database} block
 * pointing at a fresh database on the shared embedded PostgreSQL, passwords through the environment
 * as a Kubernetes secret would pass them) given to the real launcher, on free loopback ports — and
 * an HTTP client per caller. Suites add their own sources, registries and {@code auth} block to the
 * config, and their own registry files to {@link #dir()}.
 */
final class WaggleFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern JDBC_URL =
      Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+).*");

  private final Path dir;
  private final Launcher launcher;

  private WaggleFixture(Path dir, Launcher launcher) {
    this.dir = dir;
    this.launcher = launcher;
  }

  /**
   * Starts Waggle from {@code config} (everything but the {@code database} block), run from {@code
   * dir} so that relative file paths resolve there.
   */
  static WaggleFixture start(Path dir, String config) {
    PostgresSettings database = EmbeddedPostgresFixture.freshDatabase();
    Matcher url = JDBC_URL.matcher(database.jdbcUrl());
    assertThat(url.matches()).as("JDBC URL %s", database.jdbcUrl()).isTrue();
    String databaseBlock =
        """
        database:
          host: %s
          port: %s
          database: %s
          user: %s
          migrationUser: %s
          sslMode: disable
          maxOpenConns: 4
        """
            .formatted(
                url.group(1),
                url.group(2),
                url.group(3),
                database.user(),
                database.migrationUser());
    Map<String, String> env =
        Map.of(
            "THV_REGISTRY_DATABASE_PASSWORD", database.password(),
            "THV_REGISTRY_DATABASE_MIGRATIONPASSWORD", database.migrationPassword());
    ConfigResult result =
        new ConfigLoader(env, dir, dir.resolve("home")).parse(config + databaseBlock);
    assertThat(result.errors()).as("config errors").isEmpty();
    Launcher launcher =
        Launcher.start(
            result.orElseThrow(),
            new Launcher.Options(
                "127.0.0.1:0",
                "127.0.0.1:0",
                dir.resolve("waggle-home"),
                Duration.ofMillis(200),
                BuildMetadata.current()));
    return new WaggleFixture(dir, launcher);
  }

  Path dir() {
    return dir;
  }

  /** A client of the public listener that sends no token. */
  Client anonymous() {
    return new Client(launcher.publicUrl(), null);
  }

  /** A client of the public listener that sends {@code token} with every request. */
  Client as(String token) {
    return new Client(launcher.publicUrl(), token);
  }

  /** A client of the internal listener (health, readiness, version, metrics). */
  Client internal() {
    return new Client(launcher.internalUrl(), null);
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    launcher.close();
  }

  /** One answer: the status and the body, parsed when it is JSON. */
  record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    String error() {
      return body == null ? null : body.path("error").asText(null);
    }
  }

  /** HTTP as any registry client speaks it. */
  static final class Client {
    private final URI base;
    private final String token;

    Client(URI base, String token) {
      this.base = base;
      this.token = token;
    }

    Reply get(String pathAndQuery) {
      return send("GET", pathAndQuery, null);
    }

    Reply post(String path, String json) {
      return send("POST", path, json);
    }

    Reply put(String path, String json) {
      return send("PUT", path, json);
    }

    Reply delete(String path) {
      return send("DELETE", path, null);
    }

    Reply send(String method, String pathAndQuery, String json) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + pathAndQuery))
              .timeout(Duration.ofSeconds(30))
              .method(
                  method,
                  json == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(json));
      if (json != null) {
        request.header("Content-Type", "application/json");
      }
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      try {
        HttpResponse<String> response =
            CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = null;
        if (response.headers().firstValue("content-type").orElse("").contains("json")
            && !response.body().isEmpty()) {
          body = JSON.readTree(response.body());
        }
        return new Reply(response.statusCode(), body, response);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
