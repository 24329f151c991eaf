package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.application.port.in.SyncOutcome.Result;
import dev.waggle.domain.source.SourceName;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code POST /v1/sources/{name}/sync}: an on-demand sync and what it answers. */
class SourceSyncTest {
  private static RunningApi api;

  @BeforeAll
  static void start() {
    api = new RunningApi(new FakeBrowseCatalog());
    api.sync
        .answer("catalog", Result.UPDATED, "Sync completed: 3 server versions stored")
        .answer("busy", Result.SKIPPED, "a sync of this source is in progress")
        .answer("broken", Result.FAILED, "Fetch failed: file not found: /data/registry.json");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static HttpResponse<String> post(String path) {
    return api.send(
        HttpRequest.newBuilder(api.publicUri(path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  @Test
  void aSuccessfulSyncAnswers200WithWhatItStored() throws Exception {
    HttpResponse<String> response = post("/v1/sources/catalog/sync");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = RunningApi.JSON.readTree(response.body());
    assertThat(body.get("source").asText()).isEqualTo("catalog");
    assertThat(body.get("result").asText()).isEqualTo("updated");
    assertThat(body.get("serverCount").asInt()).isEqualTo(3);
    assertThat(body.get("message").asText()).contains("3 server versions stored");
    assertThat(api.sync.requested).contains(SourceName.of("catalog"));
  }

  @Test
  void aSyncAlreadyRunningIsAConflict() throws Exception {
    HttpResponse<String> response = post("/v1/sources/busy/sync");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(RunningApi.JSON.readTree(response.body()).get("error").asText())
        .contains("in progress");
  }

  @Test
  void aSourceThatCannotBeReadIsABadGatewayThatSaysWhatFailedButNotWhere() throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(SourceSyncHandler.class);
    log.start();
    logger.addAppender(log);
    HttpResponse<String> response;
    try {
      response = post("/v1/sources/broken/sync");
    } finally {
      logger.detachAppender(log);
    }

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(RunningApi.JSON.readTree(response.body()).get("detail").asText())
        .contains("broken")
        .contains("fetch failed")
        .contains(requestId)
        .doesNotContain("/data/registry.json");
    assertThat(log.list)
        .anySatisfy(
            line -> {
              assertThat(line.getLevel()).isEqualTo(Level.WARN);
              assertThat(line.getFormattedMessage())
                  .contains(requestId)
                  .contains("file not found: /data/registry.json");
            });
  }

  @Test
  void theSyncRouteSendsNoCorsHeaders() {
    HttpResponse<String> response =
        api.send(
            HttpRequest.newBuilder(api.publicUri("/v1/sources/catalog/sync"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    RunningApi.RawResponse preflight =
        api.raw(
            "OPTIONS",
            "/v1/sources/catalog/sync",
            "Origin: https://evil.example\r\nAccess-Control-Request-Method: POST\r\n");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(preflight.status()).isEqualTo(405);
    assertThat(preflight.headers()).doesNotContainKey("Access-Control-Allow-Origin");
  }

  @Test
  void aPageOfAnotherOriginCannotTriggerASync() throws Exception {
    int before = api.sync.requested.size();
    // A text/plain form POST: browsers send it without a preflight, but always with Origin.
    RunningApi.RawResponse response =
        api.raw(
            "POST",
            "/v1/sources/catalog/sync",
            "Origin: https://evil.example\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n");

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.headers()).containsEntry("Content-Type", "application/problem+json");
    assertThat(response.headers()).doesNotContainKey("Access-Control-Allow-Origin");
    assertThat(RunningApi.JSON.readTree(response.body()).get("detail").asText())
        .contains("Cross-origin");
    assertThat(api.sync.requested).hasSize(before);
  }

  @Test
  void aRequestFromThePagesOwnOriginMaySync() {
    RunningApi.RawResponse response =
        api.raw(
            "POST",
            "/v1/sources/catalog/sync",
            "Origin: http://127.0.0.1\r\nContent-Length: 0\r\n");

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void anUnknownSourceIsNotFound() throws Exception {
    HttpResponse<String> response = post("/v1/sources/nowhere/sync");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(RunningApi.JSON.readTree(response.body()).get("error").asText()).contains("nowhere");
  }

  @Test
  void aMalformedSourceNameIsA400NamingIt() throws Exception {
    HttpResponse<String> response = post("/v1/sources/Not_A_Label/sync");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = RunningApi.JSON.readTree(response.body()).get("errors").get(0);
    assertThat(error.get("location").asText()).isEqualTo("path.name");
    assertThat(error.get("value").asText()).isEqualTo("Not_A_Label");
  }

  @Test
  void syncIsNotAGet() {
    assertThat(api.get("/v1/sources/catalog/sync").statusCode()).isEqualTo(405);
  }
}
