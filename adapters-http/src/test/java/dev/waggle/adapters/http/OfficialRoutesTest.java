package dev.waggle.adapters.http;

import static dev.waggle.adapters.http.RunningApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The routes the official registry serves beside {@code /v0.1}: the {@code /v0} aliases and {@code
 * health}, {@code ping} and {@code version}, per registry and at the bare path.
 */
class OfficialRoutesTest {
  static RunningApi api;

  @BeforeAll
  static void start() {
    api =
        new RunningApi(
            new FakeBrowseCatalog()
                .with(
                    FakeBrowseCatalog.DEFAULT,
                    Listings.active("io.github.acme/weather", "1.0.0", false, 0),
                    Listings.active("io.github.acme/weather", "1.1.0", true, 1))
                .with(
                    PublicApiTest.TEAM,
                    Listings.active("com.example/team-only", "3.0.0", true, 2)));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void everyReadRouteAnswersTheSameUnderV0AsUnderV01() {
    for (String prefix : List.of("", "/registry/default", "/registry/team")) {
      for (String route :
          List.of(
              "/servers?limit=1",
              "/servers?version=latest&search=weather",
              "/servers/io.github.acme%2Fweather/versions",
              "/servers/io.github.acme%2Fweather/versions/latest",
              "/servers/io.github.acme%2Fnope/versions/latest",
              "/servers?limit=abc")) {
        HttpResponse<String> current = api.get(prefix + "/v0.1" + route);
        HttpResponse<String> alias = api.get(prefix + "/v0" + route);

        assertThat(alias.statusCode()).as(prefix + route).isEqualTo(current.statusCode());
        assertThat(alias.headers().firstValue("Content-Type"))
            .as(prefix + route)
            .isEqualTo(current.headers().firstValue("Content-Type"));
        assertThat(json(alias)).as(prefix + route).isEqualTo(json(current));
      }
    }
    assertThat(api.get("/v0/servers").statusCode()).isEqualTo(200);
    assertThat(json(api.get("/registry/team/v0/servers")).at("/servers/0/server/name").asText())
        .isEqualTo("com.example/team-only");
  }

  @Test
  void healthPingAndVersionAnswerInTheOfficialShapesOnThePublicListener() {
    for (String prefix : List.of("", "/registry/default", "/registry/team")) {
      for (String apiVersion : List.of("/v0.1", "/v0")) {
        String base = prefix + apiVersion;
        HttpResponse<String> health = api.get(base + "/health");
        HttpResponse<String> ping = api.get(base + "/ping");
        HttpResponse<String> version = api.get(base + "/version");

        assertThat(health.statusCode()).as(base).isEqualTo(200);
        assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(health.body()).as(base).isEqualTo("{\"status\":\"ok\"}");
        assertThat(ping.statusCode()).as(base).isEqualTo(200);
        assertThat(ping.body()).as(base).isEqualTo("{\"pong\":true}");
        assertThat(version.statusCode()).as(base).isEqualTo(200);
        assertThat(version.body())
            .as(base)
            .isEqualTo(
                "{\"version\":\"1.2.3\",\"git_commit\":\"abc1234\",\"build_time\":\"2026-11-22\"}");
        assertThat(health.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
      }
    }
  }

  @Test
  void givenARegistryThatIsNotServed_whenItsStatusRoutesAreCalled_thenNotFoundAsItsListIs() {
    for (String apiVersion : List.of("/v0.1", "/v0")) {
      for (String route : List.of("/health", "/ping", "/version", "/servers")) {
        String path = "/registry/nope" + apiVersion + route;
        HttpResponse<String> response = api.get(path);

        assertThat(response.statusCode()).as(path).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
            .as(path)
            .hasValue("application/problem+json");
        assertThat(json(response).get("detail").asText())
            .as(path)
            .isEqualTo("registry not found: nope");
      }
    }
  }

  @Test
  void aMalformedRegistryNameIsRejectedOnTheStatusRoutesToo() {
    HttpResponse<String> response = api.get("/registry/bad%20name/v0/health");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = json(response).get("errors").get(0);
    assertThat(error.get("location").asText()).isEqualTo("path.registry");
    assertThat(error.get("value").asText()).isEqualTo("bad name");
  }

  @Test
  void theServedOpenApiDocumentListsTheAliasesAndTheStatusRoutes() {
    JsonNode paths = json(api.get("/openapi.json")).get("paths");

    for (String prefix : List.of("", "/registry/{registry}")) {
      for (String apiVersion : List.of("/v0.1", "/v0")) {
        for (String route :
            List.of(
                "/servers",
                "/servers/{serverName}/versions",
                "/servers/{serverName}/versions/{version}",
                "/health",
                "/ping",
                "/version")) {
          assertThat(paths.has(prefix + apiVersion + route))
              .as(prefix + apiVersion + route)
              .isTrue();
        }
      }
    }
  }
}
