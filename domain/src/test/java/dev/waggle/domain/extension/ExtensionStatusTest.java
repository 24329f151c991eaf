package dev.waggle.domain.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.domain.ValidationException;
import org.junit.jupiter.api.Test;

class ExtensionStatusTest {

  @Test
  void aRegistryFileMustUseTheSchemasLowerCaseValues() {
    assertThat(ExtensionStatus.fromDocument("status", "archived"))
        .isEqualTo(ExtensionStatus.ARCHIVED);
    assertThatThrownBy(() -> ExtensionStatus.fromDocument("skills[0].status", "ACTIVE"))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "skills[0].status: must be one of active, deprecated, archived (got \"ACTIVE\")");
  }

  @Test
  void aQueryMayAskInAnyCaseButOnlyForAKnownStatus() {
    assertThat(ExtensionStatus.fromQuery("status", "DEPRECATED"))
        .isEqualTo(ExtensionStatus.DEPRECATED);
    assertThatThrownBy(() -> ExtensionStatus.fromQuery("status", "deleted"))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void theWireNameIsLowerCase() {
    assertThat(ExtensionStatus.ACTIVE.wireName()).isEqualTo("active");
  }
}
