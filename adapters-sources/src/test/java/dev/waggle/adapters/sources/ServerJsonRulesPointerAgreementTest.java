package dev.waggle.adapters.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.waggle.adapters.sources.ServerJsonCases.BrokenCase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official server.json schemas (the released version each entry names, else the current one)
 * over the real entries in the shared reference data: every entry a schema rejects, Waggle's own
 * rules reject too, at a JSON pointer the schema also points at; and Waggle rejects nothing the
 * schema accepts. Skips when the shared data is not next to the checkout.
 */
class ServerJsonRulesPointerAgreementTest {
  private static final Pattern VERSION =
      Pattern.compile(
          "https://static\\.modelcontextprotocol\\.io/schemas/([0-9-]+)/server\\.schema\\.json");
  private static final Map<String, Schema> SCHEMAS = new HashMap<>();
  private final ServerJsonRules rules = new ServerJsonRules();

  private static Schema schemaFor(JsonNode server) {
    Matcher version = VERSION.matcher(server.path("$schema").asText());
    String file =
        version.matches()
            ? "spec/server-json-versions/" + version.group(1) + ".json"
            : "spec/server.schema.json";
    return SCHEMAS.computeIfAbsent(
        file,
        f -> {
          try {
            JsonNode schema = JsonDocuments.MAPPER.readTree(SharedData.bytes(f));
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(schema);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  /** Where the schema says each problem is; a missing property is pointed at by its own name. */
  private static Set<String> schemaPointers(JsonNode server) {
    List<Error> errors =
        schemaFor(server)
            .validate(
                server, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)));
    Set<String> pointers = new LinkedHashSet<>();
    for (Error error : errors) {
      String pointer = pointer(error.getInstanceLocation());
      pointers.add(
          error.getProperty() != null
                  && Set.of("required", "additionalProperties", "dependentRequired")
                      .contains(error.getKeyword())
              ? pointer + "/" + escape(error.getProperty())
              : pointer);
    }
    return pointers;
  }

  private static String pointer(NodePath path) {
    StringBuilder pointer = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      pointer.append('/').append(escape(String.valueOf(path.getElement(i))));
    }
    return pointer.toString();
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /**
   * Waggle's field as a JSON pointer: {@code packages[0].transport.url}, or {@code _meta["a.b/c"]}
   * for a key holding dots.
   */
  private static String pointer(RuleViolation violation) {
    StringBuilder pointer = new StringBuilder();
    Matcher token = FIELD_TOKEN.matcher(violation.field());
    while (token.find()) {
      String name =
          token.group(1) != null
              ? token.group(1)
              : token.group(2) != null ? token.group(2) : token.group(3);
      pointer.append('/').append(escape(name));
    }
    return pointer.toString();
  }

  private static final Pattern FIELD_TOKEN =
      Pattern.compile("\\[\"([^\"]*)\"]|\\[(\\d+)]|\\.?([^.\\[]+)");

  private static List<JsonNode> realServers() throws Exception {
    List<JsonNode> servers = new ArrayList<>();
    JsonDocuments.MAPPER
        .readTree(SharedData.bytes("data/seed_2025-09-29.json"))
        .forEach(servers::add);
    JsonDocuments.MAPPER.readTree(SharedData.bytes("data/seed.json")).forEach(servers::add);
    JsonDocuments.MAPPER
        .readTree(SharedData.bytes("data/upstream-registry.json"))
        .path("data")
        .path("servers")
        .forEach(servers::add);
    for (String golden :
        List.of("image_to_server/expected_github.json", "remote_to_server/expected_example.json")) {
      servers.add(
          JsonDocuments.MAPPER.readTree(SharedData.bytes("data/converters-testdata/" + golden)));
    }
    return servers;
  }

  @Test
  void on_every_real_entry_waggle_rejects_what_the_schema_rejects_at_a_pointer_it_names()
      throws Exception {
    List<JsonNode> servers = realServers();
    List<String> disagreements = new ArrayList<>();
    int rejected = 0;
    for (JsonNode server : servers) {
      Set<String> schema = schemaPointers(server);
      Optional<RuleViolation> waggle = rules.check(server);
      String label = server.path("name").asText() + " " + server.path("version").asText();
      if (schema.isEmpty() && waggle.isPresent()) {
        disagreements.add(label + ": only Waggle rejects it, at " + pointer(waggle.get()));
      } else if (!schema.isEmpty() && waggle.isEmpty()) {
        disagreements.add(label + ": only the schema rejects it, at " + schema);
      } else if (waggle.isPresent() && !schema.contains(pointer(waggle.get()))) {
        disagreements.add(
            label + ": Waggle points at " + pointer(waggle.get()) + ", the schema at " + schema);
      }
      rejected += schema.isEmpty() ? 0 : 1;
    }

    assertThat(disagreements).isEmpty();
    assertThat(servers).hasSizeGreaterThan(370);
    // The 2025-09-29 seed's known bad entries: 78 descriptions too long, 65 empty.
    assertThat(rejected).isEqualTo(143);
  }

  static List<BrokenCase> schemaRejectedCases() {
    return ServerJsonCases.broken().stream().filter(BrokenCase::schemaAlsoRejects).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaRejectedCases")
  void a_broken_case_the_schema_rejects_is_rejected_by_waggle_at_a_pointer_the_schema_names(
      BrokenCase broken) {
    JsonNode server = broken.apply();

    Optional<RuleViolation> waggle = rules.check(server);

    assertThat(waggle).isPresent();
    assertThat(schemaPointers(server)).contains(pointer(waggle.get()));
  }
}
