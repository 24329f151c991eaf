package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.application.port.in.SyncOutcome.Result;
import dev.waggle.domain.source.SourceName;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
  void aSourceThatCannotBeReadIsABadGatewayNamingTheCause() throws Exception {
    HttpResponse<String> response = post("/v1/sources/broken/sync");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(RunningApi.JSON.readTree(response.body()).get("detail").asText())
        .contains("broken")
        .contains("file not found");
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
