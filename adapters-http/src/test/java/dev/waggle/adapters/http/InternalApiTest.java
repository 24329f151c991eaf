package dev.waggle.adapters.http;

import static dev.waggle.adapters.http.RunningApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.application.port.in.CheckReadiness.Liveness;
import dev.waggle.application.port.in.CheckReadiness.Readiness;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InternalApiTest {
  static RunningApi api;

  @BeforeAll
  static void start() {
    api = new RunningApi(new FakeBrowseCatalog().with(FakeBrowseCatalog.DEFAULT));
  }

  @AfterEach
  void readyAgain() {
    api.readiness.answer(new Readiness(true, null));
    api.readiness.answerLiveness(new Liveness(true, null));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void healthAnswersHealthyOnTheInternalListenerOnly() {
    HttpResponse<String> response = api.getInternal("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo("{\"status\":\"healthy\"}");
    assertThat(api.get("/health").statusCode()).isEqualTo(404);
    assertThat(api.getInternal("/v0.1/servers").statusCode()).isEqualTo(404);
  }

  @Test
  void givenAFaultWaggleCannotRecoverFrom_whenHealthIsProbed_then503SoThatTheProcessIsRestarted() {
    api.readiness.answerLiveness(
        new Liveness(false, "the embedded PostgreSQL cannot be restarted"));

    HttpResponse<String> response = api.getInternal("/health");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body())
        .isEqualTo(
            "{\"status\":\"unhealthy\",\"error\":\"the embedded PostgreSQL cannot be"
                + " restarted\"}");
  }

  @Test
  void givenTheDatabaseIsDown_whenHealthIsProbed_thenStillHealthyButNotReady() {
    api.readiness.answer(new Readiness(false, "database unreachable"));

    assertThat(api.getInternal("/health").statusCode()).isEqualTo(200);
    assertThat(api.getInternal("/readiness").statusCode()).isEqualTo(503);
  }

  @Test
  void givenReady_whenProbed_then200Ready() {
    HttpResponse<String> response = api.getInternal("/readiness");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"ready\"}");
  }

  @Test
  void givenNotReady_whenProbed_then503WithTheReason() {
    api.readiness.answer(new Readiness(false, "database unreachable"));

    HttpResponse<String> response = api.getInternal("/readiness");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body())
        .isEqualTo("{\"status\":\"not ready\",\"error\":\"database unreachable\"}");
  }

  @Test
  void givenReadinessCheckThrows_whenProbed_then503WithoutTheInternals() {
    api.readiness.fail(new IllegalStateException("jdbc:postgresql://db:5432 password=hunter2"));

    HttpResponse<String> response = api.getInternal("/readiness");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).get("status").asText()).isEqualTo("not ready");
    assertThat(response.body()).doesNotContain("hunter2");
  }

  @Test
  void versionReportsTheBuildAndTheRuntime() {
    JsonNode body = json(api.getInternal("/version"));

    assertThat(body.get("version").asText()).isEqualTo("1.2.3");
    assertThat(body.get("commit").asText()).isEqualTo("abc1234");
    assertThat(body.get("build_date").asText()).isEqualTo("2026-11-22");
    assertThat(body.get("java_version").asText()).startsWith("17");
    assertThat(body.get("platform").asText()).matches("[a-z0-9-]+/[a-z0-9_]+");
  }

  @Test
  void internalListenerHasNoCorsButTheSameErrorShape() {
    HttpResponse<String> response = api.getInternal("/metrics");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
  }
}
