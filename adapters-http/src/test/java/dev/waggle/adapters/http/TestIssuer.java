package dev.waggle.adapters.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test harness: a small OIDC provider on a real loopback HTTP server, whose keys the test holds —
 * so it can sign any token it likes (expired, for someone else, HMAC, unsigned) and rotate its
 * keys. Serves {@code /.well-known/openid-configuration} and {@code /jwks}.
 */
final class TestIssuer implements AutoCloseable {
  static final String AUDIENCE = "waggle-api";

  private final HttpServer server;
  private final List<JWK> published = new CopyOnWriteArrayList<>();
  final AtomicInteger jwksFetches = new AtomicInteger();
  final AtomicInteger discoveryFetches = new AtomicInteger();

  /** The {@code Authorization} header of each discovery and key request, "-" when absent. */
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  RSAKey rsa;
  final ECKey ec;

  TestIssuer() throws IOException, JOSEException {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    published.add(rsa.toPublicJWK());
    published.add(ec.toPublicJWK());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/.well-known/openid-configuration",
        exchange -> {
          discoveryFetches.incrementAndGet();
          authorizations.add(authorization(exchange));
          reply(exchange, "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + jwksUrl() + "\"}");
        });
    server.createContext(
        "/jwks",
        exchange -> {
          jwksFetches.incrementAndGet();
          authorizations.add(authorization(exchange));
          reply(exchange, new JWKSet(List.copyOf(published)).toString(true));
        });
    server.start();
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  URI jwksUrl() {
    return URI.create(issuer() + "/jwks");
  }

  /** A new RSA signing key, published next to the old one (as providers rotate). */
  void rotate(String kid) throws JOSEException {
    rsa = new RSAKeyGenerator(2048).keyID(kid).generate();
    published.add(rsa.toPublicJWK());
  }

  /** Claims of a good token, good for ten minutes, that a test may change. */
  JWTClaimsSet.Builder claims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer())
        .subject("alice")
        .audience(AUDIENCE)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(600)))
        .claim("preferred_username", "alice@example.com")
        .claim("groups", List.of("platform", "registry-admins"));
  }

  String rsaToken(JWTClaimsSet claims) throws JOSEException {
    return sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, rsa.getKeyID(), claims);
  }

  String ecToken(JWTClaimsSet claims) throws JOSEException {
    return sign(new ECDSASigner(ec), JWSAlgorithm.ES256, ec.getKeyID(), claims);
  }

  /** Signed with a key this provider never published. */
  String strangerToken(JWTClaimsSet claims) throws JOSEException {
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
    return sign(new RSASSASigner(stranger), JWSAlgorithm.RS256, "stranger", claims);
  }

  /** HMAC-signed with the RSA public modulus as the secret: the classic key-confusion attack. */
  String hmacToken(JWTClaimsSet claims) throws JOSEException {
    byte[] secret = rsa.toPublicJWK().toRSAPublicKey().getEncoded();
    return sign(new MACSigner(secret), JWSAlgorithm.HS256, rsa.getKeyID(), claims);
  }

  static String unsignedToken(JWTClaimsSet claims) {
    return new PlainJWT(claims).serialize();
  }

  private static String sign(
      JWSSigner signer, JWSAlgorithm algorithm, String kid, JWTClaimsSet claims)
      throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(algorithm).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static String authorization(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    return header == null ? "-" : header;
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
