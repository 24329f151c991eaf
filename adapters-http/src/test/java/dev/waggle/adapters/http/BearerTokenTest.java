package dev.waggle.adapters.http;

import static dev.waggle.adapters.http.RunningApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OAuth mode over real HTTP: tokens from an OIDC provider whose keys the test holds, so that every
 * attack on the token can be forged — and each one gets a 401 with an RFC 6750 challenge.
 */
class BearerTokenTest {
  private static final String SERVERS = "/v0.1/servers";
  private TestIssuer issuer;
  private RunningApi api;

  @BeforeEach
  void start() throws Exception {
    issuer = new TestIssuer();
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
    issuer.close();
  }

  private RunningApi serve(OAuthProvider provider, List<String> publicPaths) {
    api =
        new RunningApi(
            new FakeBrowseCatalog()
                .with(
                    FakeBrowseCatalog.DEFAULT,
                    Listings.active("io.github.acme/weather", "1.0.0", true, 0)),
            AuthSettings.oauth(
                new OAuthSettings(
                    Optional.of(URI.create("https://registry.example/")),
                    "waggle",
                    List.of(provider),
                    false),
                publicPaths));
    return api;
  }

  private RunningApi serveDiscovered() {
    return serve(OAuthProvider.discovered("test", issuer.issuer(), TestIssuer.AUDIENCE), List.of());
  }

  private static String challenge(HttpResponse<String> response) {
    return response.headers().firstValue("WWW-Authenticate").orElse("");
  }

  private void assertRejected(String token, String reason) {
    HttpResponse<String> response = api.get(SERVERS, token);

    assertThat(response.statusCode()).as(reason).isEqualTo(401);
    assertThat(challenge(response))
        .as(reason)
        .isEqualTo(
            "Bearer realm=\"waggle\", error=\"invalid_token\", error_description=\"token"
                + " validation failed: "
                + reason
                + "\", resource_metadata=\"https://registry.example/.well-known/oauth-protected-resource\"");
    assertThat(json(response).get("status").asInt()).isEqualTo(401);
  }

  @Test
  void aTokenSignedWithThePublishedRsaKeyReadsTheCatalogFoundByDiscovery() throws Exception {
    serveDiscovered();

    HttpResponse<String> response = api.get(SERVERS, issuer.rsaToken(issuer.claims().build()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).at("/servers/0/server/name").asText())
        .isEqualTo("io.github.acme/weather");
    assertThat(issuer.discoveryFetches.get()).isEqualTo(1);
    // Behind a token, a catalog answer is for this caller: no shared cache may keep it.
    assertThat(response.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("private"));
  }

  @Test
  void anEcSignedTokenIsAcceptedAsWell() throws Exception {
    serveDiscovered();

    assertThat(api.get(SERVERS, issuer.ecToken(issuer.claims().build())).statusCode())
        .isEqualTo(200);
  }

  @Test
  void anExplicitJwksUrlIsUsedWithoutDiscovery() throws Exception {
    serve(
        OAuthProvider.discovered("test", issuer.issuer(), TestIssuer.AUDIENCE)
            .withJwksUrl(issuer.jwksUrl()),
        List.of());

    assertThat(api.get(SERVERS, issuer.rsaToken(issuer.claims().build())).statusCode())
        .isEqualTo(200);
    assertThat(issuer.discoveryFetches.get()).isZero();
    assertThat(issuer.jwksFetches.get()).isEqualTo(1);
  }

