package dev.waggle.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Tracer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Test harness: the real {@link HttpApi} on free loopback ports, in front of port fakes. */
final class RunningApi implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final FakeBrowseCatalog catalog;
  final FakeCheckReadiness readiness = new FakeCheckReadiness();
  final FakeTriggerSync sync = new FakeTriggerSync();
  final FakeBrowseExtensions extensions = new FakeBrowseExtensions();
  final FakePublishEntries entries = new FakePublishEntries();
  final HttpApi api;

  /** The metrics kept, when this API was started with them. */
  final Optional<PrometheusMetrics> metrics;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  RunningApi(FakeBrowseCatalog catalog) {
    this(catalog, HttpSettings.DEFAULT_MAX_DATABASE_REQUESTS);
  }

  /** With at most {@code maxDatabaseRequests} requests to the catalog in flight at once. */
  RunningApi(FakeBrowseCatalog catalog, int maxDatabaseRequests) {
    this(catalog, maxDatabaseRequests, AuthSettings.ANONYMOUS);
  }

  /** With callers identified as {@code auth} says. */
  RunningApi(FakeBrowseCatalog catalog, AuthSettings auth) {
    this(catalog, HttpSettings.DEFAULT_MAX_DATABASE_REQUESTS, auth);
  }

  private RunningApi(FakeBrowseCatalog catalog, int maxDatabaseRequests, AuthSettings auth) {
    this(catalog, maxDatabaseRequests, auth, false);
  }

  /** With metrics kept and served at {@code GET /metrics} on the internal listener. */
  static RunningApi withMetrics(FakeBrowseCatalog catalog, int maxDatabaseRequests) {
    return new RunningApi(catalog, maxDatabaseRequests, AuthSettings.ANONYMOUS, true);
  }

  /** With callers identified as {@code auth} says and the audit trail recording as told. */
  static RunningApi withAudit(FakeBrowseCatalog catalog, AuthSettings auth, AuditSettings audit) {
    return new RunningApi(
        catalog,
        HttpSettings.DEFAULT_MAX_DATABASE_REQUESTS,
        auth,
        Optional.empty(),
        Optional.empty(),
        audit);
  }

  private RunningApi(
      FakeBrowseCatalog catalog, int maxDatabaseRequests, AuthSettings auth, boolean metrics) {
    this(
        catalog,
        maxDatabaseRequests,
        auth,
        metrics ? Optional.of(new PrometheusMetrics(BUILD)) : Optional.empty(),
        Optional.empty(),
        AuditSettings.DISABLED);
  }

  static final BuildInfo BUILD = new BuildInfo("1.2.3", "abc1234", "2026-11-22");

  /** With the metrics and tracing {@code telemetry} keeps. */
  static RunningApi withTelemetry(FakeBrowseCatalog catalog, Telemetry telemetry) {
    return new RunningApi(
        catalog,
        HttpSettings.DEFAULT_MAX_DATABASE_REQUESTS,
        AuthSettings.ANONYMOUS,
        telemetry.metrics(),
        telemetry.tracer(),
        AuditSettings.DISABLED);
  }

  private RunningApi(
      FakeBrowseCatalog catalog,
      int maxDatabaseRequests,
      AuthSettings auth,
      Optional<PrometheusMetrics> metrics,
      Optional<Tracer> tracer,
      AuditSettings audit) {
    this.catalog = catalog;
    BuildInfo build = BUILD;
    this.metrics = metrics;
    // No graceful stop: the tests leave no request in flight, and waiting would slow every class.
    this.api =
        new HttpApi(
            new HttpSettings(
                "localhost:0",
                "127.0.0.1:0",
                build,
                maxDatabaseRequests,
                auth,
                metrics.isPresent(),
                audit),
            new HttpApi.UseCases(
                catalog, readiness, sync, sync, extensions, entries, Optional.empty()),
            Optional.empty(),
            Duration.ZERO,
            this.metrics,
            tracer);
    api.start();
  }

  /** GET on the public listener; {@code rawPath} goes on the wire exactly as written. */
  HttpResponse<String> get(String rawPath) {
    return send(HttpRequest.newBuilder(publicUri(rawPath)).GET());
  }

  /** GET on the public listener with {@code Authorization: Bearer <token>}. */
  HttpResponse<String> get(String rawPath, String token) {
    return send(
        HttpRequest.newBuilder(publicUri(rawPath))
            .GET()
            .header("Authorization", "Bearer " + token));
  }

  /** Any method on the public listener with a JSON body, and a bearer token unless null. */
  HttpResponse<String> send(String method, String rawPath, String json, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(publicUri(rawPath))
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request);
  }

  HttpResponse<String> getInternal(String rawPath) {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.internalPort() + rawPath))
            .GET());
  }

  URI publicUri(String rawPath) {
    return URI.create("http://127.0.0.1:" + api.publicPort() + rawPath);
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(
          request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends a GET over a plain socket, for request targets {@link URI} refuses to build (a malformed
   * escape such as {@code %zz}).
   */
  RawResponse rawGet(String requestTarget) {
    return raw("GET", requestTarget, "");
  }

  /**
   * Sends any method over a plain socket, as a WebDAV client or a scanner would; {@code
   * extraHeaders} are complete header lines, each ending in CRLF.
   */
  RawResponse raw(String method, String requestTarget, String extraHeaders) {
    try (Socket socket = new Socket("127.0.0.1", api.publicPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          (method
                  + " "
                  + requestTarget
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                  + extraHeaders
                  + "\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int headerEnd = response.indexOf("\r\n\r\n");
      String[] head = response.substring(0, headerEnd).split("\r\n");
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int i = 1; i < head.length; i++) {
        int colon = head[i].indexOf(':');
        headers.put(head[i].substring(0, colon).trim(), head[i].substring(colon + 1).trim());
      }
      return new RawResponse(
          Integer.parseInt(head[0].split(" ")[1]), headers, response.substring(headerEnd + 4));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A response read off the socket; the body is whole because the connection is closed after. */
  record RawResponse(int status, Map<String, String> headers, String body) {}

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  @Override
  public void close() {
    api.close();
  }
}
