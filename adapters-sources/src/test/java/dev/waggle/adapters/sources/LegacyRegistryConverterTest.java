package dev.waggle.adapters.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waggle.domain.catalog.PublisherMeta;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class LegacyRegistryConverterTest {
  private final LegacyRegistryConverter converter = new LegacyRegistryConverter();

  private static JsonNode golden(String file) throws IOException {
    return JsonDocuments.MAPPER.readTree(SharedData.bytes("data/converters-testdata/" + file));
  }

  private static JsonNode json(String text) {
    return ServerJsonCases.parse(text);
  }

  @Test
  void the_golden_container_server_converts_exactly_as_toolhive_converts_it() throws Exception {
    ObjectNode converted =
        converter.container("github", golden("image_to_server/input_github.json"));

    assertThat(converted).isEqualTo(golden("image_to_server/expected_github.json"));
  }

  @Test
  void the_golden_remote_server_converts_exactly_as_toolhive_converts_it() throws Exception {
    ObjectNode converted =
        converter.remote("example-remote", golden("remote_to_server/input_example.json"));

    assertThat(converted).isEqualTo(golden("remote_to_server/expected_example.json"));
  }

  @Test
  void the_golden_conversions_pass_the_server_json_rules() throws Exception {
    ServerJsonRules rules = new ServerJsonRules();

    assertThat(rules.check(golden("image_to_server/expected_github.json"))).isEmpty();
    assertThat(rules.check(golden("remote_to_server/expected_example.json"))).isEmpty();
  }

  @Test
  void a_container_server_becomes_one_oci_package_with_the_toolhive_fields_in_the_extension() {
    JsonNode legacy =
        json(
            """
            {"title": "Fetch", "description": "Fetches pages", "image": "ghcr.io/x/fetch:1",
             "status": "Active", "tier": "Official", "tools": ["fetch"], "tags": ["web"],
             "repository_url": "https://gitlab.com/x/fetch", "args": ["--verbose"],
             "metadata": {"stars": 5, "pulls": 900, "last_updated": "2026-01-01T00:00:00Z"},
             "env_vars": [{"name": "TOKEN", "description": "API token", "required": true,
                           "secret": true},
                          {"name": "MODE", "description": "Mode", "required": false,
                           "default": "fast"}]}
            """);

    ObjectNode server = converter.container("fetch", legacy);

    assertThat(server)
        .isEqualTo(
            json(
                """
                {"$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
                 "name": "io.github.stacklok/fetch", "title": "Fetch",
                 "description": "Fetches pages", "version": "1.0.0",
                 "repository": {"url": "https://gitlab.com/x/fetch", "source": "github"},
                 "packages": [{"registryType": "oci", "identifier": "ghcr.io/x/fetch:1",
                   "transport": {"type": "stdio"},
                   "environmentVariables": [
                     {"name": "TOKEN", "description": "API token", "isRequired": true,
                      "isSecret": true},
                     {"name": "MODE", "description": "Mode", "default": "fast"}]}],
                 "_meta": {"io.modelcontextprotocol.registry/publisher-provided": {
                   "io.github.stacklok": {"ghcr.io/x/fetch:1": {
                     "status": "Active", "tier": "Official", "tools": ["fetch"],
                     "tags": ["web"], "args": ["--verbose"],
                     "metadata": {"stars": 5, "last_updated": "2026-01-01T00:00:00Z"}}}}}}
                """));
  }

  @Test
  void http_container_transports_point_at_the_target_port_on_localhost() {
    JsonNode withPort = json("{\"image\": \"i:1\", \"transport\": \"sse\", \"target_port\": 9090}");
    JsonNode withoutPort = json("{\"image\": \"i:1\", \"transport\": \"streamable-http\"}");

    assertThat(converter.container("a", withPort).at("/packages/0/transport"))
        .isEqualTo(json("{\"type\": \"sse\", \"url\": \"http://localhost:9090\"}"));
    assertThat(converter.container("a", withoutPort).at("/packages/0/transport"))
        .isEqualTo(json("{\"type\": \"streamable-http\", \"url\": \"http://localhost\"}"));
  }

  @Test
  void missing_transport_and_status_default_to_stdio_and_active() {
    ObjectNode server = converter.container("a", json("{\"image\": \"i:1\"}"));

    assertThat(server.at("/packages/0/transport")).isEqualTo(json("{\"type\": \"stdio\"}"));
    assertThat(
            server
                .at("/_meta")
                .path(PublisherMeta.PUBLISHER_PROVIDED)
                .path("io.github.stacklok")
                .path("i:1")
                .path("status")
                .asText())
        .isEqualTo("active");
  }

  @Test
  void an_explicit_name_wins_over_the_key_and_a_key_with_a_slash_is_kept_as_the_name() {
    assertThat(
            converter.container("a", json("{\"name\": \"com.example/a\"}")).path("name").asText())
        .isEqualTo("com.example/a");
    assertThat(converter.remote("org.acme/notes", json("{}")).path("name").asText())
        .isEqualTo("org.acme/notes");
  }

  @Test
  void remote_env_vars_stay_in_the_extension_and_headers_become_remote_headers() {
    JsonNode legacy =
        json(
            """
            {"description": "Notes", "url": "https://notes.example.com/mcp",
             "transport": "streamable-http", "proxy_port": 8081,
             "headers": [{"name": "X-Tenant", "description": "Tenant", "required": true,
                          "choices": ["a", "b"]}],
             "env_vars": [{"name": "REGION", "description": "Region"}]}
            """);

    ObjectNode server = converter.remote("notes", legacy);

    assertThat(server.at("/remotes/0"))
        .isEqualTo(
            json(
                """
                {"type": "streamable-http", "url": "https://notes.example.com/mcp",
                 "headers": [{"name": "X-Tenant", "description": "Tenant", "isRequired": true,
                              "choices": ["a", "b"]}]}
                """));
    assertThat(
            server
                .path("_meta")
                .path(PublisherMeta.PUBLISHER_PROVIDED)
                .path("io.github.stacklok")
                .path("https://notes.example.com/mcp"))
        .isEqualTo(
            json(
                """
                {"status": "active", "proxy_port": 8081,
                 "env_vars": [{"name": "REGION", "description": "Region", "required": false}]}
                """));
    assertThat(server.has("packages")).isFalse();
  }
}
