package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whatever a client sends — an odd method, an unknown path, a request Jetty refuses before routing
 * — the answer is problem+json with a request id, and the access log has a line for it.
 */
class ErrorAnswersTest {
  static AccessLogCapture accessLog;
  static RunningApi api;

  @BeforeAll
  static void start() {
    accessLog = new AccessLogCapture();
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
    accessLog.close();
  }

  @Test
  void otherMethodsOnRoutedPathsAreProblem405sWithAllow() {
    for (String method : List.of("PROPFIND", "TRACE", "DELETE", "PUT", "PATCH", "MKCOL")) {
      for (String path : List.of("/v0.1/servers", "/registry/default/v0/servers", "/v0/ping")) {
        RunningApi.RawResponse response = api.raw(method, path, "");

        assertProblem(response, 405, method + " " + path);
        assertThat(response.headers()).as(method + " " + path).containsKey("Allow");
        assertThat(response.headers().get("Allow")).contains("GET");
      }
      RunningApi.RawResponse sync = api.raw(method, "/v1/sources/catalog/sync", "");
      assertProblem(sync, 405, method + " sync");
      assertThat(sync.headers()).containsEntry("Allow", "POST");
    }
  }

  @Test
  void unknownPathsAndOptionsStarAreProblem404s() {
    assertProblem(api.raw("GET", "/nothing/here", ""), 404, "GET unknown");
    assertProblem(api.raw("PROPFIND", "/nothing/here", ""), 404, "PROPFIND unknown");
    assertProblem(api.raw("OPTIONS", "*", ""), 404, "OPTIONS *");
  }

  @Test
  void requestsJettyRefusesBeforeRoutingAreProblemsToo() {
    assertProblem(api.raw("GET", "/v0.1/servers/%zz/versions", ""), 400, "bad escape");
    assertProblem(api.raw("DELETE", "/v0.1/servers/%zz/versions", ""), 400, "bad escape DELETE");
    assertProblem(api.raw("G@T", "/v0.1/servers", ""), 400, "bad method token");
    assertProblem(api.raw("GET", "/v0/servers/" + "a".repeat(9000), ""), 414, "long URI");
  }

  @Test
  void aCorsPreflightOfAReadRouteStillSucceeds() {
    RunningApi.RawResponse response =
        api.raw(
            "OPTIONS",
            "/v0/servers",
            "Origin: https://github.com\r\nAccess-Control-Request-Method: GET\r\n");

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.headers()).containsEntry("Access-Control-Allow-Origin", "*");
    assertThat(response.headers()).containsEntry("Access-Control-Allow-Methods", "GET, OPTIONS");
    assertThat(response.headers()).containsKey("X-Request-Id");
  }

  private static void assertProblem(RunningApi.RawResponse response, int status, String what) {
    assertThat(response.status()).as(what).isEqualTo(status);
    assertThat(response.headers())
        .as(what)
        .containsEntry("Content-Type", "application/problem+json");
    String requestId = response.headers().get("X-Request-Id");
    assertThat(requestId).as(what).isNotBlank();
    JsonNode body;
    try {
      body = RunningApi.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(what + ": not JSON: " + response.body(), e);
    }
    assertThat(body.get("status").asInt()).as(what).isEqualTo(status);
    assertThat(body.get("detail").asText()).as(what).isNotBlank();
    assertThat(body.get("error").asText()).as(what).isEqualTo(body.get("detail").asText());
    List<ILoggingEvent> lines = accessLog.linesOf(requestId);
    assertThat(lines).as(what + ": access-log lines").hasSize(1);
    assertThat(lines.get(0).getLevel()).as(what).isEqualTo(Level.WARN);
  }
}
