package dev.waggle.adapters.http;

import static dev.waggle.adapters.http.RunningApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.in.SyncOutcome;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests that need the database while it is down, or while as many are in flight as the pool can
 * serve, are answered 503 with {@code Retry-After} at once instead of waiting and failing later;
 * catalog reads, served from memory, are never held back by the pool.
 */
class LoadSheddingTest {
  private RunningApi api;

  @BeforeEach
  void start() {
    api = new RunningApi(new FakeBrowseCatalog().with(FakeBrowseCatalog.DEFAULT), 2);
    api.sync.gated().answer("files", SyncOutcome.Result.UPDATED, "Sync completed");
  }

  @AfterEach
  void stop() {
    api.catalog.open();
    api.sync.open();
    api.close();
  }

  private HttpResponse<String> sync() {
    return api.send(
        HttpRequest.newBuilder(api.publicUri("/v1/sources/files/sync"))
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  @Test
  void givenTheDatabaseIsDown_whenAListIsRequested_then503WithRetryAfterAndNoInternals() {
    HttpResponse<String> response = api.get("/registry/unavailable/v0.1/servers");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(response).get("status").asInt()).isEqualTo(503);
    assertThat(json(response).get("detail").asText()).contains("database is unavailable");
    assertThat(response.body()).doesNotContain("10.0.0.7");
  }

  @Test
  void givenAsManyRequestsInFlightAsAllowed_whenOneMoreArrives_thenItIsShedWith503AndRetryAfter()
      throws Exception {
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      held.add(CompletableFuture.supplyAsync(this::sync));
    }
    while (api.sync.waitingAtTheGate() < 2) {
      Thread.sleep(10);
    }

    HttpResponse<String> shed = sync();

    assertThat(shed.statusCode()).isEqualTo(503);
    assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(shed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(shed).get("detail").asText()).contains("busy");
    // Routes that do not need the database are not held back: the catalog is read from memory.
    assertThat(api.get("/openapi.json").statusCode()).isEqualTo(200);
    assertThat(api.get("/v0.1/servers?limit=5").statusCode()).isEqualTo(200);

    api.sync.open();
    for (CompletableFuture<HttpResponse<String>> request : held) {
      assertThat(request.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    }
    assertThat(sync().statusCode()).isEqualTo(202);
  }

  @Test
  void catalogReadsAreNotLimitedByTheDatabasesCapacity() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(CompletableFuture.supplyAsync(() -> api.get("/registry/gated/v0.1/servers")));
    }
    while (api.catalog.waitingAtTheGate() < 3) {
      Thread.sleep(10);
    }

    assertThat(api.get("/v0.1/servers?limit=5").statusCode()).isEqualTo(200);

    api.catalog.open();
    for (CompletableFuture<HttpResponse<String>> request : held) {
      assertThat(request.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }
}
