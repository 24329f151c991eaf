package dev.waggle.adapters.http;

import static dev.waggle.adapters.http.RunningApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import dev.waggle.domain.catalog.OfficialMeta;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Waggle's responses, and Waggle's own OpenAPI document, checked against the official MCP Registry
 * OpenAPI document and real seed data from {@code ../shared}; skipped when that folder is absent.
 */
class OfficialApiConformanceTest {
  static final Path SHARED = Path.of("../../shared");
  static final String AIRTABLE = "io.github.domdomegg%2Fairtable-mcp-server";

  static OpenApiSchemas official;
  static OpenApiSchemas waggle;
  static RunningApi api;

  /** Real responses by the official path they answer. */
  static Map<String, List<JsonNode>> samples = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws IOException {
    Path spec = SHARED.resolve("spec/openapi.yaml");
    Path seed = SHARED.resolve("data/seed.json");
    assumeTrue(Files.isRegularFile(spec) && Files.isRegularFile(seed), "../shared is absent");
    official = OpenApiSchemas.read(spec);
    waggle = OpenApiSchemas.waggle();
    api = new RunningApi(seedCatalog(RunningApi.JSON.readTree(seed.toFile())));

    String list = "/v0.1/servers";
    String versions = "/v0.1/servers/{serverName}/versions";
    String version = "/v0.1/servers/{serverName}/versions/{version}";
    sample(list, "/v0.1/servers");
    sample(list, "/v0.1/servers?limit=2");
    sample(list, "/v0.1/servers?version=latest&include_deleted=true");
    sample(list, "/registry/default/v0.1/servers?search=time");
    sample(versions, "/v0.1/servers/" + AIRTABLE + "/versions");
    sample(versions, "/registry/default/v0.1/servers/" + AIRTABLE + "/versions");
    sample(version, "/v0.1/servers/" + AIRTABLE + "/versions/latest");
    sample(version, "/v0.1/servers/" + AIRTABLE + "/versions/1.7.2");
    sample(
        version,
        "/v0.1/servers/io.github.domdomegg%2Ftime-mcp-pypi/versions/latest?include_deleted=true");
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void responsesMatchTheOfficialResponseSchemas() {
    samples.forEach(
        (path, bodies) -> {
          Schema schema = official.response(path, 200, "application/json");
          bodies.forEach(
              body -> assertThat(OpenApiSchemas.errors(schema, body)).as(path).isEmpty());
        });
    assertThat(samples.get("/v0.1/servers").get(1).at("/metadata/nextCursor").isTextual()).isTrue();
  }

  @Test
  void waggleResponseSchemasAcceptTheSameResponses() {
    samples.forEach(
        (path, bodies) -> {
          for (String documented : List.of(path, "/registry/{registry}" + path)) {
            Schema schema = waggle.response(documented, 200, "application/json");
            bodies.forEach(
                body -> assertThat(OpenApiSchemas.errors(schema, body)).as(documented).isEmpty());
          }
        });
  }

  @Test
  void waggleResponseSchemasRejectWhatTheOfficialOnesReject() {
    JsonNode list = samples.get("/v0.1/servers").get(0);
    Map<String, Consumer<ObjectNode>> breakages = new LinkedHashMap<>();
    breakages.put("no servers", body -> body.remove("servers"));
    breakages.put("servers not a list", body -> body.put("servers", "none"));
    breakages.put("item without server", body -> item(body).remove("server"));
    breakages.put("server without version", body -> server(body).remove("version"));
    breakages.put("name without slash", body -> server(body).put("name", "airtable"));
    breakages.put(
        "package without transport",
        body -> ((ObjectNode) server(body).get("packages").get(0)).remove("transport"));
    breakages.put("unknown status", body -> official(body).put("status", "gone"));
    breakages.put("isLatest not a boolean", body -> official(body).put("isLatest", "yes"));
    breakages.put("extra official field", body -> official(body).put("score", 5));
    breakages.put("timestamp not a date-time", body -> official(body).put("updatedAt", "today"));
    breakages.put("count not a number", body -> metadata(body).put("count", "four"));

    Schema officialSchema = official.response("/v0.1/servers", 200, "application/json");
    Schema waggleSchema = waggle.response("/v0.1/servers", 200, "application/json");
    breakages.forEach(
        (breakage, change) -> {
          ObjectNode broken = list.deepCopy();
          change.accept(broken);

          assertThat(OpenApiSchemas.errors(officialSchema, broken)).as(breakage).isNotEmpty();
          assertThat(OpenApiSchemas.errors(waggleSchema, broken)).as(breakage).isNotEmpty();
        });
  }

  @Test
  void everyOfficialReadPathHasAWaggleCounterpartWithTheSameQueryParameters() {
    List<String> officialGets = new ArrayList<>();
    official
        .document
        .get("paths")
        .properties()
        .forEach(
            path -> {
              if (path.getKey().startsWith("/v0.1/") && path.getValue().has("get")) {
                officialGets.add(path.getKey());
              }
            });

    assertThat(officialGets).hasSize(3);
    for (String path : officialGets) {
      List<String> expected = parameters(official, path);
      for (String counterpart : List.of(path, "/registry/{registry}" + path)) {
        assertThat(waggle.document.at("/paths").has(counterpart)).as(counterpart).isTrue();
        assertThat(parameters(waggle, counterpart)).as(counterpart).containsAll(expected);
      }
    }
  }

  private static List<String> parameters(OpenApiSchemas spec, String path) {
    List<String> names = new ArrayList<>();
    for (JsonNode parameter : spec.document.get("paths").get(path).get("get").get("parameters")) {
      JsonNode resolved =
          parameter.has("$ref")
              ? spec.document.at(parameter.get("$ref").asText().substring(1))
              : parameter;
      names.add(resolved.get("in").asText() + "." + resolved.get("name").asText());
    }
    return names;
  }

  private static void sample(String officialPath, String request) {
    var response = api.get(request);
    assertThat(response.statusCode()).as(request).isEqualTo(200);
    samples.computeIfAbsent(officialPath, p -> new ArrayList<>()).add(json(response));
  }

  /**
   * The four seed versions, one of them deprecated and one deleted, as a store would serve them.
   */
  private static FakeBrowseCatalog seedCatalog(JsonNode seed) {
    List<ServerListing> listings = new ArrayList<>();
    Instant published = Instant.parse("2026-01-10T09:00:00.120Z");
    for (JsonNode document : seed) {
      String name = document.get("name").asText();
      String version = document.get("version").asText();
      ServerStatus status =
          version.equals("1.7.2")
              ? ServerStatus.DEPRECATED
              : name.endsWith("pypi") ? ServerStatus.DELETED : ServerStatus.ACTIVE;
      published = published.plusSeconds(3600);
      listings.add(
          new ServerListing(
              ServerName.of(name),
              Version.of(version),
              document.toString(),
              new OfficialMeta(
                  status,
                  status == ServerStatus.DEPRECATED ? "upgrade to 1.7.3" : null,
                  published,
                  published,
                  published,
                  !version.equals("1.7.2"))));
    }
    return new FakeBrowseCatalog()
        .with(FakeBrowseCatalog.DEFAULT, listings.toArray(ServerListing[]::new));
  }

  private static ObjectNode item(ObjectNode list) {
    return (ObjectNode) list.get("servers").get(0);
  }

  private static ObjectNode server(ObjectNode list) {
    return (ObjectNode) item(list).get("server");
  }

  private static ObjectNode official(ObjectNode list) {
    return (ObjectNode) item(list).get("_meta").get(OfficialMeta.KEY);
  }

  private static ObjectNode metadata(ObjectNode list) {
    return (ObjectNode) list.get("metadata");
  }
}
