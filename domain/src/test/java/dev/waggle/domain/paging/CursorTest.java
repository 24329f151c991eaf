package dev.waggle.domain.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.Version;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {

  @Test
  void aCursorSurvivesEncodingAndIsSafeInAQueryString() {
    Cursor cursor =
        new Cursor(ServerName.of("io.github.acme/weather"), Version.of("1.0.0+build:7/x"));
    String encoded = cursor.encode();
    assertThat(encoded).matches("[A-Za-z0-9_-]+");
    assertThat(Cursor.decode(encoded)).isEqualTo(cursor);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not base64!", "%%%", "aW8uZ2l0aHViLmFjbWUvd2VhdGhlcg", "AAAA"})
  void anythingThisServerDidNotIssueIsRejectedNamingTheCursor(String text) {
    assertThatThrownBy(() -> Cursor.decode(text))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("cursor: ")
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("cursor"));
  }

  @Test
  void aWellEncodedCursorWithAnInvalidServerNameIsRejected() {
    String forged =
        Base64.getUrlEncoder()
            .encodeToString("no-slash\u00001.0.0".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> Cursor.decode(forged)).isInstanceOf(ValidationException.class);
  }
}
