package dev.waggle.domain.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.domain.ValidationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerNameTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "io.github.acme/weather",
        "com.example/my_server.v2",
        "a/b1",
        "io.modelcontextprotocol.anonymous/x-1"
      })
  void reverseDnsNamesWithOneSlashAreAccepted(String name) {
    ServerName parsed = ServerName.of(name);
    assertThat(parsed.namespace() + "/" + parsed.shortName()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "weather",
        "io.github.acme/weather/extra",
        "-io.github/acme",
        "io.github./acme",
        "io.github/acme-",
        "io.github/_acme",
        "io github/acme",
        "io_github/acme",
        "a/",
        "/a"
      })
  void malformedNamesAreRejectedNamingTheField(String name) {
    assertThatThrownBy(() -> ServerName.of(name))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("name: ")
        .hasMessageContaining(name)
        .satisfies(e -> assertThat(((ValidationException) e).rejectedValue()).isEqualTo(name));
  }

  @org.junit.jupiter.api.Test
  void namesLongerThan200CharactersAreRejected() {
    String longName = "io.github.acme/" + "x".repeat(186);
    assertThat(longName).hasSize(201);
    assertThatThrownBy(() -> ServerName.of(longName)).hasMessageContaining("3 to 200 characters");
    assertThat(ServerName.of(longName.substring(1)).value()).hasSize(200);
  }
}
