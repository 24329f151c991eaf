package dev.waggle.adapters.k8s.reconciler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waggle.adapters.k8s.crd.McpRegistry;
import dev.waggle.adapters.k8s.dependent.RegistryNames;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes adapter: calls a registry's API over plain HTTP at its Service, {@code
 * http://<name>-api.<namespace>.svc:8080} unless told otherwise.
 */
public final class HttpRegistryApiClient implements RegistryApiClient {
  /** Each request's bound; a sync itself runs in the background and is polled, not waited for. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ERROR_DESCRIPTION =
      Pattern.compile("error_description=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private final Function<McpRegistry, URI> baseUri;
  private final HttpClient http;

  public HttpRegistryApiClient(Function<McpRegistry, URI> baseUri) {
    this.baseUri = Objects.requireNonNull(baseUri, "'baseUri' must not be null");
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** The client the operator uses inside the cluster: the registry Service's DNS name. */
  public static HttpRegistryApiClient inCluster() {
    return new HttpRegistryApiClient(
        registry ->
            URI.create(
                "http://"
                    + RegistryNames.api(registry)
                    + "."
                    + registry.getMetadata().getNamespace()
                    + ".svc:"
                    + RegistryNames.HTTP_PORT));
  }

  @Override
  public SyncAnswer triggerSync(McpRegistry registry, String source, Optional<String> bearer)
      throws IOException, InterruptedException {
    URI uri =
        resolve(
            registry, "/v1/sources/" + URLEncoder.encode(source, StandardCharsets.UTF_8) + "/sync");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.noBody());
    bearer.ifPresent(token -> request.header("Authorization", "Bearer " + token));
    HttpResponse<Void> response =
        http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    return new SyncAnswer(
        response.statusCode(),
        response.headers().firstValue("Location"),
        response
            .headers()
            .firstValue("WWW-Authenticate")
            .flatMap(HttpRegistryApiClient::errorDescription));
  }

  @Override
  public SyncProgress syncStatus(McpRegistry registry, String location, Optional<String> bearer)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(resolve(registry, location))
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .GET();
    bearer.ifPresent(token -> request.header("Authorization", "Bearer " + token));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return new SyncProgress(
          response.statusCode(), Optional.empty(), Optional.empty(), Optional.empty());
    }
    JsonNode status;
    try {
      status = JSON.readTree(response.body()).path("syncStatus");
    } catch (JsonProcessingException e) {
      throw new IOException("the registry's sync status is not JSON: " + e.getOriginalMessage(), e);
    }
    return new SyncProgress(
        200, text(status, "phase"), text(status, "lastResult"), text(status, "message"));
  }

  /**
   * The {@code error_description} of an RFC 6750 challenge, cut short and kept to printable text:
   * it goes into the MCPRegistry's status, which anyone who may read the registry sees.
   */
  static Optional<String> errorDescription(String challenge) {
    Matcher m = ERROR_DESCRIPTION.matcher(challenge);
    if (!m.find()) {
      return Optional.empty();
    }
    String text = m.group(1).replace("\\\"", "\"").replaceAll("[^\\x20-\\x7e]", "?");
    return Optional.of(text.length() > 200 ? text.substring(0, 200) + "..." : text);
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  /**
   * A path of the registry's API at its base; a {@code Location} that names another host is not
   * followed, so that a registry cannot point the operator elsewhere.
   */
  private URI resolve(McpRegistry registry, String path) {
    if (!path.startsWith("/") || path.startsWith("//")) {
      throw new IllegalArgumentException("not a path on the registry's API: " + path);
    }
    return URI.create(baseUri.apply(registry).toString().replaceAll("/+$", "") + path);
  }
}
