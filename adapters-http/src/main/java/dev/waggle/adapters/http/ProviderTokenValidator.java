package dev.waggle.adapters.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP adapter: checks bearer tokens for one OAuth provider. A JWT must be signed (RSA or EC, never
 * HMAC or {@code none}) by a key the provider publishes — its JWKS is cached, and fetched again
 * when a token names an unknown {@code kid} — and be current, from the provider's issuer and for
 * the configured audience. With an {@code introspectionUrl}, a token that is not a JWT is asked
 * about there (RFC 7662) and held to the same issuer, audience and expiry rules.
 */
final class ProviderTokenValidator {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderTokenValidator.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);
  private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

  /** How long a provider that could not be discovered is left alone before it is asked again. */
  static final Duration DISCOVERY_RETRY = Duration.ofSeconds(5);

  private static final long CLOCK_SKEW_SECONDS = 60;

  private final OAuthProvider provider;
  private final boolean insecureUrls;
  private final ProviderHttp http;
  private final Clock clock;
  private final Optional<String> introspectionCredentials;
  private DefaultJWTProcessor<SecurityContext> processor;
  private Instant discoverAgainAt = Instant.MIN;
  private String discoveryProblem = "";

  ProviderTokenValidator(OAuthProvider provider, boolean insecureUrls, Clock clock) {
    this.provider = provider;
    this.insecureUrls = insecureUrls;
    this.clock = clock;
    this.http = new ProviderHttp(provider);
    this.introspectionCredentials = introspectionCredentials(provider);
  }

  String name() {
    return provider.name();
  }

  TokenVerdict validate(String token) {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      if (provider.introspectionUrl().isPresent()) {
        return introspect(token);
      }
      return new TokenVerdict.Rejected("the token is not a JWT", false);
    }
    Optional<String> issuer = issuer(jwt);
    boolean ours = issuer.map(provider.issuerUrl()::equals).orElse(false);
    if (!ours) {
      // Checked before any key is fetched: a token from elsewhere costs this provider nothing.
      return new TokenVerdict.Rejected("the token is not from a trusted issuer", false);
    }
    if (jwt instanceof PlainJWT) {
      return new TokenVerdict.Rejected("unsigned tokens (alg none) are not accepted", true);
    }
    if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
      return new TokenVerdict.Rejected("encrypted tokens are not accepted", true);
    }
    JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
    if (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
      return new TokenVerdict.Rejected("HMAC-signed tokens are not accepted", true);
    }
    if (!ACCEPTED_ALGORITHMS.contains(algorithm)) {
      return new TokenVerdict.Rejected(
          "tokens signed with " + algorithm + " are not accepted", true);
    }
    DefaultJWTProcessor<SecurityContext> checks;
    try {
      checks = processor();
    } catch (IOException e) {
      return new TokenVerdict.Unreachable(provider.name(), e.getMessage());
    }
    try {
      JWTClaimsSet claims = checks.process(signed, null);
      return new TokenVerdict.Accepted(Identity.of(provider.name(), claims.toJSONObject()));
    } catch (RateLimitReachedException e) {
      // The keys were fetched moments ago for another unknown kid: the provider answered, and
      // this token names a key it does not publish. A 503 would blame the provider and invite
      // retries; anyone can mint kids, so it must not cost more than any other forgery.
      LOG.debug(
          "Provider {}: a token names an unknown key within the refresh limit", provider.name());
      return new TokenVerdict.Rejected("the token is signed with an unknown key", true);
    } catch (KeySourceException e) {
      return new TokenVerdict.Unreachable(
          provider.name(), "cannot fetch its signing keys: " + problem(e));
    } catch (BadJOSEException | JOSEException e) {
      LOG.debug("Provider {} rejected a token: {}", provider.name(), e.getMessage());
      return new TokenVerdict.Rejected(describe(e.getMessage()), true);
    }
  }

  private static Optional<String> issuer(JWT jwt) {
    try {
      return Optional.ofNullable(jwt.getJWTClaimsSet().getIssuer()).map(String::strip);
    } catch (ParseException e) {
      return Optional.empty();
    }
  }

  /** Words for a client from nimbus' reasons, which name claims but never echo the token. */
  private static String describe(String problem) {
    String text = problem == null ? "" : problem;
    if (text.contains("Expired JWT")) {
      return "the token has expired";
    }
    if (text.contains("before use time")) {
      return "the token is not valid yet";
    }
    if (text.contains("audience") || text.contains("aud claim")) {
      return "the token is not meant for this audience";
    }
    if (text.contains("no matching key")) {
      return "the token is signed with an unknown key";
    }
    if (text.contains("Invalid signature")) {
      return "the token's signature is invalid";
    }
    if (text.contains("missing required claims")) {
      return "the token lacks a required claim (exp, iss or aud)";
    }
    if (text.contains("typ")) {
      return "the token's type is not accepted";
    }
    return "the token is invalid";
  }

  /** The processor, once the provider's keys are known: by {@code jwksUrl} or discovery. */
  private synchronized DefaultJWTProcessor<SecurityContext> processor() throws IOException {
    if (processor != null) {
      return processor;
    }
    Instant now = clock.instant();
    if (now.isBefore(discoverAgainAt)) {
      throw new IOException(discoveryProblem);
    }
    try {
      URI jwks = provider.jwksUrl().isPresent() ? provider.jwksUrl().get() : discover();
      JWKSource<SecurityContext> keys =
          JWKSourceBuilder.create(jwks.toURL(), http).retrying(false).build();
      DefaultJWTProcessor<SecurityContext> built = new DefaultJWTProcessor<>();
      // RFC 9068 access tokens say at+jwt; ID-token-shaped access tokens say JWT or nothing.
      built.setJWSTypeVerifier(
          new DefaultJOSEObjectTypeVerifier<>(
              JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
      built.setJWSKeySelector(new JWSVerificationKeySelector<>(ACCEPTED_ALGORITHMS, keys));
      DefaultJWTClaimsVerifier<SecurityContext> verifier =
          new DefaultJWTClaimsVerifier<>(
              Set.of(provider.audience()),
              new JWTClaimsSet.Builder().issuer(provider.issuerUrl()).build(),
              Set.of("exp", "iss"),
              null);
      verifier.setMaxClockSkew((int) CLOCK_SKEW_SECONDS);
      built.setJWTClaimsSetVerifier(verifier);
      processor = built;
      LOG.info("OAuth provider {}: signing keys at {}", provider.name(), jwks);
      return processor;
    } catch (IOException | RuntimeException e) {
      discoveryProblem = "cannot discover its signing keys: " + problem(e);
      discoverAgainAt = now.plus(DISCOVERY_RETRY);
      LOG.warn(
          "OAuth provider {}: {}; tokens it issued get 503 until it answers",
          provider.name(),
          discoveryProblem);
      throw new IOException(discoveryProblem, e);
    }
  }

  /** OIDC discovery: the issuer's own document says where its keys are. */
  private URI discover() throws IOException {
    String issuer = provider.issuerUrl();
    URI document =
        URI.create(
            (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                + "/.well-known/openid-configuration");
    ProviderHttp.Answer answer = http.get(document);
    if (answer.status() != 200) {
      throw new IOException(document + " answered HTTP " + answer.status());
    }
    JsonNode config = JSON.readTree(answer.body());
    String claimedIssuer = config.path("issuer").asText("");
    if (!claimedIssuer.equals(issuer)) {
      throw new IOException(
          document + " names the issuer \"" + claimedIssuer + "\", not \"" + issuer + "\"");
    }
    String jwks = config.path("jwks_uri").asText("");
    if (jwks.isEmpty()) {
      throw new IOException(document + " has no jwks_uri");
    }
    URI uri = URI.create(jwks);
    requireSecure(uri, "jwks_uri");
    return uri;
  }

  private void requireSecure(URI uri, String what) throws MalformedURLException {
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    boolean loopback = uri.getHost() != null && LOOPBACK_HOSTS.contains(uri.getHost());
    if (!https && !(("http".equalsIgnoreCase(uri.getScheme())) && (loopback || insecureUrls))) {
      throw new MalformedURLException(
          what + " " + uri + " must use HTTPS (set THV_REGISTRY_INSECURE_URL=true to allow HTTP)");
    }
  }

  /** RFC 7662: the provider says whether an opaque token is active, and whose it is. */
  private TokenVerdict introspect(String token) {
    URI endpoint = provider.introspectionUrl().orElseThrow();
    ProviderHttp.Answer answer;
    try {
      answer =
          http.postForm(
              endpoint,
              Map.of("token", token, "token_type_hint", "access_token"),
              introspectionCredentials);
    } catch (IOException e) {
      return new TokenVerdict.Unreachable(provider.name(), "cannot introspect: " + problem(e));
    }
    if (answer.status() != 200) {
      // A wrong client secret is the operator's to fix; the caller's token may be fine.
      return new TokenVerdict.Unreachable(
          provider.name(), "its introspection endpoint answered HTTP " + answer.status());
    }
    Map<String, Object> claims;
    try {
      claims = JSON.readValue(answer.body(), new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException e) {
      return new TokenVerdict.Unreachable(
          provider.name(), "its introspection endpoint answered something other than JSON");
    }
    if (!Boolean.TRUE.equals(claims.get("active"))) {
      return new TokenVerdict.Rejected("the token is not active", false);
    }
    if (!(claims.get("iss") instanceof String iss) || !iss.strip().equals(provider.issuerUrl())) {
      return new TokenVerdict.Rejected("the token is not from a trusted issuer", true);
    }
    if (!audiences(claims.get("aud")).contains(provider.audience())) {
      return new TokenVerdict.Rejected("the token is not meant for this audience", true);
    }
    if (!(claims.get("exp") instanceof Number exp)) {
      return new TokenVerdict.Rejected("the token lacks a required claim (exp, iss or aud)", true);
    }
    if (exp.longValue() + CLOCK_SKEW_SECONDS <= clock.instant().getEpochSecond()) {
      return new TokenVerdict.Rejected("the token has expired", true);
    }
    return new TokenVerdict.Accepted(Identity.of(provider.name(), claims));
  }

  /** An exception's message, or its kind when it has none (a refused connection says nothing). */
  private static String problem(Throwable e) {
    Throwable cause = e;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private static List<String> audiences(Object aud) {
    List<String> audiences = new ArrayList<>();
    if (aud instanceof String one) {
      audiences.add(one);
    } else if (aud instanceof List<?> many) {
      many.stream()
          .filter(String.class::isInstance)
          .map(String.class::cast)
          .forEach(audiences::add);
    }
    return audiences;
  }

  /** Read once at start-up, as ToolHive does: {@code clientId:secret} when both are set. */
  private static Optional<String> introspectionCredentials(OAuthProvider provider) {
    if (provider.clientId().isEmpty() || provider.clientSecretFile().isEmpty()) {
      return Optional.empty();
    }
    try {
      String secret = Files.readString(provider.clientSecretFile().get()).strip();
      return Optional.of(provider.clientId().get() + ":" + secret);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "auth.oauth.providers: cannot read clientSecretFile of provider '"
              + provider.name()
              + "'",
          e);
    }
  }
}
