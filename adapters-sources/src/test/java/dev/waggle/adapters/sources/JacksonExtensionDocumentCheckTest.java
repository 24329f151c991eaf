package dev.waggle.adapters.sources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionStatus;
import dev.waggle.domain.source.SourceSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A skill or plugin that comes alone (through the publish API) meets the rules of a registry file's
 * entries, and a rejection names the field from the entry itself.
 */
class JacksonExtensionDocumentCheckTest {
  private final JacksonExtensionDocumentCheck check = new JacksonExtensionDocumentCheck();

  @Test
  void aValidSkillBecomesAnEntryWithItsStatusFilledIn() {
    SourceSnapshot snapshot =
        check.check(
            ExtensionKind.SKILL,
            List.of(
                "{\"namespace\": \"io.github.acme\", \"name\": \"pdf\", \"version\": \"1.0.0\","
                    + " \"description\": \"Reads PDFs\"}"));

    assertThat(snapshot.rejections()).isEmpty();
    assertThat(snapshot.extensions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.id().toString()).isEqualTo("io.github.acme/pdf");
              assertThat(e.status()).isEqualTo(ExtensionStatus.ACTIVE);
              assertThat(e.document()).contains("\"status\":\"active\"");
            });
  }

  @Test
  void aPluginMissingItsNamespaceIsRejectedNamingPluginNamespace() {
    SourceSnapshot snapshot =
        check.check(
            ExtensionKind.PLUGIN,
            List.of("{\"name\": \"lint\", \"version\": \"1.0.0\", \"description\": \"Lints\"}"));

    assertThat(snapshot.extensions()).isEmpty();
    assertThat(snapshot.rejections())
        .singleElement()
        .satisfies(r -> assertThat(r.field()).isEqualTo("plugin.namespace"));
  }

  @Test
  void textThatIsNotJsonIsRejectedAsSuch() {
    SourceSnapshot snapshot = check.check(ExtensionKind.SKILL, List.of("{\"name\": "));

    assertThat(snapshot.extensions()).isEmpty();
    assertThat(snapshot.rejections())
        .singleElement()
        .satisfies(r -> assertThat(r.reason()).startsWith("not JSON"));
  }
}