  @Test
  void theProvidersTokenFileIsSentWithDiscoveryAndKeyRequestsAsItIsNow(@TempDir Path dir)
      throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("token"), "sa-token-1\n");
    serve(
        new OAuthProvider(
            "cluster",
            issuer.issuer(),
            TestIssuer.AUDIENCE,
            Optional.empty(),
            Optional.empty(),
            Optional.of(tokenFile),
            false,
            Optional.empty(),
            Optional.empty(),
            Optional.empty()),
        List.of());
    api.get(SERVERS, issuer.rsaToken(issuer.claims().build()));
    // A projected service-account token is rotated in place.
    Files.writeString(tokenFile, "sa-token-2");
    issuer.rotate("rsa-2");

    assertThat(api.get(SERVERS, issuer.rsaToken(issuer.claims().build())).statusCode())
        .isEqualTo(200);
    assertThat(issuer.authorizations)
        .containsExactly("Bearer sa-token-1", "Bearer sa-token-1", "Bearer sa-token-2");
  }

  @Test
  void keysAreCachedAndFetchedAgainWhenATokenNamesANewKey() throws Exception {
    serveDiscovered();
    assertThat(api.get(SERVERS, issuer.rsaToken(issuer.claims().build())).statusCode())
        .isEqualTo(200);
    assertThat(api.get(SERVERS, issuer.rsaToken(issuer.claims().build())).statusCode())
        .isEqualTo(200);
    assertThat(issuer.jwksFetches.get()).isEqualTo(1);

    issuer.rotate("rsa-2");
    HttpResponse<String> rotated = api.get(SERVERS, issuer.rsaToken(issuer.claims().build()));

    assertThat(rotated.statusCode()).isEqualTo(200);
    assertThat(issuer.jwksFetches.get()).isEqualTo(2);
  }

  @Test
  void tokensNamingUnknownKeysOneAfterAnotherAreEachA401NotAnUnreachableProvider()
      throws Exception {
    serveDiscovered();
    assertThat(api.get(SERVERS, issuer.rsaToken(issuer.claims().build())).statusCode())
        .isEqualTo(200);

    // The first unknown kid refreshes the keys; the next ones fall within nimbus' refresh limit.
    for (int i = 0; i < 3; i++) {
      assertRejected(
          issuer.strangerToken(issuer.claims().build()), "the token is signed with an unknown key");
    }
    assertThat(api.get(SERVERS, issuer.rsaToken(issuer.claims().build())).statusCode())
        .isEqualTo(200);
  }

  @Test
  void eachForgedOrStaleTokenIsRejected() throws Exception {
    serveDiscovered();
    Instant now = Instant.now();

    assertRejected(
        issuer.rsaToken(issuer.claims().expirationTime(Date.from(now.minusSeconds(3600))).build()),
        "the token has expired");
    assertRejected(
        issuer.rsaToken(issuer.claims().notBeforeTime(Date.from(now.plusSeconds(3600))).build()),
        "the token is not valid yet");
    assertRejected(
        issuer.rsaToken(issuer.claims().issuer("https://evil.example").build()),
        "the token is not from a trusted issuer");
    assertRejected(
        issuer.rsaToken(issuer.claims().audience("someone-else").build()),
        "the token is not meant for this audience");
    assertRejected(
        TestIssuer.unsignedToken(issuer.claims().build()),
        "unsigned tokens (alg none) are not accepted");
    assertRejected(
        issuer.hmacToken(issuer.claims().build()), "HMAC-signed tokens are not accepted");
    assertRejected(
        issuer.strangerToken(issuer.claims().build()), "the token is signed with an unknown key");
    assertRejected(
        issuer.rsaToken(
            new JWTClaimsSet.Builder(issuer.claims().build()).expirationTime(null).build()),
        "the token lacks a required claim (exp, iss or aud)");
    assertRejected("not-a-token", "the token is not a JWT");
    String good = issuer.rsaToken(issuer.claims().build());
    String tampered =
        good.substring(0, good.indexOf('.') + 1)
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    issuer
                        .claims()
                        .subject("root")
                        .build()
                        .toString()
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + good.substring(good.lastIndexOf('.'));
    assertRejected(tampered, "the token's signature is invalid");
  }

  @Test
  void aRequestWithoutATokenIsAskedForOne() {
    serveDiscovered();

    for (String header : new String[] {null, "Basic YWxpY2U6c2VjcmV0", "Bearer", "Bearer a b"}) {
      HttpRequest.Builder request = HttpRequest.newBuilder(api.publicUri(SERVERS)).GET();
      if (header != null) {
        request.header("Authorization", header);
      }
      HttpResponse<String> response = api.send(request);

      assertThat(response.statusCode()).as(header).isEqualTo(401);
      assertThat(challenge(response))
          .as(header)
          .isEqualTo(
              "Bearer realm=\"waggle\", error=\"invalid_request\", error_description=\"missing or"
                  + " malformed authorization header\","
                  + " resource_metadata=\"https://registry.example/.well-known/oauth-protected-resource\"");
      assertThat(json(response).get("detail").asText())
          .isEqualTo("missing or malformed authorization header");
    }
  }

  @Test
  void everyRouteAndEveryUnknownPathNeedsATokenButTheDocumentsAndProbesDoNot() {
    serveDiscovered();

    for (String path :
        List.of(
            "/registry/default/v0.1/servers",
            "/v0/servers/io.github.acme%2Fweather/versions",
            "/v1/sources",
            "/v1/me",
            "/v1/no-such-route",
            "/registry/default/v0.1/x/dev.toolhive/skills",
            "/openapi.json%2F..%2Fv1%2Fsources")) {
      assertThat(api.get(path).statusCode()).as(path).isEqualTo(401);
    }
    for (String path :
        List.of(
            "/openapi.json",
            "/openapi.yaml",
            "/v0.1/health",
            "/v0/ping",
            "/.well-known/oauth-protected-resource")) {
      assertThat(api.get(path).statusCode()).as(path).isEqualTo(200);
    }
    HttpResponse<String> sync =
        api.send(
            HttpRequest.newBuilder(api.publicUri("/v1/sources/catalog/sync"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(sync.statusCode()).isEqualTo(401);
    assertThat(api.sync.requested).isEmpty();
    // The internal listener's probes never ask for a token.
    assertThat(api.getInternal("/readiness").statusCode()).isEqualTo(200);
  }

  @Test
  void configuredPublicPathsAreOpenSegmentBySegment() {
    serve(
        OAuthProvider.discovered("test", issuer.issuer(), TestIssuer.AUDIENCE),
        List.of("/registry/default/v0.1"));

    assertThat(api.get("/registry/default/v0.1/servers").statusCode()).isEqualTo(200);
    assertThat(api.get("/registry/default/v0.1").statusCode()).isNotEqualTo(401);
    assertThat(api.get(SERVERS).statusCode()).isEqualTo(401);
    assertThat(api.get("/registry/default/v0.1x/servers").statusCode()).isEqualTo(401);
  }

  @Test
  void theProtectedResourceDocumentNamesTheIssuers() {
    serveDiscovered();

    HttpResponse<String> response = api.get("/.well-known/oauth-protected-resource");
    JsonNode body = json(response);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(body.get("resource").asText()).isEqualTo("https://registry.example/");
    assertThat(body.get("authorization_servers").get(0).asText()).isEqualTo(issuer.issuer());
    assertThat(body.get("bearer_methods_supported").get(0).asText()).isEqualTo("header");
    assertThat(
            OpenApiSchemas.errors(
                WaggleOpenApiTest.WAGGLE.response(
                    "/.well-known/oauth-protected-resource", 200, "application/json"),
                body))
        .isEmpty();
  }

  @Test
  void meTellsTheCallerWhoTheTokenSaysTheyAre() throws Exception {
    serveDiscovered();
    HttpResponse<String> response;
    try (AccessLogCapture accessLog = new AccessLogCapture()) {
      response = api.get("/v1/me", issuer.rsaToken(issuer.claims().build()));
      // Operators see who called, never the token.
      assertThat(
              accessLog
                  .linesOf(response.headers().firstValue("X-Request-Id").orElseThrow())
                  .get(0)
                  .getFormattedMessage())
          .endsWith(" sub=alice");
    }
    JsonNode body = json(response);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(body.get("subject").asText()).isEqualTo("alice");
    assertThat(body.get("name").asText()).isEqualTo("alice@example.com");
    assertThat(body.get("anonymous").asBoolean()).isFalse();
    assertThat(body.get("provider").asText()).isEqualTo("test");
    assertThat(body.get("roles"))
        .extracting(JsonNode::asText)
        .containsExactly("superAdmin", "manageSources", "manageRegistries", "manageEntries");
    assertThat(body.at("/claims/groups/1").asText()).isEqualTo("registry-admins");
    assertThat(
            OpenApiSchemas.errors(
                WaggleOpenApiTest.WAGGLE.response("/v1/me", 200, "application/json"), body))
        .isEmpty();
  }

  @Test
  void aProviderThatCannotBeReachedAnswers503NeverAccess() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String down = "http://127.0.0.1:" + closedPort;
    serve(OAuthProvider.discovered("down", down, TestIssuer.AUDIENCE), List.of());

    HttpResponse<String> response =
        api.get(SERVERS, issuer.rsaToken(issuer.claims().issuer(down).build()));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(json(response).get("detail").asText())
        .isEqualTo(
            "The identity provider 'down' cannot be reached to check the token; retry in 5"
                + " seconds.");
  }

  @Test
  void aProviderOnAPrivateAddressIsRefusedUnlessAllowed() {
    assertThat(ProviderHttp.isPrivate(address("10.0.0.8"))).isTrue();
    assertThat(ProviderHttp.isPrivate(address("192.168.1.1"))).isTrue();
    assertThat(ProviderHttp.isPrivate(address("169.254.169.254"))).isTrue();
    assertThat(ProviderHttp.isPrivate(address("fd00::1"))).isTrue();
    assertThat(ProviderHttp.isPrivate(address("127.0.0.1"))).isFalse();
    assertThat(ProviderHttp.isPrivate(address("8.8.8.8"))).isFalse();
  }

  private static java.net.InetAddress address(String literal) {
    try {
      return java.net.InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
