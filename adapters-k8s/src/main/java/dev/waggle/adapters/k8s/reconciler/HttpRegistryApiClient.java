package dev.waggle.adapters.k8s.reconciler;

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
import java.util.function.Function;

/**
 * Kubernetes adapter: calls a registry's API over plain HTTP at its Service, {@code
 * http://<name>-api.<namespace>.svc:8080} unless told otherwise.
 */
public final class HttpRegistryApiClient implements RegistryApiClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
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
  public int triggerSync(McpRegistry registry, String source)
      throws IOException, InterruptedException {
    URI base = baseUri.apply(registry);
    URI uri =
        URI.create(
            base.toString().replaceAll("/+$", "")
                + "/v1/sources/"
                + URLEncoder.encode(source, StandardCharsets.UTF_8)
                + "/sync");
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
