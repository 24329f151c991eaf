package dev.waggle.domain.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.domain.ValidationException;
import org.junit.jupiter.api.Test;

class ExtensionIdTest {

  @Test
  void theSameNameInTwoNamespacesIsTwoEntries() {
    assertThat(ExtensionId.of("io.github.a", "pdf"))
        .isNotEqualTo(ExtensionId.of("io.github.b", "pdf"));
    assertThat(ExtensionId.of("io.github.a", "pdf"))
        .isEqualTo(ExtensionId.of("io.github.a", "pdf"));
    assertThat(ExtensionId.of("io.github.a", "pdf")).hasToString("io.github.a/pdf");
  }

  @Test
  void aNameFollowsTheSchemasPattern() {
    for (String bad : new String[] {"PDF", "-pdf", "pdf-", "p", "pdf_tool", "a".repeat(65), ""}) {
      assertThatThrownBy(() -> ExtensionId.of("io.github.a", bad))
          .as(bad)
          .isInstanceOf(ValidationException.class)
          .extracting(e -> ((ValidationException) e).field())
          .isEqualTo("name");
    }
    assertThat(ExtensionId.of("io.github.a", "pdf-2").name()).isEqualTo("pdf-2");
    assertThat(ExtensionId.of("io.github.a", "a".repeat(64)).name()).hasSize(64);
  }

  @Test
  void aNamespaceIsThreeTo128CharactersAndOneUrlSegment() {
    for (String bad : new String[] {"io", "x".repeat(129), "io/github", "io\tgithub"}) {
      assertThatThrownBy(() -> ExtensionId.of(bad, "pdf"))
          .as(bad)
          .isInstanceOf(ValidationException.class)
          .hasMessageStartingWith("namespace:");
    }
    assertThatThrownBy(() -> ExtensionId.of(null, "pdf")).hasMessageContaining("required");
  }
}
