package dev.waggle.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: a plain HTTP client for one Waggle listener, as any MCP registry client would be.
 */
final class Api {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI base;

  Api(URI base) {
    this.base = base;
  }

  /** One response: status, content type, {@code Location} (or empty) and the parsed body. */
  record Reply(int status, String contentType, String location, JsonNode body) {
    Reply(int status, String contentType, JsonNode body) {
      this(status, contentType, "", body);
    }
  }

  Reply get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET());
  }

  Reply post(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** Any method with a JSON body, or none when {@code json} is null. */
  Reply send(String method, String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json)));
  }

  /**
   * The status of a request that announces a body of {@code length} bytes and sends none of it: for
   * a refusal by size, which the server answers and closes on before reading the body (a client
   * still writing the body could see the close before the answer).
   */
  int announce(String method, String path, long length) {
    String head =
        method
            + " "
            + base.getRawPath()
            + path
            + " HTTP/1.1\r\nHost: "
            + base.getHost()
            + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
            + length
            + "\r\n\r\n";
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return Integer.parseInt(answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          CLIENT.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
      return new Reply(
          response.statusCode(),
          response.headers().firstValue("content-type").orElse(""),
          response.headers().firstValue("location").orElse(""),
          body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Asks for an on-demand sync of {@code source} as the operator does — {@code 202 Accepted}, then
   * polling the {@code Location} it names until the sync is over — and returns that final {@code
   * syncStatus}.
   */
  JsonNode syncAndWait(String source) {
    // A request made while another sync runs joins that one, which may have read the data before
    // the test changed it; waiting for it first makes this sync read the data as it is now.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                !ok("/v1/sources/" + source)
                    .path("syncStatus")
                    .path("phase")
                    .asText()
                    .equals("syncing"));
    Reply accepted = post("/v1/sources/" + source + "/sync");
    assertThat(accepted.status())
        .as("answer to the sync of %s: %s", source, accepted.body())
        .isEqualTo(202);
    assertThat(accepted.location()).isEqualTo("/v1/sources/" + source);
    JsonNode[] status = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              status[0] = ok(accepted.location()).get("syncStatus");
              return !status[0].get("phase").asText().equals("syncing");
            });
    return status[0];
  }

  /** The body of a request that must succeed. */
  JsonNode ok(String pathAndQuery) {
    Reply reply = get(pathAndQuery);
    assertThat(reply.status())
        .as("status of GET %s: %s", pathAndQuery, reply.body())
        .isEqualTo(200);
    return reply.body();
  }

  /** Every list item of every page, following {@code nextCursor} until there is none. */
  List<JsonNode> allPages(String serversPath, int limit) {
    List<JsonNode> items = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 1000; page++) {
      String query =
          serversPath
              + (serversPath.contains("?") ? "&" : "?")
              + "limit="
              + limit
              + (cursor == null
                  ? ""
                  : "&cursor="
                      + java.net.URLEncoder.encode(
                          cursor, java.nio.charset.StandardCharsets.UTF_8));
      JsonNode body = ok(query);
      JsonNode servers = body.get("servers");
      assertThat(servers.size()).isLessThanOrEqualTo(limit);
      assertThat(body.path("metadata").path("count").asInt()).isEqualTo(servers.size());
      servers.forEach(items::add);
      JsonNode next = body.path("metadata").path("nextCursor");
      if (next.isMissingNode() || next.isNull() || next.asText().isEmpty()) {
        return items;
      }
      cursor = next.asText();
    }
    throw new AssertionError("more than 1000 pages: the cursor does not advance");
  }

  static String nameAndVersion(JsonNode item) {
    return item.path("server").path("name").asText()
        + "@"
        + item.path("server").path("version").asText();
  }

  static List<String> namesAndVersions(JsonNode listBody) {
    List<String> result = new ArrayList<>();
    listBody.get("servers").forEach(item -> result.add(nameAndVersion(item)));
    return result;
  }
}
