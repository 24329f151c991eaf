package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code auth.mode: oauth} from {@code config.yaml} through the assembled server, with
 * tokens from an OIDC provider on a real loopback HTTP server (JDK's, not mock-oauth2-server, whose
 * Netty 4.2 would hang fabric8's Kubernetes mock on this module's test classpath).
 */
class OAuthServeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;
  private HttpServer oidc;
  private RSAKey key;

  @BeforeEach
  void startProvider() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    oidc = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    oidc.createContext(
        "/.well-known/openid-configuration",
        exchange ->
            reply(
                exchange,
                "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/keys\"}"));
    oidc.createContext(
        "/keys", exchange -> reply(exchange, new JWKSet(key.toPublicJWK()).toString(true)));
    oidc.start();
    registry().server("io.example/tool", "1.0.0", "A tool").writeTo(dir.resolve("registry.json"));
  }

  @AfterEach
  void stopProvider() {
    oidc.stop(0);
  }

  private String issuer() {
    return "http://127.0.0.1:" + oidc.getAddress().getPort();
  }

  private static void reply(com.sun.net.httpserver.HttpExchange exchange, String body)
      throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private String token(String audience) throws Exception {
    Instant now = Instant.now();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT).build(),
            new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject("ops-bot")
                .audience(audience)
                .expirationTime(Date.from(now.plusSeconds(300)))
                .build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private Launcher serve(String auth) {
    DatabaseBlock database = DatabaseBlock.fresh();
    WaggleConfig config =
        new ConfigLoader(database.env(), dir, dir.resolve("home"))
            .parse(
                """
                sources:
                  - name: catalog
                    file: {path: registry.json}
                    syncPolicy: {interval: 1h}
                registries:
                  - {name: default, sources: [catalog]}
                """
                    + auth
                    + database.yaml())
            .orElseThrow();
    return Launcher.start(config, LoopbackLaunch.options(dir.resolve("waggle-home")));
  }

  private static HttpResponse<String> send(URI base, String method, String path, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withAuthModeOauthTheApiAnswersOnlyTokensFromTheProviderForItsAudience() throws Exception {
    try (Launcher launcher =
        serve(
            """
            auth:
              mode: oauth
              oauth:
                resourceUrl: https://registry.example
                realm: waggle
                providers:
                  - {name: corp, issuerUrl: "%s", audience: waggle-api}
            """
                .formatted(issuer()))) {
      URI base = launcher.publicUrl();
      String good = token("waggle-api");

      HttpResponse<String> anonymous = send(base, "GET", "/v0.1/servers", null);
      HttpResponse<String> foreign = send(base, "GET", "/v0.1/servers", token("another-api"));
      HttpResponse<String> servers = send(base, "GET", "/v0.1/servers", good);
      JsonNode me = JSON.readTree(send(base, "GET", "/v1/me", good).body());
      HttpResponse<String> sync = send(base, "POST", "/v1/sources/catalog/sync", good);
      HttpResponse<String> metadata =
          send(base, "GET", "/.well-known/oauth-protected-resource", null);

      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
          .hasValue(
              "Bearer realm=\"waggle\", error=\"invalid_request\", error_description=\"missing or"
                  + " malformed authorization header\","
                  + " resource_metadata=\"https://registry.example/.well-known/oauth-protected-resource\"");
      assertThat(foreign.statusCode()).isEqualTo(401);
      assertThat(servers.statusCode()).isEqualTo(200);
      assertThat(me.get("subject").asText()).isEqualTo("ops-bot");
      assertThat(sync.statusCode()).isEqualTo(202);
      assertThat(JSON.readTree(metadata.body()).get("authorization_servers").get(0).asText())
          .isEqualTo(issuer());
    }
  }

  @Test
  void withoutAnAuthBlockReadsAreOpenAndTheSyncWriteIsRefused() throws Exception {
    try (Launcher launcher = serve("")) {
      URI base = launcher.publicUrl();

      HttpResponse<String> servers = send(base, "GET", "/v0.1/servers", null);
      HttpResponse<String> sync = send(base, "POST", "/v1/sources/catalog/sync", null);

      assertThat(servers.statusCode()).isEqualTo(200);
      assertThat(sync.statusCode()).isEqualTo(403);
      assertThat(JSON.readTree(sync.body()).get("detail").asText()).contains("Set auth.mode");
    }
  }
}
