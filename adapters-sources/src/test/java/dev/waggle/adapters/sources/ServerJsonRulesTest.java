package dev.waggle.adapters.sources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.adapters.sources.ServerJsonCases.BrokenCase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServerJsonRulesTest {
  private final ServerJsonRules rules = new ServerJsonRules();

  @Test
  void a_minimal_server_with_name_description_and_version_is_accepted() {
    assertThat(rules.check(ServerJsonCases.parse(ServerJsonCases.MINIMAL))).isEmpty();
  }

  @Test
  void a_server_using_every_part_of_the_schema_is_accepted() {
    assertThat(rules.check(ServerJsonCases.parse(ServerJsonCases.FULL))).isEmpty();
  }

  static List<BrokenCase> brokenCases() {
    return ServerJsonCases.broken();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenCases")
  void each_broken_rule_names_the_field_path_and_the_value(BrokenCase broken) {
    var violation = rules.check(broken.apply());

    assertThat(violation).isPresent();
    assertThat(violation.get().field()).isEqualTo(broken.field());
    assertThat(violation.get().value()).isEqualTo(broken.value());
    assertThat(violation.get().reason()).isNotBlank();
  }

  @Test
  void a_server_that_is_not_an_object_is_rejected_as_a_whole() {
    var violation = rules.check(ServerJsonCases.parse("[\"io.github.example/weather\"]"));

    assertThat(violation).get().extracting(RuleViolation::field).isEqualTo("");
    assertThat(violation.get().reason()).contains("JSON object");
  }

  @Test
  void lengths_count_unicode_characters_not_utf16_units() {
    // 100 emoji are 200 UTF-16 units but 100 characters, which the schema allows.
    String description = "\uD83D\uDE00".repeat(100);
    var server =
        ServerJsonCases.parse(
            "{\"name\": \"io.github.example/emoji\", \"version\": \"1.0.0\", \"description\": \""
                + description
                + "\"}");

    assertThat(rules.check(server)).isEmpty();
  }

  @Test
  void a_stdio_transport_ignores_fields_only_http_transports_define() {
    var server =
        ServerJsonCases.parse(
            """
            {"name": "io.github.example/weather", "description": "d", "version": "1",
             "packages": [{"registryType": "oci", "identifier": "ghcr.io/example/weather:1",
                           "transport": {"type": "stdio", "url": "not checked"}}]}
            """);

    assertThat(rules.check(server)).isEmpty();
  }
}
