package dev.waggle.adapters.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RegistryDocumentParserTest {
  private final RegistryDocumentParser parser = new RegistryDocumentParser();

  static String envelope(String... servers) {
    return "{\"$schema\": \"https://example.com/upstream-registry.schema.json\","
        + " \"version\": \"1.0.0\", \"meta\": {\"last_updated\": \"2026-10-02T21:16:00Z\"},"
        + " \"data\": {\"servers\": ["
        + String.join(",", servers)
        + "]}}";
  }

  static String server(String name, String version, String extra) {
    return "{\"name\": \""
        + name
        + "\", \"description\": \"Does things\", \"version\": \""
        + version
        + "\""
        + (extra.isEmpty() ? "" : ", " + extra)
        + "}";
  }

  private SourceSnapshot parse(String json) throws SourceReadException {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8), "test.json");
  }

  private static JsonNode documentOf(ServerManifest manifest) {
    return ServerJsonCases.parse(manifest.document());
  }

  @Nested
  class UpstreamEnvelope {
    @Test
    void valid_servers_become_manifests_with_their_searchable_fields() throws Exception {
      SourceSnapshot snapshot = parse(envelope(ServerJsonCases.MINIMAL, ServerJsonCases.FULL));

      assertThat(snapshot.rejections()).isEmpty();
      assertThat(snapshot.servers()).hasSize(2);
      ServerManifest full = snapshot.servers().get(1);
      assertThat(full.name().value()).isEqualTo("io.github.example/weather");
      assertThat(full.version().value()).isEqualTo("1.2.3");
      assertThat(full.title()).isEqualTo("Weather");
      assertThat(full.description()).isEqualTo("Weather forecasts for any city");
      assertThat(full.status()).isEqualTo(ServerStatus.ACTIVE);
      assertThat(full.claims()).isEqualTo(Claims.NONE);
      assertThat(snapshot.servers().get(0).title()).isNull();
    }

    @Test
    void tags_are_collected_from_every_publisher_namespace_and_artifact() throws Exception {
      SourceSnapshot snapshot = parse(envelope(ServerJsonCases.FULL));

      assertThat(snapshot.servers().get(0).tags())
          .containsExactlyInAnyOrder("weather", "forecast", "internal");
    }

    @Test
    void a_server_without_publisher_tags_has_no_tags() throws Exception {
      assertThat(parse(envelope(ServerJsonCases.MINIMAL)).servers().get(0).tags()).isEmpty();
    }

    @Test
    void the_toolhive_extension_marks_a_server_deprecated_in_any_letter_case() throws Exception {
      String meta =
          "\"_meta\": {\"io.modelcontextprotocol.registry/publisher-provided\": {"
              + "\"io.github.stacklok\": {\"ghcr.io/x/y:1\": {\"status\": \"%s\"}}}}";
      SourceSnapshot snapshot =
          parse(
              envelope(
                  server("io.github.x/a", "1", meta.formatted("Deprecated")),
                  server("io.github.x/b", "1", meta.formatted("DEPRECATED")),
                  server("io.github.x/c", "1", meta.formatted("Active"))));

      assertThat(snapshot.servers())
          .extracting(ServerManifest::status)
          .containsExactly(ServerStatus.DEPRECATED, ServerStatus.DEPRECATED, ServerStatus.ACTIVE);
    }

    @Test
    void the_stored_document_is_the_server_as_written_with_schema_added_when_missing()
        throws Exception {
      SourceSnapshot snapshot = parse(envelope(ServerJsonCases.MINIMAL, ServerJsonCases.FULL));

      ObjectNode expected = (ObjectNode) ServerJsonCases.parse(ServerJsonCases.MINIMAL);
      expected.put("$schema", ServerJsonRules.CURRENT_SCHEMA);
      assertThat(documentOf(snapshot.servers().get(0))).isEqualTo(expected);
      assertThat(documentOf(snapshot.servers().get(1)))
          .isEqualTo(ServerJsonCases.parse(ServerJsonCases.FULL));
      assertThat(snapshot.servers().get(0).document()).doesNotContain("\n");
    }

    @Test
    void an_existing_schema_url_is_kept_even_when_it_is_an_older_one() throws Exception {
      String older = "https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json";
      SourceSnapshot snapshot =
          parse(envelope(server("io.github.x/a", "1", "\"$schema\": \"" + older + "\"")));

      assertThat(documentOf(snapshot.servers().get(0)).path("$schema").asText()).isEqualTo(older);
    }

    @Test
    void only_the_publisher_provided_block_of_meta_is_kept() throws Exception {
      String both =
          "\"_meta\": {\"io.modelcontextprotocol.registry/official\": {\"isLatest\": true},"
              + " \"io.modelcontextprotocol.registry/publisher-provided\": {\"a\": {\"b\": 1}}}";
      String officialOnly =
          "\"_meta\": {\"io.modelcontextprotocol.registry/official\": {\"isLatest\": true}}";
      SourceSnapshot snapshot =
          parse(
              envelope(
                  server("io.github.x/a", "1", both), server("io.github.x/b", "1", officialOnly)));

      assertThat(documentOf(snapshot.servers().get(0)).path("_meta"))
          .isEqualTo(
              ServerJsonCases.parse(
                  "{\"io.modelcontextprotocol.registry/publisher-provided\": {\"a\": {\"b\": 1}}}"));
      assertThat(documentOf(snapshot.servers().get(1)).has("_meta")).isFalse();
    }

    @Test
    void numbers_in_the_document_are_kept_as_written() throws Exception {
      String meta =
          "\"_meta\": {\"io.modelcontextprotocol.registry/publisher-provided\": {\"x\": {\"y\":"
              + " {\"ratio\": 1.50, \"big\": 123456789012345678901234567890}}}}";

      String document =
          parse(envelope(server("io.github.x/a", "1", meta))).servers().get(0).document();

      assertThat(document).contains("\"ratio\":1.50").contains("123456789012345678901234567890");
    }

    @Test
    void the_document_keeps_the_files_own_text_of_strings_and_numbers_without_its_layout()
        throws Exception {
      String written =
          "{\n  \"name\": \"io.github.x/a\",\n  \"description\": \"caf\\u00e9 \\/ \\\" x\",\n"
              + "  \"version\": \"1\",\n  \"title\": \"tab\\there\",\n"
              + "  \"_meta\": {\"io.modelcontextprotocol.registry/publisher-provided\":"
              + " {\"n\": 1e5, \"s\": \"a  b\"}}\n}";

      String document = parse(envelope(written)).servers().get(0).document();

      assertThat(document)
          .isEqualTo(
              "{\"$schema\":\""
                  + ServerJsonRules.CURRENT_SCHEMA
                  + "\",\"name\":\"io.github.x/a\",\"description\":\"caf\\u00e9 \\/ \\\" x\","
                  + "\"version\":\"1\",\"title\":\"tab\\there\","
                  + "\"_meta\":{\"io.modelcontextprotocol.registry/publisher-provided\":"
                  + "{\"n\":1e5,\"s\":\"a  b\"}}}");
    }

    @Test
    void an_envelope_missing_data_servers_is_unreadable() {
      String json =
          "{\"version\": \"1.0.0\", \"meta\": {\"last_updated\": \"2026-10-02T21:16:00Z\"},"
              + " \"data\": {\"skills\": []}}";

      assertThatThrownBy(() -> parse(json))
          .isInstanceOf(SourceReadException.class)
          .hasMessageContaining("test.json")
          .hasMessageContaining("data.servers")
          .hasMessageContaining("missing");
    }

    @Test
    void an_envelope_with_a_broken_version_or_meta_is_unreadable() {
      String servers = "\"data\": {\"servers\": [" + ServerJsonCases.MINIMAL + "]}";
      Map<String, String> broken =
          Map.of(
              "{\"version\": \"1.0\", \"meta\": {\"last_updated\": \"2026-10-02T21:16:00Z\"}, "
                  + servers
                  + "}",
              "version",
              "{\"meta\": {\"last_updated\": \"2026-10-02T21:16:00Z\"}, " + servers + "}",
              "version",
              "{\"version\": \"1.0.0\", " + servers + "}",
              "meta",
              "{\"version\": \"1.0.0\", \"meta\": {\"last_updated\": \"yesterday\"}, "
                  + servers
                  + "}",
              "meta.last_updated",
              "{\"version\": \"1.0.0\", \"meta\": {\"last_updated\": \"2026-10-02T21:16:00Z\"},"
                  + " \"data\": {\"servers\": {}}}",
              "data.servers");

      broken.forEach(
          (json, field) ->
              assertThatThrownBy(() -> parse(json))
                  .as(json)
                  .isInstanceOf(SourceReadException.class)
                  .hasMessageContaining("test.json: not a valid upstream registry file: " + field));
    }

    @Test
    void a_repeated_servers_key_keeps_only_the_last_array_with_its_own_indexes() throws Exception {
      String json =
          "{\"version\": \"1.0.0\", \"meta\": {\"last_updated\": \"2026-10-02T21:16:00Z\"},"
              + " \"data\": {\"servers\": ["
              + server("io.github.x/first", "1", "")
              + ", \"broken\"], \"servers\": [\"broken too\", "
              + server("io.github.x/last", "1", "")
              + "]}}";

      SourceSnapshot snapshot = parse(json);

      assertThat(snapshot.servers())
          .extracting(m -> m.name().value())
          .containsExactly("io.github.x/last");
      assertThat(snapshot.rejections())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.index()).isZero();
                assertThat(r.value()).isEqualTo("broken too");
              });
    }

    @Test
    void a_repeated_data_key_keeps_only_the_last_one() throws Exception {
      String meta =
          "\"version\": \"1.0.0\", \"meta\": {\"last_updated\": \"2026-10-02T21:16:00Z\"}";
      String json =
          "{"
              + meta
              + ", \"data\": {\"servers\": ["
              + server("io.github.x/first", "1", "")
              + "]}, \"data\": {\"servers\": ["
              + server("io.github.x/last", "1", "")
              + "]}}";
      String emptied =
          "{"
              + meta
              + ", \"data\": {\"servers\": ["
              + server("io.github.x/first", "1", "")
              + "]}, \"data\": {\"servers\": []}}";

      assertThat(parse(json).servers())
          .extracting(m -> m.name().value())
          .containsExactly("io.github.x/last");
      assertThatThrownBy(() -> parse(emptied)).hasMessageContaining("data.servers is empty");
    }

    @Test
    void a_broken_envelope_after_the_servers_still_makes_the_file_unreadable() {
      String json =
          "{\"data\": {\"servers\": ["
              + ServerJsonCases.MINIMAL
              + "]}, \"version\": \"1.0\", \"meta\": {\"last_updated\": \"2026-10-02T21:16:00Z\"}}";

      assertThatThrownBy(() -> parse(json))
          .isInstanceOf(SourceReadException.class)
          .hasMessageContaining("test.json: not a valid upstream registry file: version");
    }

    @Test
    void an_envelope_without_any_server_is_unreadable() {
      String json =
          "{\"version\": \"1.0.0\", \"meta\": {\"last_updated\": \"2026-10-02T21:16:00Z\"},"
              + " \"data\": {\"servers\": []}}";

      assertThatThrownBy(() -> parse(json)).hasMessageContaining("data.servers is empty");
    }
  }

  @Nested
  class Entries {
    @Test
    void an_invalid_server_is_rejected_with_its_index_name_field_and_value_and_the_rest_kept()
        throws Exception {
      String badTransport =
          "\"packages\": [{\"registryType\": \"oci\", \"identifier\": \"ghcr.io/x/b:1\","
              + " \"transport\": {\"type\": \"sse\"}}]";
      SourceSnapshot snapshot =
          parse(
              envelope(
                  server("io.github.x/a", "1", ""),
                  server("io.github.x/b", "1", badTransport),
                  server("io.github.x/c", "1", "")));

      assertThat(snapshot.servers())
          .extracting(m -> m.name().value())
          .containsExactly("io.github.x/a", "io.github.x/c");
      assertThat(snapshot.rejections()).hasSize(1);
      EntryRejection rejection = snapshot.rejections().get(0);
      assertThat(rejection.index()).isEqualTo(1);
      assertThat(rejection.entryName()).isEqualTo("io.github.x/b");
      assertThat(rejection.field()).isEqualTo("packages[0].transport.url");
      assertThat(rejection.value()).isNull();
      assertThat(rejection.reason()).isEqualTo("is required");
    }

    @Test
    void an_entry_that_is_not_an_object_is_rejected_without_a_name() throws Exception {
      SourceSnapshot snapshot = parse(envelope("\"io.github.x/a\"", ServerJsonCases.MINIMAL));

      assertThat(snapshot.servers()).hasSize(1);
      assertThat(snapshot.rejections())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.index()).isZero();
                assertThat(r.entryName()).isNull();
                assertThat(r.value()).isEqualTo("io.github.x/a");
              });
    }

    @Test
    void a_repeated_name_and_version_keeps_the_first_and_rejects_the_later_naming_both_indexes()
        throws Exception {
      SourceSnapshot snapshot =
          parse(
              envelope(
                  server("io.github.x/a", "1", "\"title\": \"First\""),
                  server("io.github.x/b", "1", ""),
                  server("io.github.x/a", "2", ""),
                  server("io.github.x/a", "1", "\"title\": \"Second\"")));

      assertThat(snapshot.servers())
          .extracting(m -> m.name().value() + "@" + m.version().value())
          .containsExactly("io.github.x/a@1", "io.github.x/b@1", "io.github.x/a@2");
      assertThat(snapshot.servers().get(0).title()).isEqualTo("First");
      EntryRejection rejection = snapshot.rejections().get(0);
      assertThat(rejection.index()).isEqualTo(3);
      assertThat(rejection.entryName()).isEqualTo("io.github.x/a");
      assertThat(rejection.field()).isEqualTo("version");
      assertThat(rejection.value()).isEqualTo("1");
      assertThat(rejection.reason()).contains("entry #0");
      assertThat(rejection.describe()).startsWith("entry #3 (io.github.x/a): version: ");
    }
  }

  @Nested
  class Unreadable {
    @Test
    void malformed_json_names_the_line_and_column() {
      String json = "{\n  \"version\": \"1.0.0\",\n  \"meta\": oops\n}";

      assertThatThrownBy(() -> parse(json))
          .isInstanceOf(SourceReadException.class)
          .hasMessageStartingWith("test.json: invalid JSON at line 3, column ");
    }

    @Test
    void malformed_json_inside_a_later_server_names_its_line_and_column() {
      String json =
          envelope(
              server("io.github.x/a", "1", ""),
              "{\n\"name\": \"io.github.x/b\",\n\"version\": 1.0.0}");

      assertThatThrownBy(() -> parse(json))
          .isInstanceOf(SourceReadException.class)
          .hasMessageStartingWith("test.json: invalid JSON at line 3, column ");
    }

    @Test
    void trailing_content_after_the_document_is_malformed_json() {
      assertThatThrownBy(() -> parse("{\"data\": {}}\n{}"))
          .hasMessage(
              "test.json: invalid JSON at line 2, column 1:"
                  + " unexpected content after the end of the JSON document");
    }

    @Test
    void an_empty_file_is_unreadable() {
      assertThatThrownBy(() -> parse("  ")).hasMessage("test.json: the file is empty");
    }

    @Test
    void a_document_that_is_not_an_object_is_unreadable() {
      assertThatThrownBy(() -> parse("[" + ServerJsonCases.MINIMAL + "]"))
          .hasMessageContaining(
              "test.json: not a registry file: expected a JSON object, found array");
    }

    @Test
    void a_document_in_neither_format_is_unreadable_and_says_which_formats_are_read() {
      assertThatThrownBy(() -> parse("{\"version\": \"1.0.0\", \"servers\": {}}"))
          .hasMessageStartingWith("test.json: not a registry file: expected the upstream format");
    }

    @Test
    void a_registry_api_response_is_recognised_and_pointed_to_the_api_source() {
      String response =
          "{\"servers\": [{\"server\": " + ServerJsonCases.MINIMAL + "}], \"metadata\": {}}";

      assertThatThrownBy(() -> parse(response)).hasMessageContaining("api source");
    }
  }

  @Nested
  class LegacyFormat {
    private static final String LEGACY =
        """
        {
          "version": "1.0.0",
          "last_updated": "2026-02-18T00:24:11Z",
          "servers": {
            "fetch": {"description": "Fetches web pages", "image": "ghcr.io/x/fetch:1",
                      "status": "Active", "tier": "Official", "tools": ["fetch"],
                      "transport": "streamable-http", "target_port": 8080, "tags": ["web"]},
            "old": {"description": "An old server", "image": "ghcr.io/x/old:1",
                    "status": "Deprecated", "tier": "Community", "tools": ["x"],
                    "transport": "stdio"}
          },
          "remote_servers": {
            "notes": {"description": "Hosted notes", "url": "https://notes.example.com/mcp",
                      "status": "Active", "tier": "Community", "tools": ["add"],
                      "transport": "streamable-http", "tags": ["notes", "hosted"]}
          },
          "groups": [{"name": "bundle", "description": "Bundled servers", "servers": {}}]
        }
        """;

    @Test
    void container_and_remote_servers_are_converted_and_groups_dropped() throws Exception {
      SourceSnapshot snapshot = parse(LEGACY);

      assertThat(snapshot.rejections()).isEmpty();
      Map<String, ServerManifest> byName =
          snapshot.servers().stream()
              .collect(Collectors.toMap(m -> m.name().value(), Function.identity()));
      assertThat(byName)
          .containsOnlyKeys(
              "io.github.stacklok/fetch", "io.github.stacklok/old", "io.github.stacklok/notes");
      assertThat(byName.values()).allMatch(m -> m.version().value().equals("1.0.0"));
      assertThat(byName.get("io.github.stacklok/old").status()).isEqualTo(ServerStatus.DEPRECATED);
      assertThat(byName.get("io.github.stacklok/fetch").tags()).containsExactly("web");
      assertThat(byName.get("io.github.stacklok/notes").tags())
          .containsExactlyInAnyOrder("notes", "hosted");
      assertThat(
              documentOf(byName.get("io.github.stacklok/fetch"))
                  .at("/packages/0/transport/url")
                  .asText())
          .isEqualTo("http://localhost:8080");
    }

    @Test
    void a_converted_server_that_breaks_the_rules_is_rejected() throws Exception {
      String legacy =
          "{\"servers\": {\"bad\": {\"description\": \"No image here\", \"status\": \"Active\"}}}";

      SourceSnapshot snapshot = parse(legacy);

      assertThat(snapshot.servers()).isEmpty();
      assertThat(snapshot.rejections())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.entryName()).isEqualTo("io.github.stacklok/bad");
                assertThat(r.field()).isEqualTo("packages[0].identifier");
              });
    }

    @Test
    void a_legacy_file_with_only_groups_is_unreadable() {
      assertThatThrownBy(() -> parse("{\"groups\": [{\"name\": \"g\"}]}"))
          .hasMessageContaining("holds no servers outside its groups");
    }
  }

  @Nested
  class ContentHashing {
    @Test
    void the_hash_is_the_sha256_of_the_raw_bytes() throws Exception {
      byte[] bytes = envelope(ServerJsonCases.MINIMAL).getBytes(StandardCharsets.UTF_8);

      SourceSnapshot snapshot = parser.parse(bytes, "a.json");

      assertThat(snapshot.contentHash()).isEqualTo(ContentHash.sha256Hex(bytes)).hasSize(64);
      assertThat(ContentHash.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
          .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void identical_bytes_hash_alike_and_any_change_even_whitespace_changes_the_hash()
        throws Exception {
      String json = envelope(ServerJsonCases.MINIMAL);

      String first = parse(json).contentHash();
      String again = parse(json).contentHash();
      String changed = parse(json + "\n").contentHash();

      assertThat(again).isEqualTo(first);
      assertThat(changed).isNotEqualTo(first);
    }

    @Test
    void a_reader_may_supply_its_own_hash() throws Exception {
      byte[] bytes = envelope(ServerJsonCases.MINIMAL).getBytes(StandardCharsets.UTF_8);

      assertThat(parser.parse(bytes, "api", "precomputed").contentHash()).isEqualTo("precomputed");
    }
  }

  @Nested
  class SharedRealData {
    @Test
    void the_toolhive_upstream_example_gives_12_manifests_with_tags() throws Exception {
      SourceSnapshot snapshot =
          parser.parse(SharedData.bytes("data/upstream-registry.json"), "upstream-registry.json");

      assertThat(snapshot.rejections()).isEmpty();
      assertThat(snapshot.servers()).hasSize(12);
      assertThat(snapshot.servers()).allMatch(m -> !m.tags().isEmpty());
      Map<String, ServerManifest> byName =
          snapshot.servers().stream()
              .collect(Collectors.toMap(m -> m.name().value(), Function.identity()));
      assertThat(byName.get("io.github.stacklok/github").tags())
          .contains("github", "pull-request", "issues");
      assertThat(byName.get("io.github.stacklok/genai-toolbox").status())
          .isEqualTo(ServerStatus.DEPRECATED);
      assertThat(snapshot.servers().stream().filter(m -> m.status() == ServerStatus.ACTIVE))
          .hasSize(11);
    }

    @Test
    void the_legacy_toolhive_registry_converts_to_102_valid_manifests() throws Exception {
      SourceSnapshot snapshot =
          parser.parse(SharedData.bytes("data/registry.json"), "registry.json");

      assertThat(snapshot.rejections()).isEmpty();
      assertThat(snapshot.servers()).hasSize(102);
      assertThat(snapshot.servers().stream().filter(m -> documentOf(m).has("remotes"))).hasSize(23);
      assertThat(snapshot.servers().stream().filter(m -> m.status() == ServerStatus.DEPRECATED))
          .extracting(m -> m.name().value())
          .containsExactly("io.github.stacklok/genai-toolbox");
      assertThat(snapshot.servers()).allMatch(m -> !m.tags().isEmpty());
    }
  }
}
