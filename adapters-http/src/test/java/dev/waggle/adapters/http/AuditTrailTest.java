package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.application.port.in.SyncOutcome.Result;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail over real HTTP: the event of each endpoint family in ToolHive's shape, read back
 * from the log file the trail writes, its outcomes, filters, request data and the secrets it never
 * keeps.
 */
class AuditTrailTest {
  private static final String WEATHER = "io.github.acme/weather";

  @TempDir Path dir;
  private RunningApi api;
  private TestIssuer issuer;

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  private Path logFile() {
    return dir.resolve("audit.log");
  }

  private AuditSettings audit(Set<String> only, Set<String> exclude, boolean data, int max) {
    return new AuditSettings(true, only, exclude, data, max, Optional.of(logFile()));
  }

  private RunningApi serve(AuthSettings auth, AuditSettings audit) {
    api =
        RunningApi.withAudit(
            new FakeBrowseCatalog()
                .with(FakeBrowseCatalog.DEFAULT, Listings.active(WEATHER, "1.0.0", true, 0)),
            auth,
            audit);
    api.sync.answer("catalog", Result.UPDATED, "Sync completed");
    api.extensions
        .add(ExtensionKind.SKILL, "io.github.acme", "pdf", "1.0.0", ExtensionStatus.ACTIVE)
        .add(ExtensionKind.PLUGIN, "io.github.acme", "lint", "2.0.0", ExtensionStatus.ACTIVE);
    return api;
  }

  private RunningApi serveAnonymous() {
    return serve(AuthSettings.ANONYMOUS, audit(Set.of(), Set.of(), false, 1024));
  }

  private RunningApi serveOAuth(AuditSettings audit) throws Exception {
    issuer = new TestIssuer();
    return serve(
        AuthSettings.oauth(
            new OAuthSettings(
                Optional.of(URI.create("https://registry.example/")),
                "waggle",
                List.of(OAuthProvider.discovered("test", issuer.issuer(), TestIssuer.AUDIENCE)),
                false),
            List.of()),
        audit);
  }

