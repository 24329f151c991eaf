package dev.waggle.domain.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.catalog.Version;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ExtensionCursorTest {

  @Test
  void aCursorSurvivesTheRoundTripAndIsUrlSafe() {
    ExtensionCursor cursor =
        new ExtensionCursor(ExtensionId.of("io.github.a", "pdf"), Version.of("1.0.0+build"));

    String encoded = cursor.encode();

    assertThat(encoded).matches("[A-Za-z0-9_-]+");
    assertThat(ExtensionCursor.decode(encoded)).isEqualTo(cursor);
  }

  @Test
  void anythingElseIsRejectedAsACursorThisServerDidNotIssue() {
    String twoParts =
        Base64.getUrlEncoder()
            .encodeToString("io.github.a\u0000pdf".getBytes(StandardCharsets.UTF_8));
    for (String bad : new String[] {"", "!!", twoParts}) {
      assertThatThrownBy(() -> ExtensionCursor.decode(bad))
          .as(bad)
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("is not a cursor this server issued");
    }
  }
}
