package dev.waggle.adapters.http;

import static dev.waggle.adapters.http.RunningApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input is a 400 whose problem body names the parameter and the value sent. */
class BadInputTest {
  static final String WEATHER = "/v0.1/servers/io.github.acme%2Fweather";
  static final String LONG_VERSION = "9".repeat(256);
  static RunningApi api;

  @BeforeAll
  static void start() {
    api =
        new RunningApi(
            new FakeBrowseCatalog()
                .with(
                    FakeBrowseCatalog.DEFAULT,
                    Listings.active("io.github.acme/weather", "1.0.0", true, 0)));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static Stream<Arguments> badParameters() {
    String since = "updated_since=2025-08-07T13:15:04Z";
    return Stream.of(
        Arguments.of("/v0.1/servers?limit=abc", "query.limit", "abc", "must be an integer"),
        Arguments.of("/v0.1/servers?limit=1.5", "query.limit", "1.5", "must be an integer"),
        Arguments.of("/v0.1/servers?limit=0", "query.limit", "0", "must be between 1 and 1000"),
        Arguments.of("/v0.1/servers?limit=-3", "query.limit", "-3", "must be between 1 and 1000"),
        Arguments.of(
            "/v0.1/servers?limit=1001", "query.limit", "1001", "must be between 1 and 1000"),
        Arguments.of(
            "/v0.1/servers?limit=99999999999",
            "query.limit",
            "99999999999",
            "must be between 1 and 1000"),
        Arguments.of("/v0.1/servers?limit=%zz", "query.limit", "%zz", "percent-encoding"),
        Arguments.of("/v0.1/servers?limit=%2B5", "query.limit", "+5", "must be an integer"),
        Arguments.of(
            "/v0.1/servers?limit=%EF%BC%95", "query.limit", "\uFF15", "must be an integer"),
        Arguments.of("/v0.1/servers?search=%C3", "query.search", "%C3", "percent-encoding"),
        Arguments.of(
            "/v0.1/servers?search=%ED%A0%80", "query.search", "%ED%A0%80", "percent-encoding"),
        Arguments.of(
            "/v0.1/servers?cursor=not*base64", "query.cursor", "not*base64", "not a cursor"),
        Arguments.of("/v0.1/servers?cursor=Zm9vYmFy", "query.cursor", "Zm9vYmFy", "not a cursor"),
        Arguments.of(
            "/v0.1/servers?updated_since=yesterday",
            "query.updated_since",
            "yesterday",
            "RFC 3339"),
        Arguments.of(
            "/v0.1/servers?updated_since=2025-08-07",
            "query.updated_since",
            "2025-08-07",
            "RFC 3339"),
        Arguments.of(
            "/v0.1/servers?updated_since=2025-08-07T13:15:04",
            "query.updated_since",
            "2025-08-07T13:15:04",
            "RFC 3339"),
        Arguments.of(
            "/v0.1/servers?updated_since=2025-02-30T13:15:04Z",
            "query.updated_since",
            "2025-02-30T13:15:04Z",
            "RFC 3339"),
        Arguments.of(
            "/v0.1/servers?include_deleted=yes",
            "query.include_deleted",
            "yes",
            "must be true or false"),
        Arguments.of(
            "/v0.1/servers?" + since + "&include_deleted=false",
            "query.include_deleted",
            "false",
            "updated_since"),
        Arguments.of(
            "/v0.1/servers?version=" + LONG_VERSION, "query.version", LONG_VERSION, "at most 255"),
        Arguments.of("/v0.1/servers?search=a%00b", "query.search", "a\u0000b", "control"),
        Arguments.of(
            "/v0.1/servers/not-a-name/versions",
            "path.serverName",
            "not-a-name",
            "exactly one '/'"),
        Arguments.of(
            "/v0.1/servers/a%2Fb%2Fc/versions/latest",
            "path.serverName", "a/b/c", "exactly one '/'"),
        Arguments.of(
            "/v0.1/servers/io.github.acme%252Fweather/versions",
            "path.serverName", "io.github.acme%2Fweather", "exactly one '/'"),
        Arguments.of(
            "/registry/default/v0.1/servers/-bad%2Fname/versions",
            "path.serverName", "-bad/name", "namespace"),
        Arguments.of(
            "/registry/bad%20name/v0.1/servers", "path.registry", "bad name", "registry name"),
        Arguments.of(
            WEATHER + "/versions/" + LONG_VERSION, "path.version", LONG_VERSION, "at most 255"),
        Arguments.of(
            WEATHER + "/versions?include_deleted=1", "query.include_deleted", "1", "true or false"),
        Arguments.of(
            WEATHER + "/versions/latest?include_deleted=no",
            "query.include_deleted",
            "no",
            "true or false"));
  }

  @Test
  void aListingAskedAgainIsReadAlikeAndABadOneIsRefusedEveryTime() {
    for (int asked = 1; asked <= 3; asked++) {
      assertThat(api.rawGet("/v0.1/servers?limit=abc").status())
          .as("asked %d", asked)
          .isEqualTo(400);
      assertThat(api.rawGet("/registry/bad%20name/v0.1/servers?limit=7").status())
          .as("asked %d", asked)
          .isEqualTo(400);
      // A new generation makes the page be computed again, so the query reaches the catalog.
      api.catalog.moveGeneration();
      assertThat(api.get("/v0.1/servers?limit=7&search=wea").statusCode()).isEqualTo(200);
      assertThat(api.catalog.lastQuery().limit()).as("asked %d", asked).isEqualTo(7);
      assertThat(api.catalog.lastQuery().search()).contains("wea");
      api.catalog.moveGeneration();
      assertThat(api.get("/registry/default/v0.1/servers?limit=8").statusCode()).isEqualTo(200);
      assertThat(api.catalog.lastQuery().limit()).isEqualTo(8);
      assertThat(api.catalog.lastQuery().search()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badParameters")
  void givenBadParameter_whenRequested_thenProblem400NamesParameterAndValue(
      String path, String location, String value, String reason) {
    RunningApi.RawResponse response = api.rawGet(path);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.headers()).containsEntry("Content-Type", "application/problem+json");
    JsonNode body = tree(response.body());
    assertThat(body.get("type").asText()).isEqualTo("about:blank");
    assertThat(body.get("title").asText()).isEqualTo("Bad Request");
    assertThat(body.get("status").asInt()).isEqualTo(400);
    String parameter = location.substring(location.indexOf('.') + 1);
    assertThat(body.get("detail").asText()).contains("'" + parameter + "'").contains(reason);
    assertThat(body.get("error").asText()).isEqualTo(body.get("detail").asText());
    assertThat(body.get("errors")).hasSize(1);
    JsonNode error = body.get("errors").get(0);
    assertThat(error.get("location").asText()).isEqualTo(location);
    assertThat(error.get("value").asText()).isEqualTo(value);
    assertThat(error.get("message").asText()).contains(reason);
  }

  @Test
  void unicodeSearchTermsArriveDecodedWhetherEncodedOrRaw() {
    assertThat(api.get("/v0.1/servers?search=caf%C3%A9+bar").statusCode()).isEqualTo(200);
    assertThat(api.catalog.lastQuery().search()).contains("caf\u00e9 bar");
  }

  @Test
  void givenSeveralBadParameters_whenListing_thenEachIsNamedInOneAnswer() {
    HttpResponse<String> response = api.get("/v0.1/servers?limit=abc&include_deleted=maybe");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("errors").findValuesAsText("location"))
        .containsExactly("query.limit", "query.include_deleted");
  }

  @Test
  void givenRequestTargetJettyCannotRoute_whenRequested_thenProblem400InTheSameShape() {
    for (String path :
        new String[] {
          "/v0.1/servers/io%zzgithub/versions",
          "/v0.1/servers/%2e%2e/versions",
          "/v0.1/servers/io%00x%2Fy/versions",
          WEATHER + "/versions/%C3%28"
        }) {
      RunningApi.RawResponse response = api.rawGet(path);

      assertThat(response.status()).as(path).isEqualTo(400);
      assertThat(response.headers()).containsEntry("Content-Type", "application/problem+json");
      assertThat(response.headers()).containsEntry("Access-Control-Allow-Origin", "*");
      JsonNode body = tree(response.body());
      assertThat(body.get("title").asText()).isEqualTo("Bad Request");
      assertThat(body.get("detail").asText()).isNotEqualTo("Bad Request");
    }
  }

  @Test
  void givenEmptyParameters_whenListing_thenDefaultsApply() {
    HttpResponse<String> response =
        api.get("/v0.1/servers?limit=&cursor=&search=&version=&include_deleted=&updated_since=");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(api.catalog.lastQuery().limit()).isEqualTo(30);
    assertThat(api.catalog.lastQuery().includeDeleted()).isFalse();
  }

  private static JsonNode tree(String body) {
    try {
      return RunningApi.JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }
}
