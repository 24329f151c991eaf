package dev.waggle.adapters.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionStatus;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The skills and plugins of a registry file ({@code data.skills}, {@code data.plugins}): read
 * beside the servers, each checked against its schema and rejected alone with its reason.
 */
class RegistryFileExtensionsTest {
  private static final String SKILL =
      "{\"namespace\": \"io.github.acme\", \"name\": \"pdf\", \"description\": \"Reads PDFs\","
          + " \"version\": \"1.0.0\", \"title\": \"PDF\", \"allowedTools\": [\"read\"],"
          + " \"packages\": [{\"registryType\": \"oci\", \"identifier\": \"ghcr.io/acme/pdf:1\"}],"
          + " \"metadata\": {\"stars\": 1.50}}";
  private static final String PLUGIN =
      "{\"namespace\": \"io.github.acme\", \"name\": \"lint\", \"description\": \"Lints\","
          + " \"version\": \"2.0.0\", \"status\": \"deprecated\","
          + " \"packages\": [{\"registryType\": \"git\", \"url\": \"https://github.com/acme/lint\"}]}";

  private final RegistryDocumentParser parser = new RegistryDocumentParser();

  private static String file(String servers, String skills, String plugins) {
    return "{\"version\": \"1.0.0\", \"meta\": {\"last_updated\": \"2026-10-02T21:16:00Z\"},"
        + " \"data\": {"
        + (servers == null ? "" : "\"servers\": [" + servers + "], ")
        + "\"skills\": ["
        + skills
        + "], \"plugins\": ["
        + plugins
        + "]}}";
  }

