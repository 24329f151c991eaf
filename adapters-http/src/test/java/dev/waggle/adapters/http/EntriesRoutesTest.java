package dev.waggle.adapters.http;

import static dev.waggle.adapters.http.RunningApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.domain.access.Claims;
import dev.waggle.domain.access.Role;
import dev.waggle.domain.catalog.EntryType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code /v1/entries} routes over real HTTP in front of a use-case fake: what reaches the use
 * case (the member's text as written, the claims, who asks in anonymous and auth-only mode), what
 * comes back, and the bodies refused before it is asked.
 */
class EntriesRoutesTest {
  private static final String SERVER =
      "{ \"version\": \"1.0.0\",\n  \"name\": \"io.example/srv\", \"description\": \"d\" }";

  private RunningApi api;
  private TestIssuer issuer;

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  private RunningApi anonymous() {
    api = new RunningApi(new FakeBrowseCatalog(), AuthSettings.ANONYMOUS);
    return api;
  }

  @Test
  void aPublishedServerReachesTheUseCaseAsWrittenAndComesBackBare() {
    anonymous();

    HttpResponse<String> response =
        api.send(
            "POST",
            "/v1/entries",
            "{\"server\": " + SERVER + ", \"claims\": {\"team\": [\"a\", \"b\"], \"org\": \"x\"}}",
            null);

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.body()).isEqualTo(SERVER);
    FakePublishEntries.Call call = api.entries.last();
    assertThat(call.type()).isEqualTo(EntryType.SERVER);
    assertThat(call.text()).isEqualTo(SERVER);
    assertThat(call.claims())
        .isEqualTo(new Claims(Map.of("team", List.of("a", "b"), "org", List.of("x"))));
    assertThat(call.caller().subject()).isEmpty();
    assertThat(call.caller().claims()).isEmpty();
  }

  @Test
  void aPublishedSkillComesBackInTheServiceShape() {
    anonymous();

    HttpResponse<String> response =
        api.send("POST", "/v1/entries", "{\"skill\": {\"name\": \"pdf\"}}", null);

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(json(response).get("name").asText()).isEqualTo("pdf");
    assertThat(json(response).get("id").asText()).isEqualTo("7");
    assertThat(json(response).get("isLatest").asBoolean()).isTrue();
    assertThat(json(response).get("createdAt").asText()).isEqualTo("2026-11-01T10:00:00Z");
    assertThat(api.entries.last().claims()).isEqualTo(Claims.NONE);
  }

  @Test
  void inAuthOnlyModeTheTokensSubjectHoldsEveryRoleAndNoClaimsAreChecked() throws Exception {
    issuer = new TestIssuer();
    api =
        new RunningApi(
            new FakeBrowseCatalog(),
            AuthSettings.oauth(
                new OAuthSettings(
                    Optional.empty(),
                    "waggle",
                    List.of(OAuthProvider.discovered("test", issuer.issuer(), TestIssuer.AUDIENCE)),
                    false),
                List.of()));
    String token = issuer.rsaToken(issuer.claims().subject("alice").build());

    assertThat(
            api.send("DELETE", "/v1/entries/plugin/lint/versions/1.0.0", null, null).statusCode())
        .isEqualTo(401);
    assertThat(
            api.send("DELETE", "/v1/entries/plugin/lint/versions/1.0.0", null, token).statusCode())
        .isEqualTo(204);

    FakePublishEntries.Call call = api.entries.last();
    assertThat(call.text()).isEqualTo("lint@1.0.0");
    assertThat(call.caller().subject()).contains("alice");
    assertThat(call.caller().claims()).isEmpty();
    assertThat(call.caller().roles()).isEqualTo(EnumSet.allOf(Role.class));
  }

  @Test
  void serverNamesArePercentEncodedOnceInThePath() {
    anonymous();

    assertThat(
            api.send(
                    "DELETE", "/v1/entries/server/io.example%2Fsrv/versions/1.0.0%2Bb1", null, null)
                .statusCode())
        .isEqualTo(204);
    assertThat(api.entries.last().text()).isEqualTo("io.example/srv@1.0.0+b1");
    assertThat(
            api.send("DELETE", "/v1/entries/server/missing/versions/1.0.0", null, null)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void claimsAreReadAsAnObjectAndReplacedOrClearedWithNoContent() {
    anonymous();

    HttpResponse<String> read = api.get("/v1/entries/skill/pdf/claims");
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(json(read).at("/claims/team/0").asText()).isEqualTo("platform");

    assertThat(
            api.send("PUT", "/v1/entries/skill/pdf/claims", "{\"claims\": {\"team\": \"x\"}}", null)
                .statusCode())
        .isEqualTo(204);
    assertThat(api.entries.last().claims()).isEqualTo(Claims.of("team", "x"));
    assertThat(
            api.send("PUT", "/v1/entries/skill/pdf/claims", "{\"claims\": null}", null)
                .statusCode())
        .isEqualTo(204);
    assertThat(api.entries.last().claims()).isEqualTo(Claims.NONE);
  }

  @Test
  void badBodiesAreRefusedBeforeTheUseCaseIsAsked() {
    anonymous();

    HttpResponse<String> badClaim =
        api.send("PUT", "/v1/entries/skill/pdf/claims", "{\"claims\": {\"team\": 1}}", null);
    HttpResponse<String> notJson = api.send("POST", "/v1/entries", "{\"server\": {", null);
    HttpResponse<String> notObject = api.send("POST", "/v1/entries", "[]", null);
    HttpResponse<String> serverNotObject =
        api.send("POST", "/v1/entries", "{\"server\": \"srv\"}", null);
    HttpResponse<String> badType = api.get("/v1/entries/widget/pdf/claims");

    assertThat(badClaim.statusCode()).isEqualTo(400);
    assertThat(json(badClaim).at("/errors/0/location").asText()).isEqualTo("claims.team");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(json(notJson).get("detail").asText()).contains("not valid JSON");
    assertThat(notObject.statusCode()).isEqualTo(400);
    assertThat(serverNotObject.statusCode()).isEqualTo(400);
    assertThat(json(serverNotObject).at("/errors/0/location").asText()).isEqualTo("body.server");
    assertThat(badType.statusCode()).isEqualTo(400);
    assertThat(json(badType).at("/errors/0/location").asText()).isEqualTo("path.type");
    assertThat(api.entries.calls).isEmpty();
  }

  @Test
  void aBodyOverTheLimitIsRefusedEvenWithoutADeclaredLength() {
    anonymous();
    long total = RequestBodies.MAX_BYTES + 128 * 1024L;
    // A stream of unknown length goes chunked: the server must count, not trust a header.
    HttpRequest.BodyPublisher streamed =
        HttpRequest.BodyPublishers.ofInputStream(
            () ->
                new InputStream() {
                  private long sent;

                  @Override
                  public int read() {
                    throw new UnsupportedOperationException();
                  }

                  @Override
                  public int read(byte[] b, int off, int len) throws IOException {
                    if (sent >= total) {
                      return -1;
                    }
                    int n = (int) Math.min(len, total - sent);
                    Arrays.fill(b, off, off + n, (byte) ' ');
                    sent += n;
                    return n;
                  }
                });

    HttpResponse<String> response =
        api.send(
            HttpRequest.newBuilder(URI.create(api.publicUri("/v1/entries").toString()))
                .header("Content-Type", "application/json")
                .POST(streamed));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(api.entries.calls).isEmpty();
  }
}
