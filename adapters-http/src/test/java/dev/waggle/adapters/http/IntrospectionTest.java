package dev.waggle.adapters.http;

import static dev.waggle.adapters.http.RunningApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opaque tokens: the provider's RFC 7662 introspection endpoint, a real HTTP server here, says
 * whether a token is active and whose it is; Waggle holds the answer to the issuer, audience and
 * expiry rules and authenticates itself with the client id and secret file.
 */
class IntrospectionTest {
  private static final String ISSUER = "https://id.example";
  private HttpServer introspection;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private RunningApi api;

  @BeforeEach
  void start(@TempDir Path dir) throws IOException {
    long later = Instant.now().plusSeconds(600).getEpochSecond();
    long earlier = Instant.now().minusSeconds(600).getEpochSecond();
    introspection =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    introspection.createContext(
        "/introspect",
        exchange -> {
          authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
          String form =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String token = "";
          for (String pair : form.split("&")) {
            if (pair.startsWith("token=")) {
              token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
          }
          String body =
              switch (token) {
                case "opaque-good" ->
                    "{\"active\":true,\"sub\":\"bob\",\"iss\":\""
                        + ISSUER
                        + "\",\"aud\":[\"waggle-api\"],\"exp\":"
                        + later
                        + "}";
                case "opaque-expired" ->
                    "{\"active\":true,\"sub\":\"bob\",\"iss\":\""
                        + ISSUER
                        + "\",\"aud\":\"waggle-api\",\"exp\":"
                        + earlier
                        + "}";
                case "opaque-elsewhere" ->
                    "{\"active\":true,\"sub\":\"bob\",\"iss\":\""
                        + ISSUER
                        + "\",\"aud\":\"other\",\"exp\":"
                        + later
                        + "}";
                default -> "{\"active\":false}";
              };
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    introspection.start();
    Path secret = Files.writeString(dir.resolve("secret"), "s3cret\n");
    api =
        new RunningApi(
            new FakeBrowseCatalog(),
            AuthSettings.oauth(
                new OAuthSettings(
                    Optional.empty(),
                    "waggle",
                    List.of(
                        OAuthProvider.discovered("opaque", ISSUER, "waggle-api")
                            .withIntrospection(
                                URI.create(
                                    "http://127.0.0.1:"
                                        + introspection.getAddress().getPort()
                                        + "/introspect"),
                                Optional.of("waggle"),
                                Optional.of(secret))),
                    false),
                List.of()));
  }

  @AfterEach
  void stop() {
    api.close();
    introspection.stop(0);
  }

  @Test
  void anActiveOpaqueTokenIsAcceptedAndTheCallIsAuthenticated() {
    HttpResponse<String> me = api.get("/v1/me", "opaque-good");

    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(json(me).get("subject").asText()).isEqualTo("bob");
    assertThat(authorizations)
        .containsExactly(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("waggle:s3cret".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void inactiveExpiredOrForeignOpaqueTokensAreRejected() {
    assertThat(reason("opaque-revoked")).endsWith("the token is not active\"");
    assertThat(reason("opaque-expired")).endsWith("the token has expired\"");
    assertThat(reason("opaque-elsewhere")).endsWith("the token is not meant for this audience\"");
  }

  private String reason(String token) {
    HttpResponse<String> response = api.get("/v1/me", token);
    assertThat(response.statusCode()).isEqualTo(401);
    return response.headers().firstValue("WWW-Authenticate").orElseThrow();
  }
}
