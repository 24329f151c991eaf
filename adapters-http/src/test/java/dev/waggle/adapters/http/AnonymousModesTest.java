package dev.waggle.adapters.http;

import static dev.waggle.adapters.http.RunningApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.application.port.in.SyncOutcome;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Without OAuth: {@code auth.mode: anonymous} opens everything, as someone chose; no {@code auth}
 * block at all keeps the reads open but shuts the admin API's writes.
 */
class AnonymousModesTest {
  private static RunningApi serve(AuthSettings auth) {
    RunningApi api =
        new RunningApi(
            new FakeBrowseCatalog()
                .with(
                    FakeBrowseCatalog.DEFAULT,
                    Listings.active("io.github.acme/weather", "1.0.0", true, 0)),
            auth);
    api.sync.answer("catalog", SyncOutcome.Result.UPDATED, "Sync completed");
    return api;
  }

  private static HttpResponse<String> sync(RunningApi api) {
    return api.send(
        HttpRequest.newBuilder(api.publicUri("/v1/sources/catalog/sync"))
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  @Test
  void withoutAnAuthBlockReadsWorkButTheSyncWriteIsRefusedSayingWhatToSet() {
    try (RunningApi api = serve(AuthSettings.UNSET)) {
      HttpResponse<String> servers = api.get("/v0.1/servers");
      HttpResponse<String> refused = sync(api);
      JsonNode me = json(api.get("/v1/me"));

      assertThat(servers.statusCode()).isEqualTo(200);
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(json(refused).get("detail").asText())
          .isEqualTo(
              "The admin API is closed: config.yaml has no auth block. Set auth.mode to oauth to"
                  + " require tokens, or to anonymous to open it to everyone.");
      assertThat(api.sync.requested).isEmpty();
      assertThat(me.get("subject").asText()).isEqualTo("anonymous");
      assertThat(me.get("anonymous").asBoolean()).isTrue();
      assertThat(me.get("roles")).isEmpty();
      assertThat(api.get("/.well-known/oauth-protected-resource").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void withAuthModeAnonymousTheSyncRunsAndMeSaysAnonymous() {
    try (RunningApi api = serve(AuthSettings.ANONYMOUS)) {
      HttpResponse<String> accepted = sync(api);
      JsonNode me = json(api.get("/v1/me"));

      assertThat(accepted.statusCode()).isEqualTo(202);
      assertThat(me.get("subject").asText()).isEqualTo("anonymous");
      assertThat(me.get("anonymous").asBoolean()).isTrue();
      assertThat(me.get("roles")).hasSize(4);
      assertThat(me.get("claims").isEmpty()).isTrue();
      // A token sent anyway is not looked at.
      assertThat(api.get("/v0.1/servers", "whatever").statusCode()).isEqualTo(200);
    }
  }
}
