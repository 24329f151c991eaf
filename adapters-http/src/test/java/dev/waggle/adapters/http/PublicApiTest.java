package dev.waggle.adapters.http;

import static dev.waggle.adapters.http.RunningApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.registry.RegistryName;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PublicApiTest {
  static final RegistryName TEAM = RegistryName.of("team");
  static RunningApi api;

  @BeforeAll
  static void start() {
    api =
        new RunningApi(
            new FakeBrowseCatalog()
                .with(
                    FakeBrowseCatalog.DEFAULT,
                    Listings.active("io.github.acme/weather", "1.0.0", false, 0),
                    Listings.active("io.github.acme/weather", "1.1.0", true, 1),
                    Listings.active("io.github.acme/plus", "1.0.0+build.5", true, 2),
                    Listings.listing(
                        "io.github.acme/gone", "0.1.0", ServerStatus.DELETED, "malware", true, 3),
                    Listings.listing(
                        "io.github.acme/old",
                        "2.0.0",
                        ServerStatus.DEPRECATED,
                        "use weather",
                        true,
                        4))
                .with(TEAM, Listings.active("com.example/team-only", "3.0.0", true, 5)));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void givenRegistry_whenListing_thenEveryVisibleVersionIsServedWithOfficialMeta() {
    HttpResponse<String> response = api.get("/registry/default/v0.1/servers");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = json(response);
    assertThat(body.at("/metadata/count").asInt()).isEqualTo(4);
    assertThat(body.at("/metadata").has("nextCursor")).isFalse();
    assertThat(names(body))
        .containsExactly(
            "io.github.acme/old@2.0.0",
            "io.github.acme/plus@1.0.0+build.5",
            "io.github.acme/weather@1.0.0",
            "io.github.acme/weather@1.1.0");
    JsonNode official = body.at("/servers/3/_meta/io.modelcontextprotocol.registry~1official");
    assertThat(official.get("status").asText()).isEqualTo("active");
    assertThat(official.get("isLatest").asBoolean()).isTrue();
    assertThat(official.get("publishedAt").asText()).isEqualTo("2026-01-11T09:00:00.123456Z");
    assertThat(official.get("updatedAt").asText()).isEqualTo("2026-01-11T09:00:00.623456Z");
    assertThat(official.has("statusMessage")).isFalse();
    JsonNode deprecated = body.at("/servers/0/_meta/io.modelcontextprotocol.registry~1official");
    assertThat(deprecated.get("statusMessage").asText()).isEqualTo("use weather");
  }

  @Test
  void serverDocumentIsServedExactlyAsStored() {
    HttpResponse<String> response =
        api.get("/v0.1/servers/io.github.acme%2Fweather/versions/1.0.0");

    assertThat(response.body())
        .startsWith("{\"server\":" + Listings.document("io.github.acme/weather", "1.0.0") + ",");
  }

  @Test
  void givenSmallLimit_whenFollowingNextCursor_thenEveryItemIsSeenOnceAndTheLastPageHasNoCursor() {
    List<String> seen = new ArrayList<>();
    String path = "/v0.1/servers?limit=3&include_deleted=true";
    int pages = 0;
    while (path != null) {
      JsonNode body = json(api.get(path));
      seen.addAll(names(body));
      pages++;
      JsonNode next = body.at("/metadata/nextCursor");
      path =
          next.isMissingNode()
              ? null
              : "/v0.1/servers?limit=3&include_deleted=true&cursor=" + next.asText();
    }

    assertThat(pages).isEqualTo(2);
    assertThat(seen).hasSize(5).doesNotHaveDuplicates().contains("io.github.acme/gone@0.1.0");
  }

  @Test
  void givenVersionLatest_whenListing_thenOnlyLatestVersionsAreServed() {
    JsonNode body = json(api.get("/v0.1/servers?version=latest&search=weather"));

    assertThat(names(body)).containsExactly("io.github.acme/weather@1.1.0");
    assertThat(api.catalog.lastQuery().search()).hasValue("weather");
  }

  @Test
  void givenUpdatedSince_whenListing_thenDeletedVersionsAreIncludedAndTheTimeIsPassedOn() {
    JsonNode body = json(api.get("/v0.1/servers?updated_since=2026-01-12T00:00:00%2B01:00"));

    assertThat(names(body)).contains("io.github.acme/gone@0.1.0");
    assertThat(api.catalog.lastQuery().updatedSince())
        .hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("2026-01-11T23:00:00Z"));
  }

  @Test
  void givenEncodedSlashInServerName_whenListingVersions_thenNewestPublishComesFirst() {
    HttpResponse<String> response =
        api.get("/registry/default/v0.1/servers/io.github.acme%2Fweather/versions");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(names(json(response)))
        .containsExactly("io.github.acme/weather@1.1.0", "io.github.acme/weather@1.0.0");
  }

  @Test
  void givenLatest_whenGettingAVersion_thenTheLatestVersionIsServedWithoutListWrapper() {
    HttpResponse<String> response =
        api.get("/v0.1/servers/io.github.acme%2Fweather/versions/latest");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.at("/server/version").asText()).isEqualTo("1.1.0");
    assertThat(body.has("servers")).isFalse();
  }

  @Test
  void givenEncodedPlusOrLiteralPlusInVersion_whenGettingIt_thenBothMeanPlus() {
    HttpResponse<String> encoded =
        api.get("/v0.1/servers/io.github.acme%2Fplus/versions/1.0.0%2Bbuild.5");
    HttpResponse<String> literal =
        api.get("/v0.1/servers/io.github.acme%2Fplus/versions/1.0.0+build.5");

    assertThat(encoded.statusCode()).isEqualTo(200);
    assertThat(literal.statusCode()).isEqualTo(200);
    assertThat(json(literal).at("/server/version").asText()).isEqualTo("1.0.0+build.5");
  }

  @Test
  void givenEncodedPercentInVersion_whenGettingIt_thenItIsDecodedOnlyOnce() {
    HttpResponse<String> response =
        api.get("/v0.1/servers/io.github.acme%2Fweather/versions/1.0.0%252B1");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("detail").asText()).endsWith("version 1.0.0%2B1");
  }

  @Test
  void givenNamedRegistry_whenListing_thenOnlyItsServersAreServed() {
    assertThat(names(json(api.get("/registry/team/v0.1/servers"))))
        .containsExactly("com.example/team-only@3.0.0");
    assertThat(api.get("/v0.1/servers/com.example%2Fteam-only/versions/latest").statusCode())
        .isEqualTo(404);
  }

  @Test
  void givenDeletedVersion_whenGettingIt_thenItIsHiddenUnlessIncludeDeleted() {
    String path = "/v0.1/servers/io.github.acme%2Fgone/versions/0.1.0";

    assertThat(api.get(path).statusCode()).isEqualTo(404);
    assertThat(api.get(path + "?include_deleted=true").statusCode()).isEqualTo(200);
    assertThat(
            api.get("/v0.1/servers/io.github.acme%2Fgone/versions?include_deleted=true")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void givenUnknownRegistryServerOrRoute_whenRequested_thenProblem404() {
    for (String path :
        List.of(
            "/registry/nope/v0.1/servers",
            "/v0.1/servers/io.github.acme%2Fnope/versions",
            "/v0.1/servers/io.github.acme%2Fweather/versions/9.9.9",
            "/v0.1/nothing-here")) {
      HttpResponse<String> response = api.get(path);

      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      JsonNode body = json(response);
      assertThat(body.get("title").asText()).isEqualTo("Not Found");
      assertThat(body.get("error").asText()).isEqualTo(body.get("detail").asText()).isNotBlank();
    }
  }

  @Test
  void givenRegistryTheCallerMayNotRead_whenListing_thenProblem403() {
    HttpResponse<String> response = api.get("/registry/secret/v0.1/servers");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(json(response).get("detail").asText()).contains("insufficient claims");
  }

  @Test
  void givenServerFault_whenRequested_thenProblem500ThatHidesTheCauseButGivesTheRequestId() {
    HttpResponse<String> response = api.get("/registry/broken/v0.1/servers");

    assertThat(response.statusCode()).isEqualTo(500);
    String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(response.body())
        .contains(requestId)
        .doesNotContain("hunter2")
        .doesNotContain("10.0.0.7");
  }

  @Test
  void everyResponseCarriesCorsSecurityAndRequestIdHeadersButNoServerVersion() {
    for (String path : List.of("/v0.1/servers", "/v0.1/nothing-here", "/openapi.json")) {
      HttpResponse<String> response = api.get(path);

      assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
          .as(path)
          .hasValue("*");
      assertThat(response.headers().firstValue("Access-Control-Allow-Methods"))
          .hasValue("GET, OPTIONS");
      assertThat(response.headers().firstValue("Access-Control-Allow-Headers"))
          .hasValue("Authorization, Content-Type");
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
      assertThat(response.headers().firstValue("Server")).isEmpty();
    }
  }

  @Test
  void givenCorsPreflight_whenSent_then204WithTheAllowHeaders() {
    HttpResponse<String> response =
        api.send(
            HttpRequest.newBuilder(
                    api.publicUri("/v0.1/servers/io.github.acme%2Fweather/versions/latest"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://github.com")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization"));

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(response.headers().firstValue("Access-Control-Allow-Methods"))
        .hasValue("GET, OPTIONS");
    assertThat(response.headers().firstValue("Access-Control-Allow-Headers"))
        .hasValue("Authorization, Content-Type");
  }

  @Test
  void givenWriteMethod_whenSentToAReadOnlyPath_thenProblem405() {
    HttpResponse<String> response =
        api.send(
            HttpRequest.newBuilder(api.publicUri("/v0.1/servers"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void givenHeadRequest_whenSent_thenStatusIsTheGetStatusWithoutBody() {
    HttpResponse<String> found =
        api.send(
            HttpRequest.newBuilder(api.publicUri("/v0.1/servers/io.github.acme%2Fweather/versions"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    HttpResponse<String> missing =
        api.send(
            HttpRequest.newBuilder(api.publicUri("/v0.1/servers/io.github.acme%2Fnope/versions"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.body()).isEmpty();
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void givenCallerRequestId_whenSafe_thenItIsEchoed() {
    HttpResponse<String> response =
        api.send(
            HttpRequest.newBuilder(api.publicUri("/v0.1/servers"))
                .header("X-Request-Id", "trace-42"));

    assertThat(response.headers().firstValue("X-Request-Id")).hasValue("trace-42");
  }

  @Test
  void openApiDocumentIsServedAsYamlAndJson() {
    HttpResponse<String> yaml = api.get("/openapi.yaml");
    HttpResponse<String> json = api.get("/openapi.json");

    assertThat(yaml.statusCode()).isEqualTo(200);
    assertThat(yaml.headers().firstValue("Content-Type")).hasValue("application/yaml");
    assertThat(yaml.body()).startsWith("openapi: 3.1.0");
    assertThat(json(json).at("/paths").has("/registry/{registry}/v0.1/servers")).isTrue();
  }

  static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.get("servers")
        .forEach(
            item ->
                names.add(
                    item.at("/server/name").asText() + "@" + item.at("/server/version").asText()));
    return names;
  }
}
