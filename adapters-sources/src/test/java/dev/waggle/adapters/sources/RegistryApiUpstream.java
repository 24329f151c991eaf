package dev.waggle.adapters.sources;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.waggle.domain.catalog.OfficialMeta;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Test fixture: an MCP Registry API upstream on loopback — {@code GET {base}/v0.1/servers} with
 * cursor paging, {@code updated_since} (which also lists deleted versions) and the official {@code
 * _meta} block — that can be told to answer the next requests with failures or slowly.
 */
final class RegistryApiUpstream implements AutoCloseable {
  /** One version as the upstream stores it. */
  record Version(
      String name,
      String version,
      String description,
      String status,
      Instant publishedAt,
      Instant updatedAt,
      boolean latest) {}

  /** A scripted answer to one coming request. */
  record Fault(int status, Optional<String> retryAfter, Duration delay, String body) {
    static Fault status(int status) {
      return new Fault(status, Optional.empty(), Duration.ZERO, "");
    }

    static Fault retryAfter(int status, String retryAfter) {
      return new Fault(status, Optional.of(retryAfter), Duration.ZERO, "");
    }

    static Fault slow(Duration delay) {
      return new Fault(200, Optional.empty(), delay, null);
    }

    static Fault html() {
      return new Fault(200, Optional.empty(), Duration.ZERO, "<!doctype html><title>Docs</title>");
    }
  }

  /** A request as received, with when. */
  record Request(String query, long nanos) {}

  private final String basePath;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final Map<String, Version> versions = new LinkedHashMap<>();
  private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private Instant clock = Instant.parse("2026-10-01T00:00:00Z");

  RegistryApiUpstream(String basePath) throws IOException {
    this.basePath = basePath;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** The endpoint to configure: scheme, host, port and the base path. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + basePath);
  }

  synchronized Instant tick() {
    clock = clock.plusSeconds(60);
    return clock;
  }

  synchronized RegistryApiUpstream put(String name, String version, String description) {
    return put(name, version, description, "active");
  }

  synchronized RegistryApiUpstream put(
      String name, String version, String description, String status) {
    Instant now = tick();
    Version old = versions.get(name + " " + version);
    versions.put(
        name + " " + version,
        new Version(
            name, version, description, status, old == null ? now : old.publishedAt(), now, true));
    return this;
  }

  /** Sets the upstream's own {@code isLatest} of one version, as an upstream's curator might. */
  synchronized RegistryApiUpstream markLatest(String name, String version, boolean latest) {
    Version old = versions.get(name + " " + version);
    versions.put(
        name + " " + version,
        new Version(
            name, version, old.description(), old.status(), old.publishedAt(), tick(), latest));
    return this;
  }

  void fail(Fault... next) {
    faults.addAll(List.of(next));
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
      requests.add(new Request(query, System.nanoTime()));
      if (!exchange.getRequestURI().getPath().equals(basePath + "/v0.1/servers")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      Fault fault = faults.poll();
      if (fault != null) {
        sleep(fault.delay());
        if (fault.body() != null) {
          fault.retryAfter().ifPresent(v -> exchange.getResponseHeaders().add("Retry-After", v));
          byte[] body = fault.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html");
          exchange.sendResponseHeaders(fault.status(), body.length == 0 ? -1 : body.length);
          if (body.length > 0) {
            exchange.getResponseBody().write(body);
          }
          return;
        }
      }
      byte[] body = page(parameters(query)).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private synchronized String page(Map<String, String> parameters) {
    int limit = Integer.parseInt(parameters.getOrDefault("limit", "30"));
    int offset = Integer.parseInt(parameters.getOrDefault("cursor", "0"));
    Optional<Instant> since =
        Optional.ofNullable(parameters.get("updated_since")).map(Instant::parse);
    List<Version> listed = new ArrayList<>();
    versions.values().stream()
        .filter(v -> since.map(t -> v.updatedAt().isAfter(t)).orElse(!v.status().equals("deleted")))
        .sorted(Comparator.comparing(Version::name).thenComparing(Version::version))
        .forEach(listed::add);
    ObjectNode root = JsonDocuments.NODES.objectNode();
    ArrayNode servers = root.putArray("servers");
    for (Version v : listed.subList(offset, Math.min(listed.size(), offset + limit))) {
      ObjectNode item = servers.addObject();
      ObjectNode server = item.putObject("server");
      server.put(
          "$schema",
          "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json");
      server.put("name", v.name());
      server.put("description", v.description());
      server.put("version", v.version());
      ObjectNode official = item.putObject("_meta").putObject(OfficialMeta.KEY);
      official.put("status", v.status());
      official.put("publishedAt", v.publishedAt().toString());
      official.put("updatedAt", v.updatedAt().toString());
      official.put("isLatest", v.latest());
    }
    ObjectNode metadata = root.putObject("metadata");
    metadata.put("count", servers.size());
    if (offset + limit < listed.size()) {
      metadata.put("nextCursor", Integer.toString(offset + limit));
    }
    return JsonDocuments.compact(root);
  }

  private static Map<String, String> parameters(String query) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        parameters.put(
            pair.substring(0, eq),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return parameters;
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
