package dev.waggle.adapters.http;

import static dev.waggle.adapters.http.RunningApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OAuth mode against a real, independent OIDC provider (NAV's mock-oauth2-server): discovery, its
 * RS256 tokens, and two providers tried in order.
 */
class MockOAuth2ServerTest {
  private static final String AUDIENCE = "waggle-api";
  private static MockOAuth2Server oidc;
  private static RunningApi api;

  @BeforeAll
  static void start() {
    oidc = new MockOAuth2Server();
    oidc.start();
    api =
        new RunningApi(
            new FakeBrowseCatalog()
                .with(
                    FakeBrowseCatalog.DEFAULT,
                    Listings.active("io.github.acme/weather", "1.0.0", true, 0)),
            AuthSettings.oauth(
                new OAuthSettings(
                    Optional.empty(),
                    OAuthSettings.DEFAULT_REALM,
                    List.of(
                        OAuthProvider.discovered(
                            "company", oidc.issuerUrl("company").toString(), AUDIENCE),
                        OAuthProvider.discovered(
                                "cluster", oidc.issuerUrl("cluster").toString(), AUDIENCE)
                            .withJwksUrl(URI.create(oidc.jwksUrl("cluster").toString()))),
                    false),
                List.of()));
  }

  @AfterAll
  static void stop() {
    api.close();
    oidc.shutdown();
  }

  @Test
  void aTokenFromTheFirstProviderReadsTheCatalogAndNamesItsCaller() {
    String token =
        oidc.issueToken("company", "octocat", AUDIENCE, Map.of("groups", List.of("acme")))
            .serialize();

    HttpResponse<String> servers = api.get("/v0.1/servers", token);
    JsonNode me = json(api.get("/v1/me", token));

    assertThat(servers.statusCode()).isEqualTo(200);
    assertThat(me.get("subject").asText()).isEqualTo("octocat");
    assertThat(me.get("provider").asText()).isEqualTo("company");
    assertThat(me.at("/claims/groups/0").asText()).isEqualTo("acme");
  }

  @Test
  void aTokenFromTheSecondProviderIsAcceptedThroughItsJwksUrl() {
    String token =
        oidc.issueToken("cluster", "system:serviceaccount:ops:sync", AUDIENCE).serialize();

    JsonNode me = json(api.get("/v1/me", token));

    assertThat(me.get("subject").asText()).isEqualTo("system:serviceaccount:ops:sync");
    assertThat(me.get("provider").asText()).isEqualTo("cluster");
  }

  @Test
  void tokensForAnotherAudienceFromAnotherIssuerOrExpiredAreRejected() {
    String otherAudience = oidc.issueToken("company", "octocat", "another-api").serialize();
    String otherIssuer = oidc.issueToken("elsewhere", "octocat", AUDIENCE).serialize();
    String expired = oidc.issueToken("company", "octocat", AUDIENCE, Map.of(), -3600).serialize();

    for (var token :
        Map.of(
                otherAudience, "the token is not meant for this audience",
                otherIssuer, "the token is not from a trusted issuer",
                expired, "the token has expired")
            .entrySet()) {
      HttpResponse<String> response = api.get("/v0.1/servers", token.getKey());

      assertThat(response.statusCode()).as(token.getValue()).isEqualTo(401);
      // Without auth.oauth.resourceUrl there is no metadata address to point at.
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValue(
              "Bearer realm=\"mcp-registry\", error=\"invalid_token\","
                  + " error_description=\"token validation failed: "
                  + token.getValue()
                  + "\"");
    }
  }

  @Test
  void theProtectedResourceDocumentListsBothIssuersInOrder() {
    JsonNode body = json(api.get("/.well-known/oauth-protected-resource"));

    assertThat(body.get("authorization_servers"))
        .extracting(JsonNode::asText)
        .containsExactly(
            oidc.issuerUrl("company").toString(), oidc.issuerUrl("cluster").toString());
    assertThat(body.get("resource").asText()).startsWith("http://127.0.0.1:");
  }
}
