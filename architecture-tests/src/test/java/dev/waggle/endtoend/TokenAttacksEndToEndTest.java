package dev.waggle.endtoend;

import static dev.waggle.endtoend.AuthorizationEndToEndTest.awaitSynced;
import static dev.waggle.endtoend.AuthorizationEndToEndTest.names;
import static dev.waggle.endtoend.AuthorizationEndToEndTest.roles;
import static dev.waggle.endtoend.AuthorizationEndToEndTest.writeCatalogs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.waggle.endtoend.WaggleFixture.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, forged and stale tokens against the running Waggle — each answered 401 with {@code
 * error="invalid_token"} and recorded as {@code auth.unauthenticated} — and opaque tokens checked
 * through an RFC 7662 introspection endpoint. mock-oauth2-server's own introspection endpoint
 * expects its JWTs, which Waggle verifies locally; an opaque token needs an endpoint that knows it,
 * so the suite runs a small one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenAttacksEndToEndTest {
  private static final String SERVERS = "/registry/acme-all/v0.1/servers";
  private static final String CLIENT_ID = "waggle";
  private static final String CLIENT_SECRET = "introspection-secret-e2e";
  private static final String ACTIVE = "opaque-platform-token";
  private static final String INACTIVE = "opaque-revoked-token";

  private OidcProvider oidc;
  private HttpServer introspection;
  private final List<String> introspectedWith = new CopyOnWriteArrayList<>();
  private WaggleFixture waggle;
  private Path auditLog;

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    oidc = new OidcProvider();
    introspection = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    introspection.createContext("/introspect", this::introspect);
    introspection.start();
    writeCatalogs(dir);
    Path secret = dir.resolve("client-secret");
    Files.writeString(secret, CLIENT_SECRET + "\n");
    auditLog = dir.resolve("audit.log");
    String config =
        AuthorizationEndToEndTest.LAYOUT
            + """
            auth:
              mode: oauth
              oauth:
                resourceUrl: "https://registry.acme.test"
                providers:
                  - name: corp
                    issuerUrl: "%s"
                    audience: %s
                    introspectionUrl: "http://127.0.0.1:%d/introspect"
                    clientId: %s
                    clientSecretFile: "%s"
            """
                .formatted(
                    oidc.issuerUrl(),
                    OidcProvider.AUDIENCE,
                    introspection.getAddress().getPort(),
                    CLIENT_ID,
                    secret)
            + AuthorizationEndToEndTest.ROLES.indent(2)
            + """
            audit:
              enabled: true
              logFile: "%s"
            """
                .formatted(auditLog);
    waggle = WaggleFixture.start(dir, config);
    awaitSynced(waggle.as(oidc.token("root", Map.of("role", "super-admin"))));
  }

  @AfterAll
  void stop() {
    if (waggle != null) {
      waggle.close();
    }
    if (introspection != null) {
      introspection.stop(0);
    }
    oidc.close();
  }

  /** RFC 7662 for two opaque tokens, behind HTTP basic authentication as the provider's client. */
  private void introspect(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> fields = new HashMap<>();
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        fields.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    introspectedWith.add(fields.get("token_type_hint"));
    String body;
    int status = 200;
    if (!expected.equals(authorization)) {
      status = 401;
      body = "{\"error\": \"invalid_client\"}";
    } else if (ACTIVE.equals(fields.get("token"))) {
      body =
          """
          {"active": true, "iss": "%s", "aud": "%s", "sub": "svc-platform",
           "exp": %d, "org": "acme", "team": "platform"}"""
              .formatted(
                  oidc.issuerUrl(),
                  OidcProvider.AUDIENCE,
                  Instant.now().plusSeconds(3600).getEpochSecond());
    } else {
      body = "{\"active\": false}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** The claims of a token Waggle would accept, but for what each attack changes. */
  private JWTClaimsSet.Builder validClaims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(oidc.issuerUrl())
        .audience(OidcProvider.AUDIENCE)
        .subject("mallory")
        .claim("role", "super-admin")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(3600)));
  }

  private RSAKey providerKey() {
    try {
      return JWKSet.load(URI.create(oidc.jwksUrl()).toURL()).getKeys().get(0).toRSAKey();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hmac(byte[] secret, String kid, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims);
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertInvalidToken(String attack, String reason, Reply reply) {
    assertThat(reply.status()).as("%s: %s", attack, reply.body()).isEqualTo(401);
    assertThat(reply.error()).as(attack).isEqualTo("token validation failed: " + reason);
    assertThat(reply.raw().headers().firstValue("WWW-Authenticate"))
        .as(attack)
        .hasValueSatisfying(
            h ->
                assertThat(h)
                    .startsWith("Bearer realm=")
                    .contains("error=\"invalid_token\"")
                    .contains(
                        "resource_metadata=\"https://registry.acme.test/.well-known/"
                            + "oauth-protected-resource\""));
  }

  @Test
  @DisplayName(
      "Token attacks: expired, not yet valid, wrong issuer, wrong audience, alg none, HMAC with"
          + " the provider's public key or a shared secret, and an unknown key are each a 401"
          + " invalid_token, audited as auth.unauthenticated")
  void forgedAndStaleTokensAreRefused() throws Exception {
    Map<String, String> attacks = new java.util.LinkedHashMap<>();
    // Signed by the provider itself, so only the claim is wrong.
    attacks.put(
        "expired | the token has expired",
        oidc.token("mallory", Map.of("role", "super-admin"), -600));
    String early =
        oidc.token(
            "mallory",
            Map.of("role", "super-admin", "nbf", Instant.now().plusSeconds(3600).getEpochSecond()));
    assertThat(SignedJWT.parse(early).getJWTClaimsSet().getNotBeforeTime()).isInTheFuture();
    attacks.put("not yet valid | the token is not valid yet", early);
    attacks.put(
        "wrong issuer | the token is not from a trusted issuer",
        oidc.tokenFromAnotherIssuer("mallory"));
    attacks.put(
        "wrong audience | the token is not meant for this audience",
        oidc.tokenForAnotherAudience("mallory"));
    attacks.put(
        "alg none | unsigned tokens (alg none) are not accepted",
        new PlainJWT(validClaims().build()).serialize());
    RSAKey published = providerKey();
    attacks.put(
        "HMAC with the public key | HMAC-signed tokens are not accepted",
        hmac(published.toRSAPublicKey().getEncoded(), published.getKeyID(), validClaims().build()));
    byte[] shared = new byte[32];
    new SecureRandom().nextBytes(shared);
    attacks.put(
        "HMAC with a shared secret | HMAC-signed tokens are not accepted",
        hmac(shared, published.getKeyID(), validClaims().build()));
    RSAKey rogue = new RSAKeyGenerator(2048).keyID("rogue-key").generate();
    SignedJWT unknown =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rogue.getKeyID()).build(),
            validClaims().build());
    unknown.sign(new RSASSASigner(rogue));
    attacks.put("unknown key | the token is signed with an unknown key", unknown.serialize());
    // The same rogue key claiming the provider's kid: the signature, not the kid, decides.
    SignedJWT stolenKid =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(published.getKeyID()).build(),
            validClaims().build());
    stolenKid.sign(new RSASSASigner(rogue));
    attacks.put(
        "unknown key under the provider's kid | the token's signature is invalid",
        stolenKid.serialize());

    // The baseline: the provider's own token is accepted, so each refusal is the attack's doing.
    assertThat(waggle.as(oidc.token("root", Map.of("role", "super-admin"))).get(SERVERS).status())
        .isEqualTo(200);
    // Each key is "attack | the reason Waggle gives".
    for (Map.Entry<String, String> attack : attacks.entrySet()) {
      String[] named = attack.getKey().split(" \\| ");
      assertInvalidToken(named[0], named[1], waggle.as(attack.getValue()).get(SERVERS));
      assertInvalidToken(named[0], named[1], waggle.as(attack.getValue()).get("/v1/me"));
    }

    Reply missing = waggle.anonymous().get(SERVERS);
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.raw().headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(h -> assertThat(h).contains("error=\"invalid_request\""));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(auditEvents("auth.unauthenticated"))
                    .hasSizeGreaterThanOrEqualTo(2 * attacks.size() + 1)
                    .allSatisfy(
                        e -> {
                          assertThat(e.get("outcome").asText()).isEqualTo("denied");
                          assertThat(e.at("/subjects/identity").asText()).isEqualTo("unknown");
                        }));
    String log = Files.readString(auditLog);
    for (String token : attacks.values()) {
      assertThat(log).doesNotContain(token);
    }
  }

  @Test
  @DisplayName(
      "Opaque tokens: an active one is introspected with the client's credentials and grants"
          + " its claims; an inactive or unknown one is a 401 invalid_token")
  void opaqueTokensAreIntrospected() {
    Reply me = waggle.as(ACTIVE).get("/v1/me");
    assertThat(roles(me)).isEmpty();
    assertThat(me.body().get("subject").asText()).isEqualTo("svc-platform");
    // Its introspected claims reach the platform entries and no others.
    assertThat(names(waggle.as(ACTIVE).get(SERVERS + "?version=latest")))
        .containsExactly("io.acme/common", "io.acme/deploy", "io.acme/shadowed");
    assertThat(waggle.as(ACTIVE).get("/registry/acme-data/v0.1/servers").status()).isEqualTo(403);
    assertThat(introspectedWith).contains("access_token");

    assertInvalidToken("inactive", "the token is not active", waggle.as(INACTIVE).get(SERVERS));
    assertInvalidToken(
        "unknown opaque", "the token is not active", waggle.as("never-issued").get("/v1/me"));
  }

  private List<JsonNode> auditEvents(String type) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    if (!Files.exists(auditLog)) {
      return events;
    }
    for (String line : Files.readAllLines(auditLog)) {
      JsonNode event = WaggleFixture.JSON.readTree(line);
      if (event.path("type").asText().equals(type)) {
        events.add(event);
      }
    }
    return events;
  }
}
