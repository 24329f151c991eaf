package dev.waggle.bootstrap.e2e;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

/**
 * Test fixture: an OIDC provider on a real loopback HTTP server (the JDK's), publishing its
 * discovery document and keys and signing tokens for an audience.
 */
final class TestIdentityProvider implements AutoCloseable {
  private final HttpServer server;
  private final RSAKey key;

  private TestIdentityProvider(HttpServer server, RSAKey key) {
    this.server = server;
    this.key = key;
  }

  static TestIdentityProvider start() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    TestIdentityProvider provider = new TestIdentityProvider(server, key);
    server.createContext(
        "/.well-known/openid-configuration",
        exchange ->
            reply(
                exchange,
                "{\"issuer\":\""
                    + provider.issuer()
                    + "\",\"jwks_uri\":\""
                    + provider.issuer()
                    + "/keys\"}"));
    server.createContext(
        "/keys", exchange -> reply(exchange, new JWKSet(key.toPublicJWK()).toString(true)));
    server.start();
    return provider;
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A token valid for five minutes, for {@code audience}. */
  String token(String audience) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT).build(),
            new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject("catalog-reader")
                .audience(audience)
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static void reply(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
