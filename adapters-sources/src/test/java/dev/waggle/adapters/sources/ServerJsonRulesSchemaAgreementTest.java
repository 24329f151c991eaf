package dev.waggle.adapters.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.waggle.adapters.sources.ServerJsonCases.BrokenCase;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the hand-written server.json rules against the official 2025-12-11 JSON schema (read from
 * the shared reference data) on real servers and on every broken-rule case.
 */
class ServerJsonRulesSchemaAgreementTest {
  private static Schema schema;
  private final ServerJsonRules rules = new ServerJsonRules();

  @BeforeAll
  static void loadOfficialSchema() throws Exception {
    JsonNode schemaNode =
        JsonDocuments.MAPPER.readTree(SharedData.bytes("spec/server.schema.json"));
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(schemaNode);
  }

  private static boolean schemaAccepts(JsonNode server) {
    return schema
        .validate(server, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)))
        .isEmpty();
  }

  private static List<JsonNode> seed(String file) throws Exception {
    List<JsonNode> servers = new ArrayList<>();
    JsonDocuments.MAPPER.readTree(SharedData.bytes("data/" + file)).forEach(servers::add);
    return servers;
  }

  @Test
  void on_the_2025_09_29_seed_the_rules_accept_exactly_the_servers_the_schema_accepts()
      throws Exception {
    List<JsonNode> servers = seed("seed_2025-09-29.json");
    assertThat(servers).hasSize(358);

    List<String> disagreements = new ArrayList<>();
    List<RuleViolation> violations = new ArrayList<>();
    for (JsonNode server : servers) {
      var violation = rules.check(server);
      violation.ifPresent(violations::add);
      if (violation.isEmpty() != schemaAccepts(server)) {
        disagreements.add(server.path("name").asText() + " " + violation);
      }
    }

    assertThat(disagreements).isEmpty();
    assertThat(violations).hasSize(143);
    Map<String, Long> byReason =
        violations.stream()
            .collect(
                Collectors.groupingBy(
                    v -> v.field() + (v.value().isEmpty() ? " empty" : " too long"),
                    Collectors.counting()));
    assertThat(byReason)
        .containsOnly(Map.entry("description too long", 78L), Map.entry("description empty", 65L));
  }

  @Test
  void on_the_current_seed_the_rules_and_the_schema_accept_all_four_servers() throws Exception {
    List<JsonNode> servers = seed("seed.json");

    assertThat(servers).hasSize(4);
    for (JsonNode server : servers) {
      assertThat(schemaAccepts(server)).as(server.path("name").asText()).isTrue();
      assertThat(rules.check(server)).as(server.path("name").asText()).isEmpty();
    }
  }

  @Test
  void the_big_seed_wrapped_in_an_envelope_gives_215_manifests_and_143_rejections()
      throws Exception {
    String envelope =
        "{\"version\":\"1.0.0\",\"meta\":{\"last_updated\":\"2025-09-29T00:00:00Z\"},"
            + "\"data\":{\"servers\":"
            + new String(SharedData.bytes("data/seed_2025-09-29.json"), StandardCharsets.UTF_8)
            + "}}";

    SourceSnapshot snapshot =
        new RegistryDocumentParser().parse(envelope.getBytes(StandardCharsets.UTF_8), "seed");

    assertThat(snapshot.servers()).hasSize(215);
    assertThat(snapshot.rejections()).hasSize(143);
    assertThat(new TreeSet<>(snapshot.rejections().stream().map(EntryRejection::field).toList()))
        .containsExactly("description");
    // Seed servers lack $schema; the stored document names the current one.
    assertThat(snapshot.servers().get(0).document())
        .contains("\"$schema\":\"" + ServerJsonRules.CURRENT_SCHEMA + "\"");
  }

  @Test
  void the_schema_accepts_the_valid_fixtures_too() {
    assertThat(schemaAccepts(ServerJsonCases.parse(ServerJsonCases.MINIMAL))).isTrue();
    assertThat(schemaAccepts(ServerJsonCases.parse(ServerJsonCases.FULL))).isTrue();
  }

  static List<BrokenCase> brokenCases() {
    return ServerJsonCases.broken();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenCases")
  void every_broken_case_is_rejected_by_the_schema_unless_it_is_a_registry_only_rule(
      BrokenCase broken) {
    assertThat(schemaAccepts(broken.apply())).isEqualTo(!broken.schemaAlsoRejects());
  }
}
