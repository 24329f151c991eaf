package dev.waggle.adapters.k8s;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test double of a running registry server's API, over real HTTP on loopback: answers a sync
 * request ({@code POST /v1/sources/{name}/sync}) with a chosen status and, like Waggle, a {@code
 * Location} to follow; the source's status there ({@code GET /v1/sources/{name}}) says {@code
 * syncing} for as many reads as chosen, then what the sync came to. It can ask for a bearer token,
 * as a registry in {@code auth.mode: oauth} does, and keeps the {@code Authorization} header of
 * each request.
 */
public final class RegistryApiStandIn implements AutoCloseable {
  private static final Pattern SYNC = Pattern.compile("/v1/sources/([^/]+)/sync");
  private static final Pattern SOURCE = Pattern.compile("/v1/sources/([^/]+)");

  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile String requiredToken;
  private volatile boolean forbidden;
  private final Map<String, Integer> readsLeft = new ConcurrentHashMap<>();
  private volatile int status = 202;
  private volatile int syncingReads = 0;
  private volatile String finalStatus = "{\"phase\":\"complete\",\"lastResult\":\"updated\"}";

  private RegistryApiStandIn(HttpServer server) {
    this.server = server;
  }

  public static RegistryApiStandIn start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    RegistryApiStandIn standIn = new RegistryApiStandIn(server);
    server.createContext("/", standIn::answer);
    server.start();
    return standIn;
  }

  private void answer(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    requests.add(method + " " + exchange.getRequestURI());
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    authorizations.add(authorization == null ? "" : authorization);
    if (requiredToken != null && !("Bearer " + requiredToken).equals(authorization)) {
      exchange
          .getResponseHeaders()
          .add(
              "WWW-Authenticate",
              "Bearer realm=\"mcp-registry\", error=\"invalid_token\","
                  + " error_description=\"token validation failed: audience not accepted\"");
      exchange.sendResponseHeaders(401, -1);
      exchange.close();
      return;
    }
    if (forbidden) {
      exchange.sendResponseHeaders(403, -1);
      exchange.close();
      return;
    }
    Matcher sync = SYNC.matcher(path);
    Matcher source = SOURCE.matcher(path);
    if (method.equals("POST") && sync.matches()) {
      if (status == 202) {
        readsLeft.putIfAbsent(sync.group(1), syncingReads);
        exchange.getResponseHeaders().add("Location", "/v1/sources/" + sync.group(1));
      }
      exchange.sendResponseHeaders(status, -1);
    } else if (method.equals("GET") && source.matches()) {
      String name = source.group(1);
      int left = readsLeft.getOrDefault(name, 0);
      String syncStatus;
      if (left > 0) {
        readsLeft.put(name, left - 1);
        syncStatus = "{\"phase\":\"syncing\"}";
      } else {
        readsLeft.remove(name);
        syncStatus = finalStatus;
      }
      byte[] body =
          ("{\"name\":\"" + name + "\",\"syncStatus\":" + syncStatus + "}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } else {
      exchange.sendResponseHeaders(404, -1);
    }
    exchange.close();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every request so far, as {@code METHOD path}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** The sync requests so far, as {@code POST path}. */
  public List<String> syncRequests() {
    return requests.stream().filter(r -> r.startsWith("POST ")).toList();
  }

  /** The status reads so far, as {@code GET path}. */
  public List<String> statusReads() {
    return requests.stream().filter(r -> r.startsWith("GET ")).toList();
  }

  /** The {@code Authorization} header of every request so far, empty where there was none. */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  /** Answers 401 with an RFC 6750 challenge unless a request carries this bearer token. */
  public void requireToken(String token) {
    this.requiredToken = token;
  }

  /** Answers 403 to every request a token let through, as a caller without the role gets. */
  public void forbid() {
    this.forbidden = true;
  }

  /** The status a sync request is answered with; 202 comes with a {@code Location}. */
  public void answerWith(int httpStatus) {
    this.status = httpStatus;
  }

  /** How many reads of a source's status say {@code syncing} after each sync request. */
  public void syncingFor(int reads) {
    this.syncingReads = reads;
  }

  /** Syncs end failed, with this message, instead of updated. */
  public void failWith(String message) {
    this.finalStatus =
        "{\"phase\":\"failed\",\"lastResult\":\"failed\",\"message\":\"" + message + "\"}";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