  private SourceSnapshot parse(String json) throws SourceReadException {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8), "test.json");
  }

  @Test
  void skillsAndPluginsAreReadBesideTheServers() throws Exception {
    SourceSnapshot snapshot = parse(file(ServerJsonCases.MINIMAL, SKILL, PLUGIN));

    assertThat(snapshot.servers()).hasSize(1);
    assertThat(snapshot.rejections()).isEmpty();
    assertThat(snapshot.extensions()).hasSize(2);
    ExtensionEntry skill = snapshot.extensions().get(0);
    assertThat(skill.kind()).isEqualTo(ExtensionKind.SKILL);
    assertThat(skill.id().toString()).isEqualTo("io.github.acme/pdf");
    assertThat(skill.version().value()).isEqualTo("1.0.0");
    assertThat(skill.title()).isEqualTo("PDF");
    ExtensionEntry plugin = snapshot.extensions().get(1);
    assertThat(plugin.kind()).isEqualTo(ExtensionKind.PLUGIN);
    assertThat(plugin.status()).isEqualTo(ExtensionStatus.DEPRECATED);
  }

  @Test
  void theServedDocumentKeepsEveryFieldAndStatesTheDefaultStatus() throws Exception {
    ExtensionEntry skill = parse(file(ServerJsonCases.MINIMAL, SKILL, "")).extensions().get(0);

    JsonNode document = ServerJsonCases.parse(skill.document());
    assertThat(document.get("status").asText()).isEqualTo("active");
    assertThat(document.at("/packages/0/identifier").asText()).isEqualTo("ghcr.io/acme/pdf:1");
    assertThat(skill.document()).contains("\"stars\":1.50");
    assertThat(skill.status()).isEqualTo(ExtensionStatus.ACTIVE);
  }

  @Test
  void anInvalidSkillIsRejectedAloneNamingItsListIndexFieldAndValue() throws Exception {
    String badStatus =
        SKILL.replace("\"version\": \"1.0.0\"", "\"version\": \"2.0.0\", \"status\": \"ACTIVE\"");
    String noDescription =
        "{\"namespace\": \"io.github.acme\", \"name\": \"ocr\", \"version\": \"1.0.0\"}";

    SourceSnapshot snapshot =
        parse(file(ServerJsonCases.MINIMAL, SKILL + "," + badStatus + "," + noDescription, PLUGIN));

    assertThat(snapshot.extensions()).hasSize(2);
    assertThat(snapshot.rejections())
        .containsExactly(
            new EntryRejection(
                1,
                "io.github.acme/pdf",
                "skills[1].status",
                "ACTIVE",
                "must be one of active, deprecated, archived"),
            new EntryRejection(
                2, "io.github.acme/ocr", "skills[2].description", null, "is required"));
  }

  @Test
  void eachSchemaRuleRejectsThePluginOrSkillThatBreaksIt() throws Exception {
    List<String[]> cases =
        List.of(
            new String[] {"\"name\": \"Lint\"", "plugins[0].name"},
            new String[] {"\"namespace\": \"io\"", "plugins[0].namespace"},
            new String[] {"\"version\": \"latest\"", "plugins[0].version"},
            new String[] {"\"title\": \"" + "t".repeat(101) + "\"", "plugins[0].title"},
            new String[] {
              "\"packages\": [{\"registryType\": \"npm\"}]", "plugins[0].packages[0].registryType"
            },
            new String[] {"\"icons\": [{\"size\": \"1x1\"}]", "plugins[0].icons[0].src"},
            new String[] {"\"repository\": {\"url\": \"not a uri\"}", "plugins[0].repository.url"},
            new String[] {"\"metadata\": []", "plugins[0].metadata"});
    for (String[] c : cases) {
      String key = c[0].substring(0, c[0].indexOf(':'));
      String plugin =
          "{\"namespace\": \"io.github.acme\", \"name\": \"lint\", \"description\": \"Lints\","
              + " \"version\": \"2.0.0\", "
              + c[0]
              + "}";
      // A later member with the same key wins in Jackson; put the broken one last.
      plugin = plugin.replaceFirst(key + ": \"[^\"]*\", ", "");
      SourceSnapshot snapshot = parse(file(ServerJsonCases.MINIMAL, "", plugin));
      assertThat(snapshot.rejections()).as(c[0]).hasSize(1);
      assertThat(snapshot.rejections().get(0).field()).as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void aSkillsProvenanceIsClosedSoAMisspeltConstraintIsRejected() throws Exception {
    String skill =
        SKILL.replace("\"title\"", "\"provenance\": {\"signer_identiy\": \"x\"}, \"title\"");

    EntryRejection rejection = parse(file(ServerJsonCases.MINIMAL, skill, "")).rejections().get(0);

    assertThat(rejection.field()).isEqualTo("skills[0].provenance.signer_identiy");
    assertThat(rejection.reason()).contains("signer_identity");
  }

  @Test
  void aRepeatedVersionKeepsTheFirstAndTheSameNameInAnotherNamespaceIsAnotherEntry()
      throws Exception {
    String otherNamespace = SKILL.replace("io.github.acme", "io.github.other");

    SourceSnapshot snapshot =
        parse(file(ServerJsonCases.MINIMAL, SKILL + "," + otherNamespace + "," + SKILL, ""));

    assertThat(snapshot.extensions())
        .extracting(e -> e.id().toString())
        .containsExactly("io.github.acme/pdf", "io.github.other/pdf");
    assertThat(snapshot.rejections())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.field()).isEqualTo("skills[2].version");
              assertThat(r.reason()).contains("duplicate of skills[0]");
            });
  }

  @Test
  void aFileOfSkillsAloneIsACatalog() throws Exception {
    SourceSnapshot snapshot = parse(file(null, SKILL, ""));

    assertThat(snapshot.servers()).isEmpty();
    assertThat(snapshot.extensions()).hasSize(1);
  }

  @Test
  void aFileWithNothingInItAtAllIsStillRefused() {
    assertThatThrownBy(() -> parse(file("", "", "")))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("needs at least one server, skill or plugin");
  }

  @Test
  void skillsThatAreNotAListMakeTheFileUnreadable() {
    String json =
        "{\"version\": \"1.0.0\", \"meta\": {\"last_updated\": \"2026-10-02T21:16:00Z\"},"
            + " \"data\": {\"servers\": ["
            + ServerJsonCases.MINIMAL
            + "], \"skills\": {}}}";

    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("data.skills must be an array");
  }
}