  /** The events written so far; the request logger runs after the answer, so wait for it. */
  private List<JsonNode> events(int atLeast) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    List<JsonNode> events = List.of();
    while (System.nanoTime() < deadline) {
      events = read();
      if (events.size() >= atLeast) {
        return events;
      }
      sleep();
    }
    return events;
  }

  private static void sleep() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private List<JsonNode> read() {
    try {
      if (!Files.exists(logFile())) {
        return List.of();
      }
      return Files.readAllLines(logFile()).stream()
          .map(
              line -> {
                try {
                  return RunningApi.JSON.readTree(line);
                } catch (IOException e) {
                  throw new UncheckedIOException("not one JSON line: " + line, e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode only(HttpResponse<String> response) {
    List<JsonNode> events = events(1);
    assertThat(events).as("one event for %s", response.uri()).hasSize(1);
    return events.get(0);
  }

  private JsonNode single(String rawPath) {
    HttpResponse<String> response = api.get(rawPath);
    assertThat(response.statusCode()).as(rawPath).isLessThan(500);
    JsonNode event = only(response);
    clear();
    return event;
  }

  private void clear() {
    try {
      Files.write(logFile(), new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.publicUri(path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (headers.length > 0) {
      request.headers(headers);
    }
    return api.send(request);
  }

  @Test
  void aServerListIsRecordedInToolHivesShape() {
    serveAnonymous();

    HttpResponse<String> response =
        api.send(
            HttpRequest.newBuilder(api.publicUri("/v0.1/servers"))
                .GET()
                .header("User-Agent", "claude-code/1.0")
                .header("X-Forwarded-For", "203.0.113.7"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode event = only(response);
    assertThat(event.get("level").asText()).isEqualTo("AUDIT");
    assertThat(event.get("msg").asText()).isEqualTo("audit_event");
    assertThat(event.get("type").asText()).isEqualTo("server.list");
    assertThat(event.get("outcome").asText()).isEqualTo("success");
    assertThat(event.get("component").asText()).isEqualTo("toolhive-registry-api");
    assertThat(event.get("audit_id").asText()).matches("[0-9a-f-]{36}");
    assertThat(Rfc3339.parse(event.get("logged_at").asText())).isPresent();
    assertThat(Rfc3339.parse(event.get("time").asText())).isPresent();
    assertThat(event.at("/source/type").asText()).isEqualTo("network");
    assertThat(event.at("/source/value").asText()).startsWith("127.0.0.1:");
    assertThat(event.at("/source/extra/x_forwarded_for").asText()).isEqualTo("203.0.113.7");
    assertThat(event.at("/source/extra/user_agent").asText()).isEqualTo("claude-code/1.0");
    assertThat(event.get("subjects").toString()).isEqualTo("{\"identity\":\"anonymous\"}");
    assertThat(event.at("/target/method").asText()).isEqualTo("GET");
    assertThat(event.at("/target/path").asText()).isEqualTo("/v0.1/servers");
    assertThat(event.at("/target/resource_type").asText()).isEqualTo("server");
    assertThat(event.at("/metadata/extra/request_id").asText())
        .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(event.at("/metadata/extra/response_bytes").asLong())
        .isEqualTo(response.body().getBytes(StandardCharsets.UTF_8).length);
    assertThat(event.at("/metadata/extra/duration_ms").isIntegralNumber()).isTrue();
    assertThat(event.has("data")).isFalse();
  }

  @Test
  void everyConsumerRouteFamilyHasItsEventAndTarget() {
    serveAnonymous();

    JsonNode version =
        single("/registry/default/v0.1/servers/io.github.acme%2Fweather/versions/1.0.0");
    assertThat(version.get("type").asText()).isEqualTo("server.version.read");
    assertThat(version.at("/target/registry_name").asText()).isEqualTo("default");
    assertThat(version.at("/target/resource_name").asText()).isEqualTo(WEATHER);
    assertThat(version.at("/target/version").asText()).isEqualTo("1.0.0");
    assertThat(version.at("/target/path").asText())
        .isEqualTo("/registry/default/v0.1/servers/io.github.acme%2Fweather/versions/1.0.0");
    assertThat(single("/v0/servers/io.github.acme%2Fweather/versions").get("type").asText())
        .isEqualTo("server.versions.list");

    String skills = "/registry/default/v0.1/x/dev.toolhive/skills";
    assertThat(single(skills).get("type").asText()).isEqualTo("skill.list");
    JsonNode skill = single(skills + "/io.github.acme/pdf");
    assertThat(skill.get("type").asText()).isEqualTo("skill.read");
    assertThat(skill.at("/target/resource_type").asText()).isEqualTo("skill");
    assertThat(skill.at("/target/namespace").asText()).isEqualTo("io.github.acme");
    assertThat(skill.at("/target/resource_name").asText()).isEqualTo("pdf");
    assertThat(single(skills + "/io.github.acme/pdf/versions").get("type").asText())
        .isEqualTo("skill.versions.list");
    assertThat(single(skills + "/io.github.acme/pdf/versions/1.0.0").get("type").asText())
        .isEqualTo("skill.version.read");

    String plugins = "/registry/default/v0.1/x/dev.toolhive/plugins";
    assertThat(single(plugins).get("type").asText()).isEqualTo("plugin.list");
    JsonNode plugin = single(plugins + "/io.github.acme/lint/versions/2.0.0");
    assertThat(plugin.get("type").asText()).isEqualTo("plugin.version.read");
    assertThat(plugin.at("/target/resource_type").asText()).isEqualTo("plugin");
  }

  @Test
  void theAdminRoutesHaveTheirEvents() {
    serveAnonymous();

    assertThat(single("/v1/me").get("type").asText()).isEqualTo("user.info");
    assertThat(single("/v1/sources").get("type").asText()).isEqualTo("source.list");
    JsonNode source = single("/v1/sources/catalog");
    assertThat(source.get("type").asText()).isEqualTo("source.read");
    assertThat(source.at("/target/resource_type").asText()).isEqualTo("source");
    assertThat(source.at("/target/resource_name").asText()).isEqualTo("catalog");
    JsonNode registry = single("/v1/registries/default");
    assertThat(registry.get("type").asText()).isEqualTo("registry.read");
    assertThat(registry.at("/target/resource_name").asText()).isEqualTo("default");

    HttpResponse<String> sync = post("/v1/sources/catalog/sync", "");
    assertThat(sync.statusCode()).isEqualTo(202);
    JsonNode synced = only(sync);
    assertThat(synced.get("type").asText()).isEqualTo("source.sync");
    assertThat(synced.at("/target/method").asText()).isEqualTo("POST");
    assertThat(synced.get("outcome").asText()).isEqualTo("success");
  }

  @Test
  void discoveryDocumentsPreflightsAndTheInternalListenerAreNotAudited() {
    serveAnonymous();

    assertThat(api.get("/openapi.json").statusCode()).isEqualTo(200);
    assertThat(api.getInternal("/health").statusCode()).isEqualTo(200);
    assertThat(
            api.send(
                    HttpRequest.newBuilder(api.publicUri("/v0.1/servers"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "https://app.example")
                        .header("Access-Control-Request-Method", "GET"))
                .statusCode())
        .isLessThan(300);
    assertThat(api.get("/v0.1/ping").statusCode()).isEqualTo(200);
    // A request that is audited, so that the trail has surely caught up with those before it.
    api.get("/v1/sources");

    assertThat(events(1)).extracting(e -> e.get("type").asText()).containsExactly("source.list");
  }

  @Test
  void outcomesFollowTheStatus() {
    serveAnonymous();

    JsonNode missing = single("/v1/sources/nowhere");
    assertThat(missing.get("type").asText()).isEqualTo("source.read");
    assertThat(missing.get("outcome").asText()).isEqualTo("failure");

    assertThat(AuditTrail.outcome(200)).isEqualTo("success");
    assertThat(AuditTrail.outcome(204)).isEqualTo("success");
    assertThat(AuditTrail.outcome(403)).isEqualTo("denied");
    assertThat(AuditTrail.outcome(409)).isEqualTo("failure");
    assertThat(AuditTrail.outcome(500)).isEqualTo("error");
    assertThat(AuditTrail.outcome(503)).isEqualTo("error");
  }

  @Test
  void aWriteRefusedBecauseTheConfigHasNoAuthBlockIsRecordedAsDenied() {
    serve(AuthSettings.UNSET, audit(Set.of(), Set.of(), false, 1024));

    HttpResponse<String> refused = post("/v1/sources/catalog/sync", "");

    assertThat(refused.statusCode()).isEqualTo(403);
    JsonNode event = only(refused);
    assertThat(event.get("type").asText()).isEqualTo("source.sync");
    assertThat(event.get("outcome").asText()).isEqualTo("denied");
  }

  @Test
  void givenOAuth_whenNoTokenOrABadOne_thenOnlyAuthUnauthenticatedIsRecordedAndNoTokenIsKept()
      throws Exception {
    serveOAuth(audit(Set.of(), Set.of(), true, 4096));
    String forged = issuer.strangerToken(issuer.claims().build());

    HttpResponse<String> noToken = api.get("/v1/sources");
    HttpResponse<String> badToken = api.get("/v0.1/servers", forged);
    String unsigned = TestIssuer.unsignedToken(issuer.claims().build());
    HttpResponse<String> badWrite =
        post("/v1/sources/catalog/sync", "{}", "Authorization", "Bearer " + unsigned);

    assertThat(List.of(noToken.statusCode(), badToken.statusCode(), badWrite.statusCode()))
        .containsOnly(401);
    List<JsonNode> events = events(3);
    assertThat(events).hasSize(3);
    for (JsonNode event : events) {
      assertThat(event.get("type").asText()).isEqualTo("auth.unauthenticated");
      assertThat(event.get("outcome").asText()).isEqualTo("denied");
      assertThat(event.get("subjects").toString()).isEqualTo("{\"identity\":\"unknown\"}");
    }
    assertThat(events.get(1).get("target").toString())
        .isEqualTo("{\"method\":\"GET\",\"path\":\"/v0.1/servers\"}");
    String written = Files.readString(logFile());
    assertThat(written).doesNotContain(forged).doesNotContain(forged.substring(0, 20));
    assertThat(written).doesNotContain(unsigned.substring(0, 20));
    assertThat(written).doesNotContainIgnoringCase("authorization");
  }

  @Test
  void givenOAuth_aCallerIsRecordedBySubjectAndName() throws Exception {
    serveOAuth(audit(Set.of(), Set.of(), false, 1024));
    String token = issuer.rsaToken(issuer.claims().build());

    HttpResponse<String> me = api.get("/v1/me", token);

    assertThat(me.statusCode()).isEqualTo(200);
    JsonNode event = only(me);
    assertThat(event.get("type").asText()).isEqualTo("user.info");
    assertThat(event.at("/subjects/sub").asText()).isEqualTo("alice");
    assertThat(event.at("/subjects/user").asText()).isEqualTo("alice@example.com");
    // Without authz every authenticated caller holds every role, superAdmin among them.
    assertThat(event.at("/subjects/role").asText()).isEqualTo("super_admin");
    assertThat(event.at("/target/resource_type").asText()).isEqualTo("user");
    assertThat(Files.readString(logFile())).doesNotContain(token);
  }

  @Test
  void excludedTypesAreDroppedAndANonEmptyAllowListKeepsOnlyWhatItNames() {
    serve(
        AuthSettings.ANONYMOUS,
        audit(Set.of("server.list", "source.list"), Set.of("source.list"), false, 1024));

    api.get("/v1/sources");
    api.get("/v1/me");
    api.get("/v0.1/servers");

    assertThat(events(1)).extracting(e -> e.get("type").asText()).containsExactly("server.list");
  }

  @Test
  void givenIncludeRequestData_aMutationsJsonBodyIsKeptWithItsSecretsRedacted() throws Exception {
    serve(AuthSettings.ANONYMOUS, audit(Set.of(), Set.of(), true, 4096));
    String body =
        "{\"git\":{\"repository\":\"https://bot:ghp_s3cr3tT0k3n@github.com/acme/registry.git\","
            + "\"auth\":{\"username\":\"bot\",\"passwordFile\":\"/secrets/git/hunter2\"}},"
            + "\"clientSecret\":\"hunter2\",\"note\":\"Bearer abcdefghijklmnop\","
            + "\"env\":[{\"name\":\"API_KEY\",\"isSecret\":true,\"value\":\"sk-live-42\"}]}";

    HttpResponse<String> response =
        post("/v1/sources/catalog/sync", body, "Authorization", "Bearer not-a-real-token-xyz");

    JsonNode data = only(response).get("data");
    assertThat(data.isObject()).as("a valid JSON body is kept as JSON").isTrue();
    assertThat(data.at("/git/auth/username").asText()).isEqualTo("bot");
    assertThat(data.at("/git/auth/passwordFile").asText()).isEqualTo("[REDACTED]");
    assertThat(data.at("/git/repository").asText())
        .isEqualTo("https://[REDACTED]@github.com/acme/registry.git");
    assertThat(data.at("/clientSecret").asText()).isEqualTo("[REDACTED]");
    assertThat(data.at("/env/0/name").asText()).isEqualTo("API_KEY");
    assertThat(data.at("/env/0/value").asText()).isEqualTo("[REDACTED]");
    String written = Files.readString(logFile());
    for (String secret :
        List.of("hunter2", "ghp_s3cr3tT0k3n", "abcdefghijklmnop", "sk-live-42", "not-a-real")) {
      assertThat(written).doesNotContain(secret);
    }
  }

  @Test
  void aBodyOverMaxDataSizeIsCutToAStringOfAtMostThatManyBytes() throws Exception {
    serve(AuthSettings.ANONYMOUS, audit(Set.of(), Set.of(), true, 40));
    String body =
        "{\"claims\":{\"team\":\"platform\"},\"password\":\"hunter2\",\"pad\":\"xxxxxxxxxxxxxxxx\"}";

    JsonNode data = only(post("/v1/sources/catalog/sync", body)).get("data");

    assertThat(data.isTextual()).isTrue();
    assertThat(data.asText().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(40);
    assertThat(data.asText()).startsWith("{\"claims\":{\"team\":\"platform\"}");
    assertThat(Files.readString(logFile())).doesNotContain("hunter2");
  }

  @Test
  void aBodyThatIsNotJsonIsKeptAsAStringWithSecretPairsScrubbed() throws Exception {
    serve(AuthSettings.ANONYMOUS, audit(Set.of(), Set.of(), true, 1024));

    JsonNode data =
        only(post("/v1/sources/catalog/sync", "user=bot&password=hunter2 tail")).get("data");

    assertThat(data.isTextual()).isTrue();
    assertThat(data.asText()).isEqualTo("user=bot&password=[REDACTED] tail");
  }

  @Test
  void readsCarryNoDataEvenWhenRequestDataIsIncluded() {
    serve(AuthSettings.ANONYMOUS, audit(Set.of(), Set.of(), true, 1024));

    assertThat(single("/v1/sources").has("data")).isFalse();
  }

  @Test
  void theLogFileIsCreatedOwnerOnlyAndAppendedTo() throws Exception {
    Files.writeString(logFile(), "");
    Files.setPosixFilePermissions(logFile(), PosixFilePermissions.fromString("rw-------"));
    Files.writeString(logFile(), "{\"earlier\":true}\n");
    serveAnonymous();
    api.get("/v1/sources");
    assertThat(events(2)).hasSize(2);
    api.close();
    api = null;
    Files.delete(logFile());

    serveAnonymous();
    api.get("/v1/sources");

    assertThat(events(1)).hasSize(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logFile())))
        .isEqualTo("rw-------");
  }

  @Test
  void anExistingLogFileOthersMayReadIsRefusedNotWidenedOrChanged() throws Exception {
    Files.writeString(logFile(), "");
    Files.setPosixFilePermissions(logFile(), PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(this::serveAnonymous)
        .hasMessageContaining("audit.logFile")
        .hasMessageContaining("rw-r--r--")
        .hasMessageContaining("chmod 600");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logFile())))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void anUnknownEventTypeIsRejectedByName() {
    assertThatThrownBy(
            () ->
                new AuditSettings(
                    true, Set.of("server.lists"), Set.of(), false, 1024, Optional.empty()))
        .hasMessageContaining("audit.eventTypes")
        .hasMessageContaining("\"server.lists\"");
    assertThatThrownBy(
            () -> new AuditSettings(true, Set.of(), Set.of("nope"), false, 1024, Optional.empty()))
        .hasMessageContaining("audit.excludeEventTypes")
        .hasMessageContaining("\"nope\"");
  }

  @Test
  void everyStableEventNameOfToolHiveIsKnown() {
    assertThat(AuditSettings.EVENT_TYPES)
        .contains(
            "server.list",
            "server.versions.list",
            "server.version.read",
            "skill.list",
            "skill.read",
            "skill.versions.list",
            "skill.version.read",
            "plugin.list",
            "plugin.read",
            "plugin.versions.list",
            "plugin.version.read",
            "source.create",
            "source.update",
            "source.delete",
            "registry.create",
            "registry.update",
            "registry.delete",
            "entry.publish",
            "entry.delete",
            "entry.claims.update",
            "source.list",
            "source.read",
            "source.entries.list",
            "registry.list",
            "registry.read",
            "registry.entries.list",
            "entry.claims.read",
            "user.info",
            "auth.unauthenticated");
  }

  @Test
  void thePutUpsertRoutesChooseCreateOn201AndUpdateOtherwise() {
    AuditRoutes.Route source =
        AuditRoutes.match("PUT", "/v1/sources/{name}", "/v1/sources/a").orElseThrow().route();
    assertThat(source.eventFor(201)).isEqualTo("source.create");
    assertThat(source.eventFor(200)).isEqualTo("source.update");
    assertThat(source.eventFor(400)).isEqualTo("source.update");
    AuditRoutes.Route registry =
        AuditRoutes.match("PUT", "/v1/registries/<registry>", "/v1/registries/b")
            .orElseThrow()
            .route();
    assertThat(registry.eventFor(201)).isEqualTo("registry.create");
    assertThat(registry.eventFor(403)).isEqualTo("registry.update");
    AuditRoutes.Match delete =
        AuditRoutes.match(
                "DELETE",
                "/v1/entries/{type}/{name}/versions/{version}",
                "/v1/entries/server/io.acme%2Fx/versions/1.0.0")
            .orElseThrow();
    assertThat(delete.route().eventFor(204)).isEqualTo("entry.delete");
    assertThat(delete.target())
        .containsEntry("entry_type", "server")
        .containsEntry("resource_name", "io.acme/x")
        .containsEntry("version", "1.0.0");
    assertThat(AuditRoutes.match("PATCH", "/v1/sources/{name}", "/v1/sources/a")).isEmpty();
  }
}
