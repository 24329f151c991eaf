package dev.waggle.adapters.http;

import static dev.waggle.domain.catalog.TestManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waggle.application.service.CatalogAdminService;
import dev.waggle.application.service.InspectSourcesService;
import dev.waggle.application.service.SyncService;
import dev.waggle.application.testing.InMemoryStorage;
import dev.waggle.application.testing.ScriptedSourceReader;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import dev.waggle.domain.source.SourceSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin routes of sources and registries over HTTP, on the real application services and an
 * in-memory store: status codes, bodies and messages as ToolHive's clients expect them, in
 * anonymous and authenticated-only modes.
 */
class CatalogAdminRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String INLINE =
      "{\"file\":{\"data\":{\"version\":\"1.0.0\",\"data\":{\"servers\":[]}}}}";

  private final InMemoryStorage storage = new InMemoryStorage();
  private final ScriptedSourceReader reader =
      new ScriptedSourceReader()
          .thenReturn(
              new SourceSnapshot(List.of(manifest("io.acme/pasted", "1.0.0")), List.of(), "h"));
  @TempDir Path dir;
  private HttpApi api;
  private TestIssuer issuer;
  private String token;

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  private void serve(AuthSettings auth) {
    serve(auth, AuditSettings.DISABLED);
  }

  private void serve(AuthSettings auth, AuditSettings audit) {
    storage.applyConfiguration(
        new CatalogLayout(
            List.of(
                new SourceDefinition(
                    SourceName.of("configured"),
                    SourceKind.File.atPath(Path.of("registry.json")),
                    Optional.of(Duration.ofMinutes(30)),
                    EntryFilter.NONE,
                    Claims.NONE)),
            List.of(
                new RegistryDefinition(
                    RegistryName.of("main"), List.of(SourceName.of("configured")), null)),
            null));
    SyncService sync =
        new SyncService(
            storage, storage, storage, List.of(reader), Clock.systemUTC(), Runnable::run);
    CatalogAdminService admin =
        new CatalogAdminService(
            storage,
            storage,
            sync,
            // The registry-file rules in small: the adapter's own are tested with the parser.
            document ->
                document.contains("broken") ? Optional.of("broken at $.broken") : Optional.empty(),
            Clock.systemUTC());
    api =
        new HttpApi(
            new HttpSettings(
                "127.0.0.1:0",
                "127.0.0.1:0",
                new BuildInfo("1.2.3", "abc", "2026-11-22"),
                HttpSettings.DEFAULT_MAX_DATABASE_REQUESTS,
                auth,
                false,
                audit),
            new HttpApi.UseCases(
                new FakeBrowseCatalog(),
                new FakeCheckReadiness(),
                sync,
                new InspectSourcesService(storage, storage),
                new FakeBrowseExtensions(),
                PublishEntriesUnavailable.INSTANCE,
                Optional.of(new HttpApi.AdminUseCases(admin, admin))),
            Optional.empty(),
            Duration.ZERO,
            Optional.empty(),
            Optional.empty());
    api.start();
  }

  private void serveAnonymous() {
    serve(AuthSettings.ANONYMOUS);
  }

  /** Identity checked, no {@code authz}: every authenticated caller holds every role. */
  private void serveAuthOnly() throws Exception {
    issuer = new TestIssuer();
    serve(
        AuthSettings.oauth(
            new OAuthSettings(
                Optional.of(URI.create("https://registry.example/")),
                "waggle",
                List.of(OAuthProvider.discovered("test", issuer.issuer(), TestIssuer.AUDIENCE)),
                false),
            List.of()));
    token = issuer.rsaToken(issuer.claims().build());
  }

  private static final OpenApiSchemas WAGGLE = OpenApiSchemas.waggle();

  /**
   * The answer is one the served document lists for the route, and its body matches the schema
   * named (problem details for every error).
   */
  private static void documented(String method, String path, Reply reply, String component) {
    JsonNode listed =
        WAGGLE.document.at(
            "/paths/" + path.replace("/", "~1") + "/" + method + "/responses/" + reply.status());
    assertThat(listed.isMissingNode())
        .as("%s %s answers %s, which the document lists", method, path, reply.status())
        .isFalse();
    if (reply.body() != null) {
      String schema = reply.status() >= 400 ? "Problem" : component;
      assertThat(OpenApiSchemas.errors(WAGGLE.component(schema), reply.body()))
          .as("%s %s %s", method, path, reply.status())
          .isEmpty();
    }
  }

  /** One answer: its status, its body, its {@code Location} (null when none, or not read). */
  private record Reply(int status, JsonNode body, String location) {
    Reply(int status, JsonNode body) {
      this(status, body, null);
    }

    String error() {
      return body == null ? "" : body.path("error").asText();
    }
  }

  private Reply send(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.publicPort() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(
          response.statusCode(),
          response.body().isEmpty() ? null : JSON.readTree(response.body()),
          response.headers().firstValue("Location").orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends only the head of a request whose body would be {@code length} bytes, and reads the
   * answer: the server must refuse such a body before reading it. (Sending the body too would race
   * the client's write against the server closing the connection after its answer.)
   */
  private Reply announce(String method, String path, long length) {
    String head =
        method
            + " "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Connection: close\r\nContent-Length: "
            + length
            + "\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", api.publicPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(answer.substring(9, 12));
      String headers = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
      String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
      if (headers.contains("transfer-encoding: chunked")) {
        StringBuilder joined = new StringBuilder();
        for (int at = 0; ; ) {
          int size = Integer.parseInt(body.substring(at, body.indexOf("\r\n", at)).trim(), 16);
          if (size == 0) {
            break;
          }
          int start = body.indexOf("\r\n", at) + 2;
          joined.append(body, start, start + size);
          at = start + size + 2;
        }
        body = joined.toString();
      }
      return new Reply(status, body.isEmpty() ? null : JSON.readTree(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void anInlineSourceIsCreatedSyncedAndListedThenReplacedThenDeleted() {
    serveAnonymous();

    Reply created = send("PUT", "/v1/sources/pasted", INLINE);

    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    documented("put", "/v1/sources/{name}", created, "SourceInfo");
    assertThat(created.body().path("creationType").asText()).isEqualTo("API");
    assertThat(created.body().path("sourceType").asText()).isEqualTo("file");
    assertThat(created.body().path("syncStatus").path("serverCount").asInt()).isEqualTo(1);
    assertThat(send("GET", "/v1/sources/configured", null).body().path("creationType").asText())
        .isEqualTo("CONFIG");
    Reply entries = send("GET", "/v1/sources/pasted/entries", null);
    assertThat(entries.status()).isEqualTo(200);
    documented("get", "/v1/sources/{name}/entries", entries, "SourceEntryList");
    assertThat(entries.body().path("entries").get(0).path("entryType").asText()).isEqualTo("MCP");
    assertThat(entries.body().path("entries").get(0).path("name").asText())
        .isEqualTo("io.acme/pasted");
    assertThat(
            entries.body().path("entries").get(0).path("versions").get(0).path("version").asText())
        .isEqualTo("1.0.0");

    Reply replaced =
        send(
            "PUT",
            "/v1/sources/pasted",
            "{\"file\":{\"data\":\"{\\\"data\\\":{\\\"servers\\\":[]}}\"},"
                + "\"claims\":{\"team\":[\"a\",\"b\"]}}");
    assertThat(replaced.status()).as("%s", replaced.body()).isEqualTo(200);
    assertThat(replaced.body().path("claims").path("team").toString()).isEqualTo("[\"a\",\"b\"]");

    assertThat(send("DELETE", "/v1/sources/pasted", null).status()).isEqualTo(204);
    assertThat(send("GET", "/v1/sources/pasted", null).status()).isEqualTo(404);
    assertThat(send("DELETE", "/v1/sources/pasted", null).status()).isEqualTo(404);
  }

  @Test
  void givenIncludeRequestData_thePutOfASourceIsAuditedWithItsBodyAndItsSecretsRedacted()
      throws Exception {
    Path log = dir.resolve("audit.log");
    serve(
        AuthSettings.ANONYMOUS,
        new AuditSettings(true, Set.of(), Set.of(), true, 4096, Optional.of(log)));
    String body =
        "{\"git\":{\"repository\":\"https://bot:ghp_s3cr3tT0k3n@github.com/acme/r.git\"},"
            + "\"syncPolicy\":{\"interval\":\"1h\"},\"claims\":{\"team\":\"platform\"}}";

    assertThat(send("PUT", "/v1/sources/mirror", body).status()).isEqualTo(201);
    assertThat(send("PUT", "/v1/sources/mirror", body).status()).isEqualTo(200);

    List<JsonNode> events = auditEvents(log, 2);
    assertThat(events)
        .extracting(e -> e.get("type").asText())
        .containsExactly("source.create", "source.update");
    for (JsonNode event : events) {
      assertThat(event.at("/target/resource_name").asText()).isEqualTo("mirror");
      assertThat(event.at("/data/git/repository").asText())
          .isEqualTo("https://[REDACTED]@github.com/acme/r.git");
      assertThat(event.at("/data/claims/team").asText()).isEqualTo("platform");
    }
    assertThat(Files.readString(log)).doesNotContain("ghp_s3cr3tT0k3n");
  }

  /** The audit events written so far; they are written after the answer, so wait for them. */
  private static List<JsonNode> auditEvents(Path log, int atLeast) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    List<JsonNode> events = List.of();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        List<JsonNode> read = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(log)) {
          read.add(JSON.readTree(line));
        }
        events = read;
        if (events.size() >= atLeast) {
          break;
        }
      }
      Thread.sleep(10);
    }
    return events;
  }

  @Test
  void inlineDataTheRegistryRulesRefuseIsA400NamingFileDataAndNothingIsStored() {
    serveAnonymous();

    Reply reply = send("PUT", "/v1/sources/pasted", "{\"file\":{\"data\":{\"broken\":true}}}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error())
        .startsWith("file.data: must be a registry file a sync can read: broken at $.broken");
    assertThat(reply.body().at("/errors/0/location").asText()).isEqualTo("file.data");
    assertThat(storage.sourceRecord(SourceName.of("pasted"))).isEmpty();
  }

  @Test
  void theScpLikeGitShorthandIsStoredInItsUriSpelling() {
    serveAnonymous();

    Reply reply =
        send(
            "PUT",
            "/v1/sources/mirror",
            "{\"git\":{\"repository\":\"git@github.com:acme/catalog.git\"},"
                + "\"syncPolicy\":{\"interval\":\"1h\"}}");

    assertThat(reply.status()).isEqualTo(201);
    assertThat(storage.sourceRecord(SourceName.of("mirror")).orElseThrow().definition().kind())
        .isInstanceOfSatisfying(
            SourceKind.Git.class,
            git ->
                assertThat(git.repository())
                    .isEqualTo(URI.create("ssh://git@github.com/acme/catalog.git")));
  }

  @Test
  void everyBrokenSourceIsA400NamingTheField() {
    serveAnonymous();

    assertThat(send("PUT", "/v1/sources/x", "{}").error())
        .contains("type: one of git, api, file, managed or kubernetes must be specified");
    assertThat(send("PUT", "/v1/sources/x", "{\"managed\":{},\"kubernetes\":{}}").error())
        .contains("only one of git, api, file, managed or kubernetes may be specified");
    assertThat(
            send("PUT", "/v1/sources/x", "{\"git\":{\"repository\":\"https://e.com/r.git\"}}")
                .error())
        .contains("syncPolicy.interval: is required for git sources");
    assertThat(
            send(
                    "PUT",
                    "/v1/sources/x",
                    "{\"api\":{\"endpoint\":\"https://e.com\"},"
                        + "\"syncPolicy\":{\"interval\":\"often\"}}")
                .error())
        .contains("syncPolicy.interval: must be a valid duration");
    assertThat(send("PUT", "/v1/sources/x", "{\"file\":{\"data\":\"not json\"}}").error())
        .contains("file.data: must be a registry document in JSON");
    assertThat(send("PUT", "/v1/sources/x", "{\"managed\":{},\"gti\":{}}").error())
        .contains("body parameter 'gti'")
        .contains("unknown field");
    assertThat(send("PUT", "/v1/sources/x", "{\"managed\":").status()).isEqualTo(400);
    assertThat(send("PUT", "/v1/sources/x", "{\"managed\":").error()).contains("not valid JSON");
    assertThat(send("PUT", "/v1/sources/Not_A_Label", "{\"managed\":{}}").error())
        .contains("source name must be a DNS label");
    assertThat(
            send("PUT", "/v1/sources/x", "{\"managed\":{},\"claims\":{\"k\":{\"n\":1}}}").error())
        .contains("claims.k: claim value must be a string or a list of strings");
    Reply secret =
        send(
            "PUT",
            "/v1/sources/x",
            "{\"git\":{\"repository\":\"https://e.com/r.git\","
                + "\"auth\":{\"username\":\"u\",\"passwordFile\":\"/etc/shadow\"}},"
                + "\"syncPolicy\":{\"interval\":\"1h\"}}");
    assertThat(secret.status()).isEqualTo(400);
    assertThat(secret.error()).contains("git.auth: is accepted only in config.yaml");
    assertThat(storage.sourceRecord(SourceName.of("x"))).isEmpty();
  }

  @Test
  void changingAKindIsRefusedAndASecondManagedSourceConflicts() {
    serveAnonymous();
    send("PUT", "/v1/sources/pasted", INLINE);

    Reply kind = send("PUT", "/v1/sources/pasted", "{\"managed\":{}}");
    assertThat(kind.status()).isEqualTo(400);
    assertThat(kind.error())
        .contains(
            "changing source type is not allowed: cannot change from 'file' to 'managed',"
                + " delete and recreate");
    Reply subKind =
        send(
            "PUT",
            "/v1/sources/pasted",
            "{\"file\":{\"url\":\"https://e.com/r.json\"},\"syncPolicy\":{\"interval\":\"5m\"}}");
    assertThat(subKind.status()).isEqualTo(400);
    assertThat(subKind.error()).contains("cannot change from 'data' to 'url'");

    assertThat(send("PUT", "/v1/sources/published", "{\"managed\":{}}").status()).isEqualTo(201);
    Reply second = send("PUT", "/v1/sources/another", "{\"managed\":{}}");
    assertThat(second.status()).isEqualTo(409);
    documented("put", "/v1/sources/{name}", second, null);
    assertThat(second.error()).isEqualTo("at most one managed source is allowed");
  }

  @Test
  void aBodyOverOneMebibyteIsRefusedWith413() {
    serveAnonymous();

    Reply reply = announce("PUT", "/v1/sources/big", RequestBodies.MAX_BYTES + 1L);

    assertThat(reply.status()).isEqualTo(413);
    documented("put", "/v1/sources/{name}", reply, null);
    assertThat(storage.sourceRecord(SourceName.of("big"))).isEmpty();
  }

  @Test
  void configCreatedSourcesAndRegistriesAreReadOnly() {
    serveAnonymous();

    Reply source = send("DELETE", "/v1/sources/configured", null);
    assertThat(source.status()).isEqualTo(403);
    documented("delete", "/v1/sources/{name}", source, null);
    assertThat(source.error()).isEqualTo("cannot modify config-created source via API");
    assertThat(send("PUT", "/v1/sources/configured", INLINE).status()).isEqualTo(403);
    Reply registry = send("PUT", "/v1/registries/main", "{\"sources\":[\"configured\"]}");
    assertThat(registry.status()).isEqualTo(403);
    assertThat(registry.error()).isEqualTo("cannot modify config-created registry via API");
    assertThat(send("DELETE", "/v1/registries/main", null).status()).isEqualTo(403);
  }

  @Test
  void aRegistryIsCreatedListedReplacedAndDeletedAndHoldsItsSourcesMeanwhile() {
    serveAnonymous();
    assertThat(send("PUT", "/v1/sources/pasted", INLINE).location())
        .isEqualTo("/v1/sources/pasted");

    Reply created =
        send(
            "PUT",
            "/v1/registries/team",
            "{\"sources\":[\"pasted\",\"configured\"],\"claims\":{\"org\":\"acme\"}}");

    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    assertThat(created.location()).isEqualTo("/v1/registries/team");
    documented("put", "/v1/registries/{name}", created, "RegistryInfo");
    assertThat(created.body().path("creationType").asText()).isEqualTo("API");
    assertThat(created.body().path("sources").toString()).isEqualTo("[\"pasted\",\"configured\"]");
    Reply entries = send("GET", "/v1/registries/team/entries", null);
    assertThat(entries.status()).isEqualTo(200);
    documented("get", "/v1/registries/{name}/entries", entries, "RegistryEntryList");
    JsonNode row = entries.body().path("entries").get(0);
    assertThat(row.path("sourceName").asText()).isEqualTo("pasted");
    assertThat(row.path("position").asInt()).isZero();
    assertThat(row.path("name").asText()).isEqualTo("io.acme/pasted");

    Reply held = send("DELETE", "/v1/sources/pasted", null);
    assertThat(held.status()).isEqualTo(409);
    documented("delete", "/v1/sources/{name}", held, null);
    assertThat(held.error())
        .isEqualTo(
            "source is referenced by one or more registries: pasted is referenced by 1"
                + " registry(ies)");

    assertThat(send("PUT", "/v1/registries/team", "{\"sources\":[\"configured\"]}").status())
        .isEqualTo(200);
    assertThat(send("DELETE", "/v1/sources/pasted", null).status()).isEqualTo(204);
    assertThat(send("DELETE", "/v1/registries/team", null).status()).isEqualTo(204);
    assertThat(send("GET", "/v1/registries/team", null).status()).isEqualTo(404);
    assertThat(send("GET", "/v1/registries/team/entries", null).status()).isEqualTo(404);
  }

  @Test
  void aBrokenRegistryIsA400NamingTheSource() {
    serveAnonymous();

    Reply unknown = send("PUT", "/v1/registries/team", "{\"sources\":[\"nowhere\"]}");
    assertThat(unknown.status()).isEqualTo(400);
    documented("put", "/v1/registries/{name}", unknown, null);
    assertThat(unknown.error()).contains("source not found: nowhere");
    Reply empty = send("PUT", "/v1/registries/team", "{\"sources\":[]}");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.error()).contains("invalid registry configuration: at least one source");
    Reply twice =
        send("PUT", "/v1/registries/team", "{\"sources\":[\"configured\",\"configured\"]}");
    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.error()).contains("invalid registry configuration:").contains("twice");
    assertThat(storage.registryRecord(RegistryName.of("team"))).isEmpty();
  }

  @Test
  void inAuthOnlyModeATokenIsNeededAndEnoughToWrite() throws Exception {
    serveAuthOnly();
    String good = token;

    token = null;
    assertThat(send("PUT", "/v1/sources/published", "{\"managed\":{}}").status()).isEqualTo(401);
    token = good;
    assertThat(send("PUT", "/v1/sources/published", "{\"managed\":{}}").status()).isEqualTo(201);
    assertThat(send("PUT", "/v1/registries/team", "{\"sources\":[\"published\"]}").status())
        .isEqualTo(201);
    assertThat(send("DELETE", "/v1/registries/team", null).status()).isEqualTo(204);
  }

  @Test
  void withoutAnAuthBlockTheWritesAreClosed() {
    serve(AuthSettings.UNSET);

    Reply reply = send("PUT", "/v1/sources/published", "{\"managed\":{}}");

    assertThat(reply.status()).isEqualTo(403);
    assertThat(storage.sourceRecord(SourceName.of("published"))).isEmpty();
  }
}
