package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.application.port.in.SyncOutcome.Result;
import dev.waggle.domain.source.SourceName;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/sources/{name}/sync}, an on-demand sync that runs in the background, and the
 * status routes it points to, over real HTTP.
 */
class SourceSyncTest {
  private RunningApi api;

  @BeforeEach
  void start() {
    api = new RunningApi(new FakeBrowseCatalog());
    api.sync
        .answer("catalog", Result.UPDATED, "Sync completed: 3 server versions stored")
        .answer("steady", Result.UNCHANGED, "Source unchanged since the last sync")
        .answer("busy", Result.SKIPPED, "a sync of this source is in progress")
        .answer("broken", Result.FAILED, "Fetch failed: file not found: /data/registry.json");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpResponse<String> post(String path) {
    return api.send(
        HttpRequest.newBuilder(api.publicUri(path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private JsonNode follow(HttpResponse<String> accepted) throws Exception {
    HttpResponse<String> status = api.get(accepted.headers().firstValue("Location").orElseThrow());
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.headers().firstValue("Cache-Control")).hasValue("no-store");
    return RunningApi.JSON.readTree(status.body());
  }

  @Test
  void aSyncRequestIsAcceptedAtOnceWithWhereToFollowIt() throws Exception {
    HttpResponse<String> response = post("/v1/sources/catalog/sync");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("Location")).hasValue("/v1/sources/catalog");
    assertThat(response.headers().firstValue("X-Waggle-Sync")).hasValue("started");
    JsonNode body = RunningApi.JSON.readTree(response.body());
    assertThat(body.get("name").asText()).isEqualTo("catalog");
    assertThat(body.at("/syncStatus/phase").asText()).isEqualTo("syncing");
    assertThat(api.sync.requested).contains(SourceName.of("catalog"));
  }

  @Test
  void givenAnAcceptedSync_whenPolled_thenTheStatusMovesFromSyncingToWhatTheSyncDid()
      throws Exception {
    HttpResponse<String> accepted = post("/v1/sources/catalog/sync");
    assertThat(follow(accepted).at("/syncStatus/phase").asText()).isEqualTo("syncing");

    api.sync.finish("catalog");

    JsonNode done = follow(accepted);
    assertThat(done.at("/syncStatus/phase").asText()).isEqualTo("complete");
    assertThat(done.at("/syncStatus/lastResult").asText()).isEqualTo("updated");
    assertThat(done.at("/syncStatus/serverCount").asInt()).isEqualTo(3);
    assertThat(done.at("/syncStatus/message").asText()).contains("3 server versions stored");
    assertThat(done.at("/syncStatus/rejections/0/entry").asText()).isEqualTo("io.acme/broken");
  }

  @Test
  void anUnchangedSourceSaysSoInItsStatus() throws Exception {
    HttpResponse<String> accepted = post("/v1/sources/steady/sync");
    api.sync.finish("steady");

    JsonNode done = follow(accepted);
    assertThat(done.at("/syncStatus/phase").asText()).isEqualTo("complete");
    assertThat(done.at("/syncStatus/lastResult").asText()).isEqualTo("unchanged");
  }

  @Test
  void aRequestWhileASyncRunsJoinsItInsteadOfStartingAnother() throws Exception {
    HttpResponse<String> response = post("/v1/sources/busy/sync");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("X-Waggle-Sync")).hasValue("running");
    assertThat(response.headers().firstValue("Location")).hasValue("/v1/sources/busy");
    assertThat(RunningApi.JSON.readTree(response.body()).at("/syncStatus/phase").asText())
        .isEqualTo("syncing");
  }

  @Test
  void aFailedSyncSaysWhichStepFailedButNotWhere() throws Exception {
    HttpResponse<String> accepted = post("/v1/sources/broken/sync");
    api.sync.finish("broken");

    JsonNode status = follow(accepted).get("syncStatus");
    assertThat(status.get("phase").asText()).isEqualTo("failed");
    assertThat(status.get("lastResult").asText()).isEqualTo("failed");
    assertThat(status.get("attemptCount").asInt()).isEqualTo(1);
    assertThat(status.get("message").asText())
        .contains("fetch failed")
        .contains("last good data stays served")
        .doesNotContain("/data/registry.json");
  }

  @Test
  void theSourcesAreListedInToolHivesShape() throws Exception {
    HttpResponse<String> response = api.get("/v1/sources");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode first = RunningApi.JSON.readTree(response.body()).get("sources").get(0);
    assertThat(first.get("name").asText()).isEqualTo("catalog");
    assertThat(first.get("type").asText()).isEqualTo("file");
    assertThat(first.get("sourceType").asText()).isEqualTo("file");
    assertThat(first.get("creationType").asText()).isEqualTo("CONFIG");
    assertThat(first.get("syncSchedule").asText()).isEqualTo("30m0s");
    assertThat(first.at("/syncStatus/phase").asText()).isEqualTo("pending");
    // Paths and hosts of the deployment are not for anonymous callers.
    assertThat(response.body()).doesNotContain("/data/");
  }

  @Test
  void aRegistryShowsTheStatusOfEachOfItsSources() throws Exception {
    api.sync.finish("broken");

    HttpResponse<String> response = api.get("/v1/registries/default");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = RunningApi.JSON.readTree(response.body());
    assertThat(body.get("sources").get(3).asText()).isEqualTo("broken");
    assertThat(body.at("/sourceStatus/3/syncStatus/phase").asText()).isEqualTo("failed");
    assertThat(api.get("/v1/registries/nope").statusCode()).isEqualTo(404);
    assertThat(api.get("/v1/sources/nope").statusCode()).isEqualTo(404);
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

    assertThat(response.statusCode()).isEqualTo(202);
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

    assertThat(response.status()).isEqualTo(202);
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
