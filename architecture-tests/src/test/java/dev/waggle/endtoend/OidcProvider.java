package dev.waggle.endtoend;

import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * Test fixture: a real OIDC provider on a loopback port (NAV's mock-oauth2-server: discovery, JWKS,
 * RS256 tokens) that signs one token per persona.
 */
final class OidcProvider implements AutoCloseable {
  static final String ISSUER_ID = "corp";
  static final String AUDIENCE = "waggle-e2e";

  private final MockOAuth2Server server = new MockOAuth2Server();

  OidcProvider() {
    server.start();
  }

  String issuerUrl() {
    return server.issuerUrl(ISSUER_ID).toString();
  }

  /** A token for {@code subject} carrying {@code claims} besides the registered ones. */
  String token(String subject, Map<String, Object> claims) {
    return server.issueToken(ISSUER_ID, subject, AUDIENCE, claims).serialize();
  }

  /** A token for {@code subject} that expires {@code expirySeconds} from now (negative: past). */
  String token(String subject, Map<String, Object> claims, long expirySeconds) {
    return server.issueToken(ISSUER_ID, subject, AUDIENCE, claims, expirySeconds).serialize();
  }

  /** A token signed by this provider's server but under another issuer it also hosts. */
  String tokenFromAnotherIssuer(String subject) {
    return server.issueToken("elsewhere", subject, AUDIENCE, Map.of()).serialize();
  }

  String jwksUrl() {
    return server.jwksUrl(ISSUER_ID).toString();
  }

  /** A token for another audience: valid at the provider, not for Waggle. */
  String tokenForAnotherAudience(String subject) {
    return server.issueToken(ISSUER_ID, subject, "someone-else", Map.of()).serialize();
  }

  /** The {@code auth} block of a config that trusts this provider, with extra keys appended. */
  String authBlock(String extra) {
    return """
        auth:
          mode: oauth
          oauth:
            providers:
              - name: corp
                issuerUrl: "%s"
                audience: %s
        """
            .formatted(issuerUrl(), AUDIENCE)
        + extra.indent(2);
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
