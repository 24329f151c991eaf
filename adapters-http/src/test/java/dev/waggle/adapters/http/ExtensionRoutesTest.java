package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionStatus;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read-only skills and plugins routes under {@code /registry/{registry}/v0.1/x/dev.toolhive/},
 * over real HTTP: parameters, envelopes, paging and errors.
 */
class ExtensionRoutesTest {
  private static final String SKILLS = "/registry/default/v0.1/x/dev.toolhive/skills";
  private static final String PLUGINS = "/registry/default/v0.1/x/dev.toolhive/plugins";

  private RunningApi api;

  @BeforeEach
  void start() {
    api = new RunningApi(new FakeBrowseCatalog());
    api.extensions
        .add(ExtensionKind.SKILL, "io.github.acme", "pdf", "1.0.0", ExtensionStatus.ACTIVE)
        .add(ExtensionKind.SKILL, "io.github.acme", "pdf", "1.2.0", ExtensionStatus.DEPRECATED)
        .add(ExtensionKind.SKILL, "io.github.other", "pdf", "0.1.0", ExtensionStatus.ACTIVE)
        .add(ExtensionKind.PLUGIN, "io.github.acme", "lint", "2.0.0", ExtensionStatus.ARCHIVED);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private JsonNode ok(String path) throws Exception {
    HttpResponse<String> response = api.get(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return RunningApi.JSON.readTree(response.body());
  }

  private static List<String> ids(JsonNode list, String key) {
    List<String> ids = new ArrayList<>();
    list.get(key)
        .forEach(
            e ->
                ids.add(
                    e.get("namespace").asText()
                        + "/"
                        + e.get("name").asText()
                        + "@"
                        + e.get("version").asText()));
    return ids;
  }

  @Test
  void theSkillListHasToolHivesEnvelopeWithEveryVersionAndNoCursorOnTheLastPage() throws Exception {
    JsonNode body = ok(SKILLS);

    assertThat(ids(body, "skills"))
        .containsExactly(
            "io.github.acme/pdf@1.0.0", "io.github.acme/pdf@1.2.0", "io.github.other/pdf@0.1.0");
    assertThat(body.at("/metadata/count").asInt()).isEqualTo(3);
    assertThat(body.get("metadata").has("nextCursor")).isFalse();
    assertThat(api.extensions.lastQuery.limit()).isEqualTo(50);
  }

  @Test
  void pluginsAreListedUnderTheirOwnKey() throws Exception {
    JsonNode body = ok(PLUGINS);

    assertThat(ids(body, "plugins")).containsExactly("io.github.acme/lint@2.0.0");
    assertThat(body.at("/plugins/0/status").asText()).isEqualTo("archived");
  }

  @Test
  void aLimitedListHandsOutACursorThatContinuesAfterTheLastItem() throws Exception {
    JsonNode first = ok(SKILLS + "?limit=2");
    String cursor = first.at("/metadata/nextCursor").asText();
    JsonNode second = ok(SKILLS + "?limit=2&cursor=" + cursor);

    assertThat(ids(first, "skills"))
        .containsExactly("io.github.acme/pdf@1.0.0", "io.github.acme/pdf@1.2.0");
    assertThat(ids(second, "skills")).containsExactly("io.github.other/pdf@0.1.0");
    assertThat(second.get("metadata").has("nextCursor")).isFalse();
  }

  @Test
  void theStatusFilterIsParsedInAnyCaseAndApplied() throws Exception {
    JsonNode body = ok(SKILLS + "?status=DEPRECATED");

    assertThat(ids(body, "skills")).containsExactly("io.github.acme/pdf@1.2.0");
    assertThat(api.extensions.lastQuery.status()).contains(ExtensionStatus.DEPRECATED);
  }

  @Test
  void badListParametersAreOne400NamingEachOfThem() throws Exception {
    for (String query :
        List.of("limit=0", "limit=101", "limit=abc", "status=retired", "cursor=%21%21")) {
      HttpResponse<String> response = api.get(SKILLS + "?" + query);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(response.body()).as(query).contains("query." + query.split("=")[0]);
    }
    HttpResponse<String> both = api.get(SKILLS + "?limit=500&status=gone");
    assertThat(both.body()).contains("query.limit").contains("query.status");
    assertThat(both.body()).contains("must be between 1 and 100");
  }

  @Test
  void anEntryAnswersWithItsLatestVersionItsVersionsAndOneVersion() throws Exception {
    assertThat(ok(SKILLS + "/io.github.acme/pdf").get("version").asText()).isEqualTo("1.2.0");
    assertThat(ok(SKILLS + "/io.github.acme/pdf/versions/latest").get("version").asText())
        .isEqualTo("1.2.0");
    assertThat(ok(SKILLS + "/io.github.acme/pdf/versions/1.0.0").get("status").asText())
        .isEqualTo("active");
    JsonNode versions = ok(SKILLS + "/io.github.acme/pdf/versions");
    assertThat(ids(versions, "skills"))
        .containsExactly("io.github.acme/pdf@1.0.0", "io.github.acme/pdf@1.2.0");
    assertThat(versions.at("/metadata/count").asInt()).isEqualTo(2);
  }

  @Test
  void theNamespaceIsPartOfWhatNamesAnEntry() throws Exception {
    assertThat(ok(SKILLS + "/io.github.other/pdf").get("version").asText()).isEqualTo("0.1.0");
    assertThat(api.get(SKILLS + "/io.github.nobody/pdf").statusCode()).isEqualTo(404);
  }

  @Test
  void missingEntriesVersionsAndRegistriesAre404WithAProblemSayingWhat() throws Exception {
    HttpResponse<String> entry = api.get(SKILLS + "/io.github.acme/nope");
    HttpResponse<String> version = api.get(SKILLS + "/io.github.acme/pdf/versions/9.9.9");
    HttpResponse<String> registry = api.get("/registry/elsewhere/v0.1/x/dev.toolhive/skills");
    HttpResponse<String> wrongKind = api.get(PLUGINS + "/io.github.acme/pdf");

    assertThat(entry.statusCode()).isEqualTo(404);
    assertThat(entry.body()).contains("Skill not found: io.github.acme/nope");
    assertThat(version.statusCode()).isEqualTo(404);
    assertThat(version.body()).contains("version 9.9.9");
    assertThat(registry.statusCode()).isEqualTo(404);
    assertThat(registry.body()).contains("registry not found: elsewhere");
    assertThat(wrongKind.statusCode()).isEqualTo(404);
    assertThat(wrongKind.body()).contains("Plugin not found");
  }

  @Test
  void aMalformedNamespaceOrNameIsA400NamingThePathParameter() throws Exception {
    HttpResponse<String> response = api.get(SKILLS + "/ab/Not_Valid");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("path.namespace").contains("path.name");
  }
}
